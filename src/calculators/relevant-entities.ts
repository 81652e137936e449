/**
 * MedCalc-Bench's "Relevant Entities" column: a Python dict literal such as
 * `{'sex': 'Male', 'age': [87, 'years'], 'Stroke': False}`. {@link parseRelevantEntities}
 * reads that literal syntax with a small recursive-descent parser (never `eval`), and
 * {@link entitiesToInput} maps the entities onto a calculator's raw inputs.
 */
import { InputError, type SafeParseResult } from '../errors.js'
import type { Calculator, EntityMapping, EntityValue } from './calculator.js'
import { foldKey } from './validate.js'

/** Longest literal accepted (the largest MedCalc-Bench row is a few kB). */
const MAX_LENGTH = 100_000
/** Deepest nesting accepted. */
const MAX_DEPTH = 32

class LiteralReader {
  private position = 0

  constructor(private readonly text: string) {}

  fail(what: string): never {
    const near = this.text.slice(this.position, this.position + 20)
    throw new InputError(
      `calculators: relevant entities: ${what} at character ${this.position} near "${near}"`,
      { field: 'Relevant Entities', value: near },
    )
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) {
      this.position += 1
    }
  }

  atEnd(): boolean {
    this.skipSpace()
    return this.position >= this.text.length
  }

  peek(): string {
    return this.text[this.position] ?? ''
  }

  readValue(depth: number): EntityValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep')
    this.skipSpace()
    const character = this.peek()
    if (character === '{') return this.readDict(depth)
    if (character === '[') return this.readSequence(depth, ']')
    if (character === '(') return this.readSequence(depth, ')')
    if (character === "'" || character === '"') return this.readString()
    if (/[-+0-9.]/.test(character)) return this.readNumber()
    const word = /^[A-Za-z_]+/.exec(this.text.slice(this.position))?.[0]
    if (word === 'True' || word === 'False' || word === 'None') {
      this.position += word.length
      return word === 'None' ? null : word === 'True'
    }
    if (word === 'nan' || word === 'inf') this.fail(`unsupported value "${word}"`)
    return this.fail(character === '' ? 'unexpected end' : `unexpected "${character}"`)
  }

  readDict(depth: number): { [key: string]: EntityValue } {
    this.position += 1
    const result: { [key: string]: EntityValue } = Object.create(null) as {
      [key: string]: EntityValue
    }
    for (;;) {
      this.skipSpace()
      if (this.peek() === '}') {
        this.position += 1
        return { ...result }
      }
      const key = this.readValue(depth + 1)
      if (typeof key !== 'string' && typeof key !== 'number') this.fail('dict key is not a string')
      this.skipSpace()
      if (this.peek() !== ':') this.fail('expected ":"')
      this.position += 1
      result[String(key)] = this.readValue(depth + 1)
      this.skipSpace()
      const next = this.peek()
      if (next === ',') this.position += 1
      else if (next !== '}') this.fail('expected "," or "}"')
    }
  }

  readSequence(depth: number, close: ']' | ')'): EntityValue[] {
    this.position += 1
    const items: EntityValue[] = []
    for (;;) {
      this.skipSpace()
      if (this.peek() === close) {
        this.position += 1
        return items
      }
      items.push(this.readValue(depth + 1))
      this.skipSpace()
      const next = this.peek()
      if (next === ',') this.position += 1
      else if (next !== close) this.fail(`expected "," or "${close}"`)
    }
  }

  readString(): string {
    const quote = this.peek()
    this.position += 1
    let result = ''
    for (;;) {
      const character = this.text[this.position]
      if (character === undefined) this.fail('unterminated string')
      this.position += 1
      if (character === quote) return result
      if (character !== '\\') {
        result += character
        continue
      }
      const escaped = this.text[this.position]
      this.position += 1
      switch (escaped) {
        case 'n':
          result += '\n'
          break
        case 't':
          result += '\t'
          break
        case 'r':
          result += '\r'
          break
        case '\\':
        case "'":
        case '"':
          result += escaped
          break
        case 'x':
        case 'u': {
          const length = escaped === 'x' ? 2 : 4
          const hex = this.text.slice(this.position, this.position + length)
          if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail('bad escape')
          result += String.fromCharCode(Number.parseInt(hex, 16))
          this.position += length
          break
        }
        default:
          // Python keeps unknown escapes as written.
          result += `\\${escaped ?? ''}`
      }
    }
  }

  readNumber(): number {
    const match = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(
      this.text.slice(this.position),
    )
    if (match === null) return this.fail('bad number')
    this.position += match[0].length
    const value = Number(match[0].replace(/_/g, ''))
    if (!Number.isFinite(value)) this.fail('bad number')
    return value
  }
}

