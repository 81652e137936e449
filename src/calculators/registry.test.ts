import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError, NotFoundError } from '../errors.js'
import type { Calculator, CalculatorInputSpec } from './calculator.js'
import { MEDCALC_CATALOG } from './catalog.js'
import { findCalculator, getCalculator, listCalculators, listCatalog } from './registry.js'
import { canConvert, findUnit } from './units.js'
import { validateInput } from './validate.js'

describe('registry', () => {
  it('implements all 55 MedCalc-Bench calculators, with their ids and names', () => {
    expect(MEDCALC_CATALOG.length).toBe(55)
    expect(
      listCatalog()
        .filter((entry) => !entry.implemented)
        .map((entry) => entry.id),
    ).toEqual([])
    expect(listCalculators().map((calculator) => calculator.id)).toEqual(
      MEDCALC_CATALOG.map((entry) => entry.id),
    )
  })

  it('finds a calculator by id, numeric string, slug, tool name or name, case-insensitively', () => {
    const expected = getCalculator(2)
    for (const reference of [
      '2',
      ' 2 ',
      'cockcroft-gault',
      'COCKCROFT_GAULT',
      'creatinine clearance (cockcroft-gault equation)',
    ]) {
      expect(findCalculator(reference)).toBe(expected)
    }
  })

  it('throws NotFoundError naming an unknown calculator', () => {
    expect(() => getCalculator('no-such')).toThrow(NotFoundError)
    expect(() => getCalculator('no-such')).toThrow('unknown calculator "no-such"')
    expect(() => getCalculator(1)).toThrow(NotFoundError)
  })
})

function checkSpec(calculator: Calculator, spec: CalculatorInputSpec): void {
  const where = `${calculator.slug}.${spec.name}`
  expect(spec.name, where).toMatch(/^[a-z][A-Za-z0-9]*$/)
  if (spec.min !== undefined && spec.max !== undefined)
    expect(spec.min, where).toBeLessThanOrEqual(spec.max)
  if (spec.type === 'quantity') {
    expect(spec.unit, where).toBeDefined()
    expect(findUnit(spec.unit ?? ''), `${where} unit ${spec.unit}`).toBeDefined()
    for (const unit of spec.acceptedUnits ?? []) {
      expect(
        canConvert(unit, spec.unit ?? '', spec.analyte),
        `${where}: ${unit} -> ${spec.unit}`,
      ).toBe(true)
    }
  }
  if (spec.type === 'enum') {
    expect(spec.options?.length ?? 0, where).toBeGreaterThan(1)
    if (spec.default !== undefined) expect(spec.options, where).toContain(spec.default)
  }
}

/** An arbitrary valid raw value for an input (within its declared range). */
function arbitraryValue(spec: CalculatorInputSpec): fc.Arbitrary<unknown> {
  const min = spec.min ?? 0
  const max = spec.max ?? Math.max(min + 100, 100)
  switch (spec.type) {
    case 'quantity':
      return fc.double({ min, max, noNaN: true })
    case 'number':
      return spec.integer
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'enum':
      return fc.constantFrom(...(spec.options ?? []))
    case 'date':
      return fc
        .date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().slice(0, 10))
  }
}

describe.each(listCalculators().map((calculator) => [calculator.slug, calculator] as const))(
  'conformance: %s',
  (_slug, calculator) => {
    it('declares a kebab-case slug, a source and well-formed inputs', () => {
      expect(calculator.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(calculator.source.length).toBeGreaterThan(10)
      const names = calculator.inputs.map((spec) => spec.name)
      expect(new Set(names).size).toBe(names.length)
      for (const spec of calculator.inputs) checkSpec(calculator, spec)
    })

    it('returns a value of its output type with steps, or an InputError, for any input in range', () => {
      const record = fc.record(
        Object.fromEntries(calculator.inputs.map((spec) => [spec.name, arbitraryValue(spec)])),
      )
      fc.assert(
        fc.property(record, (raw) => {
          let result: ReturnType<Calculator['compute']>
          try {
            result = calculator.compute(validateInput(calculator, raw))
          } catch (error) {
            expect(error).toBeInstanceOf(InputError)
            return
          }
          expect(result.steps.length).toBeGreaterThan(0)
          if (calculator.outputType === 'decimal' || calculator.outputType === 'integer') {
            expect(typeof result.value).toBe('number')
            expect(Number.isFinite(result.value)).toBe(true)
            if (calculator.outputType === 'integer')
              expect(Number.isInteger(result.value)).toBe(true)
          } else if (calculator.outputType === 'date') {
            expect(result.value).toMatch(/^\d{4}-\d{2}-\d{2}$/)
          } else {
            expect(result.value).toMatch(/^\(\d+ weeks, \d+ days\)$/)
          }
        }),
        { numRuns: 40 },
      )
    })
  },
)
