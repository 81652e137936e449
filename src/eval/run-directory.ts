/**
 * The run directory: `run.json` (what was asked, of which items, with which settings),
 * `records.jsonl` (one line per finished item and sample, appended as each finishes: it is also
 * the response cache) and `summary.json`. A run killed at any point leaves complete lines plus
 * at most one partial last line, which resuming cuts off; finished items are never asked again.
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import { readText } from './benchmarks/load-helpers.js'
import { type EvalRecord, isEvalRecord } from './record.js'

/** The run manifest written to `run.json`. */
export interface RunManifest {
  format: 'galen-eval-run/1'
  benchmark: string
  subset?: string
  data?: string
  model: { name: string; backend: string }
  /** The settings that decide what is asked; a resumed run must have the same. */
  settings: Record<string, unknown>
  settings_hash: string
  /** The evaluated item ids, in order (the seeded subsample when `--limit` applied). */
  item_ids: string[]
  /** Number of items the benchmark had before subsampling. */
  population: number
  status: 'running' | 'interrupted' | 'complete'
  created_at: string
  updated_at: string
}

/** File names inside a run directory. */
export const RUN_FILES = {
  manifest: 'run.json',
  records: 'records.jsonl',
  summary: 'summary.json',
} as const

/** A stable hash of settings (keys sorted). */
export function hashSettings(settings: Record<string, unknown>): string {
  const sorted = Object.fromEntries(
    Object.entries(settings).sort(([left], [right]) => left.localeCompare(right)),
  )
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16)
}

/** Writes a JSON file atomically (temporary file, then rename). */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(temporary, path)
}

/** Reads `run.json`, or undefined when the folder holds none. Throws when it is unreadable. */
export function readManifest(directory: string): RunManifest | undefined {
  const path = join(directory, RUN_FILES.manifest)
  if (!existsSync(path)) return undefined
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    throw new InputError(`eval: "${path}" is not a readable run manifest`, {
      field: 'out',
      value: directory,
    })
  }
  const manifest = parsed.value as Partial<RunManifest>
  if (manifest.format !== 'galen-eval-run/1' || !Array.isArray(manifest.item_ids)) {
    throw new InputError(`eval: "${path}" is not a Galen run manifest`, {
      field: 'out',
      value: directory,
    })
  }
  return manifest as RunManifest
}

/**
 * Reads the records of a run directory, cutting off a partial last line left by a kill.
 * Unreadable lines are skipped and counted.
 */
export function recoverRecords(directory: string): {
  records: EvalRecord[]
  skipped: number
  truncatedBytes: number
} {
  const path = join(directory, RUN_FILES.records)
  if (!existsSync(path)) return { records: [], skipped: 0, truncatedBytes: 0 }
  const buffer = readFileSync(path)
  const lastNewline = buffer.lastIndexOf(0x0a)
  const keep = lastNewline + 1
  let truncatedBytes = 0
  if (keep < buffer.length) {
    truncatedBytes = buffer.length - keep
    const descriptor = openSync(path, 'r+')
    try {
      ftruncateSync(descriptor, keep)
    } finally {
      closeSync(descriptor)
    }
  }
  const records: EvalRecord[] = []
  let skipped = 0
  for (const line of buffer.subarray(0, keep).toString('utf8').split('\n')) {
    if (line.trim() === '') continue
    const parsed = safeParseJson(line, 'record')
    if (parsed.ok && isEvalRecord(parsed.value)) records.push(parsed.value)
    else skipped += 1
  }
  return { records, skipped, truncatedBytes }
}

/** Appends records to `records.jsonl` with one synchronous write per batch (kill-safe). */
export interface RecordAppender {
  append(records: readonly EvalRecord[]): void
  close(): void
}

/** Opens the records file for appending, creating the folder when needed. */
export function openRecordAppender(directory: string): RecordAppender {
  mkdirSync(directory, { recursive: true })
  const descriptor = openSync(join(directory, RUN_FILES.records), 'a')
  let open = true
  return {
    append(records) {
      if (!open || records.length === 0) return
      writeSync(descriptor, records.map((record) => `${JSON.stringify(record)}\n`).join(''))
    },
    close() {
      if (!open) return
      open = false
      closeSync(descriptor)
    },
  }
}

/**
 * Reads scored records without touching the file: a run or replay folder (its `records.jsonl`)
 * or a records file. Lines that are not records are counted in `skipped` with their 1-based
 * numbers in `skippedLines` (the first ten).
 *
 * @throws NotFoundError when the path (or the folder's records file) does not exist.
 */
export async function readRecordsFile(path: string): Promise<{
  records: EvalRecord[]
  skipped: number
  skippedLines: number[]
  manifest: RunManifest | undefined
}> {
  const isFolder = existsSync(path) && statSync(path).isDirectory()
  const file = isFolder ? join(path, RUN_FILES.records) : path
  const text = await readText(file, 'records')
  const records: EvalRecord[] = []
  const skippedLines: number[] = []
  let skipped = 0
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    const parsed = safeParseJson(line, 'record')
    if (parsed.ok && isEvalRecord(parsed.value)) records.push(parsed.value)
    else {
      skipped += 1
      if (skippedLines.length < 10) skippedLines.push(index + 1)
    }
  })
  return { records, skipped, skippedLines, manifest: isFolder ? readManifest(path) : undefined }
}
