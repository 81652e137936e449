import { describe, expect, it } from 'vitest'
import { gradedNdcgAt, ndcgAt, percentile, recallAt, reciprocalRankAt } from './evaluation.js'

describe('retrieval metrics', () => {
  const relevant = new Set(['a', 'c'])

  it('computes binary nDCG@10 against the ideal ordering', () => {
    expect(ndcgAt(['a', 'c', 'x'], relevant, 10)).toBe(1)
    const expected = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3))
    expect(ndcgAt(['x', 'a', 'c'], relevant, 10)).toBeCloseTo(expected, 12)
    expect(ndcgAt(['x', 'y'], relevant, 10)).toBe(0)
  })

  it('ignores results past the cutoff', () => {
    expect(ndcgAt(['x', 'a'], relevant, 1)).toBe(0)
    expect(recallAt(['a', 'x', 'c'], relevant, 2)).toBe(0.5)
    expect(reciprocalRankAt(['x', 'x2', 'a'], relevant, 2)).toBe(0)
  })

  it('gives the reciprocal rank of the first relevant result', () => {
    expect(reciprocalRankAt(['x', 'c', 'a'], relevant, 10)).toBe(0.5)
  })

  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10)
    expect(percentile([], 0.5)).toBe(0)
  })

  it('computes graded nDCG with gains 2^grade - 1 against the ideal order of the judgements', () => {
    const grades = new Map([
      ['a', 2],
      ['b', 1],
      ['z', 0],
    ])
    expect(gradedNdcgAt(['a', 'b'], grades, 5)).toBe(1)
    const swapped = (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3))
    expect(gradedNdcgAt(['b', 'a'], grades, 5)).toBeCloseTo(swapped, 12)
    expect(gradedNdcgAt(['z', 'x'], grades, 5)).toBe(0)
    expect(gradedNdcgAt(['a'], new Map(), 5)).toBe(0)
  })
})
