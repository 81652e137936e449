/**
 * Benchmark texts for decontamination: from any iterable of `{ benchmark, text }`, from plain
 * files (`NAME=PATH`: JSON Lines, JSON or text), or from the eval harness's loaders when it is
 * installed (`src/eval`, loaded lazily so that this capability works without it).
 */
import { readFile } from 'node:fs/promises'
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

/**
 * Loads a benchmark through the eval harness (`src/eval`), when it is installed and knows the
 * name. Returns undefined when the harness or the benchmark is not available, so callers can
 * fall back to reading the file themselves.
 */
export async function loadEvalBenchmarkTexts(
  name: string,
  path: string,
): Promise<BenchmarkText[] | undefined> {
  // The eval harness is an optional peer capability: a computed specifier keeps this module
  // compiling and working whether or not it is present.
  const specifier = ['..', 'eval', 'index.js'].join('/')
  let harness: unknown
  try {
    harness = await import(specifier)
  } catch {
    return undefined
  }
  const getBenchmark = (harness as { getBenchmark?: unknown }).getBenchmark
  if (typeof getBenchmark !== 'function') return undefined
  let definition: unknown
  try {
    definition = getBenchmark(name)
  } catch {
    return undefined
  }
  const load = (definition as { load?: unknown }).load
  if (typeof load !== 'function') return undefined
  const result = (await load.call(definition, { path })) as { items?: unknown }
  if (!Array.isArray(result.items)) return undefined
  const texts: BenchmarkText[] = []
  for (const item of result.items as unknown[]) {
    const text = benchmarkRecordText(item)
    const id = (item as { id?: unknown }).id
    if (text !== undefined) {
      texts.push(typeof id === 'string' ? { benchmark: name, id, text } : { benchmark: name, text })
    }
  }
  return texts
}
