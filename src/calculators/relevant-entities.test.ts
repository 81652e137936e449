import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import type { EntityValue } from './calculator.js'
import { findCalculator, getCalculator } from './registry.js'
import {
  entitiesToInput,
  parsePythonLiteral,
  parseRelevantEntities,
  safeParseRelevantEntities,
} from './relevant-entities.js'

describe('parseRelevantEntities', () => {
  it('reads MedCalc-Bench dicts: quantities, booleans, strings, tuples, None', () => {
    expect(
      parseRelevantEntities(
        "{'sex': 'Male', 'age': [87, 'years'], 'Stroke': False, 'x': (1, 2.5e-3), 'y': None, 'ok': True,}",
      ),
    ).toEqual({ sex: 'Male', age: [87, 'years'], Stroke: false, x: [1, 0.0025], y: null, ok: true })
  })

  it('reads quotes, escapes and unicode inside strings', () => {
    expect(parsePythonLiteral(`"it's"`)).toBe("it's")
    expect(parsePythonLiteral(`'a\\'b\\n\\x41\\u00b5'`)).toBe("a'b\nAµ")
    expect(parseRelevantEntities("{'FiO₂': [21, '%']}")).toEqual({ 'FiO₂': [21, '%'] })
  })

  it('refuses code, unterminated text and trailing garbage with the position', () => {
    expect(() => parseRelevantEntities("{'a': __import__('os')}")).toThrow(
      /unexpected "_" at character 6/,
    )
    expect(() => parseRelevantEntities("{'a': 'b")).toThrow(/unterminated string/)
    expect(() => parseRelevantEntities("{'a': 1} x")).toThrow(/unexpected text after the value/)
    expect(() => parseRelevantEntities('[1, 2]')).toThrow(/not a dict/)
    expect(safeParseRelevantEntities('{').ok).toBe(false)
  })

  it('refuses nesting deeper than 32 levels instead of overflowing the stack', () => {
    expect(() => parsePythonLiteral(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toThrow(/too deep/)
  })

  it('round-trips any value written as a Python literal (property)', () => {
    const scalar = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    )
    const value = fc.letrec<{ value: EntityValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value
    const toPython = (item: EntityValue): string => {
      if (item === null) return 'None'
      if (typeof item === 'boolean') return item ? 'True' : 'False'
      if (typeof item === 'number') return Object.is(item, -0) ? '0' : String(item)
      if (typeof item === 'string') {
        return `'${[...item]
          .map((character) => {
            if (character === '\\') return '\\\\'
            if (character === "'") return "\\'"
            if (character === '\n') return '\\n'
            return character
          })
          .join('')}'`
      }
      if (Array.isArray(item)) return `[${item.map(toPython).join(', ')}]`
      return `{${Object.entries(item)
        .map(([key, inner]) => `${toPython(key)}: ${toPython(inner)}`)
        .join(', ')}}`
    }
    const normalise = (item: EntityValue): unknown =>
      JSON.parse(JSON.stringify(item, (_key, inner) => (Object.is(inner, -0) ? 0 : inner)))
    fc.assert(
      fc.property(value, (item) => {
        expect(normalise(parsePythonLiteral(toPython(item)))).toEqual(normalise(item))
      }),
    )
  })
})

describe('entitiesToInput', () => {
  it('maps entities by folded name, fixes MedCalc units and lists the unmapped ones', () => {
    const fib4 = getCalculator('fib-4')
    const { input, unmapped } = entitiesToInput(fib4, {
      age: [47, 'years'],
      'Alanine aminotransferase': [309, 'U/L'],
      'Aspartate aminotransferase': [213, 'U/L'],
      'Platelet count': [149000, 'µL'],
      Hemoglobin: [11, 'g/dL'],
    })
    expect(input).toEqual({
      age: { value: 47, unit: 'years' },
      alt: { value: 309, unit: 'U/L' },
      ast: { value: 213, unit: 'U/L' },
      platelets: { value: 149000, unit: '/µL' },
    })
    expect(unmapped).toEqual(['Hemoglobin'])
  })

  it('runs function mappings that split one entity into several inputs', () => {
    const steroid = getCalculator('steroid-conversion')
    const { input } = entitiesToInput(steroid, {
      'input steroid': ['Dexamethasone PO', 7.96, 'mg'],
      'target steroid': 'PrednisoLONE PO',
    })
    expect(input).toEqual({
      fromSteroid: 'Dexamethasone PO',
      dose: { value: 7.96, unit: 'mg' },
      toSteroid: 'PrednisoLONE PO',
    })
  })
})

const csvPath = 'medcalc-bench/test_data_dev_half.csv'
describe.skipIf(!hasSharedData(csvPath))('Relevant Entities of the MedCalc-Bench dev half', () => {
  it('parses every row and maps every entity of the lab, physical, dosage and date calculators', () => {
    const rows = parse(readFileSync(sharedDataPath(csvPath), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >
    const unmapped = new Set<string>()
    for (const row of rows) {
      const entities = parseRelevantEntities(row['Relevant Entities'] ?? '')
      const calculator = findCalculator(Number(row['Calculator ID']))
      if (calculator === undefined) continue
      // formulas/ holds these categories (the Framingham score, id 46, is 'lab' but lives in scores/)
      if (
        !['lab', 'physical', 'dosage', 'date'].includes(calculator.category) ||
        calculator.id === 46
      )
        continue
      for (const name of entitiesToInput(calculator, entities).unmapped)
        unmapped.add(`${calculator.id}: ${name}`)
    }
    expect(rows.length).toBe(525)
    expect([...unmapped]).toEqual([])
  })
})
