/**
 * The outcome of scoring one response, shared by every scorer.
 */

/**
 * How the response was read.
 * - `ok`: an answer was read (it may be wrong).
 * - `format_error`: no answer could be read (counted wrong and reported as unparsed).
 * - `abstain`: the response declined to answer (counted wrong, reported).
 * - `judge_error`: the LLM judge never gave a usable verdict (counted wrong, reported).
 * - `error`: the model call failed (counted wrong, reported).
 */
export type ParseStatus = 'ok' | 'format_error' | 'abstain' | 'judge_error' | 'error'

/** One scored response. */
export interface ScoredAnswer {
  /** The answer as read: letters (`"A"`, `"AC"`), a value (`"25.2"`), or null when unread. */
  parsed: string | null
  status: ParseStatus
  correct: boolean
  /** In [0, 1]: 1 or 0 for exact scoring, the normalised judge score for open-ended items. */
  score: number
  /** Why, in words (which rule read the answer, or why nothing could be read). */
  reason: string
  /** The extraction rule that produced `parsed`, for example `json` or `final-statement`. */
  method?: string
  /** Ranked-diagnosis items: the 1-based rank of the first gold disease and top-k hits (0 or 1). */
  ranking?: RankingHits
  /** Name-set items (CHIP-CDN): the names read and how many of them are gold names. */
  names?: NameSetHits
}

/** Top-k hits of one ranked-diagnosis response. */
export interface RankingHits {
  /** 1-based rank of the first prediction naming a gold disease, or null. */
  rank: number | null
  top1: number
  top3: number
  top10: number
}

/** The names read from one normalisation response and how many of them are gold names. */
export interface NameSetHits {
  /** Standard names read from the response, in order, without repeats (empty when unread). */
  predicted: string[]
  /** How many of `predicted` are gold names (true positives). */
  matched: number
}

/** Builds an unread result. */
export function unread(status: Exclude<ParseStatus, 'ok'>, reason: string): ScoredAnswer {
  return { parsed: null, status, correct: false, score: 0, reason }
}
