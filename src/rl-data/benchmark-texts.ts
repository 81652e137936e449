/**
 * Benchmark texts for decontamination: from any iterable of `{ benchmark, text }`, from plain
 * files (`NAME=PATH`: JSON Lines, JSON or text), or from the eval harness's benchmark loaders
 * (`src/eval`, imported lazily).
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import { forEachLine } from './line-reader.js'

/** One text to fingerprint, and the benchmark it belongs to. */
export interface BenchmarkText {
  benchmark: string
  id?: string
  text: string
}

const TEXT_KEYS = new Set([
  'question',
  'text',
  'prompt',
  'input',
  'problem',
  'query',
  'context',
  'contexts',
  'stem',
  'options',
  'choices',
  'opa',
  'opb',
  'opc',
  'opd',
  'ope',
])

function collectStrings(value: unknown, into: string[], depth: number): void {
  if (typeof value === 'string') {
    if (value.trim() !== '') into.push(value)
  } else if (Array.isArray(value)) {
    for (const entry of value) collectStrings(entry, into, depth + 1)
  } else if (value !== null && typeof value === 'object' && depth < 4) {
    for (const entry of Object.values(value)) collectStrings(entry, into, depth + 1)
  }
}

/**
 * The text of a benchmark record: its question, context and option texts (keys matched without
 * case: question, text, prompt, input, problem, query, context(s), stem, options, choices,
 * opa-ope), joined by newlines. Chat prompts contribute their message contents. Undefined when
 * the record has none of these keys.
 */
export function benchmarkRecordText(record: unknown): string | undefined {
  if (typeof record === 'string') return record
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined
  const parts: string[] = []
  for (const [key, value] of Object.entries(record)) {
    if (TEXT_KEYS.has(key.toLowerCase())) collectStrings(value, parts, 0)
  }
  return parts.length === 0 ? undefined : parts.join('\n')
}

function looksLikeRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return Object.keys(value).some((key) => TEXT_KEYS.has(key.toLowerCase()))
}

/** Walks a parsed JSON document for records: arrays, id maps and maps of sets (MIRAGE). */
function* recordsOf(value: unknown, depth = 0): Generator<[string | undefined, unknown]> {
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      if (looksLikeRecord(entry) || typeof entry === 'string') yield [String(index), entry]
      else if (depth < 3) yield* recordsOf(entry, depth + 1)
    }
  } else if (value !== null && typeof value === 'object') {
    if (depth === 0 && looksLikeRecord(value)) {
      yield [undefined, value]
      return
    }
    for (const [key, entry] of Object.entries(value)) {
      if (looksLikeRecord(entry)) yield [key, entry]
      else if (depth < 3) yield* recordsOf(entry, depth + 1)
    }
  }
}

/** Counts of a benchmark file read. */
export interface BenchmarkFileStats {
  records: number
  /** Records with no text field (skipped). */
  without_text: number
  /** Lines that were not valid JSON (JSON Lines files). */
  malformed: number
}

/**
 * Reads a benchmark file as texts: `.txt` (each non-blank line is a text), `.json` (an array, an
 * id map, or a map of sets as in MIRAGE's benchmark.json) or anything else as JSON Lines.
 *
 * @throws InputError when the file cannot be read or a `.json` file does not parse
 */
export async function readBenchmarkFile(
  name: string,
  path: string,
  stats: BenchmarkFileStats = { records: 0, without_text: 0, malformed: 0 },
): Promise<BenchmarkText[]> {
  const texts: BenchmarkText[] = []
  const lower = path.toLowerCase()
  if (lower.endsWith('.json')) {
    let content: string
    try {
      content = await readFile(path, 'utf8')
    } catch (error) {
      throw new InputError(
        `rl-data: cannot read benchmark "${name}" at "${path}": ${(error as Error).message}`,
        {
          field: 'benchmark',
          value: path,
          cause: error,
        },
      )
    }
    const parsed = safeParseJson(content, `benchmark file "${path}"`)
    if (!parsed.ok) {
      // JSON Lines saved with a .json name (MedMCQA's dev.json)
      if (content.trimStart().startsWith('{') && content.includes('}\n{')) {
        return readJsonLinesBenchmark(name, path, stats)
      }
      throw parsed.error
    }
    for (const [id, record] of recordsOf(parsed.value)) {
      stats.records += 1
      const text = benchmarkRecordText(record)
      if (text === undefined) stats.without_text += 1
      else texts.push(id === undefined ? { benchmark: name, text } : { benchmark: name, id, text })
    }
    return texts
  }
  if (lower.endsWith('.txt')) {
    await forEachLine(path, (text, line) => {
      stats.records += 1
      texts.push({ benchmark: name, id: String(line), text })
    })
    return texts
  }
  return readJsonLinesBenchmark(name, path, stats)
}

async function readJsonLinesBenchmark(
  name: string,
  path: string,
  stats: BenchmarkFileStats,
): Promise<BenchmarkText[]> {
  const texts: BenchmarkText[] = []
  await forEachLine(path, (line, number) => {
    const parsed = safeParseJson(line, `line ${number}`)
    if (!parsed.ok) {
      stats.malformed += 1
      return
    }
    stats.records += 1
    const text = benchmarkRecordText(parsed.value)
    if (text === undefined) stats.without_text += 1
    else texts.push({ benchmark: name, id: String(number), text })
  })
  return texts
}

/** Benchmark texts loaded through the eval harness. */
export interface EvalBenchmarkTexts {
  texts: BenchmarkText[]
  /** The file or folder read. */
  path: string
  /** Rows the eval loader rejected. */
  issues: number
}

/**
 * Loads a benchmark through the eval harness's loaders (`src/eval`), so decontamination sees
 * exactly the questions, contexts and options that evaluation uses. `path` defaults to the
 * benchmark's default path under `dataRoot`; `subset` picks a part (for example MIRAGE's
 * `medqa`). Returns undefined when the harness does not know the name (callers then read the
 * file themselves).
 *
 * @throws InputError when the benchmark is known but has no path to read; the loader's own
 *   errors (a missing subset, an unreadable file) pass through
 */
export async function loadEvalBenchmarkTexts(
  name: string,
  options: { path?: string; dataRoot?: string; subset?: string } = {},
): Promise<EvalBenchmarkTexts | undefined> {
  const { BENCHMARKS } = await import('../eval/index.js')
  const definition = BENCHMARKS.find((benchmark) => benchmark.name === name)
  if (definition === undefined) return undefined
  let path = options.path
  if (
    path === undefined &&
    options.dataRoot !== undefined &&
    definition.defaultPath !== undefined
  ) {
    path = resolve(options.dataRoot, definition.defaultPath)
  }
  if (path === undefined) {
    throw new InputError(
      `rl-data: benchmark "${name}" needs a path: give ${name}=PATH (or a data folder holding ${definition.defaultPath ?? 'its files'})`,
      { field: 'benchmark', value: name },
    )
  }
  const result = await definition.load(
    options.subset === undefined ? { path } : { path, subset: options.subset },
  )
  const texts: BenchmarkText[] = []
  for (const item of result.items) {
    const parts = [item.context, item.question, ...Object.values(item.options ?? {})].filter(
      (part): part is string => typeof part === 'string' && part.trim() !== '',
    )
    if (parts.length > 0) texts.push({ benchmark: name, id: item.id, text: parts.join('\n') })
  }
  return { texts, path, issues: result.issues.length }
}
