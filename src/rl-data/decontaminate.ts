/**
 * `rl decontaminate`: flags or drops training items that share a long n-gram with any benchmark
 * text: 13 words by default, and for text with CJK characters also a character n-gram over the
 * folded text (full-width, traditional and punctuation changes undone; `text-fingerprint.ts`). The benchmark side is any iterable of {@link BenchmarkText}
 * (files, the eval harness's loaders, or texts built in code); the training side is streamed.
 */

import type { BenchmarkText } from './benchmark-texts.js'
import {
  createLineWriter,
  forEachJsonLine,
  IssueLog,
  type LineIssue,
  type ProgressCallback,
} from './line-reader.js'
import { DEFAULT_NGRAM_SIZE, NgramIndex } from './ngram-index.js'
import { promptSchema, promptText } from './records.js'
import { DEFAULT_CJK_NGRAM_SIZE, fingerprintGramText, fingerprintText } from './text-fingerprint.js'

/** Per-benchmark counts of an index. */
export interface BenchmarkIndexStats {
  texts: number
  ngrams: number
  /** Texts shorter than n words (and, with CJK characters, than the CJK n units): they cannot be matched and are only counted. */
  too_short: number
}

/** The fingerprints of a set of benchmarks. */
export interface DecontaminationIndex {
  /** Word n-gram length. */
  readonly n: number
  /** Character n-gram length for text with CJK characters, in units. */
  readonly cjkN: number
  readonly benchmarks: readonly string[]
  readonly stats: Readonly<Record<string, BenchmarkIndexStats>>
  /** Distinct n-grams over all benchmarks. */
  readonly size: number
  /** @internal */
  readonly table: NgramIndex
}

/**
 * Fingerprints benchmark texts (any iterable or async iterable). At most 65,535 benchmarks.
 *
 * @example
 * const index = await buildDecontaminationIndex([{ benchmark: 'medqa', text: question }])
 */
export async function buildDecontaminationIndex(
  texts: Iterable<BenchmarkText> | AsyncIterable<BenchmarkText>,
  options: { n?: number; cjkN?: number } = {},
): Promise<DecontaminationIndex> {
  const n = options.n ?? DEFAULT_NGRAM_SIZE
  const cjkN = options.cjkN ?? DEFAULT_CJK_NGRAM_SIZE
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`rl-data: n-gram size must be >= 1, got ${n}`)
  if (!Number.isInteger(cjkN) || cjkN < 1)
    throw new RangeError(`rl-data: CJK n-gram size must be >= 1, got ${cjkN}`)
  const table = new NgramIndex()
  const benchmarks: string[] = []
  const numbers = new Map<string, number>()
  const stats: Record<string, BenchmarkIndexStats> = {}
  for await (const entry of texts) {
    let number = numbers.get(entry.benchmark)
    if (number === undefined) {
      number = benchmarks.length
      if (number > 0xfffe) throw new RangeError('rl-data: at most 65,535 benchmarks in one index')
      benchmarks.push(entry.benchmark)
      numbers.set(entry.benchmark, number)
      stats[entry.benchmark] = { texts: 0, ngrams: 0, too_short: 0 }
    }
    const counts = stats[entry.benchmark] as BenchmarkIndexStats
    counts.texts += 1
    const { hashes } = fingerprintText(entry.text, { n, cjkN })
    if (hashes.length === 0) {
      counts.too_short += 1
      continue
    }
    for (let slot = 0; slot < hashes.length; slot += 2) {
      table.add(hashes[slot] as number, hashes[slot + 1] as number, number)
    }
    counts.ngrams += hashes.length / 2
  }
  return { n, cjkN, benchmarks, stats, size: table.size, table }
}

/** What a text shares with the benchmarks. */
export interface ContaminationMatch {
  /** N-grams of the text found in any benchmark. */
  matched_ngrams: number
  /** Matched n-grams by the benchmark that first contributed them. */
  benchmarks: Record<string, number>
  /** The first matching n-gram, as normalised words (or folded CJK text). */
  example: string
}

