/**
 * Confidence intervals for accuracies: a percentile bootstrap over items (clustered when an item
 * has several samples), seeded so reports are reproducible.
 */
import { createRandom, randomInteger } from './sampling.js'

/** Options of {@link bootstrapInterval}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 2,000). */
  resamples?: number
  /** Confidence level (default 0.95). */
  level?: number
  /** Seed of the resampling (default 0). */
  seed?: string | number
}

/**
 * Percentile bootstrap interval of a mean accuracy. Each cluster is one item: `[correct, total]`
 * (total is 1 for single-sample runs, K for K samples per item). Resamples clusters with
 * replacement and returns the 2.5th and 97.5th percentiles of the pooled accuracy. Returns
 * `[0, 0]` for no data.
 */
export function bootstrapInterval(
  clusters: ReadonlyArray<readonly [number, number]>,
  options: BootstrapOptions = {},
): [number, number] {
  const count = clusters.length
  if (count === 0) return [0, 0]
  const resamples = options.resamples ?? 2000
  const level = options.level ?? 0.95
  const random = createRandom(options.seed ?? 0)
  const corrects = Float64Array.from(clusters, (cluster) => cluster[0])
  const totals = Float64Array.from(clusters, (cluster) => cluster[1])
  const estimates = new Float64Array(resamples)
  for (let round = 0; round < resamples; round += 1) {
    let correct = 0
    let total = 0
    for (let draw = 0; draw < count; draw += 1) {
      const pick = randomInteger(random, count)
      correct += corrects[pick] as number
      total += totals[pick] as number
    }
    estimates[round] = total === 0 ? 0 : correct / total
  }
  estimates.sort()
  const tail = (1 - level) / 2
  return [quantile(estimates, tail), quantile(estimates, 1 - tail)]
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) return 0
  const position = (sorted.length - 1) * probability
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  const low = sorted[lower] as number
  const high = sorted[upper] as number
  return low + (high - low) * (position - lower)
}

/** Rounds to `digits` decimals (for stable JSON output). */
export function roundTo(value: number, digits = 4): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
