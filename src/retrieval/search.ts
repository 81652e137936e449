/**
 * Search over an index backend: lexical BM25 (with question processing and optional
 * pseudo-relevance feedback), dense vectors, or both fused by reciprocal rank; then reranking by
 * authority and recency and redundancy pruning. Every hit carries what a citation needs.
 */
import { InputError } from '../errors.js'
import { DEFAULT_DIVERSIFY, type DiversifySettings, diversify } from './diversify.js'
import type { Embedder } from './embedder.js'
import {
  DEFAULT_FEEDBACK,
  type FeedbackSettings,
  feedbackVocabulary,
  interpolateScores,
  selectExpansionTerms,
} from './feedback.js'
import { reciprocalRankFusion } from './fusion.js'
import type { IndexBackend } from './index-backend.js'
import {
  currentFractionalYear,
  DEFAULT_RERANK,
  placeLowAuthority,
  type RerankSettings,
  rerankScore,
} from './rerank.js'
import type { AuthorityLevel, MaterialType } from './source-metadata.js'
import { questionTerms, tokenizeWords } from './text-analysis.js'
import type { BackendHit, Filter } from './types.js'

/** How candidates are found. */
export type SearchMode = 'bm25' | 'dense' | 'hybrid'

/** The search modes, for option parsing. */
export const SEARCH_MODES: readonly SearchMode[] = ['bm25', 'dense', 'hybrid']

/** Options of {@link searchBackend}. */
export interface SearchOptions {
  /** The question or keywords. */
  query: string
  /** Hits to return (default 10). */
  k?: number
  /** Default `bm25`; `dense` and `hybrid` need an embedder and an index with vectors. */
  mode?: SearchMode
  filter?: Filter
  /** Candidates fetched from each retriever before reranking (default max(100, 3k)). */
  candidates?: number
  /**
   * `question` (default) drops stopwords and question words ("which", "list") before the BM25
   * query; `none` keeps every word.
   */
  queryProcessing?: 'question' | 'none'
  /** Pseudo-relevance feedback for BM25 (default off); `true` uses the measured defaults. */
  feedback?: boolean | Partial<FeedbackSettings>
  /** Authority and recency reranking (default on with {@link DEFAULT_RERANK}); `false` turns it off. */
  rerank?: false | Partial<RerankSettings>
  /** Redundancy pruning (default: near-duplicates dropped, MMR off); `false` turns it off. */
  diversify?: false | Partial<DiversifySettings>
  /** At most this many chunks of one document (default unlimited). */
  maxChunksPerDocument?: number
  signal?: AbortSignal
}

/** One search result with its citation fields. */
export interface SearchHit {
  /** 1-based rank. */
  rank: number
  chunkId: string
  documentId: string
  /** The passage text. */
  text: string
  heading?: string
  title: string
  publisher: string
  url: string
  published?: string
  updated?: string
  citation: string
  authority: AuthorityLevel
  authorityReason: string
  materialType: MaterialType
  language: string
  demonstration: boolean
  /** The final score (higher is better), relevance plus the priors. */
  score: number
  /** The parts of the score. */
  scores: {
    relevance: number
    bm25?: number
    dense?: number
    fused?: number
    authorityPrior: number
    recencyPrior: number
  }
}

/** The result of a search. */
export interface SearchResult {
  query: string
  mode: SearchMode
  /** The words of the BM25 query after processing (and feedback words, if any). */
  terms: string[]
  expansionTerms: string[]
  hits: SearchHit[]
  latencyMs: number
}

interface Candidate {
  hit: BackendHit
  bm25?: number
  dense?: number
  fused?: number
  relevance: number
}

type FeedbackCapable = IndexBackend & {
  termStatistics(options: {
    terms: readonly string[]
  }): Promise<{ chunkCount: number; chunkFrequency: Map<string, number> }>
}

function canGiveFeedback(backend: IndexBackend): backend is FeedbackCapable {
  return typeof (backend as Partial<FeedbackCapable>).termStatistics === 'function'
}

