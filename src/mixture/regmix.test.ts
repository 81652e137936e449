import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { spearman } from './benchmarks.js'
import { createBoxDomain } from './domain.js'
import { suggestFromPool } from './optimiser.js'
import { readRegmix } from './regmix.js'

const DATA = 'mixture/regmix/data'

describe('spearman', () => {
  it('is 1 for a monotone relation, −1 for a reversed one, and averages tied ranks', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12)
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12)
    expect(spearman([1, 1, 2], [1, 1, 2])).toBeCloseTo(1, 12)
  })
})

describe.skipIf(!hasSharedData(`${DATA}/test_mixture_1m.csv`))(
  'RegMix pool (development pool: test-1M)',
  () => {
    it('reads 256 mixtures of 17 domains joined to their Pile-CC losses', () => {
      const table = readRegmix({
        directory: sharedDataPath(DATA),
        mixtureFile: 'test_mixture_1m.csv',
        lossFile: 'test_pile_loss_1m.csv',
      })
      expect(table.domains).toHaveLength(17)
      expect(table.mixtures).toHaveLength(256)
      expect(Math.min(...table.losses)).toBeGreaterThan(5)
    })

    it('reaches the pool top 5 within 30 picks from 5 random ones (regression guard, 2 seeds)', () => {
      const table = readRegmix({
        directory: sharedDataPath(DATA),
        mixtureFile: 'test_mixture_1m.csv',
        lossFile: 'test_pile_loss_1m.csv',
      })
      const domain = createBoxDomain({ lower: new Array(17).fill(0), upper: new Array(17).fill(1) })
      const top5 = new Set(
        table.losses
          .map((loss, index) => ({ loss, index }))
          .sort((left, right) => left.loss - right.loss)
          .slice(0, 5)
          .map((entry) => entry.index),
      )
      for (const seed of [0, 1]) {
        const picked = [seed * 7 + 1, seed * 7 + 50, seed * 7 + 100, seed * 7 + 150, seed * 7 + 200]
        while (picked.length < 30) {
          const { indices } = suggestFromPool({
            domain,
            pool: table.mixtures,
            observed: picked.map((index) => ({ index, y: table.losses[index] as number })),
            count: 1,
            seed,
          })
          picked.push(...indices)
        }
        expect(picked.some((index) => top5.has(index))).toBe(true)
      }
    })
  },
)
