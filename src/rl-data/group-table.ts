/**
 * Per-group reward aggregates held in typed arrays (struct of arrays): about 60 bytes a group
 * plus one map entry a prompt, instead of an object graph several times that size. A group is
 * the rollouts of one prompt in one epoch; the groups of a prompt are chained, so finding a
 * record's group needs no per-group key string.
 */
import type { RewardSummary } from './group-stats.js'

const NO_EPOCH = -1

function grow<T extends Int32Array | Float64Array>(array: T, size: number, fill?: number): T {
  if (size <= array.length) return array
  const grown = new (array.constructor as new (length: number) => T)(
    Math.max(size, array.length * 2),
  )
  if (fill !== undefined) grown.fill(fill)
  grown.set(array)
  return grown
}

/** Streaming reward aggregates of every group (Welford's algorithm per group). */
export class GroupTable {
  /** Groups so far. */
  size = 0
  private counts = new Int32Array(1024)
  private means = new Float64Array(1024)
  private squaredDeviations = new Float64Array(1024)
  private passes = new Int32Array(1024)
  private minimums = new Float64Array(1024)
  private maximums = new Float64Array(1024)
  private epochs = new Int32Array(1024)
  private promptOf = new Int32Array(1024)
  private taskOf = new Int32Array(1024)
  /** Next group of the same prompt, or -1. */
  private nextOfPrompt = new Int32Array(1024)
  /** First group of each prompt. */
  private firstOfPrompt = new Int32Array(1024)
  private readonly promptIndex = new Map<string, number>()
  /** Prompt ids by prompt index. */
  readonly promptIds: string[] = []
  private readonly taskIndex = new Map<string, number>()
  private readonly tasks: string[] = []
  readonly passThreshold: number

  constructor(passThreshold: number) {
    this.passThreshold = passThreshold
  }

  /** Distinct prompts so far. */
  get promptCount(): number {
    return this.promptIds.length
  }

  /** Adds one reward to the group of (prompt, epoch), creating it; returns the group index. */
  add(
    promptId: string,
    epoch: number | undefined,
    task: string | undefined,
    reward: number,
  ): number {
    let prompt = this.promptIndex.get(promptId)
    if (prompt === undefined) {
      prompt = this.promptIds.length
      this.promptIds.push(promptId)
      this.promptIndex.set(promptId, prompt)
      this.firstOfPrompt = grow(this.firstOfPrompt, prompt + 1, -1)
      this.firstOfPrompt[prompt] = -1
    }
    const wanted = epoch ?? NO_EPOCH
    let group = this.firstOfPrompt[prompt] ?? -1
    let last = -1
    while (group >= 0 && this.epochs[group] !== wanted) {
      last = group
      group = this.nextOfPrompt[group] ?? -1
    }
    if (group < 0) group = this.create(prompt, wanted, task ?? 'unknown', last)
    this.addReward(group, reward)
    return group
  }

  private create(prompt: number, epoch: number, task: string, previous: number): number {
    const group = this.size
    this.size += 1
    const needed = group + 1
    this.counts = grow(this.counts, needed)
    this.means = grow(this.means, needed)
    this.squaredDeviations = grow(this.squaredDeviations, needed)
    this.passes = grow(this.passes, needed)
    this.minimums = grow(this.minimums, needed)
    this.maximums = grow(this.maximums, needed)
    this.epochs = grow(this.epochs, needed)
    this.promptOf = grow(this.promptOf, needed)
    this.taskOf = grow(this.taskOf, needed)
    this.nextOfPrompt = grow(this.nextOfPrompt, needed)
    let taskNumber = this.taskIndex.get(task)
    if (taskNumber === undefined) {
      taskNumber = this.tasks.length
      this.tasks.push(task)
      this.taskIndex.set(task, taskNumber)
    }
    this.epochs[group] = epoch
    this.promptOf[group] = prompt
    this.taskOf[group] = taskNumber
    this.nextOfPrompt[group] = -1
    this.minimums[group] = Number.POSITIVE_INFINITY
    this.maximums[group] = Number.NEGATIVE_INFINITY
    if (previous < 0) this.firstOfPrompt[prompt] = group
    else this.nextOfPrompt[previous] = group
    return group
  }

  private addReward(group: number, reward: number): void {
    const count = (this.counts[group] ?? 0) + 1
    this.counts[group] = count
    const mean = this.means[group] ?? 0
    const delta = reward - mean
    const nextMean = mean + delta / count
    this.means[group] = nextMean
    this.squaredDeviations[group] =
      (this.squaredDeviations[group] ?? 0) + delta * (reward - nextMean)
    if (reward >= this.passThreshold) this.passes[group] = (this.passes[group] ?? 0) + 1
    if (reward < (this.minimums[group] ?? 0)) this.minimums[group] = reward
    if (reward > (this.maximums[group] ?? 0)) this.maximums[group] = reward
  }

  /** Rollouts in a group. */
  count(group: number): number {
    return this.counts[group] ?? 0
  }

  /** The prompt id of a group. */
  promptId(group: number): string {
    return this.promptIds[this.promptOf[group] ?? 0] ?? ''
  }

  /** The prompt index of a group. */
  promptIndexOf(group: number): number {
    return this.promptOf[group] ?? 0
  }

  /** The epoch of a group, or undefined. */
  epoch(group: number): number | undefined {
    const epoch = this.epochs[group] ?? NO_EPOCH
    return epoch === NO_EPOCH ? undefined : epoch
  }

  /** The task of a group's first record (`unknown` when absent). */
  task(group: number): string {
    return this.tasks[this.taskOf[group] ?? 0] ?? 'unknown'
  }

  /** Whether a prompt id has rollouts. */
  hasPrompt(promptId: string): boolean {
    return this.promptIndex.has(promptId)
  }

  /** The groups of a prompt (by prompt index), oldest epoch first (no epoch sorts first). */
  groupsOfPrompt(prompt: number): number[] {
    const groups: number[] = []
    for (
      let group = this.firstOfPrompt[prompt] ?? -1;
      group >= 0;
      group = this.nextOfPrompt[group] ?? -1
    ) {
      groups.push(group)
    }
    if (groups.length > 1)
      groups.sort((left, right) => (this.epochs[left] ?? 0) - (this.epochs[right] ?? 0))
    return groups
  }

  /** The summary of a group (see {@link RewardSummary}). */
  summary(group: number): RewardSummary {
    const count = this.counts[group] ?? 0
    const squared = this.squaredDeviations[group] ?? 0
    const min = this.minimums[group] ?? Number.NaN
    const max = this.maximums[group] ?? Number.NaN
    return {
      count,
      mean: this.means[group] ?? Number.NaN,
      std: Math.sqrt(Math.max(0, squared / count)),
      sampleStd: count > 1 ? Math.sqrt(Math.max(0, squared / (count - 1))) : 0,
      min,
      max,
      passRate: (this.passes[group] ?? 0) / count,
      uniform: min === max,
    }
  }
}
