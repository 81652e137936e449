/**
 * `rl filter`: prompt filtering between RL epochs, streamed in two passes.
 *
 * - DAPO dynamic sampling (`dropUniform`): drops every group (one prompt in one epoch) whose
 *   rewards are all equal, since GRPO gives it zero advantage.
 * - Mastery resampling (`mastery`): drops every rollout of a prompt whose pass rate was at or
 *   above `passRate` in each of its `epochs` most recent epochs, and those epochs are consecutive.
 * - Difficulty bands (`keepBands`): keeps only prompts whose current pass rate (latest epoch)
 *   falls in the listed bands.
 *
 * Pass 1 aggregates each group; pass 2 copies kept lines (Galen records byte for byte; verl and
 * OpenRLHF lines rewritten as Galen records). An items file can be filtered alongside, so the
 * next epoch's dataset loses the mastered prompts.
 */
import { InputError } from '../errors.js'
import {
  type BandEdges,
  type DifficultyBand,
  difficultyBand,
  type RewardSummary,
} from './group-stats.js'
import { filterItemsById, type ItemFilterResult } from './item-filter.js'
import { createLineWriter, IssueLog, type LineIssue, type ProgressCallback } from './line-reader.js'
import {
  type GroupAggregate,
  type RolloutReadOptions,
  type RolloutScan,
  reparseRollout,
  rescanRollouts,
  scanRollouts,
} from './rollout-scan.js'

/** Why a group was dropped. */
export type DropReason = 'mastered' | 'band' | 'uniform'

/** Options of {@link filterRollouts}. */
export interface FilterOptions extends RolloutReadOptions {
  /** Where the kept rollouts go (`-` for standard output). */
  out: string
  /** Drop groups whose rewards are all equal (DAPO dynamic sampling). */
  dropUniform?: boolean
  /** Drop prompts mastered for `epochs` consecutive epochs at pass rate >= `passRate`. */
  mastery?: { passRate: number; epochs: number }
  /** Keep only prompts whose current band is listed. */
  keepBands?: readonly DifficultyBand[]
  bandEdges?: BandEdges
  /** Add an `advantage` to each kept rollout: GRPO (std division) or Dr. GRPO (mean only). */
  advantages?: 'grpo' | 'dr-grpo'
  /** Also filter a dataset: items whose `id` is a dropped prompt are left out. */
  items?: { input: string; out: string }
  /** Write one JSON line per dropped group (why, pass rate, mean) to this file. */
  droppedOut?: string
  onIssue?: (issue: LineIssue) => void
  /** Progress of each pass (`pass` is 1 or 2; 3 for the items file). */
  onPassProgress?: (pass: number) => ProgressCallback | undefined
}

/** Counts for one reason. */
export interface DropCount {
  prompts: number
  groups: number
  rollouts: number
}

/** The result of {@link filterRollouts}. */
export interface FilterResult {
  input: { prompts: number; groups: number; rollouts: number }
  kept: { prompts: number; groups: number; rollouts: number }
  dropped: Record<DropReason, DropCount>
  /** Share of prompts dropped as mastered (the report's resampling gain is about this). */
  mastered_share: number | null
  /** Prompts whose latest groups had no epoch and so could not be judged for mastery. */
  no_epoch_prompts: number
  items?: ItemFilterResult
  malformed: number
  issues: LineIssue[]
}

function isMastered(
  groups: readonly GroupAggregate[],
  mastery: { passRate: number; epochs: number },
): boolean {
  const withEpoch = groups.filter((group) => group.epoch !== undefined)
  if (withEpoch.length < mastery.epochs) return false
  const recent = withEpoch.slice(-mastery.epochs)
  for (let index = 0; index < recent.length; index += 1) {
    const group = recent[index] as GroupAggregate
    if (group.rewards.summary().passRate < mastery.passRate) return false
    const previous = recent[index - 1]
    if (previous !== undefined && (group.epoch ?? 0) !== (previous.epoch ?? 0) + 1) return false
  }
  return true
}

interface Decisions {
  groupReason: (DropReason | undefined)[]
  droppedPrompts: Set<string>
  noEpochPrompts: number
}

function decide(scan: RolloutScan, options: FilterOptions): Decisions {
  const groupReason: (DropReason | undefined)[] = new Array(scan.groups.length).fill(undefined)
  const droppedPrompts = new Set<string>()
  let noEpochPrompts = 0
  const keepBands = options.keepBands === undefined ? undefined : new Set(options.keepBands)
  for (const [promptId, groups] of scan.groupsByPrompt) {
    let promptReason: DropReason | undefined
    if (options.mastery !== undefined) {
      if (groups.every((group) => group.epoch === undefined)) noEpochPrompts += 1
      else if (isMastered(groups, options.mastery)) promptReason = 'mastered'
    }
    if (promptReason === undefined && keepBands !== undefined) {
      const latest = groups[groups.length - 1] as GroupAggregate
      const band = difficultyBand(latest.rewards.summary().passRate, options.bandEdges)
      if (!keepBands.has(band)) promptReason = 'band'
    }
    if (promptReason !== undefined) droppedPrompts.add(promptId)
    for (const group of groups) {
      if (promptReason !== undefined) groupReason[group.index] = promptReason
      else if (options.dropUniform && group.rewards.summary().uniform) {
        groupReason[group.index] = 'uniform'
      }
    }
  }
  return { groupReason, droppedPrompts, noEpochPrompts }
}