/**
 * Parses a Python literal (dict, list, tuple, str, int, float, True, False, None) safely.
 *
 * @throws InputError for malformed text, naming the character position
 */
export function parsePythonLiteral(text: string): EntityValue {
  if (text.length > MAX_LENGTH) {
    throw new InputError(`calculators: relevant entities longer than ${MAX_LENGTH} characters`, {
      field: 'Relevant Entities',
      value: text.length,
    })
  }
  const reader = new LiteralReader(text)
  const value = reader.readValue(0)
  if (!reader.atEnd()) reader.fail('unexpected text after the value')
  return value
}

/**
 * Parses MedCalc-Bench's "Relevant Entities" text into a record of entity name to value.
 *
 * @throws InputError when the text is not a Python dict literal
 * @example parseRelevantEntities("{'age': [87, 'years'], 'sex': 'Male'}")
 *   // { age: [87, 'years'], sex: 'Male' }
 */
export function parseRelevantEntities(text: string): Record<string, EntityValue> {
  const value = parsePythonLiteral(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('calculators: relevant entities are not a dict', {
      field: 'Relevant Entities',
      value: text.slice(0, 80),
    })
  }
  return { ...(value as Record<string, EntityValue>) }
}

/** {@link parseRelevantEntities} without throwing. */
export function safeParseRelevantEntities(
  text: string,
): SafeParseResult<Record<string, EntityValue>> {
  try {
    return { ok: true, value: parseRelevantEntities(text) }
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error }
    throw error
  }
}

/** MedCalc-Bench unit spellings that the unit table does not know (typos, bare volumes). */
const MEDCALC_UNIT_FIXES: Readonly<Record<string, string>> = {
  'degrees celsisus': '°C',
  'degrees fahreinheit': '°F',
  'per day': '/day',
}

/** Count units written as a bare volume (`[149000, 'µL']` means 149,000 per µL). */
const COUNT_VOLUME_UNITS: Readonly<Record<string, string>> = {
  µL: '/µL',
  μL: '/µL',
  uL: '/µL',
  L: '/L',
  'm^3': '/mm^3',
  'mm^3': '/mm^3',
}

/**
 * Converts one entity value to a raw input value: a `[value, unit]` pair becomes
 * `{ value, unit }` (fixing MedCalc-Bench unit spellings; a bare volume is a count per volume when
 * the input's canonical unit is a count), other values pass through.
 */
export function entityToRawValue(value: EntityValue, canonicalUnit?: string): unknown {
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') {
    const written = value[1].trim()
    let unit = MEDCALC_UNIT_FIXES[written.toLowerCase()] ?? written
    if (canonicalUnit === '10^9/L' || canonicalUnit === '/µL')
      unit = COUNT_VOLUME_UNITS[unit] ?? unit
    return { value: value[0], unit }
  }
  return value
}

/** The inputs read from a row's entities, and the entity names no input took. */
export interface EntityInputResult {
  input: Record<string, unknown>
  unmapped: string[]
}

/**
 * Maps parsed entities onto a calculator's raw inputs (to be validated by `validateInput`).
 * Each entity goes through the calculator's `entityMap` entry when it has one (matched after
 * folding case and punctuation), otherwise to the input of the same folded name; the others are
 * listed in `unmapped`. Never throws for unknown entities.
 */
export function entitiesToInput(
  calculator: Calculator,
  entities: Readonly<Record<string, EntityValue>>,
): EntityInputResult {
  const mappings = new Map<string, EntityMapping>()
  for (const [name, mapping] of Object.entries(calculator.entityMap ?? {})) {
    mappings.set(foldKey(name), mapping)
  }
  const inputsByFolded = new Map(calculator.inputs.map((spec) => [foldKey(spec.name), spec]))
  const input: Record<string, unknown> = {}
  const unmapped: string[] = []
  for (const [name, value] of Object.entries(entities)) {
    const mapping = mappings.get(foldKey(name)) ?? inputsByFolded.get(foldKey(name))?.name
    if (mapping === undefined) {
      unmapped.push(name)
      continue
    }
    if (typeof mapping === 'string') {
      const spec = inputsByFolded.get(foldKey(mapping))
      const inputName = spec?.name ?? mapping
      const valueMap = calculator.entityValueMap?.[inputName]
      const key =
        typeof value === 'string' || typeof value === 'boolean'
          ? String(value).trim().toLowerCase()
          : undefined
      const mapped = key === undefined ? undefined : valueMap?.[key]
      input[inputName] = mapped ?? entityToRawValue(value, spec?.unit)
    } else {
      Object.assign(input, mapping(value, entities))
    }
  }
  return { input, unmapped }
}
