import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import {
  ANALYTES,
  type Analyte,
  canConvert,
  convertUnit,
  findUnit,
  parseQuantityText,
  UNITS,
} from './units.js'

describe('convertUnit', () => {
  it.each([
    [1, 'mg/dL', 'µmol/L', 'creatinine', 88.4],
    [88.4, 'umol/L', 'mg/dL', 'creatinine', 1],
    [1, 'mg/dL', 'µmol/L', 'bilirubin', 17.1],
    [1, 'mmol/L', 'mg/dL', 'glucose', 18.016],
    [1, 'mmol/L', 'mg/dL', 'urea-nitrogen', 2.8014],
    [2.5, 'mmol/L', 'mg/dL', 'calcium', 10.0195],
    [5, 'mEq/L', 'mmol/L', 'calcium', 2.5],
    [140, 'mmol/L', 'mEq/L', 'sodium', 140],
    [5, 'mmol/L', 'mg/dL', 'cholesterol', 193.325],
    [1, 'mmol/L', 'mg/dL', 'triglycerides', 88.57],
    [10, 'µIU/mL', 'pmol/L', 'insulin', 60],
  ] as const)('converts %d %s to %s of %s', (value, from, to, analyte, expected) => {
    expect(convertUnit(value, from, to, analyte as Analyte)).toBeCloseTo(expected, 2)
  })

  it.each([
    [150, 'lb', 'kg', 68.0389],
    [70, 'in', 'cm', 177.8],
    [6, 'ft', 'cm', 182.88],
    [98.6, '°F', '°C', 37],
    [-40, 'F', 'C', -40],
    [310.15, 'K', '°C', 37],
    [3.1, 'g/dL', 'g/L', 31],
    [149_000, '/µL', '10^9/L', 149],
    [12_000, 'cells/mm^3', 'x10^9/L', 12],
    [24, 'months', 'years', 2],
    [2180, 'g', 'kg', 2.18],
    [0.44, 's', 'ms', 440],
    [1440, 'mL/day', 'mL/h', 60],
    [40, '%', 'fraction', 0.4],
    [10, 'kPa', 'mmHg', 75.006],
  ] as const)('converts %d %s to %s', (value, from, to, expected) => {
    expect(convertUnit(value, from, to)).toBeCloseTo(expected, 3)
  })

  it('refuses a mass-to-molar conversion without an analyte', () => {
    expect(() => convertUnit(1, 'mg/dL', 'µmol/L')).toThrow(/cannot convert "mg\/dL"/)
    expect(canConvert('mg/dL', 'µmol/L')).toBe(false)
    expect(canConvert('mg/dL', 'µmol/L', 'creatinine')).toBe(true)
  })

  it('refuses equivalents for an analyte without a valence', () => {
    expect(() => convertUnit(1, 'mEq/L', 'mg/dL', 'glucose')).toThrow(InputError)
  })

  it('names an unknown unit', () => {
    expect(() => convertUnit(1, 'furlongs', 'cm')).toThrow('unknown unit "furlongs"')
  })

  it('tells millimolar from millimetre and g/L from G/L by spelling and target', () => {
    expect(findUnit('mM')?.symbol).toBe('mmol/L')
    expect(findUnit('mm')?.symbol).toBe('mm')
    expect(findUnit('g/L')?.dimension).toBe('mass-concentration')
    expect(findUnit('G/L')?.dimension).toBe('count-concentration')
    expect(convertUnit(2, 'MM', 'mmol/L')).toBe(2)
  })
})

describe('unit round trips (property)', () => {
  const byDimension = new Map<string, string[]>()
  for (const unit of UNITS) {
    byDimension.set(unit.dimension, [...(byDimension.get(unit.dimension) ?? []), unit.symbol])
  }
  const pairs = [...byDimension.values()].flatMap((symbols) =>
    symbols.flatMap((from) => symbols.map((to) => [from, to] as const)),
  )

  it('converts every unit to every unit of its dimension and back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        ([from, to], value) => {
          const back = convertUnit(convertUnit(value, from, to), to, from)
          expect(back).toBeCloseTo(value, 6)
        },
      ),
    )
  })

  const concentrationUnits = ['mg/dL', 'g/L', 'mg/L', 'mmol/L', 'µmol/L', 'mEq/L']
  const analytes = Object.keys(ANALYTES) as Analyte[]

  it('round-trips mass, molar and equivalent concentrations through every analyte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...analytes),
        fc.constantFrom(...concentrationUnits),
        fc.constantFrom(...concentrationUnits),
        fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
        (analyte, from, to, value) => {
          fc.pre(canConvert(from, to, analyte))
          const back = convertUnit(convertUnit(value, from, to, analyte), to, from, analyte)
          expect(Math.abs(back - value) / value).toBeLessThan(1e-9)
        },
      ),
    )
  })

  it('keeps order: a larger value stays larger after conversion', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
        ([from, to], value, step) => {
          expect(convertUnit(value + step, from, to)).toBeGreaterThan(convertUnit(value, from, to))
        },
      ),
    )
  })
})

describe('parseQuantityText', () => {
  it.each([
    ['150 lb', { value: 150, unit: 'lb' }],
    ['150lb', { value: 150, unit: 'lb' }],
    ['37.2 °C', { value: 37.2, unit: '°C' }],
    ['1.2e3 /µL', { value: 1200, unit: '/µL' }],
    ['-3', { value: -3, unit: '' }],
    ['5 ft 7 in', { value: 67, unit: 'in' }],
    ['5\'7"', { value: 67, unit: 'in' }],
    ['4,5 mmol/L', { value: 4.5, unit: 'mmol/L' }],
  ])('reads "%s"', (text, expected) => {
    expect(parseQuantityText(text)).toEqual(expected)
  })

  it('returns undefined for text that does not start with a number', () => {
    expect(parseQuantityText('seventy kg')).toBeUndefined()
    expect(parseQuantityText('')).toBeUndefined()
  })
})
