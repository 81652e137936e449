/**
 * Search domains: a box, or the simplex with bounds per variable (`l ≤ x ≤ u`, `Σ x = 1`).
 * The optimiser works in normalised coordinates `v = (x − l)/(u − l)` ∈ [0, 1]^d; there the
 * simplex constraint reads `Σ w_j v_j = 1 − Σ l_j` with `w_j = u_j − l_j`.
 */
import { InputError } from '../errors.js'
import type { Random } from './random.js'

/** A search domain. */
export interface Domain {
  readonly names: readonly string[]
  readonly lower: readonly number[]
  readonly upper: readonly number[]
  /** True when the variables are ratios that must sum to 1. */
  readonly simplex: boolean
}

/** Tolerance on the simplex sum and on bounds. */
export const FEASIBILITY_TOLERANCE = 1e-9

/**
 * A box domain.
 *
 * @throws InputError when a bound is not finite or a lower bound is not below its upper bound
 */
export function createBoxDomain(options: {
  names?: readonly string[]
  lower: readonly number[]
  upper: readonly number[]
}): Domain {
  const names = options.names ?? options.lower.map((_, index) => `x${index + 1}`)
  options.lower.forEach((low, index) => {
    const high = options.upper[index]
    if (!Number.isFinite(low) || high === undefined || !Number.isFinite(high) || !(low < high)) {
      throw new InputError(
        `mixture: bounds of "${names[index]}" must be finite with lower < upper, got [${low}, ${high}]`,
        { field: `bounds.${names[index]}`, value: [low, high] },
      )
    }
  })
  return { names: [...names], lower: [...options.lower], upper: [...options.upper], simplex: false }
}

/**
 * A simplex domain: ratios of named groups, each in [min, max], summing to 1.
 *
 * @throws InputError for a duplicate or empty name, bounds outside [0, 1], min ≥ max, or bounds
 *   that no mixture can meet (Σ min > 1 or Σ max < 1)
 */
export function createSimplexDomain(
  groups: ReadonlyArray<{ name: string; min: number; max: number }>,
): Domain {
  if (groups.length < 2) {
    throw new InputError(`mixture: a mixture needs at least 2 groups, got ${groups.length}`, {
      field: 'groups',
      value: groups.map((group) => group.name),
    })
  }
  const seen = new Set<string>()
  for (const group of groups) {
    if (group.name.trim() === '' || seen.has(group.name)) {
      throw new InputError(`mixture: group name "${group.name}" is empty or repeated`, {
        field: 'groups',
        value: group.name,
      })
    }
    seen.add(group.name)
    if (
      !Number.isFinite(group.min) ||
      !Number.isFinite(group.max) ||
      group.min < 0 ||
      group.max > 1 ||
      !(group.min < group.max)
    ) {
      throw new InputError(
        `mixture: bounds of group "${group.name}" must satisfy 0 <= min < max <= 1, got [${group.min}, ${group.max}]`,
        { field: `bounds.${group.name}`, value: [group.min, group.max] },
      )
    }
  }
  const lowerSum = groups.reduce((sum, group) => sum + group.min, 0)
  const upperSum = groups.reduce((sum, group) => sum + group.max, 0)
  if (lowerSum > 1 + FEASIBILITY_TOLERANCE || upperSum < 1 - FEASIBILITY_TOLERANCE) {
    throw new InputError(
      `mixture: no mixture meets the bounds (sum of minimums ${lowerSum.toFixed(4)}, sum of maximums ${upperSum.toFixed(4)}; need sum of minimums <= 1 <= sum of maximums)`,
      { field: 'bounds', value: { lowerSum, upperSum } },
    )
  }
  return {
    names: groups.map((group) => group.name),
    lower: groups.map((group) => group.min),
    upper: groups.map((group) => group.max),
    simplex: true,
  }
}

/** Original coordinates → normalised. */
export function normalise(domain: Domain, x: readonly number[]): number[] {
  return x.map(
    (value, j) =>
      (value - (domain.lower[j] as number)) /
      ((domain.upper[j] as number) - (domain.lower[j] as number)),
  )
}

