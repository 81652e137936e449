import { describe, expect, it } from 'vitest'
import {
  expectedImprovement,
  logExpectedImprovement,
  logImprovement,
  millsRatio,
  normalCdf,
} from './acquisition.js'

describe('normal distribution', () => {
  it('matches reference values of Φ in the body and far in the tails', () => {
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14)
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15)
    // Φ(−10) = 7.619853024160527e-24 (relative accuracy matters in the tail).
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 12)
    expect(normalCdf(-2) / 0.022750131948179195).toBeCloseTo(1, 13)
  })

  it('computes the Mills ratio continuously across the series/continued-fraction switch', () => {
    expect(millsRatio(1.999999)).toBeCloseTo(millsRatio(2.000001), 6)
  })
})

describe('log expected improvement', () => {
  it('equals log of the directly computed EI wherever that is stable (|z| <= 5)', () => {
    for (let z = -5; z <= 5; z += 0.25) {
      const sd = 0.7
      const best = 1
      const mean = best - z * sd
      const direct = Math.log(expectedImprovement(mean, sd, best))
      expect(logExpectedImprovement(mean, sd, best).value).toBeCloseTo(direct, 9)
    }
  })

  it('stays finite, decreasing and smooth far from the incumbent, where EI underflows to 0', () => {
    expect(expectedImprovement(60, 1, 0)).toBe(0)
    let previous = Number.POSITIVE_INFINITY
    for (const z of [-20, -40, -99.9, -100.1, -1000, -1e5]) {
      const { logH } = logImprovement(z)
      expect(Number.isFinite(logH)).toBe(true)
      expect(logH).toBeLessThan(previous)
      previous = logH
    }
    // Continuous across the switch to the asymptotic series.
    expect(logImprovement(-99.999999999).logH).toBeCloseTo(logImprovement(-100.000000001).logH, 6)
    // log h(z) ≈ −z²/2 − log(2π)/2 − 2 log|z| for very negative z.
    const z = -1e4
    expect(logImprovement(z).logH).toBeCloseTo(
      -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z),
      6,
    )
  })

  it('has derivatives with respect to mean and sd that match finite differences', () => {
    for (const [mean, sd] of [
      [0.3, 0.5],
      [3, 0.2],
      [25, 0.1],
    ] as const) {
      const result = logExpectedImprovement(mean, sd, 0)
      const step = 1e-6
      const dMean =
        (logExpectedImprovement(mean + step, sd, 0).value -
          logExpectedImprovement(mean - step, sd, 0).value) /
        (2 * step)
      const dSd =
        (logExpectedImprovement(mean, sd + step, 0).value -
          logExpectedImprovement(mean, sd - step, 0).value) /
        (2 * step)
      expect(result.dMean).toBeCloseTo(dMean, 3)
      expect(result.dSd).toBeCloseTo(dSd, 3)
    }
  })
})
