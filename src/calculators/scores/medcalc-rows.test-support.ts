/**
 * Test-time harness: reads MedCalc-Bench rows for the score calculators, turns their "Relevant
 * Entities" into calculator inputs and compares the result with the v1.0 label. Used only by
 * the tests of this folder (the product's adapter and bench live in the calculators framework).
 */
import { readFileSync } from 'node:fs'
import type { CalculatorInputSpec } from '../calculator.js'
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

type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue }

/** Parses the Python literal of a "Relevant Entities" cell (dict, list, str, number, bool). */
export function parsePythonLiteral(text: string): PythonValue {
  let position = 0
  const skip = (): void => {
    while (position < text.length && /\s/.test(text[position] ?? '')) position += 1
  }
  const fail = (what: string): never => {
    throw new Error(`python literal: ${what} at ${position} in ${text.slice(0, 60)}`)
  }
  const parseValue = (): PythonValue => {
    skip()
    const character = text[position]
    if (character === '{') {
      position += 1
      const result: { [key: string]: PythonValue } = {}
      skip()
      while (text[position] !== '}') {
        const key = parseValue()
        skip()
        if (text[position] !== ':') fail('expected ":"')
        position += 1
        result[String(key)] = parseValue()
        skip()
        if (text[position] === ',') position += 1
        skip()
        if (position >= text.length) fail('unterminated dict')
      }
      position += 1
      return result
    }
    if (character === '[' || character === '(') {
      const close = character === '[' ? ']' : ')'
      position += 1
      const items: PythonValue[] = []
      skip()
      while (text[position] !== close) {
        items.push(parseValue())
        skip()
        if (text[position] === ',') position += 1
        skip()
        if (position >= text.length) fail('unterminated list')
      }
      position += 1
      return items
    }
    if (character === "'" || character === '"') {
      position += 1
      let value = ''
      while (text[position] !== character) {
        if (position >= text.length) fail('unterminated string')
        if (text[position] === '\\') {
          const escaped = text[position + 1] ?? ''
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped
          position += 2
        } else {
          value += text[position]
          position += 1
        }
      }
      position += 1
      return value
    }
    const word = /^[A-Za-z_]+|^[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?/.exec(text.slice(position))
    if (word === null) return fail('unexpected character')
    position += word[0].length
    if (word[0] === 'True') return true
    if (word[0] === 'False') return false
    if (word[0] === 'None') return null
    const number = Number(word[0])
    if (Number.isNaN(number)) fail(`unknown word "${word[0]}"`)
    return number
  }
  const value = parseValue()
  return value
}

function normaliseUnit(unit: string): string {
  const lower = unit.trim().toLowerCase().replace(/\s+/g, ' ')
  if (/fahr?e?i?nheit/.test(lower)) return '°F'
  if (/cel[sc]i/.test(lower)) return '°C'
  if (lower === 'mm hg' || lower === 'mmhg') return 'mmHg'
  if (lower === 'beats per minute' || lower === 'bpm') return 'beats/min'
  if (lower === 'breaths per minute') return 'breaths/min'
  if (lower === 'meq/l') return 'mmol/L'
  if (lower === 'µl' || lower === 'm^3' || lower === 'mm^3') return '/µL'
  if (lower === 'l') return '/L'
  return unit.trim()
}

/** Test-only conversions to the canonical units declared by the score calculators. */
function convert(value: number, from: string, spec: CalculatorInputSpec): number {
  const to = spec.unit ?? ''
  if (from === to) return value
  const name = spec.name.toLowerCase()
  if (to === '°C' && from === '°F') return ((value - 32) * 5) / 9
  if (to === 'mg/dL' && from === 'µmol/L') {
    if (name.includes('bilirubin')) return value / 17.1
    if (name.includes('creatinine')) return value / 88.4
  }
  if (to === 'mg/dL' && from === 'mmol/L') {
    if (name.includes('urea') || name === 'bun') return value * 2.8014
    if (name.includes('glucose')) return value * 18.016
  }
  if (to === '10^9/L' && from === '/µL') return value / 1000
  if (to === '10^9/L' && from === '/L') return value / 1e9
  if (to === 'g/dL' && from === 'g/L') return value / 10
  if (to === 'mmol/L' && from === 'mEq/L') return value
  if (to === 'kg/m²' && from === 'kg/m^2') return value
  throw new Error(`harness: no conversion from "${from}" to "${to}" for ${spec.name}`)
}

/** Turns a row's entities into calculator inputs with the calculator's entity maps. */
export function entitiesToInput(
  calculator: ScoreCalculator,
  entities: string,
): Record<string, number | boolean | string> {
  const parsed = parsePythonLiteral(entities)
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('harness: entities are not a dict')
  }
  const input: Record<string, number | boolean | string> = {}
  for (const [entity, raw] of Object.entries(parsed)) {
    const name = calculator.entityMap[entity]
    if (name === undefined) throw new Error(`harness: ${calculator.slug} has no entity "${entity}"`)
    const spec = calculator.inputs.find((candidate) => candidate.name === name)
    if (spec === undefined) throw new Error(`harness: ${calculator.slug} has no input "${name}"`)
    if (spec.type === 'quantity') {
      if (Array.isArray(raw) && typeof raw[0] === 'number' && typeof raw[1] === 'string') {
        input[name] = convert(raw[0], normaliseUnit(raw[1]), spec)
      } else if (typeof raw === 'number') input[name] = raw
      else throw new Error(`harness: bad quantity for ${entity}`)
    } else if (spec.type === 'number') {
      if (typeof raw !== 'number') throw new Error(`harness: bad number for ${entity}`)
      input[name] = raw
    } else if (spec.type === 'boolean') {
      if (typeof raw !== 'boolean') throw new Error(`harness: bad boolean for ${entity}`)
      // Two entities naming one fact: either present means present.
      input[name] = raw || input[name] === true
    } else if (spec.type === 'enum') {
      const key = String(raw).trim().toLowerCase()
      const mapped = calculator.entityValueMap?.[name]?.[key]
      const option = mapped ?? spec.options?.find((candidate) => candidate.toLowerCase() === key)
      if (option === undefined) throw new Error(`harness: bad option "${key}" for ${entity}`)
      input[name] = option
    } else throw new Error(`harness: unsupported input type ${spec.type}`)
  }
  return input
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
  const result = calculator.compute(entitiesToInput(calculator, row.entities))
  const got = result.value
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
