/**
 * Reads the files of the normalisation tasks: raw strings with their standard names (CHIP-CDN
 * JSON arrays `{text, normalized_result: "a##b"}`, CHIP-2019 CSV `原始词,标准词`, JSON Lines
 * `{text, normalized?}`) and dictionaries (the Beijing clinical edition `code,name`, a list of
 * names one per line, or the standard-name column of a pair file).
 */
import { readFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import { loadBeijingClinicalIcd, looksLikeBeijingIcd } from './beijing-icd.js'
import { forEachDelimitedRow } from './delimited.js'
import type { NormalizationPair, StandardName } from './zh-normalizer.js'

/** A raw string and, when the file has them, its gold standard names (empty otherwise). */
export interface NormalizationRow {
  text: string
  names: string[]
  /** 1-based line where the row starts. */
  line: number
}

function readFile(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new InputError(`terminology: cannot read ${field} "${path}"`, {
      field,
      value: path,
      cause: error,
    })
  }
}

function splitNames(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((name): name is string => typeof name === 'string' && name.trim() !== '')
  if (typeof value !== 'string') return []
  return value
    .split('##')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

function lineStarts(text: string): number[] {
  // Where each top-level array element starts (CHIP-CDN files are pretty-printed JSON arrays).
  const starts: number[] = []
  let line = 1
  let depth = 0
  let inString = false
  let expect = false
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
    if (code <= 32) continue
    if (depth === 1 && expect) {
      starts.push(line)
      expect = false
    }
    if (code === 34) inString = true
    else if (code === 91 || code === 123) {
      depth += 1
      if (depth === 1) expect = true
    } else if (code === 93 || code === 125) depth -= 1
    else if (code === 44 && depth === 1) expect = true
  }
  return starts
}

/**
 * Reads raw strings (and gold names where present) from a CHIP-CDN JSON array, a CHIP-2019 CSV
 * (`原始词,标准词`), JSON Lines (`{"text", "normalized"?}`) or plain text (one string a line).
 *
 * @throws InputError for unreadable files, invalid JSON, rows without text (naming the line).
 */
export function readNormalizationRows(path: string, field = 'input'): NormalizationRow[] {
  const text = readFile(path, field)
  const trimmed = text.trimStart()
  const rows: NormalizationRow[] = []
  const fail = (line: number, message: string): never => {
    throw new InputError(`terminology: ${field} "${path}" line ${line}: ${message}`, {
      field,
      value: `${path}:${line}`,
    })
  }
  if (trimmed.startsWith('[')) {
    const parsed = safeParseJson(text, path)
    if (!parsed.ok || !Array.isArray(parsed.value))
      fail(1, 'not a JSON array of {text, normalized_result}')
    const starts = lineStarts(text)
    ;(parsed.ok ? (parsed.value as unknown[]) : []).forEach((entry, index) => {
      const line = starts[index] ?? index + 1
      const record = entry as { text?: unknown; normalized_result?: unknown; normalized?: unknown }
      if (
        typeof record !== 'object' ||
        record === null ||
        typeof record.text !== 'string' ||
        record.text.trim() === ''
      )
        fail(line, 'the record has no "text"')
      rows.push({
        text: record.text as string,
        names: splitNames(record.normalized_result ?? record.normalized),
        line,
      })
    })
    return rows
  }
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? ''
  if (firstLine.startsWith('{')) {
    text.split(/\r?\n/).forEach((content, index) => {
      if (content.trim() === '') return
      const parsed = safeParseJson(content, `line ${index + 1}`)
      const record = (parsed.ok ? parsed.value : undefined) as
        | { text?: unknown; normalized?: unknown; normalized_result?: unknown }
        | undefined
      if (
        record === undefined ||
        typeof record !== 'object' ||
        record === null ||
        typeof record.text !== 'string'
      )
        fail(index + 1, 'not a JSON object with "text"')
      rows.push({
        text: (record as { text: string }).text,
        names: splitNames(record?.normalized ?? record?.normalized_result),
        line: index + 1,
      })
    })
    return rows
  }
  if (/^原始词,标准词/.test(firstLine) || /^text,normalized/i.test(firstLine)) {
    let header = true
    forEachDelimitedRow(text, ',', (fields, rowNumber) => {
      if (header) {
        header = false
        return
      }
      const raw = (fields[0] ?? '').trim()
      if (raw === '') fail(rowNumber, 'the raw string (first column) is empty')
      rows.push({ text: raw, names: splitNames(fields[1] ?? ''), line: rowNumber })
    })
    return rows
  }
  text.split(/\r?\n/).forEach((content, index) => {
    if (content.trim() !== '') rows.push({ text: content.trim(), names: [], line: index + 1 })
  })
  return rows
}

/** Training pairs from a pair file (rows without gold names are skipped). */
export function readNormalizationPairs(path: string): NormalizationPair[] {
  return readNormalizationRows(path, 'train')
    .filter((row) => row.names.length > 0)
    .map((row) => ({ text: row.text, names: row.names }))
}

/**
 * Reads a dictionary of standard names: the Beijing clinical edition CSV (`code,name`), a pair
 * file (its standard names, without codes), or plain text (one name a line).
 *
 * @throws InputError when the file cannot be read or holds no names.
 */
export function readStandardNames(path: string): StandardName[] {
  const text = readFile(path, 'dictionary')
  if (looksLikeBeijingIcd(text.slice(0, 2000))) return [...loadBeijingClinicalIcd(path).entries]
  const head = text.trimStart()
  let names: string[]
  if (head.startsWith('[') || head.startsWith('{') || /^原始词,标准词/.test(head)) {
    names = readNormalizationRows(path, 'dictionary').flatMap((row) => row.names)
  } else {
    names = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
  }
  const unique = [...new Set(names)]
  if (unique.length === 0) {
    throw new InputError(`terminology: dictionary "${path}" holds no names`, {
      field: 'dictionary',
      value: path,
    })
  }
  return unique.map((name) => ({ name, code: '' }))
}
