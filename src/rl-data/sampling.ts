/**
 * `rl sample`: label-stratified sampling to target proportions (the report's balanced RL data:
 * by task, specialty, source). Two streamed passes: count each stratum, then draw exactly each
 * stratum's quota with seeded selection sampling, keeping the input order.
 */
import { InputError } from '../errors.js'
import {
  createLineWriter,
  forEachJsonLine,
  forEachLine,
  IssueLog,
  type LineIssue,
  type ProgressCallback,
} from './line-reader.js'
import {
  allocateQuotas,
  largestFeasibleTotal,
  normalizeWeights,
  SelectionSampler,
} from './quotas.js'
import { createRandom } from './random.js'
import { readLabel } from './records.js'

/** The label of records that lack the stratification key. */
export const MISSING_LABEL = '(none)'

/** Options of {@link sampleStratified}. */
export interface StratifiedSampleOptions {
  out: string
  /** The label key: `task`, `specialty`, or a dotted path such as `labels.source`. */
  by: string
  /** Target proportions per label (any positive weights; normalised). Unlisted labels get none. */
  targets: Readonly<Record<string, number>>
  /** How many records to draw; default the most the targets allow without repeats. */
  total?: number
  seed: number | string
  onIssue?: (issue: LineIssue) => void
  onPassProgress?: (pass: number) => ProgressCallback | undefined
}

/** Per-stratum outcome. */
export interface StratumResult {
  available: number
  target_share: number
  quota: number
  selected: number
  /** Quota that could not be met (the stratum was too small). */
  shortfall: number
}

/** The result of {@link sampleStratified}. */
export interface StratifiedSampleResult {
  read: number
  total: number
  selected: number
  strata: Record<string, StratumResult>
  /** Records whose label was not among the targets, by label. */
  unlisted: Record<string, number>
  malformed: number
  issues: LineIssue[]
}

/**
 * Draws a stratified sample of a JSON Lines file. Each line must be a JSON object; its label is
 * read with {@link readLabel} (missing labels count as `(none)`, which can be a target too).
 *
 * @throws InputError for empty targets or a negative weight
 */
export async function sampleStratified(
  input: string,
  options: StratifiedSampleOptions,
): Promise<StratifiedSampleResult> {
  if (input === '-') {
    throw new InputError('rl-data: sample reads its input twice: give a file, not standard input', {
      field: 'input',
      value: input,
    })
  }
  const shares = normalizeWeights(options.targets)
  const issues = new IssueLog(options.onIssue)
  const counts = new Map<string, number>()
  let labels = new Int32Array(1 << 16).fill(-1)
  const labelIndex = new Map<string, number>()
  const labelNames: string[] = []
  let read = 0
  const firstProgress = options.onPassProgress?.(1)
  const lineCount = await forEachJsonLine(
    input,
    (value, line) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        issues.add(line, `rl-data: line ${line} is not a JSON object`)
        return
      }
      read += 1
      const label = readLabel(value, options.by) ?? MISSING_LABEL
      counts.set(label, (counts.get(label) ?? 0) + 1)
      let index = labelIndex.get(label)
      if (index === undefined) {
        index = labelNames.length
        labelNames.push(label)
        labelIndex.set(label, index)
      }
      if (line >= labels.length) {
        const grown = new Int32Array(Math.max(labels.length * 2, line + 1)).fill(-1)
        grown.set(labels)
        labels = grown
      }
      labels[line] = index
    },
    issues,
    firstProgress === undefined ? {} : { onProgress: firstProgress },
  )
  const available = Object.fromEntries(
    Object.keys(shares).map((label) => [label, counts.get(label) ?? 0]),
  )
  const total = options.total ?? largestFeasibleTotal(available, shares)
  const quotas = allocateQuotas(total, shares)
  const random = createRandom(options.seed)
  const samplers = new Map<number, SelectionSampler>()
  const strata: Record<string, StratumResult> = {}
  for (const label of Object.keys(shares)) {
    const quota = quotas[label] ?? 0
    const have = available[label] ?? 0
    const index = labelIndex.get(label)
    if (index !== undefined) samplers.set(index, new SelectionSampler(quota, have, random))
    strata[label] = {
      available: have,
      target_share: shares[label] ?? 0,
      quota,
      selected: Math.min(quota, have),
      shortfall: Math.max(0, quota - have),
    }
  }
  const unlisted: Record<string, number> = {}
  for (const [label, count] of counts) if (!(label in shares)) unlisted[label] = count

  const writer = createLineWriter(options.out)
  const secondProgress = options.onPassProgress?.(2)
  const secondCount = await forEachLine(
    input,
    (text, line) => {
      const index = line < labels.length ? (labels[line] ?? -1) : -1
      if (index < 0) return
      if (samplers.get(index)?.take()) writer.writeLine(text)
    },
    {
      afterChunk: () => writer.flush(),
      ...(secondProgress === undefined ? {} : { onProgress: secondProgress }),
    },
  )
  await writer.close()
  if (secondCount !== lineCount) {
    throw new InputError(`rl-data: "${input}" changed between the two passes`, {
      field: 'input',
      value: input,
    })
  }
  return {
    read,
    total,
    selected: writer.lines,
    strata,
    unlisted,
    malformed: issues.count,
    issues: issues.issues,
  }
}
