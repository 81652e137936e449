/**
 * The shape of a drafted item: the de-identified question, the references it was grounded on,
 * every candidate with its scores and provenance, the pick, key points and rule annotations. It
 * is stored as the `after` value of an `item.queued` event.
 */

/** A rule-based annotation of a candidate. */
export interface RuleAnnotation {
  /** `format`, `citation`, `length` or `forbidden`. */
  rule: 'format' | 'citation' | 'length' | 'forbidden'
  severity: 'error' | 'warning'
  message: string
}

/** The principle judge's ratings (the report's Table 5 dimensions, each 1-3) and overall (1-5). */
export interface JudgeRatings {
  honesty: number
  harmlessness: number
  logicality: number
  formatting: number
  relevance: number
  comprehensiveness: number
  overall: number
  reason: string
}

/** Scores of one candidate; a component is null when it was not measured. */
export interface CandidateScores {
  /** Share of checkable sentences supported by valid citations (0..1). */
  citation: number | null
  /** 1 with no rule annotation, minus 0.25 per error and 0.1 per warning, floored at 0. */
  rules: number
  /** Judge ratings mapped to 0..1 (mean of the six dimensions and the overall score). */
  judge: number | null
  /** The reward endpoint's score, squashed to 0..1 with a logistic when outside [0, 1]. */
  reward: number | null
  /** A verifier's score against the query's reference answer (0..1). */
  verifier: number | null
  /** The mean of the measured components: the best-of-N criterion. */
  total: number
}

/** One sampled answer. */
export interface Candidate {
  /** `<model>#<sample>`, unique within the item. */
  id: string
  model: string
  sample: number
  text: string
  finishReason: string
  scores: CandidateScores
  annotations: RuleAnnotation[]
  citations: { invalid: number[]; unsupported: number; uncitedClaims: number }
  judge?: JudgeRatings
  /** Why the judge gave no ratings (the call failed or its reply did not parse). */
  judgeError?: string
}

/** A reference given to the models, as the reviewer sees it. */
export interface ItemReference {
  index: number
  id: string
  title: string
  source: string
  url: string
  date?: string
  authority: string
  text: string
}

/** A drafted item awaiting review. */
export interface DraftItem {
  id: string
  /** The question as the models saw it (de-identified unless de-identification was off). */
  query: string
  deid: { applied: boolean; spans: number; types: string[] }
  references: ItemReference[]
  /** The system prompt the models received (rules and the numbered sources), for exports. */
  systemPrompt: string
  candidates: Candidate[]
  /** Id of the candidate with the highest total score (the first on ties). */
  bestId: string
  keyPoints: string[]
  /** Optional reference answer from the query file (for verifiers). */
  reference?: { task: string; answer: unknown }
  provenance: {
    index: string
    models: Array<{ name: string; url: string }>
    n: number
    /** How the candidates were sampled (absent in items drafted before it was recorded). */
    temperature?: number
    maxTokens?: number
    seed?: number
    judge?: string
    reward?: string
    draftedAt: string
  }
}
