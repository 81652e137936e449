import { describe, expect, it } from 'vitest'
import { createRandom } from './random.js'

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const first = createRandom('mix-7')
    const second = createRandom('mix-7')
    const other = createRandom('mix-8')
    const a = Array.from({ length: 20 }, () => first.next())
    const b = Array.from({ length: 20 }, () => second.next())
    const c = Array.from({ length: 20 }, () => other.next())
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it('treats a number seed and its text as the same seed', () => {
    expect(createRandom(42).next()).toBe(createRandom('42').next())
  })

  it('stays in [0, 1) and spreads evenly over ten bins', () => {
    const random = createRandom(1)
    const bins = new Array<number>(10).fill(0)
    const draws = 100_000
    let low = 1
    let high = 0
    for (let index = 0; index < draws; index += 1) {
      const value = random.next()
      low = Math.min(low, value)
      high = Math.max(high, value)
      bins[Math.floor(value * 10)] = (bins[Math.floor(value * 10)] ?? 0) + 1
    }
    expect(low).toBeGreaterThanOrEqual(0)
    expect(high).toBeLessThan(1)
    // chi-square with 9 degrees of freedom: 27.9 is the 0.999 quantile
    const expected = draws / 10
    const chiSquare = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
    expect(chiSquare).toBeLessThan(27.9)
  })

  it('draws integers below the bound and rejects a bound that is not a positive integer', () => {
    const random = createRandom(3)
    for (let index = 0; index < 1000; index += 1) {
      const value = random.integer(7)
      expect(Number.isInteger(value) && value >= 0 && value < 7).toBe(true)
    }
    expect(() => random.integer(0)).toThrow(/bound must be a positive integer, got 0/)
    expect(() => random.integer(2.5)).toThrow(RangeError)
  })

  it('shuffles into a permutation of the input', () => {
    const values = Array.from({ length: 50 }, (_, index) => index)
    const shuffled = createRandom(9).shuffle([...values])
    expect(shuffled).not.toEqual(values)
    expect([...shuffled].sort((x, y) => x - y)).toEqual(values)
  })
})
