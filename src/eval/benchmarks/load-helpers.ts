/**
 * Helpers shared by the benchmark loaders: reading files with clear errors, JSON Lines with line
 * numbers, and validating option maps and answers.
 */
import { readFile, stat } from 'node:fs/promises'
import { InputError, NotFoundError, safeParseJson } from '../../errors.js'
import type { BenchmarkItem, LoadIssue } from '../item.js'

/** Reads a UTF-8 file, throwing NotFoundError naming the benchmark and the path. */
export async function readText(path: string, benchmark: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT')
      throw new NotFoundError(`eval: ${benchmark} file "${path}" does not exist`)
    if (code === 'EISDIR')
      throw new InputError(`eval: ${benchmark} expects a file, "${path}" is a folder`, {
        field: 'path',
        value: path,
      })
    throw new InputError(
      `eval: cannot read ${benchmark} file "${path}": ${(error as Error).message}`,
      {
        field: 'path',
        value: path,
        cause: error,
      },
    )
  }
}

/** Whether a path is a folder (false when it does not exist). */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/** A parsed JSON Lines record with its 1-based line number. */
export interface NumberedValue {
  line: number
  value: unknown
}

/** Splits JSON Lines text into parsed values and issues (unparsable lines). Blank lines skip. */
export function parseJsonLinesText(text: string): { values: NumberedValue[]; issues: LoadIssue[] } {
  const values: NumberedValue[] = []
  const issues: LoadIssue[] = []
  const lines = text.split(/\r?\n/)
  lines.forEach((content, index) => {
    if (content.trim() === '') return
    const parsed = safeParseJson(content, `line ${index + 1}`)
    if (parsed.ok) values.push({ line: index + 1, value: parsed.value })
    else issues.push({ line: index + 1, field: '(json)', message: parsed.error.message })
  })
  return { values, issues }
}

/** Parses a whole JSON file, throwing InputError naming the benchmark when it is invalid. */
export function parseJsonFile(text: string, path: string, benchmark: string): unknown {
  const parsed = safeParseJson(text, path)
  if (!parsed.ok) throw new InputError(`eval: ${benchmark} file "${path}" is not valid JSON`)
  return parsed.value
}

/** Narrows to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Collects issues for one row; `fail` records one and returns undefined for easy early exits. */
export class RowChecker {
  readonly issues: LoadIssue[] = []

  fail(line: number, field: string, message: string): undefined {
    this.issues.push({ line, field, message })
    return undefined
  }

  /** A non-empty string field, or an issue. */
  text(record: Record<string, unknown>, field: string, line: number): string | undefined {
    const value = record[field]
    if (typeof value !== 'string' || value.trim() === '') {
      return this.fail(line, field, `${field} is missing or empty (got ${describe(value)})`)
    }
    return value
  }
}

/** Short description of a value for issue messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}...` : text
}

/**
 * Validates an option map (letter to non-empty text, at least two) and returns it with letters in
 * alphabetical order, or an issue.
 */
export function checkOptions(
  checker: RowChecker,
  value: unknown,
  line: number,
  field = 'options',
): Record<string, string> | undefined {
  if (!isRecord(value)) return checker.fail(line, field, `${field} is not an object of options`)
  const options: Record<string, string> = {}
  for (const letter of Object.keys(value).sort()) {
    const text = value[letter]
    if (!/^[A-Z]$/.test(letter))
      return checker.fail(line, field, `${field} has a key "${letter}" that is not a letter A-Z`)
    if (typeof text !== 'string' || text.trim() === '')
      return checker.fail(line, `${field}.${letter}`, `option ${letter} is empty`)
    options[letter] = text
  }
  if (Object.keys(options).length < 2)
    return checker.fail(line, field, `${field} has fewer than two options`)
  return options
}

/** Checks that every gold letter is an option; returns the letters or an issue. */
export function checkGoldLetters(
  checker: RowChecker,
  letters: readonly string[],
  options: Record<string, string>,
  line: number,
  field: string,
): string[] | undefined {
  if (letters.length === 0) return checker.fail(line, field, `${field} is empty`)
  for (const letter of letters) {
    if (options[letter] === undefined) {
      return checker.fail(
        line,
        field,
        `${field} "${letters.join('')}" is not one of the options ${Object.keys(options).join('')}`,
      )
    }
  }
  return [...letters]
}

/** Reports duplicate ids as issues and keeps the first occurrence. */
export function dropDuplicateIds(
  items: BenchmarkItem[],
  issues: LoadIssue[],
): { items: BenchmarkItem[]; issues: LoadIssue[] } {
  const seen = new Set<string>()
  const kept: BenchmarkItem[] = []
  for (const item of items) {
    if (seen.has(item.id)) {
      issues.push({ line: item.line ?? 0, field: 'id', message: `duplicate id "${item.id}"` })
      continue
    }
    seen.add(item.id)
    kept.push(item)
  }
  return { items: kept, issues }
}
