/**
 * `rl select`: two selections over a rollout file, both streamed in two passes.
 *
 * - Best-of-N (`selectBestOfN`): per prompt, the highest-rewarded rollout(s), as SFT data (the
 *   report's candidate answer sampling). Ties go to the rollout seen first.
 * - Reward-variance selection (`selectByRewardVariance`): the prompts whose rollouts disagree
 *   most (largest reward standard deviation in their latest epoch), as Stage-2 RL prompts.
 */
import { InputError } from '../errors.js'
import { filterItemsById, type ItemFilterResult } from './item-filter.js'
import { createLineWriter, IssueLog, type LineIssue, type ProgressCallback } from './line-reader.js'
import {
  type RolloutReadOptions,
  type RolloutScan,
  reparseRollout,
  rescanRollouts,
  scanRollouts,
} from './rollout-scan.js'

/** Options shared by the selections. */
export interface SelectOptions extends RolloutReadOptions {
  out: string
  onIssue?: (issue: LineIssue) => void
  onPassProgress?: (pass: number) => ProgressCallback | undefined
}

/** The result of {@link selectBestOfN}. */
export interface BestOfNResult {
  prompts: number
  rollouts: number
  selected: number
  /** Prompts with no rollout at or above `minReward`. */
  below_min_reward: number
  mean_selected_reward: number | null
  malformed: number
  issues: LineIssue[]
}

function requireFile(input: string, command: string): void {
  if (input === '-') {
    throw new InputError(
      `rl-data: ${command} reads its input twice: give a file, not standard input`,
      {
        field: 'input',
        value: input,
      },
    )
  }
}

async function writeLines(
  input: string,
  scan: RolloutScan,
  options: SelectOptions,
  keep: (line: number, groupIndex: number) => boolean,
): Promise<void> {
  const writer = createLineWriter(options.out)
  const onProgress = options.onPassProgress?.(2)
  await rescanRollouts(
    input,
    scan,
    (text, line, groupIndex, isGalen) => {
      if (!keep(line, groupIndex)) return
      if (isGalen) writer.writeLine(text)
      else writer.writeJson(reparseRollout(text, line, options))
    },
    { afterChunk: () => writer.flush(), ...(onProgress === undefined ? {} : { onProgress }) },
  )
  await writer.close()
}

/**
 * Keeps, for each prompt, the `top` highest-rewarded rollouts (default 1) with reward at least
 * `minReward` (default: no minimum).
 */
export async function selectBestOfN(
  input: string,
  options: SelectOptions & { top?: number; minReward?: number },
): Promise<BestOfNResult> {
  requireFile(input, 'select')
  const top = options.top ?? 1
  if (!Number.isInteger(top) || top < 1) {
    throw new InputError(`rl-data: top must be a whole number >= 1, got ${top}`, {
      field: 'top',
      value: top,
    })
  }
  const minReward = options.minReward ?? Number.NEGATIVE_INFINITY
  const issues = new IssueLog(options.onIssue)
  // per prompt: the best lines so far, as [line, reward] sorted best first
  const best = new Map<string, Array<[number, number]>>()
  const belowMin = new Set<string>()
  const onProgress = options.onPassProgress?.(1)
  const scan = await scanRollouts(
    input,
    issues,
    { ...options, ...(onProgress === undefined ? {} : { onProgress }) },
    (record, _group, line) => {
      if (record.reward < minReward) {
        if (!best.has(record.prompt_id)) belowMin.add(record.prompt_id)
        return
      }
      belowMin.delete(record.prompt_id)
      let list = best.get(record.prompt_id)
      if (list === undefined) {
        list = []
        best.set(record.prompt_id, list)
      }
      if (list.length < top || record.reward > (list[list.length - 1] as [number, number])[1]) {
        let position = list.length
        while (position > 0 && (list[position - 1] as [number, number])[1] < record.reward)
          position -= 1
        list.splice(position, 0, [line, record.reward])
        if (list.length > top) list.pop()
      }
    },
  )
  const selectedLines = new Uint8Array(scan.lineCount + 1)
  let selected = 0
  let rewardSum = 0
  for (const list of best.values()) {
    for (const [line, reward] of list) {
      selectedLines[line] = 1
      selected += 1
      rewardSum += reward
    }
  }
  await writeLines(input, scan, options, (line) => selectedLines[line] === 1)
  return {
    prompts: scan.groups.promptCount,
    rollouts: scan.records,
    selected,
    below_min_reward: belowMin.size,
    mean_selected_reward: selected === 0 ? null : rewardSum / selected,
    malformed: issues.count,
    issues: issues.issues,
  }
}

