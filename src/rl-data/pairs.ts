/**
 * `rl pairs`: preference pairs from rollouts, for DPO-style training. Within each group (one
 * prompt in one epoch) either the best against the worst rollout (the report's DPO baseline) or
 * every pair whose reward difference is above a margin. Two streamed passes: the first keeps the
 * reward of each line, the second reads only the responses it needs and emits a group's pairs as
 * soon as its lines have all been seen.
 */
import { InputError } from '../errors.js'
import { createLineWriter, IssueLog, type LineIssue, type ProgressCallback } from './line-reader.js'
import type { RolloutRecord } from './records.js'
import {
  type RolloutReadOptions,
  reparseRollout,
  rescanRollouts,
  scanRollouts,
} from './rollout-scan.js'

/** How pairs are formed within a group. */
export type PairMode = 'best-worst' | 'all'

/** Options of {@link buildPreferencePairs}. */
export interface PairOptions extends RolloutReadOptions {
  out: string
  /** `best-worst` (default) or `all`. */
  mode?: PairMode
  /** A pair needs chosen reward - rejected reward > margin (default 0). */
  margin?: number
  /** With `all`: at most this many pairs per group, the widest margins first (default no cap). */
  maxPairsPerGroup?: number
  onIssue?: (issue: LineIssue) => void
  onPassProgress?: (pass: number) => ProgressCallback | undefined
}

/** The result of {@link buildPreferencePairs}. */
export interface PairResult {
  groups: number
  rollouts: number
  pairs: number
  /** Groups that gave no pair (uniform rewards, or differences within the margin). */
  groups_without_pair: number
  mean_margin: number | null
  malformed: number
  issues: LineIssue[]
}

type Candidate = { line: number; reward: number }

/** Picks the pairs of one group as [chosen, rejected] candidates. Exported for tests. */
export function choosePairs(
  candidates: readonly Candidate[],
  mode: PairMode,
  margin: number,
  maxPairs: number = Number.POSITIVE_INFINITY,
): Array<[Candidate, Candidate]> {
  if (candidates.length < 2) return []
  if (mode === 'best-worst') {
    let best = candidates[0] as Candidate
    let worst = candidates[0] as Candidate
    for (const candidate of candidates) {
      if (candidate.reward > best.reward) best = candidate
      if (candidate.reward < worst.reward) worst = candidate
    }
    return best.reward - worst.reward > margin ? [[best, worst]] : []
  }
  const ordered = [...candidates].sort(
    (left, right) => right.reward - left.reward || left.line - right.line,
  )
  const pairs: Array<[Candidate, Candidate]> = []
  for (let high = 0; high < ordered.length; high += 1) {
    for (let low = high + 1; low < ordered.length; low += 1) {
      const chosen = ordered[high] as Candidate
      const rejected = ordered[low] as Candidate
      if (chosen.reward - rejected.reward > margin) pairs.push([chosen, rejected])
    }
  }
  if (pairs.length > maxPairs) {
    pairs.sort(
      ([chosenA, rejectedA], [chosenB, rejectedB]) =>
        chosenB.reward - rejectedB.reward - (chosenA.reward - rejectedA.reward) ||
        chosenA.line - chosenB.line ||
        rejectedA.line - rejectedB.line,
    )
    pairs.length = maxPairs
  }
  return pairs
}

/**
 * Builds preference pairs from a rollout file and writes them as JSON Lines:
 * `{ prompt_id, epoch?, task?, prompt, chosen, rejected, chosen_reward, rejected_reward, margin,
 * ground_truth? }`.
 */
export async function buildPreferencePairs(
  input: string,
  options: PairOptions,
): Promise<PairResult> {
  if (input === '-') {
    throw new InputError('rl-data: pairs reads its input twice: give a file, not standard input', {
      field: 'input',
      value: input,
    })
  }
  const mode = options.mode ?? 'best-worst'
  const margin = options.margin ?? 0
  const issues = new IssueLog(options.onIssue)
  const candidates = new Map<number, number[]>()
  const firstProgress = options.onPassProgress?.(1)
  const scan = await scanRollouts(
    input,
    issues,
    { ...options, ...(firstProgress === undefined ? {} : { onProgress: firstProgress }) },
    (record, group, line) => {
      const list = candidates.get(group)
      if (list === undefined) candidates.set(group, [line, record.reward])
      else list.push(line, record.reward)
    },
  )
  // group index -> its pairs, and the lines still to be read for it
  const plans = new Map<number, { pairs: Array<[Candidate, Candidate]>; waiting: Set<number> }>()
  const lineNeeded = new Uint8Array(scan.lineCount + 1)
  let groupsWithoutPair = 0
  for (const [groupIndex, flat] of candidates) {
    const list: Candidate[] = []
    for (let index = 0; index < flat.length; index += 2) {
      list.push({ line: flat[index] as number, reward: flat[index + 1] as number })
    }
    const pairs = choosePairs(list, mode, margin, options.maxPairsPerGroup)
    if (pairs.length === 0) {
      groupsWithoutPair += 1
      continue
    }
    const waiting = new Set<number>()
    for (const [chosen, rejected] of pairs) {
      waiting.add(chosen.line)
      waiting.add(rejected.line)
      lineNeeded[chosen.line] = 1
      lineNeeded[rejected.line] = 1
    }
    plans.set(groupIndex, { pairs, waiting })
  }
  candidates.clear()

  const writer = createLineWriter(options.out)
  const seen = new Map<number, Map<number, RolloutRecord>>()
  let pairCount = 0
  let marginSum = 0
  const secondProgress = options.onPassProgress?.(2)
  await rescanRollouts(
    input,
    scan,
    (text, line, groupIndex) => {
      if (lineNeeded[line] !== 1) return
      const plan = plans.get(groupIndex)
      if (plan === undefined) return
      let records = seen.get(groupIndex)
      if (records === undefined) {
        records = new Map()
        seen.set(groupIndex, records)
      }
      records.set(line, reparseRollout(text, line, options))
      plan.waiting.delete(line)
      if (plan.waiting.size > 0) return
      const epoch = scan.groups.epoch(groupIndex)
      for (const [chosen, rejected] of plan.pairs) {
        const chosenRecord = records.get(chosen.line) as RolloutRecord
        const rejectedRecord = records.get(rejected.line) as RolloutRecord
        const difference = chosen.reward - rejected.reward
        writer.writeJson({
          prompt_id: scan.groups.promptId(groupIndex),
          ...(epoch === undefined ? {} : { epoch }),
          ...(chosenRecord.task === undefined ? {} : { task: chosenRecord.task }),
          prompt: chosenRecord.prompt,
          chosen: chosenRecord.response,
          rejected: rejectedRecord.response,
          chosen_reward: chosen.reward,
          rejected_reward: rejected.reward,
          margin: difference,
          ...(chosenRecord.ground_truth === undefined
            ? {}
            : { ground_truth: chosenRecord.ground_truth }),
        })
        pairCount += 1
        marginSum += difference
      }
      plans.delete(groupIndex)
      seen.delete(groupIndex)
    },
    {
      afterChunk: () => writer.flush(),
      ...(secondProgress === undefined ? {} : { onProgress: secondProgress }),
    },
  )
  await writer.close()
  return {
    groups: scan.groups.size,
    rollouts: scan.records,
    pairs: pairCount,
    groups_without_pair: groupsWithoutPair,
    mean_margin: pairCount === 0 ? null : marginSum / pairCount,
    malformed: issues.count,
    issues: issues.issues,
  }
}
