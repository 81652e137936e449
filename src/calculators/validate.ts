/**
 * Validation of raw calculator inputs (from a model's tool call, the CLI or a request body)
 * against a calculator's declared {@link CalculatorInputSpec}s: required inputs, types, enum
 * options, unit conversion to the canonical unit and physiologically possible ranges.
 */
import { InputError, type SafeParseResult } from '../errors.js'
import type { Calculator, CalculatorInputSpec, CalculatorInputValues } from './calculator.js'
import { convertUnit, dimensionsConvert, findUnit, parseQuantityText } from './units.js'

/** Folds a key for lenient matching: `Serum_Creatinine`, `serum creatinine` -> `serumcreatinine`. */
export function foldKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `"${value.length > 60 ? `${value.slice(0, 60)}...` : value}"`
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value)
    return text.length > 60 ? `${text.slice(0, 60)}...` : text
  }
  return String(value)
}

function fail(spec: CalculatorInputSpec, value: unknown, reason: string): never {
  throw new InputError(`calculators: "${spec.name}" = ${describeValue(value)} ${reason}`, {
    field: spec.name,
    value,
  })
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)))
}

function checkRange(spec: CalculatorInputSpec, value: number, shown: string): void {
  const below = spec.min !== undefined && value < spec.min
  const above = spec.max !== undefined && value > spec.max
  if (!below && !above) return
  const unit = spec.unit === undefined ? '' : ` ${spec.unit}`
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? `${spec.min}-${spec.max}${unit}`
      : spec.min !== undefined
        ? `>= ${spec.min}${unit}`
        : `<= ${spec.max}${unit}`
  throw new InputError(`calculators: "${spec.name}" = ${shown} is outside ${range}`, {
    field: spec.name,
    value,
  })
}

function readNumber(spec: CalculatorInputSpec, raw: unknown): number {
  let value: number
  if (typeof raw === 'number') value = raw
  else if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw.trim())))
    value = Number(raw.trim())
  else return fail(spec, raw, 'is not a number')
  if (!Number.isFinite(value)) return fail(spec, raw, 'is not a finite number')
  return value
}

function readQuantity(spec: CalculatorInputSpec, raw: unknown): number {
  const canonical = spec.unit ?? ''
  let value: number
  let unit: string
  if (typeof raw === 'number') {
    value = raw
    unit = canonical
  } else if (typeof raw === 'string') {
    const parsed = parseQuantityText(raw)
    if (parsed === undefined)
      return fail(spec, raw, `is not a quantity (expected e.g. "10 ${canonical}")`)
    value = parsed.value
    unit = parsed.unit === '' ? canonical : parsed.unit
  } else if (Array.isArray(raw) && raw.length === 2 && typeof raw[1] === 'string') {
    value = readNumber(spec, raw[0])
    unit = raw[1].trim() === '' ? canonical : raw[1]
  } else if (typeof raw === 'object' && raw !== null && 'value' in raw) {
    const record = raw as { value: unknown; unit?: unknown }
    value = readNumber(spec, record.value)
    if (record.unit !== undefined && record.unit !== null && typeof record.unit !== 'string')
      return fail(spec, raw, 'has a unit that is not a string')
    unit = typeof record.unit === 'string' && record.unit.trim() !== '' ? record.unit : canonical
  } else {
    return fail(
      spec,
      raw,
      `is not a quantity (expected a number in ${canonical} or "10 ${canonical}")`,
    )
  }
  if (!Number.isFinite(value)) return fail(spec, raw, 'is not a finite number')
  if (canonical === '' || unit === canonical) {
    checkRange(spec, value, `${formatNumber(value)}${canonical === '' ? '' : ` ${canonical}`}`)
    return value
  }
  const target = findUnit(canonical)
  const source = findUnit(unit, (candidate) =>
    target === undefined
      ? true
      : dimensionsConvert(candidate.dimension, target.dimension, spec.analyte),
  )
  const accepted = [canonical, ...(spec.acceptedUnits ?? [])]
  if (target === undefined || source === undefined) {
    return fail(spec, raw, `has an unknown unit "${unit}" (accepted: ${accepted.join(', ')})`)
  }
  if (!dimensionsConvert(source.dimension, target.dimension, spec.analyte)) {
    return fail(
      spec,
      raw,
      `has a unit "${unit}" that does not convert to ${canonical} (accepted: ${accepted.join(', ')})`,
    )
  }
  const converted = convertUnit(value, source.symbol, target.symbol, spec.analyte)
  checkRange(
    spec,
    converted,
    `${formatNumber(value)} ${unit} (${formatNumber(converted)} ${canonical})`,
  )
  return converted
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'present', 'positive'])
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'absent', 'negative', 'none'])

