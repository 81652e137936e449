import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CalculatorInputSpec } from '../calculator.js'
import { scoreCalculators } from './index.js'
import type { ScoreCalculator } from './score-calculator.js'

type Values = Record<string, number | boolean | string>

/** What each score promises: its range, and how each input may move it. */
interface ScoreLaw {
  min: number
  max: number
  /** Boolean inputs that lower the score when present (all others never lower it). */
  lowering?: readonly string[]
  /** Enum inputs whose options are listed from lowest to highest score. */
  orderedEnums?: readonly string[]
  /** Quantities whose increase never lowers the score. */
  increasing?: readonly string[]
  /** Quantities whose increase never raises the score. */
  decreasing?: readonly string[]
}

const laws: Record<string, ScoreLaw> = {
  'cha2ds2-vasc': { min: 0, max: 9, increasing: ['age'] },
  'wells-pe': { min: 0, max: 12.5, increasing: ['heartRate'] },
  'child-pugh': {
    min: 5,
    max: 15,
    orderedEnums: ['ascites', 'encephalopathy'],
    increasing: ['bilirubin', 'inr'],
    decreasing: ['albumin'],
  },
  'wells-dvt': { min: -2, max: 9, lowering: ['alternativeDiagnosis'] },
  rcri: { min: 0, max: 6, increasing: ['creatinine'] },
  'heart-score': {
    min: 0,
    max: 10,
    orderedEnums: ['history', 'ecg', 'troponin'],
    increasing: ['age'],
  },
  'centor-mcisaac': { min: -1, max: 5 },
  'glasgow-coma-scale': { min: 0, max: 15 },
  'has-bled': { min: 0, max: 9, increasing: ['age', 'alcoholDrinksPerWeek'] },
  'glasgow-blatchford': {
    min: 0,
    max: 23,
    increasing: ['bun'],
    decreasing: ['hemoglobin', 'systolicBloodPressure'],
  },
  'apache-ii': { min: 0, max: 71, increasing: ['age'], decreasing: ['gcs'] },
  psi: {
    min: -10,
    max: 415,
    increasing: ['age', 'bun'],
    decreasing: ['systolicBloodPressure', 'ph'],
  },
  charlson: {
    min: 0,
    max: 37,
    orderedEnums: ['liverDisease', 'diabetes', 'solidTumor'],
    increasing: ['age'],
  },
  feverpain: { min: 0, max: 5 },
  caprini: { min: 0, max: 76, orderedEnums: ['mobility'], increasing: ['age', 'bmi'] },
  sofa: {
    min: 0,
    max: 24,
    increasing: [
      'bilirubin',
      'creatinine',
      'dopamine',
      'dobutamine',
      'epinephrine',
      'norepinephrine',
    ],
    decreasing: ['platelets', 'gcs', 'pao2', 'urineOutput'],
  },
  'curb-65': {
    min: 0,
    max: 5,
    increasing: ['bun', 'respiratoryRate', 'age'],
    decreasing: ['systolicBloodPressure', 'diastolicBloodPressure'],
  },
  // Not total cholesterol: the published age-by-cholesterol interaction makes its effect negative
  // past about 77 years in men (20.014077 - 4.605038 ln(age) < 0).
  'framingham-hard-chd': {
    min: 0,
    max: 100,
    increasing: ['systolicBloodPressure'],
    decreasing: ['hdlCholesterol'],
  },
  perc: { min: 0, max: 8, increasing: ['age', 'heartRate'], decreasing: ['oxygenSaturation'] },
  sirs: { min: 0, max: 4 },
}

function valueArbitrary(spec: CalculatorInputSpec): fc.Arbitrary<number | boolean | string> {
  if (spec.type === 'boolean') return fc.boolean()
  if (spec.type === 'enum') return fc.constantFrom(...(spec.options ?? []))
  const min = spec.min ?? 0
  const max = spec.max ?? min + 1000
  if (spec.integer === true) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
}

function inputArbitrary(calculator: ScoreCalculator): fc.Arbitrary<Values> {
  const entries = calculator.inputs.map((spec) => [spec.name, valueArbitrary(spec)] as const)
  return fc.record(Object.fromEntries(entries))
}

