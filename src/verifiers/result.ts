/**
 * The one result shape every verifier returns, and helpers that keep it uniform across a batch.
 */

/**
 * Outcome class of one verification.
 * - `ok`: the response was read and scored (the score may be 0 for a wrong answer).
 * - `format_error`: the response could not be read as an answer (hedge, empty, truncated, invalid).
 * - `abstain`: the response declines to answer, or the rules could not decide and no judge was used.
 * - `timeout`: the verifier ran past its deadline (never reported as a plain 0).
 * - `error`: the item itself was malformed or an infrastructure part failed.
 */
export type VerifierStatus = 'ok' | 'format_error' | 'abstain' | 'timeout' | 'error'

/** Every verifier status, in a fixed order (metrics and summaries list them in this order). */
export const VERIFIER_STATUSES: readonly VerifierStatus[] = [
  'ok',
  'format_error',
  'abstain',
  'timeout',
  'error',
]

/**
 * The result of one verification. `score` is in [0, 1]; `components` holds the named sub-scores
 * (for example `correct`, `format`, `recall_at_k`) and `reason` says in words why.
 */
export interface VerifierResult {
  score: number
  status: VerifierStatus
  components: Record<string, number>
  reason: string
}

/** Builds a result, clamping the score to [0, 1] and turning a non-finite score into 0. */
export function makeResult(
  score: number,
  status: VerifierStatus,
  reason: string,
  components: Record<string, number> = {},
): VerifierResult {
  const clamped = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0
  return { score: clamped, status, components, reason }
}

/**
 * Gives every result of a batch the same component keys: each result gets every key any result
 * has, missing ones set to 0, keys sorted. Returns the input itself when every result already has
 * the same keys in the same order; otherwise new objects (the input is never changed).
 */
export function alignComponents(results: readonly VerifierResult[]): VerifierResult[] {
  if (sameKeys(results)) return results as VerifierResult[]
  const keys = new Set<string>()
  for (const result of results) for (const key of Object.keys(result.components)) keys.add(key)
  const sorted = [...keys].sort()
  return results.map((result) => {
    const components: Record<string, number> = {}
    for (const key of sorted) {
      const value = result.components[key]
      components[key] = typeof value === 'number' && Number.isFinite(value) ? value : 0
    }
    return { score: result.score, status: result.status, components, reason: result.reason }
  })
}

/** Whether every result already has the first result's component keys, in the same order. */
function sameKeys(results: readonly VerifierResult[]): boolean {
  const first = results[0]
  if (first === undefined) return true
  const keys = Object.keys(first.components)
  for (let index = 0; index < results.length; index += 1) {
    const components = (results[index] as VerifierResult).components
    const other = index === 0 ? keys : Object.keys(components)
    if (other.length !== keys.length) return false
    for (let position = 0; position < keys.length; position += 1) {
      const key = keys[position] as string
      if (other[position] !== key) return false
      const value = components[key]
      if (typeof value !== 'number' || !Number.isFinite(value)) return false
    }
  }
  return true
}
