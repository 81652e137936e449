/**
 * Agreement of Galen's calculators with a MedCalc-Bench CSV (the v1.0 layout: Row Number,
 * Calculator ID, Relevant Entities, Ground Truth Answer, Lower Limit, Upper Limit, ...). Each
 * row's entities are mapped to inputs, validated and computed; the result agrees when a decimal
 * lies within the row's limits, an integer is equal, a date is the same day, and weeks-and-days
 * are the same pair. Every disagreement carries a diagnosis: the row's entry in a known-label-
 * errors file when listed, otherwise what went wrong.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describeError, InputError, safeParseJson } from '../errors.js'
import type { Calculator } from './calculator.js'
import { findCalculator } from './registry.js'
import { entitiesToInput, parseRelevantEntities } from './relevant-entities.js'
import { parseDateText, validateInput } from './validate.js'

/** One entry of a known-label-errors file (`v1.0-known-label-errors-dev-half.json`). */
export interface KnownLabelError {
  row: number
  calculator_id: number
  kind: string
  what_is_wrong: string
}

/** One row's outcome. */
export interface BenchRowResult {
  row: number
  calculatorId: number
  expected: string
  got: string | null
  agree: boolean
  /** The row is in the known-label-errors list. */
  listed: boolean
  /** Why it disagrees (absent when it agrees). */
  diagnosis?: string
  /** Entities no input took (a mapping gap to look at). */
  unmapped: string[]
  /** The row's "Relevant Entities" text, as given. */
  entities: string
}

/** Per-calculator figures. */
export interface CalculatorAgreement {
  name: string
  n: number
  agreed: number
  agreement: number
  /** Rows not in the known-label-errors list, and how many of them agree. */
  n_unlisted: number
  agreed_unlisted: number
  agreement_unlisted: number | null
}

/** One disagreement, as the CLI's `--json` prints it. */
export interface BenchDisagreement {
  row: number
  calculator_id: number
  expected: string
  got: string | null
  diagnosis: string
}

/** The bench outcome. `agreement` is a fraction of all rows. */
export interface MedCalcBenchSummary {
  n: number
  agreement: number
  by_calculator: Record<string, CalculatorAgreement>
  disagreements: BenchDisagreement[]
  /** Rows not in the known-errors list (the acceptance figure). */
  unlisted: { n: number; agreed: number; agreement: number | null }
  /** Rows in the known-errors list, and how many still match the (wrong) label. */
  listed: { n: number; agreed_with_label: number }
  rows: BenchRowResult[]
  elapsedMs: number
}

/** Options of {@link runMedCalcBench}. */
export interface MedCalcBenchOptions {
  /** Path of the MedCalc-Bench CSV. */
  dataPath: string
  /** Path of a known-label-errors JSON (`{ rows: [{ row, calculator_id, kind, what_is_wrong }] }`). */
  knownErrorsPath?: string
  /** More label errors (found by us, with their source), keyed by CSV row number. */
  additionalLabelErrors?: ReadonlyMap<number, string>
  /** Only these calculator ids. */
  calculatorIds?: readonly number[]
  /** Called after each row. */
  onProgress?: (done: number, total: number) => void
}

interface CsvRow {
  row: number
  calculatorId: number
  entities: string
  expected: string
  lower: string
  upper: string
}

function readRows(path: string): CsvRow[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `calculators: cannot read MedCalc-Bench CSV "${path}": ${describeError(error)}`,
      {
        field: 'data',
        value: path,
      },
    )
  }
  let records: Record<string, string>[]
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<
      string,
      string
    >[]
  } catch (error) {
    throw new InputError(`calculators: "${path}" is not valid CSV: ${describeError(error)}`, {
      field: 'data',
      value: path,
    })
  }
  const needed = ['Row Number', 'Calculator ID', 'Relevant Entities', 'Ground Truth Answer']
  const first = records[0]
  if (first !== undefined) {
    for (const column of needed) {
      if (!(column in first)) {
        throw new InputError(`calculators: "${path}" has no column "${column}"`, {
          field: column,
          value: path,
        })
      }
    }
  }
  return records.map((record, index) => ({
    row: Number(record['Row Number'] ?? index + 1),
    calculatorId: Number(record['Calculator ID']),
    entities: record['Relevant Entities'] ?? '',
    expected: (record['Ground Truth Answer'] ?? '').trim(),
    lower: (record['Lower Limit'] ?? '').trim(),
    upper: (record['Upper Limit'] ?? '').trim(),
  }))
}

