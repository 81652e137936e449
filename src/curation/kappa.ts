/**
 * Cohen's kappa between two raters: (observed agreement - chance agreement) / (1 - chance
 * agreement), chance from each rater's own category shares.
 */

/** The result of {@link cohenKappa}. */
export interface KappaResult {
  /** Null when undefined: no pairs, or both raters used one and the same category throughout. */
  kappa: number | null
  observed: number
  expected: number
  pairs: number
}

/** Kappa over paired labels (`[rater A's label, rater B's label]` for each item). */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  if (pairs.length === 0) return { kappa: null, observed: 0, expected: 0, pairs: 0 }
  const left = new Map<string, number>()
  const right = new Map<string, number>()
  let agree = 0
  for (const [a, b] of pairs) {
    if (a === b) agree += 1
    left.set(a, (left.get(a) ?? 0) + 1)
    right.set(b, (right.get(b) ?? 0) + 1)
  }
  const total = pairs.length
  const observed = agree / total
  let expected = 0
  for (const [label, count] of left) expected += (count / total) * ((right.get(label) ?? 0) / total)
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected)
  return { kappa, observed, expected, pairs: total }
}
