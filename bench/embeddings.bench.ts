/**
 * Embeddings benchmark: a real sentence encoder (all-MiniLM-L6-v2, exported to ONNX by
 * `scripts/engines/setup.sh`) through Galen's ONNX embedder, dense and hybrid (reciprocal rank
 * fusion of BM25 and dense) search against BM25 on the same index, on BioASQ 7b-9b and on the
 * demonstration relevance sets (`data/relevance/`). Every mode runs Galen's default pipeline
 * (question processing, authority and recency reranking, near-duplicate pruning), one chunk per
 * document, as `galen retrieval eval` does; nothing is tuned.
 *
 *   npm run bench -- embeddings
 *   GALEN_BENCH_BIOASQ_LIMIT=300 npm run bench -- embeddings   # a subset of the questions
 *
 * Settings (environment): `GALEN_EMBEDDER_ONNX` (the model, default
 * `.venv-engines/models/all-MiniLM-L6-v2/model.onnx`), `GALEN_THREADS` (onnxruntime threads,
 * default 1), `GALEN_BENCH_BIOASQ_LIMIT` (questions spread over the set; their relevant documents
 * and those of every other kept question form the corpus).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadRelevanceSet } from '../src/answer/evaluate-evidence.js'
import { DEMO_CORPUS_PATH } from '../src/corpus/demo-index.js'
import type { GalenDocument } from '../src/corpus/document.js'
import { loadEvaluationSet } from '../src/corpus/evaluation-sets.js'
import { ingest } from '../src/corpus/ingest.js'
import type { Embedder } from '../src/retrieval/embedder.js'
import { createOnnxEmbedder } from '../src/retrieval/embedders/onnx-embedder.js'
import {
  gradedNdcgAt,
  percentile,
  recallAt,
  reciprocalRankAt,
} from '../src/retrieval/evaluation.js'
import { openIndex, type RetrievalIndex } from '../src/retrieval/open-index.js'
import type { SearchMode } from '../src/retrieval/search.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const ROOT = resolve(import.meta.dirname, '..')

/** Where setup.sh puts the exported model. */
export const DEFAULT_ONNX_MODEL = resolve(
  ROOT,
  process.env.GALEN_ENGINES_VENV ?? '.venv-engines',
  'models',
  'all-MiniLM-L6-v2',
  'model.onnx',
)

/** A question with graded judgements (grade 1 for BioASQ's relevant documents). */
export interface JudgedQuery {
  id: string
  text: string
  language: string
  grades: ReadonlyMap<string, number>
}

/** Mean figures of one search mode over the judged queries. */
export interface ModeFigures {
  queries: number
  'ndcg@10': number
  'recall@10': number
  'recall@100': number
  'mrr@10': number
  latencyMs: { p50: number; p95: number }
  /** nDCG@10 of each query, in query order (for paired comparisons). */
  perQuery: number[]
}

/** The three modes compared. */
export const MODES: readonly SearchMode[] = ['bm25', 'dense', 'hybrid']

/**
 * Runs every judged query in one mode and averages nDCG@10 (gain 2^grade - 1), recall@10 and
 * recall@100 (documents of grade >= 1 found) and MRR@10. Queries without a relevant document
 * are left out.
 */
export async function evaluateMode(options: {
  index: RetrievalIndex
  queries: readonly JudgedQuery[]
  mode: SearchMode
}): Promise<ModeFigures> {
  const perQuery: number[] = []
  const latencies: number[] = []
  let recall10 = 0
  let recall100 = 0
  let mrr = 0
  for (const query of options.queries) {
    const relevant = new Set([...query.grades].filter(([, grade]) => grade > 0).map(([id]) => id))
    if (relevant.size === 0) continue
    const started = performance.now()
    const result = await options.index.search({
      query: query.text,
      k: 100,
      mode: options.mode,
      maxChunksPerDocument: 1,
    })
    latencies.push(performance.now() - started)
    const ranked = [...new Set(result.hits.map((hit) => hit.documentId))]
    perQuery.push(gradedNdcgAt(ranked, query.grades, 10))
    recall10 += recallAt(ranked, relevant, 10)
    recall100 += recallAt(ranked, relevant, 100)
    mrr += reciprocalRankAt(ranked, relevant, 10)
  }
  const count = perQuery.length
  const mean = (sum: number): number => (count === 0 ? 0 : sum / count)
  return {
    queries: count,
    'ndcg@10': mean(perQuery.reduce((sum, value) => sum + value, 0)),
    'recall@10': mean(recall10),
    'recall@100': mean(recall100),
    'mrr@10': mean(mrr),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    perQuery,
  }
}