/**
 * Reads a known-label-errors JSON file into a map by CSV row number.
 *
 * @throws InputError when the file is unreadable or not in the expected shape
 */
export function readKnownLabelErrors(path: string): Map<number, KnownLabelError> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `calculators: cannot read known errors "${path}": ${describeError(error)}`,
      {
        field: 'known-errors',
        value: path,
      },
    )
  }
  const parsed = safeParseJson(text, path)
  if (!parsed.ok) throw parsed.error
  const rows = (parsed.value as { rows?: unknown } | null)?.rows
  if (!Array.isArray(rows)) {
    throw new InputError(`calculators: known errors "${path}" has no "rows" array`, {
      field: 'known-errors',
      value: path,
    })
  }
  const byRow = new Map<number, KnownLabelError>()
  for (const entry of rows as unknown[]) {
    const record = (entry ?? {}) as Record<string, unknown>
    if (typeof record.row !== 'number') {
      throw new InputError(`calculators: known errors "${path}": an entry has no numeric "row"`, {
        field: 'row',
        value: record.row,
      })
    }
    byRow.set(record.row, {
      row: record.row,
      calculator_id: Number(record.calculator_id),
      kind: String(record.kind ?? 'label error'),
      what_is_wrong: String(record.what_is_wrong ?? ''),
    })
  }
  return byRow
}

/** Reads the two integers of a weeks-and-days answer: `('3 weeks', '4 days')`, `(3, 4)`. */
function weeksAndDays(text: string): [number, number] | undefined {
  const numbers = text.match(/\d+/g)
  if (numbers === null || numbers.length !== 2) return undefined
  return [Number(numbers[0]), Number(numbers[1])]
}

/** Whether a computed value agrees with a row's label under its output type. */
export function agreesWithLabel(
  calculator: Calculator,
  value: number | string,
  row: { expected: string; lower: string; upper: string },
): boolean {
  switch (calculator.outputType) {
    case 'date': {
      const expected = parseDateText(row.expected)
      return (
        expected !== undefined && typeof value === 'string' && parseDateText(value) === expected
      )
    }
    case 'weeks-days': {
      const expected = weeksAndDays(row.expected)
      const got = typeof value === 'string' ? weeksAndDays(value) : undefined
      return (
        expected !== undefined &&
        got !== undefined &&
        expected[0] === got[0] &&
        expected[1] === got[1]
      )
    }
    case 'integer': {
      const expected = Number(row.expected)
      return (
        typeof value === 'number' && Number.isFinite(expected) && Math.abs(value - expected) < 1e-9
      )
    }
    case 'decimal': {
      if (typeof value !== 'number') return false
      const lower = Number(row.lower === '' ? row.expected : row.lower)
      const upper = Number(row.upper === '' ? row.expected : row.upper)
      if (!Number.isFinite(lower) || !Number.isFinite(upper)) return false
      const slack = 1e-9 * Math.max(1, Math.abs(lower), Math.abs(upper))
      return value >= Math.min(lower, upper) - slack && value <= Math.max(lower, upper) + slack
    }
  }
}

function formatValue(value: number | string): string {
  if (typeof value === 'string') return value
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)))
}

/**
 * Runs every row of a MedCalc-Bench CSV through the calculators and measures agreement.
 *
 * @throws InputError when the CSV or the known-errors file is unreadable or malformed (a bad
 *   row never throws: it becomes a disagreement with its diagnosis)
 * @example runMedCalcBench({ dataPath: 'test_data.csv', knownErrorsPath: 'known.json' }).agreement
 */
export function runMedCalcBench(options: MedCalcBenchOptions): MedCalcBenchSummary {
  const started = performance.now()
  const known =
    options.knownErrorsPath === undefined
      ? new Map<number, KnownLabelError>()
      : readKnownLabelErrors(options.knownErrorsPath)
  const wanted = options.calculatorIds === undefined ? undefined : new Set(options.calculatorIds)
  const rows = readRows(options.dataPath).filter(
    (row) => wanted === undefined || wanted.has(row.calculatorId),
  )
  const results: BenchRowResult[] = []
  for (const [index, row] of rows.entries()) {
    results.push(benchRow(row, known, options.additionalLabelErrors))
    options.onProgress?.(index + 1, rows.length)
  }
  return summarize(results, Math.round(performance.now() - started))
}

