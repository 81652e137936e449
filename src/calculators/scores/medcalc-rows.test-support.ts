/**
 * Test-time harness: reads MedCalc-Bench rows for the score calculators, turns their "Relevant
 * Entities" into calculator inputs and compares the result with the v1.0 label. Used only by
 * the tests of this folder (the product's adapter and bench live in the calculators framework).
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../../errors.js'
import type { CalculatorInputValues } from '../calculator.js'
import { entitiesToInput, parseRelevantEntities } from '../relevant-entities.js'
import { validateInput } from '../validate.js'
import type { ScoreCalculator } from './score-calculator.js'

/** One row of `test_data_dev_half.csv`, the columns the harness needs. */
export interface MedcalcRow {
  row: number
  calculatorId: number
  entities: string
  groundTruth: string
  lowerLimit: string
  upperLimit: string
}

/** Splits CSV text into records (RFC 4180 quoting, fields may hold newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"'
          index += 1
        } else quoted = false
      } else field += character
    } else if (character === '"') quoted = true
    else if (character === ',') {
      record.push(field)
      field = ''
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += character
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records
}

/** Reads the rows of the MedCalc-Bench CSV. */
export function readMedcalcRows(path: string): MedcalcRow[] {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'))
  if (header === undefined) return []
  const column = (name: string): number => {
    const position = header.indexOf(name)
    if (position < 0) throw new Error(`medcalc csv: no column "${name}"`)
    return position
  }
  const positions = {
    row: column('Row Number'),
    id: column('Calculator ID'),
    entities: column('Relevant Entities'),
    truth: column('Ground Truth Answer'),
    lower: column('Lower Limit'),
    upper: column('Upper Limit'),
  }
  return records
    .filter((record) => record.length >= header.length)
    .map((record) => ({
      row: Number(record[positions.row]),
      calculatorId: Number(record[positions.id]),
      entities: record[positions.entities] ?? '',
      groundTruth: record[positions.truth] ?? '',
      lowerLimit: record[positions.lower] ?? '',
      upperLimit: record[positions.upper] ?? '',
    }))
}

/**
 * Reads a row with the calculators framework, as the bench does: parse the entities, map them
 * onto inputs with the calculator's entity maps, validate and convert units.
 */
export function rowToInput(calculator: ScoreCalculator, entities: string): CalculatorInputValues {
  const mapped = entitiesToInput(calculator, parseRelevantEntities(entities))
  if (mapped.unmapped.length > 0) {
    throw new Error(`harness: ${calculator.slug} does not map ${mapped.unmapped.join(', ')}`)
  }
  return validateInput(calculator, mapped.input)
}

/** The outcome of one row. */
export interface RowOutcome {
  row: number
  expected: string
  got: number | string
  agrees: boolean
}

/** Computes one row and compares it with the v1.0 label (within its limits for decimals). */
export function checkRow(calculator: ScoreCalculator, row: MedcalcRow): RowOutcome {
  let got: number | string
  try {
    got = calculator.compute(rowToInput(calculator, row.entities)).value
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return {
      row: row.row,
      expected: row.groundTruth,
      got: `error: ${error.message}`,
      agrees: false,
    }
  }
  let agrees: boolean
  if (typeof got !== 'number') agrees = String(got) === row.groundTruth
  else if (calculator.outputType === 'integer') agrees = got === Number(row.groundTruth)
  else agrees = got >= Number(row.lowerLimit) - 1e-9 && got <= Number(row.upperLimit) + 1e-9
  return { row: row.row, expected: row.groundTruth, got, agrees }
}

/** Row numbers of the known v1.0 label errors. */
export function readKnownErrorRows(path: string): Set<number> {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
  const rows = (parsed as { rows?: Array<{ row?: unknown }> }).rows ?? []
  return new Set(rows.map((entry) => Number(entry.row)))
}
