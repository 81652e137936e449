/**
 * Output transforms: the GP models transformed values, and predictions go back through the
 * inverse. `standardise` is affine (zero mean, unit variance). `rank` maps the values to normal
 * scores of their ranks (a Gaussian copula), so a few very good or very bad values do not
 * dominate the fit; its inverse interpolates linearly between the observed values (and
 * extrapolates with the end slopes).
 */
import { normalCdf, normalDensity } from './acquisition.js'

/** The transforms available. */
export type OutputTransformName = 'standardise' | 'rank'

/** A fitted output transform. */
export interface OutputTransform {
  /** The transformed observations, in input order. */
  readonly values: Float64Array
  /** Model units → original units. */
  toOriginal(z: number): number
  /** d(original)/d(model) at z, for carrying a standard deviation back. */
  slope(z: number): number
}

/** Standard normal quantile by Newton's method on Φ (p in (0, 1)). */
export function normalQuantile(p: number): number {
  let x = p < 0.5 ? -Math.sqrt(-2 * Math.log(p)) : Math.sqrt(-2 * Math.log(1 - p))
  if (Math.abs(p - 0.5) < 0.3) x = (p - 0.5) * Math.sqrt(2 * Math.PI)
  for (let iteration = 0; iteration < 60; iteration++) {
    const step = (normalCdf(x) - p) / Math.max(normalDensity(x), 1e-300)
    x -= step
    if (Math.abs(step) < 1e-13 * Math.max(1, Math.abs(x))) break
  }
  return x
}

/** Zero mean, unit variance (unit scale for a constant series). */
export function standardiseOutputs(values: readonly number[]): OutputTransform {
  const n = values.length
  const offset = values.reduce((sum, value) => sum + value, 0) / n
  const variance = values.reduce((sum, value) => sum + (value - offset) ** 2, 0) / n
  const scale = variance > 1e-24 ? Math.sqrt(variance) : 1
  return {
    values: Float64Array.from(values, (value) => (value - offset) / scale),
    toOriginal: (z) => offset + scale * z,
    slope: () => scale,
  }
}

/** Normal scores of ranks (ties share their average rank). */
export function rankOutputs(values: readonly number[]): OutputTransform {
  const n = values.length
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value)
  const scores = new Float64Array(n)
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && order[end + 1]?.value === order[start]?.value) end += 1
    const rank = (start + end) / 2 + 1
    const score = normalQuantile((rank - 0.5) / n)
    for (let k = start; k <= end; k++) scores[(order[k] as { index: number }).index] = score
    start = end + 1
  }
  // The monotone map score → value through the distinct observed pairs.
  const knots: Array<{ z: number; y: number }> = []
  for (const entry of order) {
    const z = scores[entry.index] as number
    const last = knots[knots.length - 1]
    if (last === undefined || z > last.z + 1e-12) knots.push({ z, y: entry.value })
  }
  const constant = knots.length < 2
  const segmentSlope = (index: number): number => {
    const left = knots[index] as { z: number; y: number }
    const right = knots[index + 1] as { z: number; y: number }
    return (right.y - left.y) / (right.z - left.z)
  }
  const locate = (z: number): number => {
    let low = 0
    let high = knots.length - 2
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((knots[middle] as { z: number }).z <= z) low = middle
      else high = middle - 1
    }
    return low
  }
  return {
    values: scores,
    toOriginal(z) {
      if (constant) return (knots[0] as { y: number }).y
      const index = locate(z)
      const left = knots[index] as { z: number; y: number }
      return left.y + segmentSlope(index) * (z - left.z)
    },
    slope(z) {
      if (constant) return 0
      return segmentSlope(locate(z))
    },
  }
}