function describeGroup(group: GroupAggregate, reason: DropReason, summary: RewardSummary) {
  return {
    prompt_id: group.promptId,
    ...(group.epoch === undefined ? {} : { epoch: group.epoch }),
    task: group.task,
    reason,
    rollouts: summary.count,
    pass_rate: summary.passRate,
    mean_reward: summary.mean,
  }
}

/**
 * Filters a rollout file (see the module comment for the rules) in two streamed passes.
 *
 * @throws InputError when mastery is asked for and no record carries an epoch
 * @example
 * await filterRollouts('rollouts.jsonl', { out: 'kept.jsonl', dropUniform: true,
 *   mastery: { passRate: 0.9, epochs: 2 } })
 */
export async function filterRollouts(input: string, options: FilterOptions): Promise<FilterResult> {
  if (input === '-') {
    throw new InputError('rl-data: filter reads its input twice: give a file, not standard input', {
      field: 'input',
      value: input,
    })
  }
  const issues = new IssueLog(options.onIssue)
  const progress = (pass: number): ProgressCallback | undefined => options.onPassProgress?.(pass)
  const firstProgress = progress(1)
  const scan = await scanRollouts(input, issues, {
    ...options,
    ...(firstProgress === undefined ? {} : { onProgress: firstProgress }),
  })
  if (
    options.mastery !== undefined &&
    scan.records > 0 &&
    scan.groups.every((group) => group.epoch === undefined)
  ) {
    throw new InputError(
      'rl-data: mastery resampling needs an "epoch" on the rollouts (for verl dumps give --steps-per-epoch)',
      { field: 'epoch' },
    )
  }
  const decisions = decide(scan, options)
  const dropped: Record<DropReason, DropCount> = {
    mastered: { prompts: 0, groups: 0, rollouts: 0 },
    band: { prompts: 0, groups: 0, rollouts: 0 },
    uniform: { prompts: 0, groups: 0, rollouts: 0 },
  }
  const keptPrompts = new Set<string>()
  const droppedByReason: Record<DropReason, Set<string>> = {
    mastered: new Set(),
    band: new Set(),
    uniform: new Set(),
  }
  let keptGroups = 0
  let keptRollouts = 0
  const droppedWriter =
    options.droppedOut === undefined ? undefined : createLineWriter(options.droppedOut)
  for (const group of scan.groups) {
    const reason = decisions.groupReason[group.index]
    const summary = group.rewards.summary()
    if (reason === undefined) {
      keptPrompts.add(group.promptId)
      keptGroups += 1
      keptRollouts += summary.count
    } else {
      dropped[reason].groups += 1
      dropped[reason].rollouts += summary.count
      droppedByReason[reason].add(group.promptId)
      droppedWriter?.writeJson(describeGroup(group, reason, summary))
    }
  }
  for (const reason of ['mastered', 'band', 'uniform'] as const) {
    dropped[reason].prompts = droppedByReason[reason].size
  }
  if (droppedWriter !== undefined) await droppedWriter.close()

  const writer = createLineWriter(options.out)
  const advantageOf = (groupIndex: number, reward: number): number => {
    const summary = (scan.groups[groupIndex] as GroupAggregate).rewards.summary()
    if (summary.count <= 1) return 0
    const centred = reward - summary.mean
    return options.advantages === 'dr-grpo' ? centred : centred / (summary.sampleStd + 1e-6)
  }
  const secondProgress = progress(2)
  await rescanRollouts(
    input,
    scan,
    (text, line, groupIndex, isGalen) => {
      if (decisions.groupReason[groupIndex] !== undefined) return
      if (isGalen && options.advantages === undefined) {
        writer.writeLine(text)
        return
      }
      const record = reparseRollout(text, line, options)
      if (options.advantages !== undefined) {
        writer.writeJson({ ...record, advantage: advantageOf(groupIndex, record.reward) })
      } else writer.writeJson(record)
    },
    {
      afterChunk: () => writer.flush(),
      ...(secondProgress === undefined ? {} : { onProgress: secondProgress }),
    },
  )
  await writer.close()

  const result: FilterResult = {
    input: {
      prompts: scan.groupsByPrompt.size,
      groups: scan.groups.length,
      rollouts: scan.records,
    },
    kept: { prompts: keptPrompts.size, groups: keptGroups, rollouts: keptRollouts },
    dropped,
    mastered_share:
      scan.groupsByPrompt.size === 0 ? null : dropped.mastered.prompts / scan.groupsByPrompt.size,
    no_epoch_prompts: decisions.noEpochPrompts,
    malformed: issues.count,
    issues: issues.issues,
  }
  if (options.items !== undefined) {
    const itemProgress = options.onPassProgress?.(3)
    result.items = await filterItemsById(
      options.items,
      {
        drop: (id) => decisions.droppedPrompts.has(id),
        known: (id) => scan.groupsByPrompt.has(id),
      },
      {
        ...(options.onIssue === undefined ? {} : { onIssue: options.onIssue }),
        ...(itemProgress === undefined ? {} : { onProgress: itemProgress }),
      },
    )
  }
  return result
}