/** Checks one text against the index; undefined when nothing matches. */
export function findContamination(
  index: DecontaminationIndex,
  text: string,
): ContaminationMatch | undefined {
  const sizes = { n: index.n, cjkN: index.cjkN }
  const fingerprint = fingerprintText(text, sizes)
  const hashes = fingerprint.hashes
  let matched = 0
  let firstAt = -1
  const benchmarks: Record<string, number> = {}
  for (let slot = 0; slot < hashes.length; slot += 2) {
    const owner = index.table.find(hashes[slot] as number, hashes[slot + 1] as number)
    if (owner < 0) continue
    matched += 1
    if (firstAt < 0) firstAt = slot / 2
    const name = index.benchmarks[owner] ?? String(owner)
    benchmarks[name] = (benchmarks[name] ?? 0) + 1
  }
  if (matched === 0) return undefined
  return {
    matched_ngrams: matched,
    benchmarks,
    example: fingerprintGramText(fingerprint, firstAt, sizes),
  }
}

function fieldText(record: Record<string, unknown>, field: string): string {
  const value = record[field]
  if (value === undefined || value === null) return ''
  if (field === 'prompt') {
    const prompt = promptSchema.safeParse(value)
    if (prompt.success) return promptText(prompt.data)
  }
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const parts: string[] = []
  const walk = (entry: unknown, depth: number): void => {
    if (typeof entry === 'string') parts.push(entry)
    else if (Array.isArray(entry)) for (const item of entry) walk(item, depth + 1)
    else if (entry !== null && typeof entry === 'object' && depth < 4) {
      for (const item of Object.values(entry)) walk(item, depth + 1)
    }
  }
  walk(value, 0)
  return parts.join('\n')
}

/** Options of {@link decontaminateFile}. */
export interface DecontaminateOptions {
  out: string
  /** `flag` (default): keep every item, add `contamination` to matches; `drop`: leave them out. */
  mode?: 'flag' | 'drop'
  /** Item fields whose text is checked (default `prompt`). */
  fields?: readonly string[]
  /** Matched n-grams needed to call an item contaminated (default 1). */
  minMatches?: number
  /** With `drop`: write the dropped items, with their `contamination`, to this file. */
  droppedOut?: string
  onIssue?: (issue: LineIssue) => void
  onProgress?: ProgressCallback
}

/** The result of {@link decontaminateFile}. */
export interface DecontaminateResult {
  read: number
  contaminated: number
  written: number
  /** Contaminated items by benchmark (an item can count for several). */
  by_benchmark: Record<string, number>
  malformed: number
  issues: LineIssue[]
}

/**
 * Streams a JSON Lines file of training records (items, rollouts, pairs), checking the text of the
 * chosen fields against the index. Clean lines are copied unchanged.
 */
export async function decontaminateFile(
  input: string,
  index: DecontaminationIndex,
  options: DecontaminateOptions,
): Promise<DecontaminateResult> {
  const mode = options.mode ?? 'flag'
  const fields = options.fields ?? ['prompt']
  const minMatches = options.minMatches ?? 1
  const issues = new IssueLog(options.onIssue)
  const writer = createLineWriter(options.out)
  const dropped =
    options.droppedOut === undefined ? undefined : createLineWriter(options.droppedOut)
  const byBenchmark: Record<string, number> = {}
  let read = 0
  let contaminated = 0
  await forEachJsonLine(
    input,
    (value, line, text) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        issues.add(line, `rl-data: line ${line} is not a JSON object`)
        return
      }
      read += 1
      const record = value as Record<string, unknown>
      const checked = fields.map((field) => fieldText(record, field)).join('\n')
      const match = findContamination(index, checked)
      if (match === undefined || match.matched_ngrams < minMatches) {
        writer.writeLine(text)
        return
      }
      contaminated += 1
      for (const name of Object.keys(match.benchmarks))
        byBenchmark[name] = (byBenchmark[name] ?? 0) + 1
      const flagged = { ...record, contamination: match }
      if (mode === 'flag') writer.writeJson(flagged)
      else dropped?.writeJson(flagged)
    },
    issues,
    {
      afterChunk: async () => {
        await writer.flush()
        await dropped?.flush()
      },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  )
  await writer.close()
  await dropped?.close()
  return {
    read,
    contaminated,
    written: writer.lines,
    by_benchmark: byBenchmark,
    malformed: issues.count,
    issues: issues.issues,
  }
}