/** The result of {@link selectByRewardVariance}. */
export interface VarianceSelectResult {
  prompts: number
  rollouts: number
  selected_prompts: number
  selected_rollouts: number
  /** The smallest standard deviation among the selected prompts. */
  std_cutoff: number | null
  mean_selected_std: number | null
  items?: ItemFilterResult
  malformed: number
  issues: LineIssue[]
}

/**
 * Keeps the prompts with the largest reward standard deviation (population, latest epoch): the
 * `top` most varied, or the most varied `fraction`, among those with std >= `minStd` (default
 * above 0). Writes all the rollouts of the kept prompts (every epoch), and filters an items file
 * alongside when given.
 */
export async function selectByRewardVariance(
  input: string,
  options: SelectOptions & {
    top?: number
    fraction?: number
    minStd?: number
    items?: { input: string; out: string }
  },
): Promise<VarianceSelectResult> {
  requireFile(input, 'select')
  const issues = new IssueLog(options.onIssue)
  const onProgress = options.onPassProgress?.(1)
  const scan = await scanRollouts(input, issues, {
    ...options,
    ...(onProgress === undefined ? {} : { onProgress }),
  })
  const table = scan.groups
  const ranked: Array<{ promptId: string; std: number; count: number }> = []
  const minStd = options.minStd ?? Number.MIN_VALUE
  for (let prompt = 0; prompt < table.promptCount; prompt += 1) {
    const groups = table.groupsOfPrompt(prompt)
    const summary = table.summary(groups[groups.length - 1] as number)
    if (summary.std >= minStd) {
      ranked.push({
        promptId: table.promptIds[prompt] ?? '',
        std: summary.std,
        count: summary.count,
      })
    }
  }
  ranked.sort(
    (left, right) =>
      right.std - left.std || right.count - left.count || (left.promptId < right.promptId ? -1 : 1),
  )
  let take = ranked.length
  if (options.top !== undefined) take = Math.min(take, options.top)
  if (options.fraction !== undefined) {
    take = Math.min(take, Math.round(table.promptCount * options.fraction))
  }
  const chosen = ranked.slice(0, take)
  const selectedPrompts = new Set(chosen.map((entry) => entry.promptId))
  const selectedGroups = new Uint8Array(table.size)
  let selectedRollouts = 0
  for (let group = 0; group < table.size; group += 1) {
    if (selectedPrompts.has(table.promptId(group))) {
      selectedGroups[group] = 1
      selectedRollouts += table.count(group)
    }
  }
  await writeLines(input, scan, options, (_line, groupIndex) => selectedGroups[groupIndex] === 1)
  const result: VarianceSelectResult = {
    prompts: table.promptCount,
    rollouts: scan.records,
    selected_prompts: chosen.length,
    selected_rollouts: selectedRollouts,
    std_cutoff: chosen.length === 0 ? null : (chosen[chosen.length - 1]?.std ?? null),
    mean_selected_std:
      chosen.length === 0
        ? null
        : chosen.reduce((sum, entry) => sum + entry.std, 0) / chosen.length,
    malformed: issues.count,
    issues: issues.issues,
  }
  if (options.items !== undefined) {
    const itemProgress = options.onPassProgress?.(3)
    result.items = await filterItemsById(
      options.items,
      { drop: (id) => !selectedPrompts.has(id), known: (id) => table.hasPrompt(id) },
      {
        ...(options.onIssue === undefined ? {} : { onIssue: options.onIssue }),
        ...(itemProgress === undefined ? {} : { onProgress: itemProgress }),
      },
    )
  }
  return result
}
