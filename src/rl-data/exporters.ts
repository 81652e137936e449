/**
 * `rl export`: writes items, rollouts or pairs in the format an RL or fine-tuning engine reads:
 * verl parquet, OpenRLHF JSON Lines, TRL prompt-completion and preference JSON Lines, chat SFT
 * JSON Lines. All formats stream; the parquet file is written one row group (10,000 rows) at a
 * time with hyparquet-writer.
 */
import { rm } from 'node:fs/promises'
import { fileWriter, parquetWriteRows } from 'hyparquet-writer'
import { InputError, safeParseJson } from '../errors.js'
import {
  type ExportFormat,
  type RowSettings,
  safeParseCompletion,
  toOpenRlhfRow,
  toSftRow,
  toTrlPreferenceRow,
  toTrlPromptRow,
  toTrlRow,
  toVerlRow,
  type VerlRow,
} from './export-formats.js'
import {
  createLineWriter,
  forEachJsonLine,
  IssueLog,
  type LineIssue,
  type ProgressCallback,
  readLineBatches,
} from './line-reader.js'
import { guessRecordKind, safeParseItem, safeParsePair } from './records.js'

/** The parquet schema of a verl dataset, as datasets/pyarrow write it (every field nullable). */
export const VERL_PARQUET_SCHEMA = [
  { name: 'schema', num_children: 5 },
  { name: 'data_source', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'prompt', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'role', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'content', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'ability', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'reward_model', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'style', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'ground_truth', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'extra_info', repetition_type: 'OPTIONAL', num_children: 5 },
  { name: 'split', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'index', type: 'INT64', repetition_type: 'OPTIONAL' },
  { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'task', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  {
    name: 'ground_truth_encoding',
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'OPTIONAL',
  },
] as const

/** Options of {@link exportRecords}. */
export interface ExportOptions extends RowSettings {
  format: ExportFormat
  out: string
  onIssue?: (issue: LineIssue) => void
  onProgress?: ProgressCallback
}

/** The result of {@link exportRecords}. */
export interface ExportResult {
  format: ExportFormat
  read: number
  written: number
  malformed: number
  issues: LineIssue[]
}

/** Whether a record is a prompt item (ground truth, no response or completion). */
function isPromptItem(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    record.ground_truth !== undefined &&
    record.response === undefined &&
    record.completion === undefined
  )
}

/** Turns one parsed input value into an output row, or an error message. */
function rowBuilder(
  format: Exclude<ExportFormat, 'verl'>,
  settings: RowSettings,
): (value: unknown, field: string) => { ok: true; row: unknown } | { ok: false; message: string } {
  switch (format) {
    case 'openrlhf':
      return (value, field) => {
        const item = safeParseItem(value, field)
        return item.ok
          ? { ok: true, row: toOpenRlhfRow(item.value, settings) }
          : { ok: false, message: item.error.message }
      }
    case 'trl-preference':
      return (value, field) => {
        const pair = safeParsePair(value, field)
        return pair.ok
          ? { ok: true, row: toTrlPreferenceRow(pair.value, settings) }
          : { ok: false, message: pair.error.message }
      }
    case 'trl':
    case 'sft':
      return (value, field) => {
        const record = safeParseCompletion(value, field)
        if (!record.ok && format === 'trl' && isPromptItem(value)) {
          // an item without a response: a GRPO prompt row with the label the reward server reads
          const item = safeParseItem(value, field)
          return item.ok
            ? { ok: true, row: toTrlPromptRow(item.value, settings) }
            : { ok: false, message: item.error.message }
        }
        if (!record.ok) return { ok: false, message: record.error.message }
        return {
          ok: true,
          row:
            format === 'trl' ? toTrlRow(record.value, settings) : toSftRow(record.value, settings),
        }
      }
  }
}

async function exportVerl(
  input: string,
  options: ExportOptions,
  issues: IssueLog,
): Promise<ExportResult> {
  if (options.out === '-') {
    throw new InputError(
      'rl-data: the verl format is parquet: give an --out file, not standard output',
      {
        field: 'out',
        value: options.out,
      },
    )
  }
  let read = 0
  let written = 0
  let firstRejected: unknown
  async function* rows(): AsyncGenerator<VerlRow> {
    for await (const batch of readLineBatches(input, options.onProgress)) {
      for (const [line, text] of batch) {
        const json = safeParseJson(text, `line ${line}`)
        if (!json.ok) {
          issues.add(line, json.error.message)
          continue
        }
        read += 1
        const item = safeParseItem(json.value, `line ${line}`)
        if (!item.ok) {
          if (firstRejected === undefined) firstRejected = json.value
          issues.add(line, item.error.message)
          continue
        }
        yield toVerlRow(item.value, written, options)
        written += 1
      }
    }
  }
  try {
    await parquetWriteRows({
      writer: fileWriter(options.out),
      rows: rows(),
      columns: [
        { name: 'data_source' },
        { name: 'prompt' },
        { name: 'ability' },
        { name: 'reward_model' },
        { name: 'extra_info' },
      ],
      schema: VERL_PARQUET_SCHEMA.map((element) => ({ ...element })),
      rowGroupSize: 10_000,
      kvMetadata: [{ key: 'galen.format', value: 'verl' }],
      createdBy: 'galen rl export',
    })
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(
      `rl-data: cannot write parquet "${options.out}": ${(error as Error).message}`,
      {
        field: 'out',
        value: options.out,
        cause: error,
      },
    )
  }
  if (written === 0) {
    // A parquet file without row groups is legal, but some arrow-rs based readers cannot map its
    // nested columns, and an empty training set is a mistake anyway: leave no file behind.
    await rm(options.out, { force: true })
    const guessed = guessRecordKind(firstRejected)
    const looksLike =
      guessed === undefined || guessed === 'item' ? '' : `; these look like ${guessed}s`
    throw new InputError(
      `rl-data: no valid items in "${input}" (${issues.count} malformed ${issues.count === 1 ? 'line' : 'lines'}): expected prompt items with id, task, prompt and ground_truth${looksLike}; no verl dataset written`,
      { field: 'input', value: input },
    )
  }
  return { format: 'verl', read, written, malformed: issues.count, issues: issues.issues }
}

/**
 * Exports a JSON Lines file of items (verl, openrlhf), prompt-response records (trl, sft: rollouts
 * or best-of-N picks, `response` or `completion`) or preference pairs (trl-preference). Malformed
 * lines are reported with their number and skipped.
 *
 * @example
 * await exportRecords('items.jsonl', { format: 'verl', out: 'train.parquet' })
 */
export async function exportRecords(input: string, options: ExportOptions): Promise<ExportResult> {
  const issues = new IssueLog(options.onIssue)
  if (options.format === 'verl') return exportVerl(input, options, issues)
  const build = rowBuilder(options.format, options)
  const writer = createLineWriter(options.out)
  let read = 0
  await forEachJsonLine(
    input,
    (value, line) => {
      read += 1
      const result = build(value, `line ${line}`)
      if (result.ok) writer.writeJson(result.row)
      else issues.add(line, result.message)
    },
    issues,
    {
      afterChunk: () => writer.flush(),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  )
  await writer.close()
  return {
    format: options.format,
    read,
    written: writer.lines,
    malformed: issues.count,
    issues: issues.issues,
  }
}
