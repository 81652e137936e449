/**
 * Evidence that answers the question: estimates how well each retrieved passage matches the
 * question's concepts, drops passages under a relevance floor (fewer, right passages beat six
 * mixed ones) and applies authority as policy: low-authority passages (level E by default) are
 * left out when on-topic evidence of level A-C exists, and never rank above it.
 */
import type { Authority, EvidencePassage } from './evidence-source.js'
import { containsSequence, normalisedTokens, type QueryConcept } from './query-concepts.js'

/** How evidence is selected; every field has a measured default ({@link DEFAULT_EVIDENCE_POLICY}). */
export interface EvidencePolicy {
  /**
   * Passages whose relevance estimate (0-1) is below this are dropped. 0 keeps everything the
   * search returned.
   */
  minRelevance: number
  /** Passages below this share of the best passage's estimate are dropped. */
  minRelativeRelevance: number
  /**
   * The lowest authority level shown when on-topic evidence of level A-C exists; levels below it
   * are then left out. `E` shows every level. Below-floor passages never rank above an on-topic
   * passage at or above the floor.
   */
  authorityFloor: Authority
  /** Weight of the title in the topic estimate (the rest is the whole passage). */
  titleWeight: number
  /** Share of the estimate the aspect words decide when the question has any. */
  aspectWeight: number
}

/** The defaults, tuned on `data/relevance/tuning.jsonl` only (see docs/retrieval.md). */
export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = {
  minRelevance: 0.3,
  minRelativeRelevance: 0.6,
  authorityFloor: 'D',
  titleWeight: 0.5,
  aspectWeight: 0.2,
}

const AUTHORITY_RANK: Record<Authority, number> = { A: 0, B: 1, C: 2, D: 3, E: 4 }
const AUTHORITY_VALUE: Record<Authority, number> = { A: 1, B: 0.75, C: 0.5, D: 0.25, E: 0 }

/** A passage with its relevance estimate. */
export interface ScoredPassage {
  passage: EvidencePassage
  /** 0-1: topic coverage (title and text), scaled by aspect coverage. */
  relevance: number
  /** The topic concepts it contains, by their question words. */
  matchedTopics: string[]
}

/** The result of {@link selectEvidence}. */
export interface EvidenceSelection {
  /** Kept passages, best first; `score` is replaced by the ordering score. */
  passages: EvidencePassage[]
  scored: ScoredPassage[]
  dropped: Array<{ id: string; documentId: string; reason: string }>
  /** Whether low-authority passages were hidden because better evidence exists. */
  hiddenLowAuthority: number
  /** Whether only passages below the authority floor were on topic. */
  onlyLowAuthority: boolean
}

function coverage(
  tokens: readonly string[],
  concepts: readonly QueryConcept[],
  weights: ReadonlyMap<QueryConcept, number>,
): { share: number; matched: QueryConcept[] } {
  let total = 0
  let found = 0
  const matched: QueryConcept[] = []
  for (const concept of concepts) {
    const weight = weights.get(concept) ?? 1
    total += weight
    if (concept.alternatives.some((alternative) => containsSequence(tokens, alternative))) {
      found += weight
      matched.push(concept)
    }
  }
  return { share: total === 0 ? 0 : found / total, matched }
}

/**
 * Scores one passage against the question's concepts: `topic = titleWeight × title coverage +
 * (1 − titleWeight) × passage coverage` (concepts weighted by IDF when known), then
 * `relevance = topic × (1 − aspectWeight + aspectWeight × aspect coverage)` when the question has
 * aspect words, else `topic`.
 */
export function scorePassage(
  passage: EvidencePassage,
  concepts: readonly QueryConcept[],
  weights: ReadonlyMap<QueryConcept, number>,
  policy: Pick<EvidencePolicy, 'titleWeight' | 'aspectWeight'> = DEFAULT_EVIDENCE_POLICY,
): ScoredPassage {
  const topics = concepts.filter((concept) => concept.kind === 'topic')
  const aspects = concepts.filter((concept) => concept.kind === 'aspect')
  const titleTokens = normalisedTokens(passage.title, { passage: true })
  const allTokens = [...titleTokens, '\u0000', ...normalisedTokens(passage.text, { passage: true })]
  const inTitle = coverage(titleTokens, topics, weights)
  const inAll = coverage(allTokens, topics, weights)
  const topic = policy.titleWeight * inTitle.share + (1 - policy.titleWeight) * inAll.share
  const aspect = aspects.length === 0 ? 1 : coverage(allTokens, aspects, weights).share
  const relevance =
    aspects.length === 0 ? topic : topic * (1 - policy.aspectWeight + policy.aspectWeight * aspect)
  return {
    passage,
    relevance: Number(relevance.toFixed(4)),
    matchedTopics: inAll.matched.map((concept) => concept.text),
  }
}