/** Normalised coordinates → original. */
export function denormalise(domain: Domain, v: ArrayLike<number>): number[] {
  const x: number[] = []
  for (let j = 0; j < domain.lower.length; j++) {
    const low = domain.lower[j] as number
    x.push(low + (v[j] as number) * ((domain.upper[j] as number) - low))
  }
  return x
}

/**
 * The Euclidean projection (in normalised coordinates) onto the feasible set: clipping for a
 * box; for the simplex, `clip(v − τ w, 0, 1)` with τ found by bisection so that the sum holds.
 */
export function projectNormalised(domain: Domain, v: ArrayLike<number>): Float64Array {
  const d = domain.lower.length
  const result = new Float64Array(d)
  if (!domain.simplex) {
    for (let j = 0; j < d; j++) result[j] = Math.min(1, Math.max(0, v[j] as number))
    return result
  }
  const widths = domain.upper.map((high, j) => high - (domain.lower[j] as number))
  const target = 1 - domain.lower.reduce((sum, low) => sum + low, 0)
  const total = (tau: number): number => {
    let sum = 0
    for (let j = 0; j < d; j++) {
      const w = widths[j] as number
      sum += w * Math.min(1, Math.max(0, (v[j] as number) - tau * w))
    }
    return sum
  }
  // total(τ) decreases in τ; bracket the root, then bisect.
  let low = -1
  let high = 1
  while (total(low) < target) low *= 2
  while (total(high) > target) high *= 2
  for (let iteration = 0; iteration < 100; iteration++) {
    const middle = 0.5 * (low + high)
    if (total(middle) > target) low = middle
    else high = middle
    if (high - low < 1e-15) break
  }
  const tau = 0.5 * (low + high)
  for (let j = 0; j < d; j++) {
    const w = widths[j] as number
    result[j] = Math.min(1, Math.max(0, (v[j] as number) - tau * w))
  }
  // Spread the last rounding error over the variables with room so the sum is exact.
  let excess = 0
  for (let j = 0; j < d; j++) excess += (widths[j] as number) * (result[j] as number)
  excess -= target
  for (let j = 0; j < d && Math.abs(excess) > 0; j++) {
    const w = widths[j] as number
    const current = result[j] as number
    const adjusted = Math.min(1, Math.max(0, current - excess / w))
    excess -= (current - adjusted) * w
    result[j] = adjusted
  }
  return result
}

/** Whether `x` (original coordinates) is inside the bounds and, for a simplex, sums to 1. */
export function isFeasible(domain: Domain, x: readonly number[], tolerance = 1e-9): boolean {
  if (x.length !== domain.lower.length) return false
  for (let j = 0; j < x.length; j++) {
    const value = x[j] as number
    if (!Number.isFinite(value)) return false
    if (value < (domain.lower[j] as number) - tolerance) return false
    if (value > (domain.upper[j] as number) + tolerance) return false
  }
  if (domain.simplex) {
    const sum = x.reduce((total, value) => total + value, 0)
    if (Math.abs(sum - 1) > tolerance * Math.max(1, x.length)) return false
  }
  return true
}

/**
 * A random feasible point in normalised coordinates: uniform on the box, or uniform on the
 * bounded simplex (a Dirichlet(1) point over the free mass, rejected while an upper bound is
 * exceeded, projected after 200 rejections).
 */
export function sampleNormalised(domain: Domain, random: Random): Float64Array {
  const d = domain.lower.length
  if (!domain.simplex) return Float64Array.from({ length: d }, () => random.next())
  const free = 1 - domain.lower.reduce((sum, low) => sum + low, 0)
  let last = new Float64Array(d)
  for (let attempt = 0; attempt < 200; attempt++) {
    const draws = Float64Array.from({ length: d }, () => -Math.log(1 - random.next()))
    const total = draws.reduce((sum, value) => sum + value, 0)
    const x = Array.from(draws, (value, j) => (domain.lower[j] as number) + (free * value) / total)
    last = Float64Array.from(normalise(domain, x))
    if (x.every((value, j) => value <= (domain.upper[j] as number))) return last
  }
  return projectNormalised(domain, last)
}
