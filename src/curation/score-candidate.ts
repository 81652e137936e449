/**
 * Scoring of one candidate and the best-of-N pick. The total is the mean of the components that
 * were measured (citation support, rule annotations, judge, reward, verifier), so a missing judge
 * or reward endpoint neither helps nor hurts a candidate.
 */
import type { Candidate, CandidateScores } from './draft-item.js'

/** The total of the measured components (rules is always measured). */
export function totalScore(scores: Omit<CandidateScores, 'total'>): number {
  const parts = [
    scores.citation,
    scores.rules,
    scores.judge,
    scores.reward,
    scores.verifier,
  ].filter((value): value is number => value !== null)
  return parts.reduce((sum, value) => sum + value, 0) / parts.length
}

/**
 * The candidate with the highest total score; the first one (model order, then sample order) on
 * ties.
 *
 * @throws RangeError for an empty list.
 */
export function pickBest(candidates: readonly Candidate[]): Candidate {
  let best: Candidate | undefined
  for (const candidate of candidates) {
    if (best === undefined || candidate.scores.total > best.scores.total) best = candidate
  }
  if (best === undefined) throw new RangeError('curation: no candidate to pick from')
  return best
}