async function lexicalCandidates(
  backend: IndexBackend,
  terms: readonly string[],
  exactTop: number,
  candidates: number,
  filter: Filter | undefined,
  feedback: FeedbackSettings | undefined,
): Promise<{ list: Candidate[]; expansionTerms: string[] }> {
  const first = await backend.search({
    query: { kind: 'lexical', terms, exactTop },
    topK: candidates,
    ...(filter === undefined ? {} : { filter }),
  })
  if (feedback === undefined || first.length === 0 || !canGiveFeedback(backend)) {
    return {
      list: first.map((hit) => ({ hit, bm25: hit.score, relevance: 0 })),
      expansionTerms: [],
    }
  }
  const passages = first.slice(0, feedback.passages)
  const vocabulary = feedbackVocabulary(passages, terms)
  const statistics = await backend.termStatistics({ terms: vocabulary })
  const expansionTerms = selectExpansionTerms({
    queryTerms: terms,
    passages,
    chunkFrequency: statistics.chunkFrequency,
    chunkCount: statistics.chunkCount,
    count: feedback.terms,
  })
  if (expansionTerms.length === 0) {
    return { list: first.map((hit) => ({ hit, bm25: hit.score, relevance: 0 })), expansionTerms }
  }
  const second = await backend.search({
    query: { kind: 'lexical', terms: expansionTerms, exactTop },
    topK: candidates,
    ...(filter === undefined ? {} : { filter }),
  })
  const byId = new Map<string, BackendHit>()
  for (const hit of [...second, ...first]) byId.set(hit.chunkId, hit)
  const firstScores = new Map(first.map((hit) => [hit.chunkId, hit.score]))
  const merged = interpolateScores(
    first.map((hit) => ({ id: hit.chunkId, score: hit.score })),
    second.map((hit) => ({ id: hit.chunkId, score: hit.score })),
    feedback.originalWeight,
  )
  const list: Candidate[] = []
  for (const { id, score } of merged.slice(0, candidates)) {
    const hit = byId.get(id)
    if (hit === undefined) continue
    const bm25 = firstScores.get(id)
    list.push({ hit: { ...hit, score }, ...(bm25 === undefined ? {} : { bm25 }), relevance: 0 })
  }
  return { list, expansionTerms }
}

function resolveFeedback(option: SearchOptions['feedback']): FeedbackSettings | undefined {
  if (option === undefined || option === false) return undefined
  if (option === true) return DEFAULT_FEEDBACK
  return { ...DEFAULT_FEEDBACK, ...option }
}

/**
 * Searches a backend. Lower-level than `openIndex(...).search`, which supplies the backend and
 * embedder of an index file.
 *
 * @throws InputError for an empty query, a bad `k`, or a dense mode without an embedder
 * @throws BackendError when the backend fails (for example dense search on an index without vectors)
 */
