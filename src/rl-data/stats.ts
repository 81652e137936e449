/**
 * `rl stats`: counts, mean reward, pass-rate histogram, uniform groups and difficulty bands of a
 * rollout file, overall and per task, in one streamed pass.
 */
import {
  type BandEdges,
  DIFFICULTY_BANDS,
  type DifficultyBand,
  difficultyBand,
  PASS_RATE_BINS,
  passRateBin,
} from './group-stats.js'
import type { GroupTable } from './group-table.js'
import { IssueLog, type LineIssue } from './line-reader.js'
import { type RolloutReadOptions, scanRollouts } from './rollout-scan.js'

/** Statistics of a set of groups. */
export interface RolloutTally {
  /** Distinct prompt ids. */
  prompts: number
  /** Groups (prompt and epoch). Equals `prompts` when records carry no epoch. */
  groups: number
  rollouts: number
  mean_reward: number | null
  /** Groups whose rewards are all equal (no GRPO signal). */
  uniform_groups: number
  uniform_share: number | null
  /** Mean of the groups' pass rates. */
  mean_pass_rate: number | null
  /** Groups per pass-rate bin. */
  pass_rate_histogram: Record<string, number>
  /** Groups per difficulty band. */
  bands: Record<DifficultyBand, number>
}

/** The result of {@link computeRolloutStats}. */
export interface RolloutStats extends RolloutTally {
  by_task: Record<string, RolloutTally>
  epochs: number[]
  pass_threshold: number
  /** Lines that were not valid rollouts (reported, not used). */
  malformed: number
  issues: LineIssue[]
}

class Tally {
  prompts = new Set<string>()
  groups = 0
  rollouts = 0
  rewardSum = 0
  uniform = 0
  passRateSum = 0
  histogram: Record<string, number> = Object.fromEntries(PASS_RATE_BINS.map((bin) => [bin, 0]))
  bands = Object.fromEntries(DIFFICULTY_BANDS.map((band) => [band, 0])) as Record<
    DifficultyBand,
    number
  >

  add(table: GroupTable, group: number, edges: BandEdges): void {
    const summary = table.summary(group)
    this.prompts.add(table.promptId(group))
    this.groups += 1
    this.rollouts += summary.count
    this.rewardSum += summary.mean * summary.count
    if (summary.uniform) this.uniform += 1
    this.passRateSum += summary.passRate
    const bin = passRateBin(summary.passRate)
    this.histogram[bin] = (this.histogram[bin] ?? 0) + 1
    this.bands[difficultyBand(summary.passRate, edges)] += 1
  }

  result(): RolloutTally {
    return {
      prompts: this.prompts.size,
      groups: this.groups,
      rollouts: this.rollouts,
      mean_reward: this.rollouts === 0 ? null : this.rewardSum / this.rollouts,
      uniform_groups: this.uniform,
      uniform_share: this.groups === 0 ? null : this.uniform / this.groups,
      mean_pass_rate: this.groups === 0 ? null : this.passRateSum / this.groups,
      pass_rate_histogram: this.histogram,
      bands: this.bands,
    }
  }
}

/** Options of {@link computeRolloutStats}. */
export interface RolloutStatsOptions extends RolloutReadOptions {
  bandEdges?: BandEdges
  /** Called for each malformed line as it is found. */
  onIssue?: (issue: LineIssue) => void
}

/**
 * Streams a rollout file (`-` for standard input) and returns its statistics. Memory holds one
 * small aggregate per group, never the rollouts.
 *
 * @example
 * const stats = await computeRolloutStats('rollouts.jsonl')
 * stats.uniform_share // share of groups with no GRPO signal
 */
export async function computeRolloutStats(
  path: string,
  options: RolloutStatsOptions = {},
): Promise<RolloutStats> {
  const issues = new IssueLog(options.onIssue)
  const scan = await scanRollouts(path, issues, { ...options, trackLines: false })
  const overall = new Tally()
  const byTask = new Map<string, Tally>()
  const edges = options.bandEdges ?? {}
  const epochs = new Set<number>()
  const table = scan.groups
  for (let group = 0; group < table.size; group += 1) {
    overall.add(table, group, edges)
    const task = table.task(group)
    let tally = byTask.get(task)
    if (tally === undefined) {
      tally = new Tally()
      byTask.set(task, tally)
    }
    tally.add(table, group, edges)
    const epoch = table.epoch(group)
    if (epoch !== undefined) epochs.add(epoch)
  }
  return {
    ...overall.result(),
    by_task: Object.fromEntries(
      [...byTask.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([task, tally]) => [task, tally.result()]),
    ),
    epochs: [...epochs].sort((left, right) => left - right),
    pass_threshold: options.passThreshold ?? 0.5,
    malformed: issues.count,
    issues: issues.issues,
  }
}
