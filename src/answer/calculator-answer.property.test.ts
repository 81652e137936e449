import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { listCalculators } from '../calculators/index.js'
import { answerCalculatorQuestion, formatCalculatorValue } from './calculator-answer.js'
import { analyseQuestion } from './query-concepts.js'

describe('calculator answers on arbitrary input', () => {
  it('formats any finite value with at most two decimals and the right number of points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom('mL/min', 'kg/m²', 'mmHg', 'points', '', 'mmol/L', 'µg/kg/min'),
        (value, unit) => {
          const text = formatCalculatorValue(value, unit, { integer: unit === 'points' })
          const number = text.split(' ')[0] as string
          expect(number).toMatch(/^-?\d+(?:\.\d{1,2})?$/)
          expect(number).not.toMatch(/^-0(?:\.0+)?$/)
          if (unit === 'points') {
            expect(text.endsWith(Number(number) === 1 ? ' point' : ' points')).toBe(true)
          }
        },
      ),
    )
  })

  it('never throws on any question text, whatever the calculator', () => {
    const ids = listCalculators().map((calculator) => calculator.id)
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.string({ maxLength: 200 }), (id, text) => {
        const answer = answerCalculatorQuestion(id, text)
        expect(['computed', 'needs-inputs', 'invalid-inputs']).toContain(answer.status)
        expect(analyseQuestion(text).concepts).toBeInstanceOf(Array)
      }),
      { numRuns: 300 },
    )
  })
})
