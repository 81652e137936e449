/**
 * The ONNX embedder on a real (tiny, random-weight) BERT run by onnxruntime-node: the fixture in
 * `__fixtures__/tiny-bert/` is written by scripts/engines/make_tiny_onnx_fixture.py, exported the
 * way setup.sh exports all-MiniLM-L6-v2. The real model's agreement with transformers is tested
 * in test/engines/embeddings.test.ts.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { dotProduct } from '../embedder.js'
import { createOnnxEmbedder } from './onnx-embedder.js'

const modelPath = fileURLToPath(new URL('./__fixtures__/tiny-bert/model.onnx', import.meta.url))

async function runtimeInstalled(): Promise<boolean> {
  try {
    await import('onnxruntime-node' as string)
    return true
  } catch (error) {
    // An optional dependency: npm ci installs it on the platforms it ships binaries for. CI runs
    // on one of those, so there a missing runtime is a failure, not a skip.
    if (process.env.CI === 'true' || process.env.CI === '1') throw error
    return false
  }
}

const TEXTS = [
  'blood sugar',
  'The dose of the drug, and the pain of the heart?',
  'renal',
  'zzzz qqq xylophone-heart',
  'heart heart heart heart heart heart heart heart heart heart heart heart heart',
]

function maxDifference(left: Float32Array, right: Float32Array): number {
  let largest = 0
  for (let position = 0; position < left.length; position += 1)
    largest = Math.max(largest, Math.abs((left[position] ?? 0) - (right[position] ?? 0)))
  return largest
}

describe.skipIf(!(await runtimeInstalled()))('createOnnxEmbedder on a tiny BERT', () => {
  it('gives each text the vector it gets alone, whatever its batch and padding', async () => {
    const embedder = await createOnnxEmbedder({ modelPath, batchSize: 2, threads: 1 })
    const together = await embedder.embed({ texts: TEXTS, kind: 'document' })
    expect(together).toHaveLength(TEXTS.length)
    for (const [position, text] of TEXTS.entries()) {
      const [alone] = await embedder.embed({ texts: [text], kind: 'document' })
      expect(maxDifference(together[position] as Float32Array, alone as Float32Array)).toBeLessThan(
        1e-5,
      )
    }
    // Different texts give different vectors (the order restored after length batching matters).
    expect(dotProduct(together[0] as Float32Array, together[4] as Float32Array)).toBeLessThan(0.999)
  })

  it('returns unit vectors of the model width and applies the query prefix to queries only', async () => {
    const plain = await createOnnxEmbedder({ modelPath })
    const prefixed = await createOnnxEmbedder({ modelPath, queryPrefix: 'the heart of ' })
    const [document] = await prefixed.embed({ texts: ['blood sugar'], kind: 'document' })
    const [query] = await prefixed.embed({ texts: ['blood sugar'], kind: 'query' })
    const [reference] = await plain.embed({ texts: ['blood sugar'], kind: 'query' })
    expect(prefixed.dimensions).toBe(16)
    expect(document).toHaveLength(16)
    expect(dotProduct(document as Float32Array, document as Float32Array)).toBeCloseTo(1, 5)
    expect(maxDifference(document as Float32Array, reference as Float32Array)).toBeLessThan(1e-6)
    expect(maxDifference(query as Float32Array, reference as Float32Array)).toBeGreaterThan(1e-3)
  })

  it('pools the first token when asked for cls pooling', async () => {
    const mean = await createOnnxEmbedder({ modelPath })
    const cls = await createOnnxEmbedder({ modelPath, pooling: 'cls' })
    const [byMean] = await mean.embed({ texts: [TEXTS[1] as string], kind: 'document' })
    const [byCls] = await cls.embed({ texts: [TEXTS[1] as string], kind: 'document' })
    expect(maxDifference(byMean as Float32Array, byCls as Float32Array)).toBeGreaterThan(1e-3)
    expect(dotProduct(byCls as Float32Array, byCls as Float32Array)).toBeCloseTo(1, 5)
  })

  it('stops before the next batch when the signal is aborted', async () => {
    const embedder = await createOnnxEmbedder({ modelPath, batchSize: 1 })
    const controller = new AbortController()
    controller.abort(new Error('stopped by the caller'))
    await expect(
      embedder.embed({ texts: TEXTS, kind: 'document', signal: controller.signal }),
    ).rejects.toThrow('stopped by the caller')
  })

  it('reads the languages of galen-embedder.json next to the model, and rejects a bad list', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-onnx-card-'))
    try {
      for (const name of ['model.onnx', 'tokenizer.json'])
        copyFileSync(join(dirname(modelPath), name), join(folder, name))
      const copied = join(folder, 'model.onnx')
      expect((await createOnnxEmbedder({ modelPath: copied })).languages).toBeUndefined()
      writeFileSync(join(folder, 'galen-embedder.json'), '{ "languages": ["en"] }')
      expect((await createOnnxEmbedder({ modelPath: copied })).languages).toEqual(['en'])
      const given = await createOnnxEmbedder({ modelPath: copied, languages: ['en', 'zh'] })
      expect(given.languages).toEqual(['en', 'zh'])
      writeFileSync(join(folder, 'galen-embedder.json'), '{ "languages": "english" }')
      await expect(createOnnxEmbedder({ modelPath: copied })).rejects.toThrow(
        /languages "english" in ".*galen-embedder\.json" must be a non-empty list/,
      )
      writeFileSync(join(folder, 'galen-embedder.json'), '{ "languages": [')
      await expect(createOnnxEmbedder({ modelPath: copied })).rejects.toThrow(/is not valid JSON/)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
