import { describe, expect, it } from 'vitest'
import { normalCdf } from './acquisition.js'
import { normalQuantile, rankOutputs, standardiseOutputs } from './output-transform.js'

describe('output transforms', () => {
  it('inverts Φ with the normal quantile', () => {
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12)
  })

  it('standardises to zero mean and unit variance and maps back exactly', () => {
    const values = [3, 5, 9, 11]
    const transform = standardiseOutputs(values)
    const mean = transform.values.reduce((sum, value) => sum + value, 0) / values.length
    expect(mean).toBeCloseTo(0, 12)
    for (const [index, value] of values.entries()) {
      expect(transform.toOriginal(transform.values[index] as number)).toBeCloseTo(value, 12)
    }
    expect(standardiseOutputs([2, 2, 2]).values).toEqual(new Float64Array([0, 0, 0]))
  })

  it('maps ranks to symmetric normal scores, shares them for ties and maps back to observed values', () => {
    const transform = rankOutputs([10, -50, 3, 3, 1000])
    const scores = Array.from(transform.values)
    expect(scores[2]).toBe(scores[3])
    expect(scores[1]).toBeCloseTo(-(scores[4] as number), 12)
    expect(transform.toOriginal(scores[0] as number)).toBeCloseTo(10, 12)
    expect(transform.toOriginal(scores[4] as number)).toBeCloseTo(1000, 12)
    expect(transform.slope(0)).toBeGreaterThan(0)
  })
})
