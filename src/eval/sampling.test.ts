import { describe, expect, it } from 'vitest'
import { createRandom, sampleUniform } from './sampling.js'
import { bootstrapInterval } from './statistics.js'

describe('sampleUniform', () => {
  const population = Array.from({ length: 5000 }, (_, index) => index)

  it('draws the same subset for the same seed and a different one for another seed', () => {
    const first = sampleUniform(population, 1000, 7)
    expect(sampleUniform(population, 1000, 7)).toEqual(first)
    expect(sampleUniform(population, 1000, 8)).not.toEqual(first)
    expect(new Set(first).size).toBe(1000)
    expect([...first].sort((left, right) => left - right)).toEqual(first)
  })

  it('keeps everything when the limit is not below the population', () => {
    expect(sampleUniform([3, 1, 2], 1000, 1)).toEqual([3, 1, 2])
  })

  it('covers the population evenly (each tenth gets about a tenth)', () => {
    const counts = new Array<number>(10).fill(0)
    for (let seed = 0; seed < 20; seed += 1) {
      for (const value of sampleUniform(population, 500, seed)) {
        const bucket = Math.floor(value / 500)
        counts[bucket] = (counts[bucket] ?? 0) + 1
      }
    }
    for (const count of counts) expect(count).toBeGreaterThan(850)
    for (const count of counts) expect(count).toBeLessThan(1150)
  })

  it('generates numbers in [0, 1) with a mean near one half', () => {
    const random = createRandom('x')
    const values = Array.from({ length: 10000 }, () => random())
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 1)
  })
})

describe('bootstrapInterval', () => {
  it('brackets the observed accuracy with about the normal-approximation width', () => {
    const clusters = Array.from({ length: 1000 }, (_, index) => [index < 700 ? 1 : 0, 1] as const)
    const [low, high] = bootstrapInterval(clusters, { seed: 1 })
    expect(low).toBeLessThan(0.7)
    expect(high).toBeGreaterThan(0.7)
    const halfWidth = 1.96 * Math.sqrt((0.7 * 0.3) / 1000)
    expect(high - low).toBeGreaterThan(halfWidth * 2 * 0.85)
    expect(high - low).toBeLessThan(halfWidth * 2 * 1.15)
  })

  it('collapses to the value when every item agrees, and is [0, 0] without data', () => {
    expect(
      bootstrapInterval([
        [1, 1],
        [1, 1],
      ]),
    ).toEqual([1, 1])
    expect(bootstrapInterval([])).toEqual([0, 0])
  })
})
