/**
 * Quotas from target proportions (largest-remainder rounding, so they add up to the total) and
 * selection sampling (Knuth's algorithm S: picks exactly k of n streamed records, each subset
 * equally likely, in one pass and constant memory).
 */
import { InputError } from '../errors.js'
import type { Random } from './random.js'

/** Normalises weights (any positive numbers) to proportions that sum to 1. */
export function normalizeWeights(
  weights: Readonly<Record<string, number>>,
): Record<string, number> {
  const entries = Object.entries(weights)
  for (const [name, weight] of entries) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new InputError(`rl-data: weight of "${name}" must be a number >= 0, got ${weight}`, {
        field: name,
        value: weight,
      })
    }
  }
  const sum = entries.reduce((total, [, weight]) => total + weight, 0)
  if (entries.length === 0 || sum <= 0) {
    throw new InputError('rl-data: the targets need at least one weight above 0', {
      field: 'targets',
      value: weights,
    })
  }
  return Object.fromEntries(entries.map(([name, weight]) => [name, weight / sum]))
}

/** Splits `total` by proportions into whole quotas that add up to `total` (largest remainder). */
export function allocateQuotas(
  total: number,
  shares: Readonly<Record<string, number>>,
): Record<string, number> {
  const names = Object.keys(shares)
  const exact = names.map((name) => total * (shares[name] ?? 0))
  const quotas = exact.map((value) => Math.floor(value))
  let left = total - quotas.reduce((sum, value) => sum + value, 0)
  const order = names
    .map((name, index) => ({ index, remainder: (exact[index] ?? 0) - (quotas[index] ?? 0), name }))
    .sort((a, b) => b.remainder - a.remainder || (a.name < b.name ? -1 : 1))
  for (const entry of order) {
    if (left <= 0) break
    if ((shares[entry.name] ?? 0) <= 0) continue
    quotas[entry.index] = (quotas[entry.index] ?? 0) + 1
    left -= 1
  }
  return Object.fromEntries(names.map((name, index) => [name, quotas[index] ?? 0]))
}

/**
 * The largest total such that each share of it can be met from what is available
 * (`floor(min(available / share))` over shares above 0).
 */
export function largestFeasibleTotal(
  available: Readonly<Record<string, number>>,
  shares: Readonly<Record<string, number>>,
): number {
  let total = Number.POSITIVE_INFINITY
  for (const [name, share] of Object.entries(shares)) {
    if (share <= 0) continue
    total = Math.min(total, (available[name] ?? 0) / share)
  }
  return Number.isFinite(total) ? Math.floor(total + 1e-9) : 0
}

/** Streams a choice of exactly `wanted` of `available` records, each subset equally likely. */
export class SelectionSampler {
  private needed: number
  private remaining: number
  private readonly random: Random

  constructor(wanted: number, available: number, random: Random) {
    this.needed = Math.max(0, Math.min(wanted, available))
    this.remaining = available
    this.random = random
  }

  /** Whether to take the next record. Call once per record, in order. */
  take(): boolean {
    if (this.remaining <= 0) return false
    const chosen = this.random.next() * this.remaining < this.needed
    this.remaining -= 1
    if (chosen) this.needed -= 1
    return chosen
  }
}
