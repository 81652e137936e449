import { describe, expect, it } from 'vitest'
import { diversify } from './diversify.js'
import { DEFAULT_RERANK, recencyPrior, rerankScore } from './rerank.js'

describe('diversify', () => {
  const items = [
    { id: 'a', text: 'ACE inhibitors lower blood pressure in hypertension', relevance: 1 },
    {
      id: 'b',
      text: 'ACE inhibitors lower blood pressure in hypertensive adults',
      relevance: 0.95,
    },
    { id: 'c', text: 'Salt restriction and exercise also help', relevance: 0.9 },
  ]

  it('keeps relevance order when MMR is off and nothing is a near-duplicate', () => {
    const kept = diversify(items, { nearDuplicateThreshold: 0.95, mmrLambda: 1 })
    expect(kept.map((item) => item.id)).toEqual(['a', 'b', 'c'])
  })

  it('moves a passage unlike the chosen ones up with MMR', () => {
    const kept = diversify(items, { nearDuplicateThreshold: 0.95, mmrLambda: 0.5 })
    expect(kept.map((item) => item.id)).toEqual(['a', 'c', 'b'])
  })

  it('stops after the limit', () => {
    expect(diversify(items, { nearDuplicateThreshold: 0.95, mmrLambda: 1 }, 1)).toHaveLength(1)
  })
})

describe('rerank priors', () => {
  it('halves the recency prior every half-life and gives undated documents 0.5', () => {
    const settings = { recencyHalfLifeYears: 10, now: 2030.5 }
    expect(recencyPrior({ published: '2030' }, settings)).toBeCloseTo(1, 5)
    expect(recencyPrior({ published: '2020' }, settings)).toBeCloseTo(0.5, 5)
    expect(recencyPrior({ published: '2000', updated: '2030' }, settings)).toBeCloseTo(1, 5)
    expect(recencyPrior({}, settings)).toBe(0.5)
  })

  it('adds the weighted priors to the relevance', () => {
    const result = rerankScore(
      0.8,
      { authority: 'B', published: '2030' },
      { ...DEFAULT_RERANK, now: 2030.5 },
    )
    expect(result.score).toBeCloseTo(0.8 + 0.1 * 0.75 + 0.05 * 1, 5)
  })
})