/**
 * A paired bootstrap 95% interval of the mean difference `left - right` over queries
 * (2,000 resamples, a fixed-seed generator so a rerun prints the same interval).
 */
export function pairedBootstrap(
  left: readonly number[],
  right: readonly number[],
  resamples = 2000,
): { mean: number; low: number; high: number } {
  const differences = left.map((value, position) => value - (right[position] ?? 0))
  const count = differences.length
  const mean = differences.reduce((sum, value) => sum + value, 0) / Math.max(1, count)
  let state = 0x9e3779b9
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
  const means: number[] = []
  for (let round = 0; round < resamples; round += 1) {
    let sum = 0
    for (let draw = 0; draw < count; draw += 1)
      sum += differences[Math.floor(random() * count)] ?? 0
    means.push(sum / Math.max(1, count))
  }
  return { mean, low: percentile(means, 0.025), high: percentile(means, 0.975) }
}

/** Builds an index of the documents with BM25 and the embedder's vectors. */
export async function buildIndex(options: {
  path: string
  embedder: Embedder
  documents?: readonly GalenDocument[]
  paths?: readonly string[]
  trustDocumentAuthority?: boolean
}): Promise<{ index: RetrievalIndex; seconds: number; chunks: number }> {
  const started = performance.now()
  const summary = await ingest({
    ...(options.documents === undefined ? {} : { documents: options.documents }),
    ...(options.paths === undefined ? {} : { paths: options.paths }),
    index: options.path,
    embedder: options.embedder,
    dedup: false,
    quality: false,
    ...(options.trustDocumentAuthority ? { trustDocumentAuthority: true } : {}),
  })
  const seconds = (performance.now() - started) / 1000
  const index = await openIndex({ path: options.path, embedder: options.embedder })
  return { index, seconds, chunks: summary.chunks }
}

function formatFigures(label: string, figures: ModeFigures): string {
  return `  ${label.padEnd(8)} nDCG@10 ${figures['ndcg@10'].toFixed(4)}  recall@10 ${figures['recall@10'].toFixed(4)}  recall@100 ${figures['recall@100'].toFixed(4)}  MRR@10 ${figures['mrr@10'].toFixed(4)}  p50 ${figures.latencyMs.p50.toFixed(1)} ms  p95 ${figures.latencyMs.p95.toFixed(1)} ms`
}

async function report(title: string, index: RetrievalIndex, queries: readonly JudgedQuery[]) {
  const results = new Map<SearchMode, ModeFigures>()
  for (const mode of MODES) results.set(mode, await evaluateMode({ index, queries, mode }))
  const bm25 = results.get('bm25')
  console.log(`${title}: ${bm25?.queries ?? 0} questions with a relevant document`)
  for (const mode of MODES) {
    const figures = results.get(mode)
    if (figures !== undefined) console.log(formatFigures(mode, figures))
  }
  for (const mode of ['dense', 'hybrid'] as const) {
    const figures = results.get(mode)
    if (figures === undefined || bm25 === undefined) continue
    const difference = pairedBootstrap(figures.perQuery, bm25.perQuery)
    console.log(
      `  ${mode} - bm25 nDCG@10 ${difference.mean >= 0 ? '+' : ''}${difference.mean.toFixed(4)} (paired bootstrap 95% CI ${difference.low.toFixed(4)} to ${difference.high.toFixed(4)})`,
    )
  }
}