function readBoolean(spec: CalculatorInputSpec, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw
  if (raw === 1 || raw === 0) return raw === 1
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase()
    if (TRUE_WORDS.has(word)) return true
    if (FALSE_WORDS.has(word)) return false
  }
  return fail(spec, raw, 'is not a yes/no value (expected true or false)')
}

function readEnum(spec: CalculatorInputSpec, raw: unknown): string {
  const options = spec.options ?? []
  if (typeof raw === 'string') {
    const exact = options.find((option) => option === raw)
    if (exact !== undefined) return exact
    const folded = foldKey(raw)
    const lenient = options.find((option) => foldKey(option) === folded)
    if (lenient !== undefined) return lenient
  }
  return fail(spec, raw, `is not one of: ${options.join(', ')}`)
}

function isValidDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

/** Reads `YYYY-MM-DD` or US `MM/DD/YYYY` into `YYYY-MM-DD`; undefined when not a real date. */
export function parseDateText(text: string): string | undefined {
  const trimmed = text.trim()
  let year: number
  let month: number
  let day: number
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed)
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed)
  if (iso !== null) {
    year = Number(iso[1])
    month = Number(iso[2])
    day = Number(iso[3])
  } else if (us !== null) {
    month = Number(us[1])
    day = Number(us[2])
    year = Number(us[3])
  } else {
    return undefined
  }
  if (!isValidDate(year, month, day)) return undefined
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function readDate(spec: CalculatorInputSpec, raw: unknown): string {
  if (typeof raw === 'string') {
    const date = parseDateText(raw)
    if (date !== undefined) return date
  }
  return fail(spec, raw, 'is not a date (expected YYYY-MM-DD or MM/DD/YYYY)')
}

function readValue(spec: CalculatorInputSpec, raw: unknown): number | boolean | string {
  switch (spec.type) {
    case 'quantity':
      return readQuantity(spec, raw)
    case 'number': {
      const value = readNumber(spec, raw)
      if (spec.integer === true && !Number.isInteger(value))
        return fail(spec, raw, 'is not a whole number')
      checkRange(spec, value, formatNumber(value))
      return value
    }
    case 'boolean':
      return readBoolean(spec, raw)
    case 'enum':
      return readEnum(spec, raw)
    case 'date':
      return readDate(spec, raw)
  }
}

/**
 * Validates a raw input object and converts every quantity to its canonical unit. Keys match
 * the input names exactly or after folding case and punctuation (`serum_creatinine`).
 * Absent optional booleans become false; absent optional inputs with a `default` take it.
 * `null` counts as absent.
 *
 * @throws InputError naming the field and value: a missing required input, an unknown key, a
 *   wrong type, an unknown or unconvertible unit, an enum value not in the options, a value
 *   outside the possible range
 * @example validateInput(bmi, { weight: '150 lb', height: { value: 170, unit: 'cm' } })
 */
export function validateInput(calculator: Calculator, raw: unknown): CalculatorInputValues {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      `calculators: input for "${calculator.slug}" must be an object of named values, got ${describeValue(raw)}`,
      { field: 'input', value: raw },
    )
  }
  const byFolded = new Map<string, CalculatorInputSpec>()
  for (const spec of calculator.inputs) byFolded.set(foldKey(spec.name), spec)
  const given = new Map<string, unknown>()
  for (const [key, value] of Object.entries(raw)) {
    const spec = byFolded.get(foldKey(key))
    if (spec === undefined) {
      throw new InputError(
        `calculators: unknown input "${key}" for "${calculator.slug}" (expected: ${calculator.inputs
          .map((input) => input.name)
          .join(', ')})`,
        { field: key, value },
      )
    }
    if (given.has(spec.name)) {
      throw new InputError(`calculators: input "${spec.name}" is given twice (as "${key}")`, {
        field: key,
        value,
      })
    }
    given.set(spec.name, value)
  }
  const values: Record<string, number | boolean | string | undefined> = {}
  for (const spec of calculator.inputs) {
    const value = given.get(spec.name)
    if (value === undefined || value === null) {
      if (spec.required) {
        const unit = spec.unit === undefined ? '' : ` (${spec.unit})`
        throw new InputError(
          `calculators: "${spec.name}"${unit} is required by "${calculator.slug}" (${spec.label})`,
          { field: spec.name, value },
        )
      }
      values[spec.name] = spec.default ?? (spec.type === 'boolean' ? false : undefined)
      continue
    }
    values[spec.name] = readValue(spec, value)
  }
  return values
}

/** {@link validateInput} without throwing. */
export function safeValidateInput(
  calculator: Calculator,
  raw: unknown,
): SafeParseResult<CalculatorInputValues> {
  try {
    return { ok: true, value: validateInput(calculator, raw) }
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error }
    throw error
  }
}
