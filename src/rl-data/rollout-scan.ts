/**
 * The first pass of every two-pass rollout command: reads a rollout file once and keeps only small
 * per-group aggregates (a group is the rollouts of one prompt in one epoch; about 60 bytes each, in
 * typed arrays) plus the group of each line (4 bytes a line). Commands then decide which groups to keep and read the file a second time
 * to write the kept lines, so memory never holds the rollouts themselves and the input need not be
 * sorted by prompt.
 */
import { InputError } from '../errors.js'
import { DEFAULT_PASS_THRESHOLD } from './group-stats.js'
import { GroupTable } from './group-table.js'
import { detectRolloutFormat, type ImportSettings, normalizeRollout } from './importers.js'
import {
  forEachJsonLine,
  forEachLine,
  type IssueLog,
  type ProgressCallback,
} from './line-reader.js'
import type { RolloutRecord } from './records.js'

/** Options shared by rollout-reading commands. */
export interface RolloutReadOptions extends ImportSettings {
  /** Keep the group of each line for a second pass (default true; single-pass readers skip it). */
  trackLines?: boolean
  /** Reward at or above which a rollout passes (default 0.5). */
  passThreshold?: number
  onProgress?: ProgressCallback
}

/** The outcome of the first pass. */
export interface RolloutScan {
  /** Per-group aggregates; groups and prompts are numbered in order of first appearance. */
  groups: GroupTable
  /**
   * Group of each line (index = line number): `g` for a Galen record of group g, `-(g + 2)` for a
   * verl or OpenRLHF line of group g (it is rewritten as a Galen record), -1 for blank or
   * malformed lines.
   */
  lineGroups: Int32Array
  /** Lines in the file, blank ones included. */
  lineCount: number
  /** Valid rollout records read. */
  records: number
  /** Sum of all rewards. */
  rewardSum: number
}

/**
 * Reads a rollout file once, validating each line, and returns the group aggregates. Malformed
 * lines go to `issues` with their line number. `onRecord` sees every valid record (for extra
 * aggregates) with its group.
 */
export async function scanRollouts(
  path: string,
  issues: IssueLog,
  options: RolloutReadOptions = {},
  onRecord?: (record: RolloutRecord, group: number, line: number) => void,
): Promise<RolloutScan> {
  const passThreshold = options.passThreshold ?? DEFAULT_PASS_THRESHOLD
  const groups = new GroupTable(passThreshold)
  const trackLines = options.trackLines ?? true
  let lineGroups = new Int32Array(trackLines ? 1 << 16 : 0).fill(-1)
  let records = 0
  let rewardSum = 0
  const settingsFor = {
    galen: { ...options, from: 'galen' as const },
    verl: { ...options, from: 'verl' as const },
    openrlhf: { ...options, from: 'openrlhf' as const },
    auto: { ...options, from: 'auto' as const },
  }
  const lineCount = await forEachJsonLine(
    path,
    (value, line) => {
      const format =
        options.from === undefined || options.from === 'auto'
          ? detectRolloutFormat(value)
          : options.from
      const parsed = normalizeRollout(value, settingsFor[format ?? 'auto'], `line ${line}`)
      if (!parsed.ok) {
        issues.add(line, parsed.error.message)
        return
      }
      const record = parsed.value
      if (!Number.isFinite(record.reward)) {
        issues.add(line, `rl-data: line ${line} has a reward that is not a finite number`)
        return
      }
      const group = groups.add(record.prompt_id, record.epoch, record.task, record.reward)
      records += 1
      rewardSum += record.reward
      if (!trackLines) {
        onRecord?.(record, group, line)
        return
      }
      if (line >= lineGroups.length) {
        const grown = new Int32Array(Math.max(lineGroups.length * 2, line + 1)).fill(-1)
        grown.set(lineGroups)
        lineGroups = grown
      }
      lineGroups[line] = format === 'galen' ? group : -(group + 2)
      onRecord?.(record, group, line)
    },
    issues,
    options.onProgress === undefined ? {} : { onProgress: options.onProgress },
  )
  return { groups, lineGroups, lineCount, records, rewardSum }
}

/**
 * The second pass: calls `onLine(text, line, groupIndex, isGalen)` for each valid line of the
 * file, using the first pass's line-to-group map (no JSON parsing). `isGalen` is false for verl
 * and OpenRLHF lines. Throws when the file changed in between.
 */
export async function rescanRollouts(
  path: string,
  scan: RolloutScan,
  onLine: (text: string, line: number, groupIndex: number, isGalen: boolean) => void,
  options: { onProgress?: ProgressCallback; afterChunk?: () => Promise<void> } = {},
): Promise<void> {
  const lineCount = await forEachLine(
    path,
    (text, line) => {
      const code = line < scan.lineGroups.length ? (scan.lineGroups[line] ?? -1) : -1
      if (code >= 0) onLine(text, line, code, true)
      else if (code <= -2) onLine(text, line, -code - 2, false)
    },
    options,
  )
  if (lineCount !== scan.lineCount) {
    throw new InputError(
      `rl-data: "${path}" changed between the two passes (${scan.lineCount} lines, then ${lineCount})`,
      { field: 'input', value: path },
    )
  }
}

/**
 * Parses a line again in the second pass (it was valid in the first) and returns its record.
 *
 * @throws InputError when it no longer parses (the file changed between passes)
 */
export function reparseRollout(
  text: string,
  line: number,
  settings: ImportSettings,
): RolloutRecord {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    throw new InputError(`rl-data: line ${line} changed between the two passes`, {
      field: `line ${line}`,
      value: text.slice(0, 80),
      cause: error,
    })
  }
  const parsed = normalizeRollout(value, settings, `line ${line}`)
  if (!parsed.ok) throw parsed.error
  return parsed.value
}