/**
 * Selects the passages to show: scores them ({@link scorePassage}), drops those under the
 * relevance floor, hides low-authority passages when on-topic A-C evidence exists, and orders the
 * rest by relevance with a small authority and retrieval tie-break, below-floor levels last.
 *
 * @param options.weights - IDF weight per concept (from the index's term statistics); 1 each when absent
 * @example
 * const { passages } = selectEvidence({ passages: hits, concepts: analyseQuestion(q).concepts })
 */
export function selectEvidence(options: {
  passages: readonly EvidencePassage[]
  concepts: readonly QueryConcept[]
  weights?: ReadonlyMap<QueryConcept, number>
  policy?: Partial<EvidencePolicy>
  /**
   * Topics carried from earlier turns (by their question words): a passage that names none of
   * them is off-topic for the conversation.
   */
  required?: readonly string[]
}): EvidenceSelection {
  const policy = { ...DEFAULT_EVIDENCE_POLICY, ...options.policy }
  const weights = options.weights ?? new Map()
  const dropped: EvidenceSelection['dropped'] = []
  const bestRetrieval = Math.max(0, ...options.passages.map((passage) => passage.score))
  const required = options.required ?? []
  const scored = options.passages.map((passage) => {
    const item = scorePassage(passage, options.concepts, weights, policy)
    if (required.length === 0 || required.some((topic) => item.matchedTopics.includes(topic))) {
      return item
    }
    return { ...item, relevance: 0 }
  })
  const floorRank = AUTHORITY_RANK[policy.authorityFloor]
  // The relative floor is measured against the best passage that can be shown: a low-authority
  // passage that the policy will hide does not raise the bar for the others.
  const higherExists = scored.some(
    (item) => AUTHORITY_RANK[item.passage.authority] <= 2 && item.relevance >= policy.minRelevance,
  )
  const showable = scored.filter(
    (item) => !higherExists || AUTHORITY_RANK[item.passage.authority] <= floorRank,
  )
  const best = Math.max(0, ...showable.map((item) => item.relevance))
  const onTopic = scored.filter((item) => {
    const keep =
      item.relevance >= policy.minRelevance && item.relevance >= policy.minRelativeRelevance * best
    if (!keep) {
      dropped.push({
        id: item.passage.id,
        documentId: item.passage.documentId,
        reason: `relevance ${item.relevance} under the floor`,
      })
    }
    return keep
  })
  let hiddenLowAuthority = 0
  const shown = onTopic.filter((item) => {
    if (AUTHORITY_RANK[item.passage.authority] <= floorRank || !higherExists) return true
    hiddenLowAuthority += 1
    dropped.push({
      id: item.passage.id,
      documentId: item.passage.documentId,
      reason: `authority ${item.passage.authority} hidden: on-topic evidence of level A-C exists`,
    })
    return false
  })
  const order = (item: ScoredPassage) =>
    item.relevance +
    0.1 * AUTHORITY_VALUE[item.passage.authority] +
    0.05 * (bestRetrieval > 0 ? Math.max(0, item.passage.score) / bestRetrieval : 0)
  // Level E, and any level below the floor, goes after every passage above it.
  const group = (item: ScoredPassage) =>
    AUTHORITY_RANK[item.passage.authority] > Math.min(floorRank, 3) ? 1 : 0
  shown.sort((left, right) => group(left) - group(right) || order(right) - order(left))
  return {
    passages: shown.map((item) => ({ ...item.passage, score: Number(order(item).toFixed(4)) })),
    scored,
    dropped,
    hiddenLowAuthority,
    onlyLowAuthority:
      shown.length > 0 && shown.every((item) => AUTHORITY_RANK[item.passage.authority] > floorRank),
  }
}
