import { describe, expect, it } from 'vitest'
import { reciprocalRankFusion } from './fusion.js'

describe('reciprocalRankFusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['d', 'b', 'e'],
    ])
    expect(fused[0]?.id).toBe('b')
    expect(fused[0]?.score).toBeCloseTo(2 / 62, 10)
  })

  it('returns an empty list for empty input', () => {
    expect(reciprocalRankFusion([[], []])).toEqual([])
  })
})