export async function searchBackend(
  backend: IndexBackend,
  embedder: Embedder | undefined,
  options: SearchOptions,
): Promise<SearchResult> {
  const started = performance.now()
  const k = options.k ?? 10
  const mode = options.mode ?? 'bm25'
  if (!Number.isInteger(k) || k < 1 || k > 10_000) {
    throw new InputError(`search: k "${k}" must be a whole number in 1-10000`, {
      field: 'k',
      value: k,
    })
  }
  if (tokenizeWords(options.query).length === 0) {
    throw new InputError(`search: query "${options.query}" has no words`, {
      field: 'query',
      value: options.query,
    })
  }
  if (mode !== 'bm25' && embedder === undefined) {
    throw new InputError(`search: mode "${mode}" needs an embedder`, { field: 'mode', value: mode })
  }
  const candidates = Math.max(options.candidates ?? 100, k * 3)
  const terms =
    options.queryProcessing === 'none'
      ? [...new Set(tokenizeWords(options.query, { chinese: 'search' }))]
      : questionTerms(options.query)

  let lexical: Candidate[] = []
  let expansionTerms: string[] = []
  if (mode !== 'dense') {
    const found = await lexicalCandidates(
      backend,
      terms,
      k,
      candidates,
      options.filter,
      resolveFeedback(options.feedback),
    )
    lexical = found.list
    expansionTerms = found.expansionTerms
  }
  let dense: Candidate[] = []
  if (mode !== 'bm25' && embedder !== undefined) {
    const [vector] = await embedder.embed({
      texts: [options.query],
      kind: 'query',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    if (vector !== undefined) {
      const hits = await backend.search({
        query: { kind: 'vector', vector },
        topK: candidates,
        ...(options.filter === undefined ? {} : { filter: options.filter }),
      })
      dense = hits.map((hit) => ({ hit, dense: hit.score, relevance: 0 }))
    }
  }

  let pool: Candidate[]
  if (mode === 'hybrid') {
    const byId = new Map<string, Candidate>()
    for (const candidate of [...dense, ...lexical]) {
      const existing = byId.get(candidate.hit.chunkId)
      byId.set(candidate.hit.chunkId, { ...existing, ...candidate })
    }
    pool = reciprocalRankFusion([
      lexical.map((candidate) => candidate.hit.chunkId),
      dense.map((candidate) => candidate.hit.chunkId),
    ]).flatMap(({ id, score }) => {
      const candidate = byId.get(id)
      return candidate === undefined ? [] : [{ ...candidate, fused: score }]
    })
  } else pool = mode === 'dense' ? dense : lexical
  const rawScore = (candidate: Candidate): number =>
    mode === 'hybrid' ? (candidate.fused ?? 0) : candidate.hit.score
  const best = Math.max(0, ...pool.map(rawScore))
  for (const candidate of pool) candidate.relevance = best > 0 ? rawScore(candidate) / best : 0

  const rerank =
    options.rerank === false
      ? undefined
      : ({
          ...DEFAULT_RERANK,
          now: currentFractionalYear(),
          ...options.rerank,
        } satisfies RerankSettings)
  const scored = pool.map((candidate, index) => {
    const document = candidate.hit.document
    const priors =
      rerank === undefined
        ? { score: candidate.relevance, authority: 0, recency: 0 }
        : rerankScore(candidate.relevance, document, rerank)
    return {
      candidate,
      index,
      text: candidate.hit.text,
      relevance: priors.score,
      priors,
      authority: document.authority,
      baseRelevance: candidate.relevance,
    }
  })
  scored.sort((left, right) => right.relevance - left.relevance || left.index - right.index)
  const ranked = rerank === undefined ? scored : placeLowAuthority(scored, rerank.lowAuthorityShare)

  const perDocument = options.maxChunksPerDocument ?? Number.POSITIVE_INFINITY
  const counts = new Map<string, number>()
  const capped = ranked.filter((entry) => {
    const id = entry.candidate.hit.documentId
    const count = counts.get(id) ?? 0
    if (count >= perDocument) return false
    counts.set(id, count + 1)
    return true
  })
  const pruned =
    options.diversify === false
      ? capped.slice(0, k)
      : diversify(capped, { ...DEFAULT_DIVERSIFY, ...options.diversify }, k)

  const hits = pruned.map((entry, index): SearchHit => {
    const { hit } = entry.candidate
    const document = hit.document
    const result: SearchHit = {
      rank: index + 1,
      chunkId: hit.chunkId,
      documentId: hit.documentId,
      text: hit.text,
      title: document.title,
      publisher: document.publisher,
      url: document.url,
      citation: document.citation,
      authority: document.authority,
      authorityReason: document.authorityReason,
      materialType: document.materialType,
      language: document.language,
      demonstration: document.demonstration,
      score: entry.relevance,
      scores: {
        relevance: entry.candidate.relevance,
        authorityPrior: entry.priors.authority,
        recencyPrior: entry.priors.recency,
      },
    }
    if (hit.heading !== undefined) result.heading = hit.heading
    if (document.published !== undefined) result.published = document.published
    if (document.updated !== undefined) result.updated = document.updated
    if (entry.candidate.bm25 !== undefined) result.scores.bm25 = entry.candidate.bm25
    if (entry.candidate.dense !== undefined) result.scores.dense = entry.candidate.dense
    if (entry.candidate.fused !== undefined) result.scores.fused = entry.candidate.fused
    return result
  })
  return {
    query: options.query,
    mode,
    terms,
    expansionTerms,
    hits,
    latencyMs: performance.now() - started,
  }
}
