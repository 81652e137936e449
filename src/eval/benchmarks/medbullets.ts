/**
 * MedBullets (308 USMLE Step 2/3 style questions) in its two variants: `op4` (options A-D) and
 * `op5` (A-E). Read from the CSV (`link,question,opa..ope,answer_idx,answer,explanation`) or the
 * pandas JSON export (`{column: {row: value}}`). Ids are the 0-based row, 3 digits.
 */
import { InputError } from '../../errors.js'
import { parseCsvWithHeader } from '../csv.js'
import type { BenchmarkItem, LoadIssue, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { forEachCsvRow } from './csv-rows.js'
import { describe, isRecord, parseJsonFile, readText } from './load-helpers.js'

const OPTION_COLUMNS = ['opa', 'opb', 'opc', 'opd', 'ope'] as const

interface RawRow {
  line: number
  values: Record<string, unknown>
}

function rowsFromJson(value: unknown, path: string): RawRow[] {
  if (!isRecord(value) || !isRecord(value.question)) {
    throw new InputError(`eval: medbullets JSON "${path}" is not a {column: {row: value}} table`)
  }
  const keys = Object.keys(value.question).sort((left, right) => Number(left) - Number(right))
  return keys.map((key, index) => {
    const values: Record<string, unknown> = {}
    for (const [column, cells] of Object.entries(value)) {
      if (isRecord(cells)) values[column] = cells[key]
    }
    return { line: index + 1, values }
  })
}

function toItem(row: RawRow, index: number, issues: LoadIssue[]): BenchmarkItem | undefined {
  const fail = (field: string, message: string): undefined => {
    issues.push({ line: row.line, field, message })
    return undefined
  }
  const question = row.values.question
  if (typeof question !== 'string' || question.trim() === '')
    return fail('question', 'question is empty')
  const options: Record<string, string> = {}
  OPTION_COLUMNS.forEach((column, position) => {
    const text = row.values[column]
    if (typeof text === 'string' && text.trim() !== '') options['ABCDE'[position] as string] = text
  })
  const count = Object.keys(options).length
  if (count < 2) return fail('opa..ope', 'fewer than two options')
  const letters = Object.keys(options)
  if (letters.join('') !== 'ABCDE'.slice(0, count))
    return fail('opa..ope', `options have a gap: ${letters.join('')}`)
  const answer = typeof row.values.answer_idx === 'string' ? row.values.answer_idx.trim() : ''
  if (options[answer] === undefined)
    return fail(
      'answer_idx',
      `answer_idx ${describe(row.values.answer_idx)} is not one of ${letters.join('')}`,
    )
  const item: BenchmarkItem = {
    id: String(index).padStart(3, '0'),
    kind: 'multiple-choice',
    question,
    options,
    gold: [answer],
    category: `op${count}`,
    line: row.line,
  }
  return item
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'medbullets')
  const issues: LoadIssue[] = []
  let rows: RawRow[]
  if (options.path.endsWith('.json')) {
    rows = rowsFromJson(parseJsonFile(text, options.path, 'medbullets'), options.path)
  } else {
    const parsed = parseCsvWithHeader(text)
    if (!parsed.header.includes('question') || !parsed.header.includes('answer_idx')) {
      throw new InputError(
        `eval: medbullets CSV "${options.path}" lacks the question/answer_idx columns (header: ${parsed.header.join(',')})`,
      )
    }
    const csvRows: RawRow[] = []
    forEachCsvRow(parsed, issues, (row) => csvRows.push({ line: row.line, values: row.values }))
    rows = csvRows
  }
  const items: BenchmarkItem[] = []
  rows.forEach((row, index) => {
    const item = toItem(row, index, issues)
    if (item !== undefined) items.push(item)
  })
  return { items, issues }
}

/** MedBullets op4 / op5. */
export const medbulletsBenchmark: BenchmarkDefinition = {
  name: 'medbullets',
  title: 'MedBullets (op4 / op5)',
  kind: 'multiple-choice',
  layout: 'medbullets_op4.csv|json or medbullets_op5.csv|json: question, opa..ope, answer_idx',
  counts: 'op4: 308; op5: 308',
  defaultPath: 'benchmarks/medbullets/medbullets_op5.csv',
  load,
}
