/**
 * Retrieval evaluation: runs queries with known relevant documents against an index and reports
 * nDCG@10, recall@100, MRR@10 and latency percentiles. Relevance is binary and judged per
 * document: a document's best chunk stands for it.
 */
import type { RetrievalIndex } from './open-index.js'
import type { SearchOptions } from './search.js'

/** A query with the ids of its relevant documents. */
export interface EvaluationQuery {
  id: string
  text: string
  relevantDocumentIds: readonly string[]
}

/** Aggregate figures of an evaluation (the JSON of `galen retrieval eval --json`). */
export interface RetrievalEvaluation {
  queries: number
  'ndcg@10': number
  'recall@100': number
  'mrr@10': number
  latency_ms: { p50: number; p95: number }
}

/** nDCG at a cutoff for binary relevance. */
export function ndcgAt(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  cutoff: number,
): number {
  let dcg = 0
  ranked.slice(0, cutoff).forEach((id, index) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(index + 2)
  })
  let ideal = 0
  for (let index = 0; index < Math.min(relevant.size, cutoff); index += 1) {
    ideal += 1 / Math.log2(index + 2)
  }
  return ideal === 0 ? 0 : dcg / ideal
}

/**
 * nDCG at a cutoff for graded relevance (gain `2^grade - 1`, grades 0-3 typically): the ideal
 * ordering is every judged item sorted by grade. Items without a grade count as 0. Returns 0 when
 * nothing is judged relevant.
 */
export function gradedNdcgAt(
  ranked: readonly string[],
  grades: ReadonlyMap<string, number>,
  cutoff: number,
): number {
  let dcg = 0
  ranked.slice(0, cutoff).forEach((id, index) => {
    const grade = grades.get(id) ?? 0
    if (grade > 0) dcg += (2 ** grade - 1) / Math.log2(index + 2)
  })
  const ideal = [...grades.values()]
    .filter((grade) => grade > 0)
    .sort((left, right) => right - left)
    .slice(0, cutoff)
    .reduce((sum, grade, index) => sum + (2 ** grade - 1) / Math.log2(index + 2), 0)
  return ideal === 0 ? 0 : dcg / ideal
}

/** Share of the relevant documents found in the first `cutoff` results. */
export function recallAt(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  cutoff: number,
): number {
  if (relevant.size === 0) return 0
  let found = 0
  for (const id of ranked.slice(0, cutoff)) if (relevant.has(id)) found += 1
  return found / relevant.size
}

/** Reciprocal rank of the first relevant result within the cutoff (0 if none). */
export function reciprocalRankAt(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  cutoff: number,
): number {
  const index = ranked.slice(0, cutoff).findIndex((id) => relevant.has(id))
  return index < 0 ? 0 : 1 / (index + 1)
}

/** The value below which `fraction` of the sorted values fall (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((left, right) => left - right)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)))
  return sorted[rank - 1] ?? 0
}

/**
 * Evaluates an index on queries. Queries without relevant documents are skipped.
 *
 * @param options.search - search options for every query (mode, feedback, filters...); `k` and
 *   `maxChunksPerDocument` are set by the evaluation (100 distinct documents)
 * @example
 * const figures = await evaluateRetrieval({ index, queries, search: { mode: 'bm25' } })
 */
export async function evaluateRetrieval(options: {
  index: RetrievalIndex
  queries: readonly EvaluationQuery[]
  search?: Omit<SearchOptions, 'query' | 'k'>
  onProgress?: (done: number, total: number) => void
}): Promise<RetrievalEvaluation & { perQuery: Array<{ id: string; ndcg: number }> }> {
  const latencies: number[] = []
  let ndcg = 0
  let recall = 0
  let mrr = 0
  let counted = 0
  const perQuery: Array<{ id: string; ndcg: number }> = []
  const usable = options.queries.filter((query) => query.relevantDocumentIds.length > 0)
  for (const [position, query] of usable.entries()) {
    const relevant = new Set(query.relevantDocumentIds)
    const started = performance.now()
    const result = await options.index.search({
      maxChunksPerDocument: 1,
      ...options.search,
      query: query.text,
      k: 100,
    })
    latencies.push(performance.now() - started)
    const ranked: string[] = []
    const seen = new Set<string>()
    for (const hit of result.hits) {
      if (seen.has(hit.documentId)) continue
      seen.add(hit.documentId)
      ranked.push(hit.documentId)
    }
    const score = ndcgAt(ranked, relevant, 10)
    perQuery.push({ id: query.id, ndcg: score })
    ndcg += score
    recall += recallAt(ranked, relevant, 100)
    mrr += reciprocalRankAt(ranked, relevant, 10)
    counted += 1
    options.onProgress?.(position + 1, usable.length)
  }
  const mean = (sum: number) => (counted === 0 ? 0 : Number((sum / counted).toFixed(4)))
  return {
    queries: counted,
    'ndcg@10': mean(ndcg),
    'recall@100': mean(recall),
    'mrr@10': mean(mrr),
    latency_ms: {
      p50: Number(percentile(latencies, 0.5).toFixed(2)),
      p95: Number(percentile(latencies, 0.95).toFixed(2)),
    },
    perQuery,
  }
}
