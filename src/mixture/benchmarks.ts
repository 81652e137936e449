/**
 * The optimiser's benchmarks, as `galen mix bench` prints them: sequential BO on Hartmann-6 and
 * Branin (simple regret after a budget), and pool-based BO on RegMix's measured mixtures
 * (share of seeds whose picks reach the pool's five best) with a rank check of the GP fitted
 * on the proxy runs against larger-model runs.
 */
import type { OptimiserSettings } from './defaults.js'
import { createBoxDomain } from './domain.js'
import type { GpHyperparameters } from './gp.js'
import { suggest, suggestFromPool } from './optimiser.js'
import { TEST_PROBLEMS, type TestProblem } from './problems.js'
import { createRandom } from './random.js'
import { readRegmix } from './regmix.js'
import { fitSurrogate } from './surrogate.js'

/** `galen mix bench --problem hartmann6|branin --json`. */
export interface TestProblemReport {
  problem: string
  evaluations: number
  seeds: number
  median_regret: number
  runs: Array<{ seed: number; best_x: number[]; best_y: number }>
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Runs one seed of sequential BO on a test problem; returns every evaluation in order. */
export function optimiseTestProblem(options: {
  problem: TestProblem
  evaluations: number
  initial: number
  seed: number
  settings?: Partial<OptimiserSettings>
}): Array<{ x: number[]; y: number }> {
  const observations: Array<{ x: number[]; y: number }> = []
  let previous: GpHyperparameters | undefined
  while (observations.length < options.evaluations) {
    const result = suggest({
      domain: options.problem.domain,
      observations,
      count: 1,
      seed: `${options.problem.name}:${options.seed}`,
      settings: { ...options.settings, initialTrials: options.initial },
      previous,
    })
    previous = result.hyperparameters ?? previous
    for (const suggestion of result.suggestions) {
      observations.push({ x: suggestion.x, y: options.problem.evaluate(suggestion.x) })
    }
  }
  return observations
}

/** Runs the test-problem benchmark over seeds 0..seeds−1. */
export function runTestProblemBenchmark(options: {
  problem: 'hartmann6' | 'branin'
  evaluations: number
  initial: number
  seeds: number
  /** Optimiser overrides (the defaults otherwise). */
  settings?: Partial<OptimiserSettings>
  onSeed?: (seed: number, regret: number) => void
}): TestProblemReport {
  const problem = TEST_PROBLEMS[options.problem]
  const runs: TestProblemReport['runs'] = []
  for (let seed = 0; seed < options.seeds; seed++) {
    const observations = optimiseTestProblem({
      problem,
      evaluations: options.evaluations,
      initial: options.initial,
      seed,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    })
    const best = observations.reduce((left, right) => (right.y < left.y ? right : left))
    runs.push({ seed, best_x: best.x.map((value) => Number(value.toFixed(6))), best_y: best.y })
    options.onSeed?.(seed, best.y - problem.minimum)
  }
  return {
    problem: problem.name,
    evaluations: options.evaluations,
    seeds: options.seeds,
    median_regret: median(runs.map((run) => run.best_y - problem.minimum)),
    runs,
  }
}

/** `galen mix bench --problem regmix --json`. */
export interface RegmixReport {
  problem: 'regmix'
  pool: number
  picks: number
  initial: number
  seeds: number
  top5_share: number
  /** Share of seeds whose picks include the pool's best run. */
  top1_share: number
  /** Median over seeds of (best picked loss − pool's best loss). */
  median_regret: number
  runs: Array<{ seed: number; picked: number[] }>
  /** Spearman correlation of the GP fitted on all proxy runs with the losses of larger runs. */
  spearman: Record<string, number>
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(left: readonly number[], right: readonly number[]): number {
  const ranks = (values: readonly number[]): number[] => {
    const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value)
    const result = new Array<number>(values.length).fill(0)
    for (let start = 0; start < order.length; ) {
      let end = start
      while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1
      const rank = (start + end) / 2 + 1
      for (let k = start; k <= end; k++) result[(order[k] as { index: number }).index] = rank
      start = end + 1
    }
    return result
  }
  const a = ranks(left)
  const b = ranks(right)
  const meanA = a.reduce((sum, value) => sum + value, 0) / a.length
  const meanB = b.reduce((sum, value) => sum + value, 0) / b.length
  let covariance = 0
  let varianceA = 0
  let varianceB = 0
  for (let index = 0; index < a.length; index++) {
    const da = (a[index] as number) - meanA
    const db = (b[index] as number) - meanB
    covariance += da * db
    varianceA += da * da
    varianceB += db * db
  }
  return covariance / Math.sqrt(varianceA * varianceB)
}

/** Options of {@link runRegmixBenchmark}. */
export interface RegmixBenchmarkOptions {
  /** The RegMix `data` folder. */
  data: string
  picks: number
  initial: number
  seeds: number
  /** Which pool to optimise over (default `train`: the 512 proxy runs). */
  pool?: 'train' | 'test'
  onSeed?: (seed: number, reachedTop5: boolean) => void
}

/** Runs the pool-based benchmark and the rank check. */
export function runRegmixBenchmark(options: RegmixBenchmarkOptions): RegmixReport {
  const which = options.pool ?? 'train'
  const table = readRegmix({
    directory: options.data,
    mixtureFile: `${which}_mixture_1m.csv`,
    lossFile: `${which}_pile_loss_1m.csv`,
  })
  const d = table.domains.length
  const domain = createBoxDomain({
    names: table.domains,
    lower: new Array<number>(d).fill(0),
    upper: new Array<number>(d).fill(1),
  })
  const order = table.losses.map((loss, index) => ({ loss, index })).sort((a, b) => a.loss - b.loss)
  const top5 = new Set(order.slice(0, 5).map((entry) => entry.index))
  const poolBest = (order[0] as { loss: number }).loss
  const runs: RegmixReport['runs'] = []
  let reached = 0
  let reachedBest = 0
  const regrets: number[] = []
  for (let seed = 0; seed < options.seeds; seed++) {
    const random = createRandom(`regmix:${seed}:initial`)
    const picked: number[] = []
    const available = table.losses.map((_, index) => index)
    while (picked.length < Math.min(options.initial, options.picks)) {
      picked.push(available.splice(random.integer(available.length), 1)[0] as number)
    }
    let previous: GpHyperparameters | undefined
    while (picked.length < options.picks) {
      const result = suggestFromPool({
        domain,
        pool: table.mixtures,
        observed: picked.map((index) => ({ index, y: table.losses[index] as number })),
        count: 1,
        seed: `regmix:${seed}`,
        previous,
      })
      previous = result.hyperparameters ?? previous
      picked.push(...result.indices)
    }
    const hit = picked.some((index) => top5.has(index))
    if (hit) reached += 1
    if (picked.includes((order[0] as { index: number }).index)) reachedBest += 1
    regrets.push(Math.min(...picked.map((index) => table.losses[index] as number)) - poolBest)
    runs.push({ seed, picked })
    options.onSeed?.(seed, hit)
  }
  return {
    problem: 'regmix',
    pool: table.losses.length,
    picks: options.picks,
    initial: options.initial,
    seeds: options.seeds,
    top5_share: reached / options.seeds,
    top1_share: reachedBest / options.seeds,
    median_regret: median(regrets),
    runs,
    spearman: rankLargerRuns(options.data, table, domain),
  }
}

/** Fits the GP on every proxy run and ranks the held-out mixtures of each larger scale. */
function rankLargerRuns(
  data: string,
  table: ReturnType<typeof readRegmix>,
  domain: ReturnType<typeof createBoxDomain>,
): Record<string, number> {
  const surrogate = fitSurrogate({
    domain,
    observations: table.mixtures.map((x, index) => ({ x, y: table.losses[index] as number })),
    seed: 'regmix:rank',
  })
  const result: Record<string, number> = {}
  for (const [label, mixtureFile, lossFile] of [
    ['test_1m', 'test_mixture_1m.csv', 'test_pile_loss_1m.csv'],
    ['test_60m', 'test_mixture_60m.csv', 'test_pile_loss_60m.csv'],
    ['test_1b', 'test_mixture_1B.csv', 'test_pile_loss_1B.csv'],
  ] as const) {
    let other: ReturnType<typeof readRegmix>
    try {
      other = readRegmix({ directory: data, mixtureFile, lossFile })
    } catch {
      continue
    }
    const predicted = other.mixtures.map((x) => surrogate.predict(x).mean)
    result[label] = Number(spearman(predicted, other.losses).toFixed(4))
  }
  return result
}
