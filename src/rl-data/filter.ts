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
import type { GroupTable } from './group-table.js'
import { filterItemsById, type ItemFilterResult } from './item-filter.js'
import { createLineWriter, IssueLog, type LineIssue, type ProgressCallback } from './line-reader.js'
import {
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
  table: GroupTable,
  groups: readonly number[],
  mastery: { passRate: number; epochs: number },
): boolean {
  const withEpoch = groups.filter((group) => table.epoch(group) !== undefined)
  if (withEpoch.length < mastery.epochs) return false
  const recent = withEpoch.slice(-mastery.epochs)
  for (let index = 0; index < recent.length; index += 1) {
    const group = recent[index] as number
    if (table.summary(group).passRate < mastery.passRate) return false
    const previous = recent[index - 1]
    if (previous !== undefined && (table.epoch(group) ?? 0) !== (table.epoch(previous) ?? 0) + 1) {
      return false
    }
  }
  return true
}

/** Reasons as stored per group: 0 kept, then the index in REASONS plus one. */
const REASONS: readonly DropReason[] = ['mastered', 'band', 'uniform']

interface Decisions {
  /** Per group: 0 kept, 1 mastered, 2 band, 3 uniform. */
  groupReason: Uint8Array
  droppedPrompts: Set<string>
  noEpochPrompts: number
}

function decide(scan: RolloutScan, options: FilterOptions): Decisions {
  const table = scan.groups
  const groupReason = new Uint8Array(table.size)
  const droppedPrompts = new Set<string>()
  let noEpochPrompts = 0
  const keepBands = options.keepBands === undefined ? undefined : new Set(options.keepBands)
  for (let prompt = 0; prompt < table.promptCount; prompt += 1) {
    const groups = table.groupsOfPrompt(prompt)
    let promptReason: DropReason | undefined
    if (options.mastery !== undefined) {
      if (groups.every((group) => table.epoch(group) === undefined)) noEpochPrompts += 1
      else if (isMastered(table, groups, options.mastery)) promptReason = 'mastered'
    }
    if (promptReason === undefined && keepBands !== undefined) {
      const latest = groups[groups.length - 1] as number
      const band = difficultyBand(table.summary(latest).passRate, options.bandEdges)
      if (!keepBands.has(band)) promptReason = 'band'
    }
    if (promptReason !== undefined) droppedPrompts.add(table.promptIds[prompt] ?? '')
    for (const group of groups) {
      if (promptReason !== undefined) groupReason[group] = REASONS.indexOf(promptReason) + 1
      else if (options.dropUniform && table.summary(group).uniform) {
        groupReason[group] = REASONS.indexOf('uniform') + 1
      }
    }
  }
  return { groupReason, droppedPrompts, noEpochPrompts }
}

function describeGroup(
  table: GroupTable,
  group: number,
  reason: DropReason,
  summary: RewardSummary,
) {
  const epoch = table.epoch(group)
  return {
    prompt_id: table.promptId(group),
    ...(epoch === undefined ? {} : { epoch }),
    task: table.task(group),
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
  if (options.mastery !== undefined && scan.records > 0 && !hasAnyEpoch(scan.groups)) {
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
  const table = scan.groups
  // per prompt: bit 0 = some group kept, bits 1-3 = some group dropped for REASONS[0..2]
  const promptFlags = new Uint8Array(table.promptCount)
  let keptGroups = 0
  let keptRollouts = 0
  const droppedWriter =
    options.droppedOut === undefined ? undefined : createLineWriter(options.droppedOut)
  for (let group = 0; group < table.size; group += 1) {
    const code = decisions.groupReason[group] ?? 0
    const prompt = table.promptIndexOf(group)
    const count = table.count(group)
    const reason = code === 0 ? undefined : REASONS[code - 1]
    if (reason === undefined) {
      promptFlags[prompt] = (promptFlags[prompt] ?? 0) | 1
      keptGroups += 1
      keptRollouts += count
    } else {
      dropped[reason].groups += 1
      dropped[reason].rollouts += count
      promptFlags[prompt] = (promptFlags[prompt] ?? 0) | (1 << code)
      droppedWriter?.writeJson(describeGroup(table, group, reason, table.summary(group)))
    }
  }
  let keptPrompts = 0
  for (const flags of promptFlags) {
    if (flags & 1) keptPrompts += 1
    REASONS.forEach((reason, index) => {
      if (flags & (1 << (index + 1))) dropped[reason].prompts += 1
    })
  }
  if (droppedWriter !== undefined) await droppedWriter.close()

  const writer = createLineWriter(options.out)
  const advantageOf = (groupIndex: number, reward: number): number => {
    const summary = table.summary(groupIndex)
    if (summary.count <= 1) return 0
    const centred = reward - summary.mean
    return options.advantages === 'dr-grpo' ? centred : centred / (summary.sampleStd + 1e-6)
  }
  const secondProgress = progress(2)
  await rescanRollouts(
    input,
    scan,
    (text, line, groupIndex, isGalen) => {
      if (decisions.groupReason[groupIndex] !== 0) return
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
    input: { prompts: table.promptCount, groups: table.size, rollouts: scan.records },
    kept: { prompts: keptPrompts, groups: keptGroups, rollouts: keptRollouts },
    dropped,
    mastered_share: table.promptCount === 0 ? null : dropped.mastered.prompts / table.promptCount,
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
        known: (id) => table.hasPrompt(id),
      },
      {
        ...(options.onIssue === undefined ? {} : { onIssue: options.onIssue }),
        ...(itemProgress === undefined ? {} : { onProgress: itemProgress }),
      },
    )
  }
  return result
}

function hasAnyEpoch(table: GroupTable): boolean {
  for (let group = 0; group < table.size; group += 1) {
    if (table.epoch(group) !== undefined) return true
  }
  return false
}
