/**
 * The evidence step of answering: analyse the question into concepts, search with the clinical
 * terms of its lay phrases added, weight the concepts by rarity, select the passages that answer
 * the question ({@link selectEvidence}) and pack them into numbered sources.
 */
import type { EvidenceFilter, EvidencePassage, EvidenceSource } from './evidence-source.js'
import { type PackedEvidence, packEvidence } from './pack-evidence.js'
import { analyseQuestion, type QueryConcept, type QuestionAnalysis } from './query-concepts.js'
import { type EvidencePolicy, type EvidenceSelection, selectEvidence } from './select-evidence.js'

/** Options of {@link gatherEvidence}. */
export interface GatherEvidenceOptions {
  evidence: EvidenceSource
  /** The (spelling-corrected, follow-up-resolved) question. */
  question: string
  topK: number
  tokenBudget: number
  maxSources: number
  /** The selection policy; `false` ranks and packs the search results as they come (no floor). */
  policy: Partial<EvidencePolicy> | false
  filter?: EvidenceFilter
  /** Topics carried from earlier turns that the evidence must name (see `resolveFollowUp`). */
  required?: readonly string[]
  /** One-word synonyms for the question's words, for example brand → generic drug names. */
  synonyms?: ReadonlyMap<string, string>
}

/** The result of {@link gatherEvidence}. */
export interface GatheredEvidence {
  /** The text sent to the search. */
  searchQuery: string
  analysis: QuestionAnalysis
  packed: PackedEvidence
  /** Null when the policy is off. */
  selection: EvidenceSelection | null
}

/** Inverse document frequency, `ln(1 + (N − df + 0.5) / (df + 0.5))`, as BM25 uses it. */
function inverseDocumentFrequency(count: number, frequency: number): number {
  return Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))
}

async function conceptWeights(
  evidence: EvidenceSource,
  concepts: readonly QueryConcept[],
): Promise<Map<QueryConcept, number>> {
  const weights = new Map<QueryConcept, number>()
  if (evidence.termStatistics === undefined || concepts.length === 0) return weights
  const terms = [...new Set(concepts.flatMap((concept) => concept.words))]
  const statistics = await evidence.termStatistics({ terms })
  for (const concept of concepts) {
    const idf = concept.words.map((word) =>
      inverseDocumentFrequency(statistics.passageCount, statistics.frequency.get(word) ?? 0),
    )
    weights.set(concept, Math.max(0, ...idf))
  }
  return weights
}

/**
 * Searches and selects the evidence for one question.
 *
 * @throws whatever the evidence source throws (for example a BackendError)
 */
export async function gatherEvidence(options: GatherEvidenceOptions): Promise<GatheredEvidence> {
  const analysis = analyseQuestion(
    options.question,
    options.synonyms === undefined ? {} : { synonyms: options.synonyms },
  )
  const searchQuery =
    options.policy === false || analysis.expansion.length === 0
      ? options.question
      : `${options.question} ${analysis.expansion.join(' ')}`
  const passages = await options.evidence.search({
    query: searchQuery,
    topK: options.topK,
    ...(options.filter === undefined ? {} : { filter: options.filter }),
  })
  if (options.policy === false) {
    return {
      searchQuery,
      analysis,
      packed: packEvidence({
        passages,
        tokenBudget: options.tokenBudget,
        maxSources: options.maxSources,
      }),
      selection: null,
    }
  }
  const weights = await conceptWeights(options.evidence, analysis.concepts)
  const selection = selectEvidence({
    passages,
    concepts: analysis.concepts,
    weights,
    policy: options.policy,
    ...(options.required === undefined ? {} : { required: options.required }),
  })
  // Conflicts are looked for only between passages that share the question's main topic.
  const topics = analysis.concepts.filter((concept) => concept.kind === 'topic')
  const main = topics.reduce<QueryConcept | undefined>(
    (best, concept) =>
      best === undefined || (weights.get(concept) ?? 1) > (weights.get(best) ?? 1) ? concept : best,
    undefined,
  )
  const topicsOf = new Map(selection.scored.map((item) => [item.passage.id, item.matchedTopics]))
  const packed = packEvidence({
    passages: selection.passages,
    tokenBudget: options.tokenBudget,
    maxSources: options.maxSources,
    minRelativeScore: 0,
    keepOrder: true,
    sameQuestion: (left, right) =>
      main === undefined ||
      ((topicsOf.get(left.id) ?? []).includes(main.text) &&
        (topicsOf.get(right.id) ?? []).includes(main.text)),
  })
  return { searchQuery, analysis, packed, selection }
}

/** One hit of {@link searchEvidence}: the passage with its relevance estimate. */
export interface RankedPassage extends EvidencePassage {
  /** 0-1; absent when the policy is off. */
  relevance?: number
}

/**
 * Search as the page's source list shows it: the evidence policy's floor and authority rules
 * applied to plain search hits (no packing), each with its relevance estimate; `score` stays the
 * retrieval score. With `policy: false` the hits come back as the search ranked them.
 *
 * @example
 * const { hits } = await searchEvidence({ evidence, query: 'Do vaccines cause autism?', topK: 10, policy: {} })
 */
export async function searchEvidence(options: {
  evidence: EvidenceSource
  query: string
  topK: number
  policy: Partial<EvidencePolicy> | false
  filter?: EvidenceFilter
}): Promise<{
  hits: RankedPassage[]
  searchQuery: string
  belowFloor: number
  hiddenLowAuthority: number
}> {
  const analysis = analyseQuestion(options.query)
  const searchQuery =
    options.policy === false || analysis.expansion.length === 0
      ? options.query
      : `${options.query} ${analysis.expansion.join(' ')}`
  const passages = await options.evidence.search({
    query: searchQuery,
    topK: options.topK,
    ...(options.filter === undefined ? {} : { filter: options.filter }),
  })
  if (options.policy === false) {
    return { hits: passages, searchQuery, belowFloor: 0, hiddenLowAuthority: 0 }
  }
  const weights = await conceptWeights(options.evidence, analysis.concepts)
  const selection = selectEvidence({
    passages,
    concepts: analysis.concepts,
    weights,
    policy: options.policy,
  })
  const byId = new Map(passages.map((passage) => [passage.id, passage]))
  const relevance = new Map(selection.scored.map((item) => [item.passage.id, item.relevance]))
  return {
    hits: selection.passages.map((passage) => ({
      ...(byId.get(passage.id) ?? passage),
      relevance: relevance.get(passage.id) ?? 0,
    })),
    searchQuery,
    belowFloor: selection.dropped.filter((item) => item.reason.startsWith('relevance')).length,
    hiddenLowAuthority: selection.hiddenLowAuthority,
  }
}
