/**
 * The row loop of benchmark files that hold one JSON array (or an object of records) rather than
 * JSON Lines: each top-level element is checked and turned into an item, and every issue names
 * the 1-based line where that element starts in the file, so a malformed record can be found in
 * an editor. Elements that are not objects become `(row)` issues; duplicate ids are dropped.
 */
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { JsonLinesRow } from './jsonl-rows.js'
import { dropDuplicateIds, isRecord, parseJsonFile, RowChecker, readText } from './load-helpers.js'

/**
 * The 1-based line on which each top-level element of a JSON array starts (or each value of a
 * top-level object). Strings are skipped with their escapes, so brackets inside text never
 * count. Returns an empty list for text that is neither an array nor an object.
 */
export function topLevelElementLines(text: string): number[] {
  const lines: number[] = []
  let line = 1
  let depth = 0
  let expectValue = false
  let inString = false
  let topIsObject = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code === 10) {
      line += 1
      continue
    }
    if (inString) {
      if (code === 92) index += 1
      else if (code === 34) inString = false
      continue
    }
    if (code === 32 || code === 9 || code === 13 || code === 0xfeff) continue
    if (depth === 1 && expectValue) {
      lines.push(line)
      expectValue = false
    }
    if (code === 34) inString = true
    else if (code === 91 || code === 123) {
      depth += 1
      if (depth === 1) {
        topIsObject = code === 123
        expectValue = !topIsObject
      }
    } else if (code === 93 || code === 125) {
      depth -= 1
      if (depth === 0) break
    } else if (depth === 1 && code === 44 && !topIsObject) expectValue = true
    else if (depth === 1 && code === 58 && topIsObject) expectValue = true
  }
  return lines
}

/**
 * Replaces the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's `json.dumps` writes
 * for missing numbers (outside strings) with `null`, so the text parses as standard JSON. Text
 * without such tokens is returned unchanged.
 */
export function nullPythonNonFinite(text: string): string {
  if (!text.includes('NaN') && !text.includes('Infinity')) return text
  let out = ''
  let last = 0
  let inString = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 92) index += 1
      else if (code === 34) inString = false
      continue
    }
    if (code === 34) inString = true
    else if (text.startsWith('NaN', index) || text.startsWith('Infinity', index)) {
      const start = text.charCodeAt(index - 1) === 45 ? index - 1 : index
      const length = text.startsWith('NaN', index) ? 3 : 8
      out += `${text.slice(last, start)}null`
      last = index + length
      index += length - 1
    }
  }
  return out + text.slice(last)
}

/**
 * Loads a benchmark file holding one JSON array of records. Each object goes to `toItem` (the
 * same row function shape as the JSON Lines loaders; `line` is where the record starts, `index`
 * its 0-based position in the array), which returns the item or undefined after recording why.
 *
 * @throws NotFoundError when the file does not exist; InputError when it is not valid JSON or
 *   not an array.
 */
export async function loadJsonArrayItems(
  path: string,
  benchmark: string,
  toItem: (row: JsonLinesRow) => BenchmarkItem | undefined,
): Promise<LoadResult> {
  const text = (await readText(path, benchmark)).replace(/^\uFEFF/, '')
  const value = parseJsonFile(nullPythonNonFinite(text), path, benchmark)
  if (!Array.isArray(value)) {
    throw new InputError(`eval: ${benchmark} file "${path}" must hold a JSON array of records`, {
      field: 'path',
      value: path,
    })
  }
  const lines = topLevelElementLines(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  value.forEach((record: unknown, index) => {
    const line = lines[index] ?? index + 1
    if (!isRecord(record)) {
      checker.fail(line, '(row)', `record ${index + 1} is not a JSON object`)
      return
    }
    const item = toItem({ record, line, index, checker })
    if (item !== undefined) items.push(item)
  })
  return dropDuplicateIds(items, checker.issues)
}