function benchRow(
  row: CsvRow,
  known: ReadonlyMap<number, KnownLabelError>,
  additional: ReadonlyMap<number, string> | undefined,
): BenchRowResult {
  const listedEntry = known.get(row.row)
  const base = {
    entities: row.entities,
    row: row.row,
    calculatorId: row.calculatorId,
    expected: row.expected,
    listed: listedEntry !== undefined,
  }
  const calculator = findCalculator(row.calculatorId)
  if (calculator === undefined) {
    return {
      ...base,
      got: null,
      agree: false,
      unmapped: [],
      diagnosis: `no calculator with id ${row.calculatorId}`,
    }
  }
  let unmapped: string[] = []
  let value: number | string
  try {
    const entities = parseRelevantEntities(row.entities)
    const mapped = entitiesToInput(calculator, entities)
    unmapped = mapped.unmapped
    value = calculator.compute(validateInput(calculator, mapped.input)).value
  } catch (error) {
    const listedNote =
      listedEntry === undefined ? '' : `; known v1.0 label error: ${listedEntry.what_is_wrong}`
    const found = additional?.get(row.row)
    const diagnosis =
      found !== undefined
        ? `v1.0 label error found by Galen: ${found} (Galen refuses the input: ${describeError(error)})`
        : error instanceof InputError
          ? `not computed: the row's inputs fail validation (${describeError(error)})${listedNote}`
          : `our fault: the calculator failed (${describeError(error)})${listedNote}`
    return { ...base, got: null, agree: false, unmapped, diagnosis }
  }
  const agree = agreesWithLabel(calculator, value, row)
  const result: BenchRowResult = { ...base, got: formatValue(value), agree, unmapped }
  if (!agree) {
    if (listedEntry !== undefined) {
      result.diagnosis = `known v1.0 label error (${listedEntry.kind}): ${listedEntry.what_is_wrong}`
    } else if (additional?.has(row.row)) {
      result.diagnosis = `v1.0 label error found by Galen: ${additional.get(row.row) ?? ''}`
    } else {
      const gap = unmapped.length > 0 ? `; entities not mapped: ${unmapped.join(', ')}` : ''
      result.diagnosis = `unexplained: not in the known-errors list${gap}`
    }
  }
  return result
}

function summarize(results: BenchRowResult[], elapsedMs: number): MedCalcBenchSummary {
  const byCalculator: Record<string, CalculatorAgreement> = {}
  for (const result of results) {
    const key = String(result.calculatorId)
    let entry = byCalculator[key]
    if (entry === undefined) {
      entry = {
        name: findCalculator(result.calculatorId)?.name ?? `calculator ${key}`,
        n: 0,
        agreed: 0,
        agreement: 0,
        n_unlisted: 0,
        agreed_unlisted: 0,
        agreement_unlisted: null,
      }
      byCalculator[key] = entry
    }
    entry.n += 1
    if (result.agree) entry.agreed += 1
    if (!result.listed) {
      entry.n_unlisted += 1
      if (result.agree) entry.agreed_unlisted += 1
    }
  }
  for (const entry of Object.values(byCalculator)) {
    entry.agreement = entry.n === 0 ? 0 : entry.agreed / entry.n
    entry.agreement_unlisted =
      entry.n_unlisted === 0 ? null : entry.agreed_unlisted / entry.n_unlisted
  }
  const unlisted = results.filter((result) => !result.listed)
  const listed = results.filter((result) => result.listed)
  const agreedUnlisted = unlisted.filter((result) => result.agree).length
  return {
    n: results.length,
    agreement:
      results.length === 0 ? 0 : results.filter((result) => result.agree).length / results.length,
    by_calculator: byCalculator,
    disagreements: results
      .filter((result) => !result.agree)
      .map((result) => ({
        row: result.row,
        calculator_id: result.calculatorId,
        expected: result.expected,
        got: result.got,
        diagnosis: result.diagnosis ?? '',
      })),
    unlisted: {
      n: unlisted.length,
      agreed: agreedUnlisted,
      agreement: unlisted.length === 0 ? null : agreedUnlisted / unlisted.length,
    },
    listed: { n: listed.length, agreed_with_label: listed.filter((result) => result.agree).length },
    rows: results,
    elapsedMs,
  }
}
