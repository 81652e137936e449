import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { editDistance, stem, tokenize } from './tokens.js'

describe('stem', () => {
  it('brings word forms of clinical terms together', () => {
    expect(stem('infarction')).toBe(stem('infarct'))
    expect(stem('myocardial')).toBe(stem('myocardium'))
    expect(stem('diabetes')).toBe(stem('diabetic'))
    expect(stem('anaemia')).toBe(stem('anemia'))
    expect(stem('haemorrhage')).toBe(stem('hemorrhage'))
    expect(stem('hypertensive')).toBe(stem('hypertension'))
  })

  it('leaves short words alone', () => {
    expect(stem('copd')).toBe('copd')
    expect(stem('ecg')).toBe('ecg')
  })
})

describe('tokenize', () => {
  it('lower-cases, folds accents and splits on punctuation', () => {
    expect(tokenize('Non-ST élévation MI, type 2')).toEqual([
      'non',
      'st',
      'elevation',
      'mi',
      'type',
      '2',
    ])
  })
})

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('metformin', 'metformin', 2)).toBe(0)
    expect(editDistance('metfromin', 'metformin', 2)).toBe(1)
    expect(editDistance('metformn', 'metformin', 2)).toBe(1)
    expect(editDistance('kitten', 'sitting', 5)).toBe(3)
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })

  it('is symmetric and bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (left, right) => {
        const limit = 20
        const distance = editDistance(left, right, limit)
        expect(distance).toBe(editDistance(right, left, limit))
        expect(distance).toBeLessThanOrEqual(Math.max(left.length, right.length))
      }),
    )
  })
})
