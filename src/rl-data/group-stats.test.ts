import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeAdvantages,
  difficultyBand,
  passRateBin,
  RewardAccumulator,
  summarizeRewards,
} from './group-stats.js'

describe('summarizeRewards', () => {
  it('gives mean, both standard deviations, pass rate and range of a group', () => {
    const summary = summarizeRewards([1, 0, 0, 1])
    expect(summary.mean).toBe(0.5)
    expect(summary.std).toBeCloseTo(0.5, 12)
    expect(summary.sampleStd).toBeCloseTo(Math.sqrt(1 / 3), 12)
    expect(summary.passRate).toBe(0.5)
    expect(summary.min).toBe(0)
    expect(summary.max).toBe(1)
    expect(summary.uniform).toBe(false)
  })

  it('marks a group whose rewards are all equal as uniform', () => {
    expect(summarizeRewards([0.25, 0.25, 0.25]).uniform).toBe(true)
    expect(summarizeRewards([1, 1, 0.999]).uniform).toBe(false)
  })

  it('counts a pass at the threshold and not below it', () => {
    expect(summarizeRewards([0.5, 0.49], { passThreshold: 0.5 }).passRate).toBe(0.5)
    expect(summarizeRewards([0.8, 0.9], { passThreshold: 0.9 }).passRate).toBe(0.5)
  })

  it('matches the two-pass formulas for any rewards (streaming Welford)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 64 }),
        (rewards) => {
          const accumulator = new RewardAccumulator()
          for (const reward of rewards) accumulator.add(reward)
          const summary = accumulator.summary()
          const mean = rewards.reduce((sum, reward) => sum + reward, 0) / rewards.length
          const variance =
            rewards.reduce((sum, reward) => sum + (reward - mean) ** 2, 0) / rewards.length
          expect(summary.mean).toBeCloseTo(mean, 9)
          expect(summary.std).toBeCloseTo(Math.sqrt(variance), 6)
        },
      ),
    )
  })
})

describe('computeAdvantages', () => {
  it('divides by the sample standard deviation by default (GRPO as in verl)', () => {
    const advantages = computeAdvantages([1, 0, 0, 1])
    const std = Math.sqrt(1 / 3)
    expect(advantages[0]).toBeCloseTo(0.5 / (std + 1e-6), 9)
    expect(advantages[1]).toBeCloseTo(-0.5 / (std + 1e-6), 9)
  })

  it('only centres the rewards without std division (Dr. GRPO)', () => {
    expect(computeAdvantages([1, 0, 0, 0], { scaleByStd: false })).toEqual([
      0.75, -0.25, -0.25, -0.25,
    ])
  })

  it('can use the population standard deviation', () => {
    const advantages = computeAdvantages([1, 0], { std: 'population', epsilon: 0 })
    expect(advantages).toEqual([1, -1])
  })

  it('gives zero advantages to a uniform group and to a group of one', () => {
    expect(computeAdvantages([0.7, 0.7, 0.7])).toEqual([0, 0, 0])
    expect(computeAdvantages([1])).toEqual([0])
  })

  it('gives advantages that sum to zero within a group', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 32 }),
        fc.boolean(),
        (rewards, scaleByStd) => {
          const sum = computeAdvantages(rewards, { scaleByStd }).reduce(
            (total, value) => total + value,
            0,
          )
          // undo the scaling so that the bound is on the centred rewards
          const scale = scaleByStd ? summarizeRewards(rewards).sampleStd + 1e-6 : 1
          expect(Math.abs(sum * scale)).toBeLessThan(1e-12 * rewards.length)
        },
      ),
    )
  })
})

describe('difficultyBand and passRateBin', () => {
  it('puts pass rates into the five bands at the default edges', () => {
    expect([0, 0.1, 0.3, 0.69, 0.7, 0.99, 1].map((rate) => difficultyBand(rate))).toEqual([
      'unsolved',
      'hard',
      'medium',
      'medium',
      'easy',
      'easy',
      'solved',
    ])
  })

  it('honours custom band edges', () => {
    expect(difficultyBand(0.4, { hardBelow: 0.5 })).toBe('hard')
    expect(difficultyBand(0.6, { easyFrom: 0.6 })).toBe('easy')
  })

  it('keeps all-fail and all-pass apart in the histogram', () => {
    expect([0, 0.01, 0.2, 0.5, 0.79, 0.8, 1].map(passRateBin)).toEqual([
      '=0',
      '(0,0.2)',
      '[0.2,0.4)',
      '[0.4,0.6)',
      '[0.6,0.8)',
      '[0.8,1)',
      '=1',
    ])
  })
})
