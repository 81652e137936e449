/**
 * The row loop shared by the JSON Lines benchmark loaders: read the file, parse each line, report
 * lines that are not JSON objects, turn each object into an item, drop duplicate ids. Each loader
 * keeps only what its format means: which fields it reads and how it checks them.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import {
  dropDuplicateIds,
  isRecord,
  parseJsonLinesText,
  RowChecker,
  readText,
} from './load-helpers.js'

/** One JSON object row of a benchmark file, as handed to a loader's row function. */
export interface JsonLinesRow {
  /** The parsed object. */
  record: Record<string, unknown>
  /** 1-based line number in the file. */
  line: number
  /** 0-based position among the file's parsed values (blank and unparsable lines not counted). */
  index: number
  /** Collects the row's issues; `checker.fail` returns undefined for early exits. */
  checker: RowChecker
}

/**
 * Loads a JSON Lines benchmark file. Blank lines skip; unparsable lines and lines that are not
 * JSON objects become issues (`(json)`, `(row)`); every object goes to `toItem`, which returns
 * the item or undefined after recording why with `checker`. Issues keep file order within each
 * kind: parse issues first, then row issues, then duplicate ids (the first occurrence is kept).
 *
 * @param path - The file to read.
 * @param benchmark - The benchmark's name, used in read errors.
 * @throws NotFoundError when the file does not exist; InputError when it cannot be read.
 */
export async function loadJsonLinesItems(
  path: string,
  benchmark: string,
  toItem: (row: JsonLinesRow) => BenchmarkItem | undefined,
): Promise<LoadResult> {
  const text = await readText(path, benchmark)
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const [index, { line, value }] of values.entries()) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const item = toItem({ record: value, line, index, checker })
    if (item !== undefined) items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
}

/** The row's `id` as text when it is a string or a number, else `line-<line>`. */
export function idOrLine(record: Record<string, unknown>, line: number): string {
  return typeof record.id === 'string' || typeof record.id === 'number'
    ? String(record.id)
    : `line-${line}`
}
