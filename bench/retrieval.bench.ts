/**
 * Retrieval benchmark: ingest throughput on all of MedQuAD; search latency (wall and CPU) at more
 * than 100,000 chunks; quality on BioASQ 7b-9b; index size. The baseline in the same run is
 * MiniSearch (an in-memory JavaScript full-text engine) on the same chunks and queries, plus
 * plain SQLite FTS5 BM25 (every query word, no reranking) for quality.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import MiniSearch from 'minisearch'
import { type EvaluationSet, loadEvaluationSet } from '../src/corpus/evaluation-sets.js'
import { ingest } from '../src/corpus/ingest.js'
import { createSqliteBackend } from '../src/retrieval/backends/sqlite-backend.js'
import { evaluateRetrieval, ndcgAt, percentile, recallAt } from '../src/retrieval/evaluation.js'
import { openIndex, type RetrievalIndex } from '../src/retrieval/open-index.js'
import { type SearchOptions, searchBackend } from '../src/retrieval/search.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const MEDQUAD = sharedDataPath('retrieval/medquad')
const BIOASQ = sharedDataPath('retrieval/bioasq')
const PUBMEDQA = sharedDataPath('retrieval/pubmedqa-pqal')

interface Latency {
  p50: number
  p95: number
  cpuP50: number
  cpuP95: number
}

async function timeQueries(
  queries: readonly string[],
  runQuery: (query: string) => Promise<unknown> | unknown,
): Promise<Latency> {
  const wall: number[] = []
  const cpu: number[] = []
  for (const query of queries.slice(0, 20)) await runQuery(query) // warm-up
  for (const query of queries) {
    const cpuStarted = process.cpuUsage()
    const started = performance.now()
    await runQuery(query)
    wall.push(performance.now() - started)
    const used = process.cpuUsage(cpuStarted)
    cpu.push((used.user + used.system) / 1000)
  }
  return {
    p50: percentile(wall, 0.5),
    p95: percentile(wall, 0.95),
    cpuP50: percentile(cpu, 0.5),
    cpuP95: percentile(cpu, 0.95),
  }
}

function formatLatency(label: string, latency: Latency): string {
  return `${label.padEnd(34)} p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms (CPU p50 ${latency.cpuP50.toFixed(2)} ms, p95 ${latency.cpuP95.toFixed(2)} ms)`
}

function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  const step = items.length / count
  return Array.from({ length: count }, (_, index) => items[Math.floor(index * step)]).filter(
    (item): item is T => item !== undefined,
  )
}

async function ingestThroughput(folder: string): Promise<void> {
  const path = join(folder, 'medquad.db')
  const summary = await ingest({ paths: [MEDQUAD], index: path, embedder: false })
  const seconds = summary.durationMs / 1000
  const index = await openIndex({ path })
  const stats = await index.stats()
  await index.close()
  console.log(
    `ingest all of MedQuAD (defaults: dedup, quality filters, 256-token chunks): ${summary.documentsSeen} documents, ${(summary.inputBytes / 1e6).toFixed(1)} MB XML in ${seconds.toFixed(1)} s = ${(summary.documentsSeen / seconds).toFixed(0)} documents/s, ${(summary.inputBytes / 1e6 / seconds).toFixed(2)} MB/s`,
  )
  console.log(
    `  stored ${summary.inserted} documents, ${summary.chunks} chunks; dropped ${summary.exactDuplicates} exact + ${summary.nearDuplicates} near-duplicates, ${summary.lowQuality} low quality; index ${(stats.sizeBytes / 1e6).toFixed(1)} MB`,
  )
}

async function buildLargeIndex(
  folder: string,
  sets: EvaluationSet[],
): Promise<{ index: RetrievalIndex; chunks: Array<{ id: string; title: string; text: string }> }> {
  const path = join(folder, 'large.db')
  const documents = sets.flatMap((set) => set.documents)
  const started = performance.now()
  await ingest({
    documents,
    index: path,
    embedder: false,
    dedup: false,
    quality: false,
    chunk: { maxTokens: 64, overlapTokens: 8 },
    batchSize: 256,
  })
  const seconds = (performance.now() - started) / 1000
  const index = await openIndex({ path })
  const stats = await index.stats()
  console.log(
    `large index: ${stats.documents} documents (MedQuAD + BioASQ + PubMedQA), ${stats.chunks} chunks of at most 64 tokens, built in ${seconds.toFixed(1)} s; ${(stats.sizeBytes / 1e6).toFixed(1)} MB on disk`,
  )
  if (stats.chunks < 100_000) console.log(`  WARNING: fewer than 100,000 chunks (${stats.chunks})`)
  const Database = (await import('better-sqlite3')).default
  const database = new Database(path, { readonly: true })
  const chunks = database
    .prepare(
      `select d.id || '#' || c.position as id, d.title as title, c.text as text
       from chunks c join documents d on d.rowid = c.document_rowid`,
    )
    .all() as Array<{ id: string; title: string; text: string }>
  database.close()
  return { index, chunks }
}

async function latencyAtScale(
  index: RetrievalIndex,
  chunks: Array<{ id: string; title: string; text: string }>,
  queries: string[],
): Promise<void> {
  console.log(
    `search latency over ${queries.length} queries (MedQuAD and BioASQ questions), k = 10:`,
  )
  console.log(
    formatLatency(
      'Galen bm25 (default)',
      await timeQueries(queries, (query) => index.search({ query, k: 10 })),
    ),
  )
  const counters = { ...index.backend.lexicalCounters }
  console.log(
    `  (BM25 queries: ${counters.pruned} pruned exactly, ${counters.plain} plain, ${counters.fallback} pruning attempts that fell back)`,
  )
  const unpruned = createSqliteBackend({ path: index.path, pruning: false })
  console.log(
    formatLatency(
      'same, without common-term pruning',
      await timeQueries(queries, (query) => searchBackend(unpruned, undefined, { query, k: 10 })),
    ),
  )
  await unpruned.close()
  console.log(
    formatLatency(
      'Galen bm25 + feedback',
      await timeQueries(queries, (query) => index.search({ query, k: 10, feedback: true })),
    ),
  )
  const started = performance.now()
  const mini = new MiniSearch({ fields: ['title', 'text'], storeFields: ['text'], idField: 'id' })
  mini.addAll(chunks)
  console.log(
    `MiniSearch baseline: indexed the same ${chunks.length} chunks in memory in ${((performance.now() - started) / 1000).toFixed(1)} s (heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`,
  )
  // MiniSearch takes about a second per query at this size: 200 of the queries, and Galen on the same.
  const subset = spread(queries, 200)
  console.log(
    formatLatency(
      `MiniSearch (default options), ${subset.length} q`,
      await timeQueries(subset, (query) => mini.search(query).slice(0, 10)),
    ),
  )
  console.log(
    formatLatency(
      `Galen bm25 (default), same ${subset.length} q`,
      await timeQueries(subset, (query) => index.search({ query, k: 10 })),
    ),
  )
}

async function bioasqQuality(folder: string, set: EvaluationSet): Promise<void> {
  const path = join(folder, 'bioasq.db')
  await ingest({
    documents: set.documents,
    index: path,
    embedder: false,
    dedup: false,
    quality: false,
  })
  const index = await openIndex({ path })
  const modes: Array<[string, Omit<SearchOptions, 'query' | 'k'>]> = [
    [
      'FTS5 BM25, all words, no reranking',
      { queryProcessing: 'none', rerank: false, diversify: false },
    ],
    ['Galen default (bm25)', {}],
    ['Galen bm25 + feedback (best)', { feedback: true }],
  ]
  console.log(`BioASQ 7b-9b: ${set.documents.length} documents, ${set.queries.length} questions`)
  for (const [label, search] of modes) {
    const figures = await evaluateRetrieval({ index, queries: set.queries, search })
    console.log(
      `  ${label.padEnd(36)} nDCG@10 ${figures['ndcg@10'].toFixed(4)}  recall@100 ${figures['recall@100'].toFixed(4)}  MRR@10 ${figures['mrr@10'].toFixed(4)}  p50 ${figures.latency_ms.p50} ms`,
    )
  }
  await index.close()
  // MiniSearch on the same documents and questions, whole documents as in its usual use.
  const mini = new MiniSearch({ fields: ['title', 'text'], idField: 'id' })
  mini.addAll(
    set.documents.map((document) => ({
      id: document.id,
      title: document.title,
      text: document.text,
    })),
  )
  let ndcg = 0
  let recall = 0
  for (const query of set.queries) {
    const ranked = mini
      .search(query.text)
      .slice(0, 100)
      .map((result) => String(result.id))
    const relevant = new Set(query.relevantDocumentIds)
    ndcg += ndcgAt(ranked, relevant, 10)
    recall += recallAt(ranked, relevant, 100)
  }
  console.log(
    `  ${'MiniSearch (default options)'.padEnd(36)} nDCG@10 ${(ndcg / set.queries.length).toFixed(4)}  recall@100 ${(recall / set.queries.length).toFixed(4)}`,
  )
}

/** Runs the retrieval benchmark (needs ../shared/data/retrieval). */
export async function run(): Promise<void> {
  if (!existsSync(MEDQUAD) || !existsSync(BIOASQ) || !existsSync(PUBMEDQA)) {
    throw new Error(
      'retrieval bench needs ../shared/data/retrieval (medquad, bioasq, pubmedqa-pqal)',
    )
  }
  const folder = mkdtempSync(join(tmpdir(), 'galen-bench-retrieval-'))
  try {
    await ingestThroughput(folder)
    const medquad = await loadEvaluationSet({ name: 'medquad', path: MEDQUAD })
    const bioasq = await loadEvaluationSet({ name: 'bioasq', path: BIOASQ })
    const pubmedqa = await loadEvaluationSet({ name: 'pubmedqa', path: PUBMEDQA })
    await bioasqQuality(folder, bioasq)
    const { index, chunks } = await buildLargeIndex(folder, [medquad, bioasq, pubmedqa])
    const queries = [
      ...spread(medquad.queries, 500).map((query) => query.text),
      ...spread(bioasq.queries, 500).map((query) => query.text),
    ]
    await latencyAtScale(index, chunks, queries)
    await index.close()
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
