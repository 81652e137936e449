import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { getCalculator } from './registry.js'
import { parseDateText, safeValidateInput, validateInput } from './validate.js'

const cockcroftGault = getCalculator('cockcroft-gault')
const valid = { age: 60, sex: 'male', weight: 80, height: 178, creatinine: 1.1 }

describe('validateInput', () => {
  it('converts every quantity to its canonical unit', () => {
    const values = validateInput(cockcroftGault, {
      age: '720 months',
      sex: 'Male',
      weight: '176.37 lb',
      height: { value: 70, unit: 'in' },
      creatinine: [97, 'µmol/L'],
    })
    expect(values.age).toBeCloseTo(60, 6)
    expect(values.sex).toBe('male')
    expect(values.weight).toBeCloseTo(80, 2)
    expect(values.height).toBeCloseTo(177.8, 6)
    expect(values.creatinine).toBeCloseTo(1.0973, 3)
    expect(values.weightBasis).toBe('bmi-adjusted')
  })

  it('names the field, the value and the range when a value is impossible', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, creatinine: -1 })).toThrow(
      'calculators: "creatinine" = -1 mg/dL is outside 0.05-40 mg/dL',
    )
    expect(() => validateInput(cockcroftGault, { ...valid, creatinine: '9000 µmol/L' })).toThrow(
      /"creatinine" = 9000 µmol\/L \(101\.8\d* mg\/dL\) is outside 0\.05-40 mg\/dL/,
    )
  })

  it('names a missing required input with its unit', () => {
    const { creatinine: _omitted, ...rest } = valid
    expect(() => validateInput(cockcroftGault, rest)).toThrow(
      '"creatinine" (mg/dL) is required by "cockcroft-gault"',
    )
  })

  it('treats null as absent', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, age: null })).toThrow('"age"')
  })

  it('rejects an unknown key and lists the expected names', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, wieght: 80 })).toThrow(
      /unknown input "wieght" for "cockcroft-gault" \(expected: age, sex, weight/,
    )
  })

  it('matches keys after folding case and punctuation, but not twice', () => {
    expect(validateInput(cockcroftGault, { ...valid, weight_basis: 'ACTUAL' }).weightBasis).toBe(
      'actual',
    )
    expect(() => validateInput(cockcroftGault, { ...valid, Weight: 81 })).toThrow('given twice')
  })

  it('rejects a unit of the wrong dimension and an unknown unit', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, weight: '80 cm' })).toThrow(
      /does not convert to kg/,
    )
    expect(() => validateInput(cockcroftGault, { ...valid, weight: '80 stone' })).toThrow(
      /unknown unit "stone"/,
    )
  })

  it('rejects an enum value outside the options, naming them', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, sex: 'unknown' })).toThrow(
      '"sex" = "unknown" is not one of: male, female',
    )
  })

  it('rejects non-numbers, infinities and non-object input', () => {
    expect(() => validateInput(cockcroftGault, { ...valid, age: 'old' })).toThrow(/"age" = "old"/)
    expect(() =>
      validateInput(cockcroftGault, { ...valid, age: Number.POSITIVE_INFINITY }),
    ).toThrow(/not a finite number/)
    expect(() => validateInput(cockcroftGault, [1, 2])).toThrow(/must be an object/)
    expect(() => validateInput(cockcroftGault, 'x')).toThrow(InputError)
  })

  it('reads yes/no words as booleans and defaults optional booleans to false', () => {
    const meld = getCalculator('meld-na')
    const base = { creatinine: 1, bilirubin: 1, inr: 1, sodium: 137 }
    expect(
      validateInput(meld, { ...base, dialysisTwiceInPastWeek: 'yes' }).dialysisTwiceInPastWeek,
    ).toBe(true)
    expect(validateInput(meld, base).cvvhdInPastWeek).toBe(false)
    expect(() => validateInput(meld, { ...base, cvvhdInPastWeek: 'maybe' })).toThrow(/yes\/no/)
  })

  it('reads ISO and US dates and rejects impossible ones', () => {
    const dueDate = getCalculator('due-date')
    expect(validateInput(dueDate, { lastMenstrualPeriod: '01/31/2024' }).lastMenstrualPeriod).toBe(
      '2024-01-31',
    )
    expect(() => validateInput(dueDate, { lastMenstrualPeriod: '2023-02-29' })).toThrow(
      /not a date/,
    )
    expect(() =>
      validateInput(dueDate, { lastMenstrualPeriod: '2024-01-01', cycleLength: 28.5 }),
    ).toThrow(/whole number/)
  })

  it('never throws from the safe variant', () => {
    const result = safeValidateInput(cockcroftGault, { ...valid, age: -5 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.field).toBe('age')
  })
})

describe('parseDateText', () => {
  it('normalises dates and refuses non-dates', () => {
    expect(parseDateText('2024-2-9')).toBe('2024-02-09')
    expect(parseDateText('02/29/2024')).toBe('2024-02-29')
    expect(parseDateText('13/01/2024')).toBeUndefined()
    expect(parseDateText('yesterday')).toBeUndefined()
  })
})
