/**
 * GRPO-style statistics of a group of rollouts (the responses sampled for one prompt): mean,
 * standard deviation, pass rate, uniformity, difficulty band and group-normalised advantages.
 */

/** Default reward at or above which a rollout counts as a pass. */
export const DEFAULT_PASS_THRESHOLD = 0.5

/** Summary of one group's rewards. */
export interface RewardSummary {
  count: number
  mean: number
  /** Population standard deviation (divides by n). */
  std: number
  /** Sample standard deviation (divides by n - 1, as torch.std does); 0 for one reward. */
  sampleStd: number
  min: number
  max: number
  /** Share of rewards at or above the pass threshold. */
  passRate: number
  /** Whether every reward is equal (DAPO's dynamic sampling drops such groups). */
  uniform: boolean
}

/**
 * Accumulates rewards one at a time in constant memory (Welford's algorithm), so a group never
 * needs its rewards held in an array.
 */
export class RewardAccumulator {
  count = 0
  mean = 0
  /** Sum of squared deviations from the running mean. */
  squaredDeviations = 0
  passes = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  readonly passThreshold: number

  constructor(passThreshold: number = DEFAULT_PASS_THRESHOLD) {
    this.passThreshold = passThreshold
  }

  /** Adds one reward. */
  add(reward: number): void {
    this.count += 1
    const delta = reward - this.mean
    this.mean += delta / this.count
    this.squaredDeviations += delta * (reward - this.mean)
    if (reward >= this.passThreshold) this.passes += 1
    if (reward < this.min) this.min = reward
    if (reward > this.max) this.max = reward
  }

  /** The summary so far. An empty group has count 0 and NaN mean. */
  summary(): RewardSummary {
    if (this.count === 0) {
      return {
        count: 0,
        mean: Number.NaN,
        std: Number.NaN,
        sampleStd: Number.NaN,
        min: Number.NaN,
        max: Number.NaN,
        passRate: Number.NaN,
        uniform: false,
      }
    }
    const variance = Math.max(0, this.squaredDeviations / this.count)
    const sampleVariance =
      this.count > 1 ? Math.max(0, this.squaredDeviations / (this.count - 1)) : 0
    return {
      count: this.count,
      mean: this.mean,
      std: Math.sqrt(variance),
      sampleStd: Math.sqrt(sampleVariance),
      min: this.min,
      max: this.max,
      passRate: this.passes / this.count,
      uniform: this.min === this.max,
    }
  }
}

/** Summarises a list of rewards (see {@link RewardSummary}). */
export function summarizeRewards(
  rewards: readonly number[],
  options: { passThreshold?: number } = {},
): RewardSummary {
  const accumulator = new RewardAccumulator(options.passThreshold)
  for (const reward of rewards) accumulator.add(reward)
  return accumulator.summary()
}

/** How advantages are normalised within a group. */
export interface AdvantageOptions {
  /**
   * Divide by the group's standard deviation (GRPO, verl's `norm_adv_by_std_in_grpo=True`).
   * With false the advantage is the reward minus the group mean (Dr. GRPO). Default true.
   */
  scaleByStd?: boolean
  /** Which standard deviation: `sample` (n - 1, as torch.std and verl; default) or `population`. */
  std?: 'sample' | 'population'
  /** Added to the standard deviation before dividing (default 1e-6, as verl). */
  epsilon?: number
}

/**
 * Group-normalised advantages of one group's rewards: `(r - mean) / (std + epsilon)` (GRPO) or
 * `r - mean` (Dr. GRPO). A group of one has no baseline and gets advantage 0; a uniform group
 * gets 0 for every rollout.
 */
export function computeAdvantages(
  rewards: readonly number[],
  options: AdvantageOptions = {},
): number[] {
  if (rewards.length <= 1) return rewards.map(() => 0)
  const summary = summarizeRewards(rewards)
  const scale = options.scaleByStd ?? true
  const std = options.std === 'population' ? summary.std : summary.sampleStd
  const epsilon = options.epsilon ?? 1e-6
  return rewards.map((reward) => {
    const centred = reward - summary.mean
    return scale ? centred / (std + epsilon) : centred
  })
}

/** Difficulty bands, from a prompt's pass rate. */
export type DifficultyBand = 'unsolved' | 'hard' | 'medium' | 'easy' | 'solved'

/** Every band, easiest last. */
export const DIFFICULTY_BANDS: readonly DifficultyBand[] = [
  'unsolved',
  'hard',
  'medium',
  'easy',
  'solved',
]

/** Where the bands split: `hard` below `hardBelow`, `easy` from `easyFrom` (defaults 0.3, 0.7). */
export interface BandEdges {
  hardBelow?: number
  easyFrom?: number
}

/**
 * The band of a pass rate: `unsolved` (0), `hard` (below 0.3), `medium`, `easy` (0.7 and up, below
 * 1) or `solved` (1).
 */
export function difficultyBand(passRate: number, edges: BandEdges = {}): DifficultyBand {
  const hardBelow = edges.hardBelow ?? 0.3
  const easyFrom = edges.easyFrom ?? 0.7
  if (passRate <= 0) return 'unsolved'
  if (passRate >= 1) return 'solved'
  if (passRate < hardBelow) return 'hard'
  if (passRate >= easyFrom) return 'easy'
  return 'medium'
}

/**
 * Labels of the pass-rate histogram: all-fail (`=0`) and all-pass (`=1`) apart, the rest in
 * fifths. (No label is a bare number, so JSON objects keep this order.)
 */
export const PASS_RATE_BINS = [
  '=0',
  '(0,0.2)',
  '[0.2,0.4)',
  '[0.4,0.6)',
  '[0.6,0.8)',
  '[0.8,1)',
  '=1',
] as const

/** The histogram bin of a pass rate (see {@link PASS_RATE_BINS}). */
export function passRateBin(passRate: number): (typeof PASS_RATE_BINS)[number] {
  if (passRate <= 0) return '=0'
  if (passRate >= 1) return '=1'
  if (passRate < 0.2) return '(0,0.2)'
  if (passRate < 0.4) return '[0.2,0.4)'
  if (passRate < 0.6) return '[0.4,0.6)'
  if (passRate < 0.8) return '[0.6,0.8)'
  return '[0.8,1)'
}
