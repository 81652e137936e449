import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors.js'
import type { ChatModel } from '../../llm/chat-model.js'
import { createOpenAICompatibleModel, startScriptedModelServer } from '../../llm/index.js'
import { sampleDocument } from '../__fixtures__/index-backend-conformance.js'
import { createSqliteBackend } from '../backends/sqlite-backend.js'
import { dotProduct } from '../embedder.js'
import { searchBackend } from '../search.js'
import { createHashingEmbedder } from './hashing-embedder.js'
import { createModelEmbedder } from './model-embedder.js'
import { createOnnxEmbedder } from './onnx-embedder.js'
import { createWordPieceTokenizer } from './wordpiece-tokenizer.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-embedders-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('createHashingEmbedder', () => {
  it('gives the same unit vector for the same text on every call', async () => {
    const embedder = createHashingEmbedder({ dimensions: 128 })
    const [first] = await embedder.embed({ texts: ['Aspirin dosing in adults'], kind: 'query' })
    const [second] = await embedder.embed({ texts: ['Aspirin dosing in adults'], kind: 'document' })
    expect(first).toEqual(second)
    expect(dotProduct(first ?? new Float32Array(), first ?? new Float32Array())).toBeCloseTo(1, 5)
  })

  it('puts texts that share words and word forms closer than unrelated texts', async () => {
    const embedder = createHashingEmbedder()
    const [query, related, unrelated] = await embedder.embed({
      texts: [
        'treating hypertension',
        'treatment of hypertensive patients',
        'fractured wrist in skiing',
      ],
      kind: 'document',
    })
    const empty = new Float32Array()
    expect(dotProduct(query ?? empty, related ?? empty)).toBeGreaterThan(
      dotProduct(query ?? empty, unrelated ?? empty) + 0.2,
    )
  })

  it('rejects dimensions out of range', () => {
    expect(() => createHashingEmbedder({ dimensions: 3 })).toThrow(/dimensions "3"/)
  })
})

describe('createModelEmbedder', () => {
  it('embeds through an OpenAI-compatible server and serves dense search', async () => {
    const server = await startScriptedModelServer({
      script: { rules: [], embeddingDimensions: 48 },
    })
    try {
      const model = createOpenAICompatibleModel({
        baseUrl: server.url,
        model: 'scripted',
        maxRetries: 0,
      })
      const embedder = createModelEmbedder({ model, batchSize: 2, documentPrefix: 'passage: ' })
      const texts = ['asthma inhaler', 'kidney stones', 'asthma attack', 'diabetic foot']
      const vectors = await embedder.embed({ texts, kind: 'document' })
      expect(vectors).toHaveLength(4)
      expect(embedder.dimensions).toBe(48)
      expect(server.requestCount()).toBe(2)
      const backend = createSqliteBackend({ path: ':memory:' })
      await backend.upsert({
        documents: texts.map((text, index) => {
          const document = sampleDocument(`d${index}`, [text])
          const vector = vectors[index]
          return {
            ...document,
            chunks: document.chunks.map((chunk) =>
              vector === undefined ? chunk : { ...chunk, vector },
            ),
          }
        }),
      })
      const result = await searchBackend(backend, embedder, {
        query: 'kidney stones',
        mode: 'dense',
        k: 1,
      })
      expect(result.hits[0]?.documentId).toBe('d1')
      await backend.close()
    } finally {
      await server.close()
    }
  })

  it('refuses a reply with the wrong number of vectors', async () => {
    const model: ChatModel = {
      name: 'fake',
      model: 'fake',
      chat: () => Promise.reject(new Error('unused')),
      stream: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('unused')) }),
      }),
      embed: () =>
        Promise.resolve({
          model: 'fake',
          vectors: [[1, 0]],
          usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        }),
    }
    await expect(
      createModelEmbedder({ model }).embed({ texts: ['a', 'b'], kind: 'query' }),
    ).rejects.toThrow(/returned 1 vectors for 2 texts/)
  })
})

describe('createOnnxEmbedder', () => {
  it('says that the model is missing or unloadable, or how to install onnxruntime-node', async () => {
    const model = join(folder, 'model.onnx')
    await expect(createOnnxEmbedder({ modelPath: model })).rejects.toThrow(/not found/)
    writeFileSync(model, 'not a real model')
    writeFileSync(
      join(folder, 'tokenizer.json'),
      JSON.stringify({
        model: { type: 'WordPiece', vocab: { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3 } },
      }),
    )
    let installed = true
    try {
      await import('onnxruntime-node' as string)
    } catch {
      installed = false
    }
    await expect(createOnnxEmbedder({ modelPath: model })).rejects.toThrow(ConfigError)
    await expect(createOnnxEmbedder({ modelPath: model })).rejects.toThrow(
      installed ? `embedder: cannot load ONNX model "${model}"` : /npm install onnxruntime-node/,
    )
    await expect(createOnnxEmbedder({ modelPath: model, threads: 0 })).rejects.toThrow(
      'embedder: threads "0" must be a whole number in 1-256',
    )
  })
})

describe('createWordPieceTokenizer', () => {
  const tokenizer = createWordPieceTokenizer({
    normalizer: { type: 'BertNormalizer', lowercase: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      vocab: {
        '[PAD]': 0,
        '[UNK]': 1,
        '[CLS]': 2,
        '[SEP]': 3,
        hyper: 4,
        '##tension': 5,
        ',': 6,
        drug: 7,
        '##s': 8,
      },
    },
  })

  it('splits words into the longest known pieces, lower-cased, with CLS and SEP', () => {
    expect(tokenizer.encode('Hypertension, drugs', 16)).toEqual([2, 4, 5, 6, 7, 8, 3])
  })

  it('maps unknown words to UNK and truncates to the maximum length', () => {
    expect(tokenizer.encode('zebra', 16)).toEqual([2, 1, 3])
    expect(tokenizer.encode('drugs drugs drugs', 5)).toEqual([2, 7, 8, 7, 3])
  })

  it('rejects tokenizers that are not WordPiece', () => {
    expect(() => createWordPieceTokenizer({ model: { type: 'BPE', vocab: {} } })).toThrow(
      /not a WordPiece tokenizer/,
    )
  })
})
