import { describe, expect, it } from 'vitest'
import { levenshtein, normalisedEditDistance } from './edit-distance.js'
import { cohenKappa } from './kappa.js'

describe('cohenKappa', () => {
  it('matches a worked example (50 items, two categories: kappa 0.4)', () => {
    const pairs: Array<[string, string]> = [
      ...Array.from({ length: 20 }, (): [string, string] => ['yes', 'yes']),
      ...Array.from({ length: 5 }, (): [string, string] => ['yes', 'no']),
      ...Array.from({ length: 10 }, (): [string, string] => ['no', 'yes']),
      ...Array.from({ length: 15 }, (): [string, string] => ['no', 'no']),
    ]
    const result = cohenKappa(pairs)
    expect(result.observed).toBeCloseTo(0.7)
    expect(result.expected).toBeCloseTo(0.5)
    expect(result.kappa).toBeCloseTo(0.4)
  })

  it('is 1 for perfect agreement over two categories and null without pairs', () => {
    expect(
      cohenKappa([
        ['a', 'a'],
        ['b', 'b'],
      ]).kappa,
    ).toBe(1)
    expect(cohenKappa([]).kappa).toBeNull()
    expect(cohenKappa([['a', 'a']]).kappa).toBeNull()
  })
})

describe('levenshtein', () => {
  it('counts code points, so one Chinese character is one edit', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('二甲双胍', '二甲双胍片')).toBe(1)
    expect(normalisedEditDistance('', '')).toBe(0)
    expect(normalisedEditDistance('abcd', 'abcf')).toBeCloseTo(0.25)
  })
})
