import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  correctDrugNames,
  createDrugVocabulary,
  detectCalculatorIntent,
  editDistance,
  loadDrugVocabulary,
} from './understand-query.js'

const shipped = loadDrugVocabulary(
  resolve(import.meta.dirname, '../../data/lexicons/common-drugs.json'),
  {
    brandsPath: resolve(import.meta.dirname, '../../data/lexicons/drug-brands.json'),
  },
)

describe('correctDrugNames', () => {
  it('corrects "metfromin" to metformin with the shipped lexicon', () => {
    const result = correctDrugNames('What is the maximum dose of metfromin?', shipped)
    expect(result.text).toBe('What is the maximum dose of metformin?')
    expect(result.corrections).toEqual([{ from: 'metfromin', to: 'metformin', distance: 1 }])
  })

  it('corrects a misspelled brand name to the brand', () => {
    expect(correctDrugNames('side effects of lipitorr', shipped).text).toBe(
      'side effects of lipitor',
    )
  })

  it('leaves ordinary words and correct names alone', () => {
    const text = 'Which patients should receive apixaban after surgery?'
    expect(correctDrugNames(text, shipped)).toEqual({ text, corrections: [] })
  })

  it('refuses an ambiguous correction', () => {
    const vocabulary = createDrugVocabulary({ generics: ['abcdef', 'abcdeg'] })
    expect(correctDrugNames('abcdex', vocabulary).corrections).toEqual([])
  })
})

describe('editDistance', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('metfromin', 'metformin', 2)).toBe(1)
  })

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (left, right) => {
        const forward = editDistance(left, right, 30)
        expect(forward).toBe(editDistance(right, left, 30))
        expect(forward === 0).toBe(left === right)
      }),
    )
  })
})

describe('detectCalculatorIntent', () => {
  it('routes a CHA2DS2-VASc question to calculator 4', () => {
    expect(
      detectCalculatorIntent(
        'What is the CHA2DS2-VASc score for a 76-year-old woman with hypertension?',
      ),
    ).toEqual([4])
  })

  it('routes a BMI question to calculator 6', () => {
    expect(
      detectCalculatorIntent('Calculate the BMI of a man weighing 80 kg who is 180 cm tall'),
    ).toEqual([6])
  })

  it('does not treat a mention without a request as intent', () => {
    expect(detectCalculatorIntent('BMI has known limitations in athletes')).toEqual([])
  })
})