async function bioasq(folder: string, embedder: Embedder): Promise<void> {
  const path = sharedDataPath('retrieval/bioasq')
  if (!existsSync(path)) throw new Error(`embeddings bench needs ${path}`)
  const limitText = process.env.GALEN_BENCH_BIOASQ_LIMIT
  const limit = limitText === undefined ? undefined : Number(limitText)
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new Error(`GALEN_BENCH_BIOASQ_LIMIT "${limitText}" must be a positive whole number`)
  }
  const set = await loadEvaluationSet({ name: 'bioasq', path })
  let queries = set.queries
  let documents = set.documents
  if (limit !== undefined && limit < queries.length) {
    // Evenly spread over the set (7b, 8b and 9b batches alike); the corpus is the documents of
    // the kept questions, as the whole set's corpus is the documents of all its questions.
    const step = queries.length / limit
    queries = Array.from(
      { length: limit },
      (_, position) => set.queries[Math.floor(position * step)],
    ).filter((query) => query !== undefined)
    const kept = new Set(queries.flatMap((query) => query.relevantDocumentIds))
    documents = documents.filter((document) => kept.has(document.id))
  }
  const built = await buildIndex({ path: join(folder, 'bioasq.db'), embedder, documents })
  console.log(
    `BioASQ 7b-9b: ${documents.length} documents (${built.chunks} chunks) indexed with vectors in ${built.seconds.toFixed(0)} s`,
  )
  await report(
    'BioASQ 7b-9b',
    built.index,
    queries.map((query) => ({
      id: query.id,
      text: query.text,
      language: 'en',
      grades: new Map(query.relevantDocumentIds.map((id) => [id, 1])),
    })),
  )
  await built.index.close()
}

/** The judged questions of a relevance file (follow-up history is not used: the question alone). */
export function relevanceQueries(file: string): JudgedQuery[] {
  return loadRelevanceSet(file).map((question) => ({
    id: question.id,
    text: question.question,
    language: question.language,
    grades: new Map(Object.entries(question.judgements)),
  }))
}

/** The demonstration corpus files (the folder's README is not part of it). */
export function demoCorpusFiles(): string[] {
  return readdirSync(DEMO_CORPUS_PATH)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(DEMO_CORPUS_PATH, name))
}

async function relevance(folder: string, embedder: Embedder): Promise<void> {
  const built = await buildIndex({
    path: join(folder, 'demo.db'),
    embedder,
    paths: demoCorpusFiles(),
    trustDocumentAuthority: true,
  })
  console.log(
    `demonstration corpus: ${built.chunks} chunks indexed with vectors in ${built.seconds.toFixed(0)} s`,
  )
  for (const name of ['heldout', 'tuning']) {
    const queries = relevanceQueries(join(ROOT, 'data', 'relevance', `${name}.jsonl`))
    for (const language of ['en', 'zh']) {
      await report(
        `relevance ${name}.jsonl (${language})`,
        built.index,
        queries.filter((query) => query.language === language),
      )
    }
  }
  await built.index.close()
}

/** Runs the embeddings benchmark (needs setup.sh's model and ../shared/data/retrieval/bioasq). */
export async function run(): Promise<void> {
  const modelPath = process.env.GALEN_EMBEDDER_ONNX ?? DEFAULT_ONNX_MODEL
  if (!existsSync(modelPath)) {
    throw new Error(`embeddings bench needs ${modelPath}: run "bash scripts/engines/setup.sh"`)
  }
  const threads = Number(process.env.GALEN_THREADS ?? 1)
  const embedder = await createOnnxEmbedder({ modelPath, threads })
  console.log(`embedder ${embedder.name}, ${threads} onnxruntime thread(s)`)
  const folder = mkdtempSync(join(tmpdir(), 'galen-bench-embeddings-'))
  try {
    await relevance(folder, embedder)
    await bioasq(folder, embedder)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