function score(calculator: ScoreCalculator, input: Values): number {
  const value = calculator.compute(input).value
  if (typeof value !== 'number') throw new Error(`${calculator.slug}: non-numeric value`)
  return value
}

function lawOf(calculator: ScoreCalculator): ScoreLaw {
  const law = laws[calculator.slug]
  if (law === undefined) throw new Error(`no law declared for ${calculator.slug}`)
  return law
}

describe('score calculators: bounds and monotonicity (property tests)', () => {
  it('declares a law for every score calculator', () => {
    expect(scoreCalculators.map((calculator) => calculator.slug).sort()).toEqual(
      Object.keys(laws).sort(),
    )
  })

  for (const calculator of scoreCalculators) {
    describe(calculator.slug, () => {
      const law = lawOf(calculator)
      const arbitrary = inputArbitrary(calculator)
      const booleans = calculator.inputs.filter((spec) => spec.type === 'boolean')

      it(`stays within ${law.min}-${law.max} with every step recorded`, () => {
        fc.assert(
          fc.property(arbitrary, (input) => {
            const result = calculator.compute(input)
            expect(typeof result.value).toBe('number')
            const value = result.value as number
            expect(Number.isFinite(value)).toBe(true)
            expect(value).toBeGreaterThanOrEqual(law.min)
            expect(value).toBeLessThanOrEqual(law.max)
            if (calculator.outputType === 'integer') expect(Number.isInteger(value)).toBe(true)
            expect(result.steps.length).toBeGreaterThan(0)
          }),
          { numRuns: 150 },
        )
      })

      if (booleans.length > 0) {
        it('never scores lower when a criterion is added (and lower for a lowering one)', () => {
          fc.assert(
            fc.property(
              arbitrary,
              fc.constantFrom(...booleans.map((spec) => spec.name)),
              (input, name) => {
                const without = score(calculator, { ...input, [name]: false })
                const withIt = score(calculator, { ...input, [name]: true })
                if (law.lowering?.includes(name)) expect(withIt).toBeLessThanOrEqual(without)
                else expect(withIt).toBeGreaterThanOrEqual(without)
              },
            ),
            { numRuns: 150 },
          )
        })
      }

      for (const name of law.orderedEnums ?? []) {
        it(`never scores lower for a worse "${name}"`, () => {
          const options = calculator.inputs.find((spec) => spec.name === name)?.options ?? []
          expect(options.length).toBeGreaterThan(1)
          fc.assert(
            fc.property(
              arbitrary,
              fc.integer({ min: 0, max: options.length - 2 }),
              (input, index) => {
                const lower = score(calculator, { ...input, [name]: options[index] as string })
                const higher = score(calculator, { ...input, [name]: options[index + 1] as string })
                expect(higher).toBeGreaterThanOrEqual(lower)
              },
            ),
            { numRuns: 100 },
          )
        })
      }

      const directions = [
        ...(law.increasing ?? []).map((name) => [name, 1] as const),
        ...(law.decreasing ?? []).map((name) => [name, -1] as const),
      ]
      for (const [name, direction] of directions) {
        it(`moves ${direction > 0 ? 'up' : 'down'} (never the other way) as "${name}" rises`, () => {
          const spec = calculator.inputs.find((candidate) => candidate.name === name)
          expect(spec).toBeDefined()
          const low = valueArbitrary(spec as CalculatorInputSpec) as fc.Arbitrary<number>
          fc.assert(
            fc.property(arbitrary, low, low, (input, first, second) => {
              const [small, large] = first <= second ? [first, second] : [second, first]
              const atSmall = score(calculator, { ...input, [name]: small })
              const atLarge = score(calculator, { ...input, [name]: large })
              if (direction > 0) expect(atLarge).toBeGreaterThanOrEqual(atSmall)
              else expect(atLarge).toBeLessThanOrEqual(atSmall)
            }),
            { numRuns: 100 },
          )
        })
      }
    })
  }
})
