import { describe, expect, it } from 'vitest'
import { boostedProbability, fitBoostedTrees } from './zh-boosting.js'

describe('fitBoostedTrees', () => {
  // An interaction a linear model cannot fit: gold when exactly one of two features is high
  // (cut off-centre, since a greedy tree cannot start a perfectly balanced exclusive-or).
  const examples = Array.from({ length: 400 }, (_, index) => {
    const left = (index % 20) / 19
    const right = Math.floor(index / 20) / 19
    const label: 0 | 1 = left > 0.3 !== right > 0.6 ? 1 : 0
    return { features: [1, left, right], label }
  })

  it('learns an exclusive-or of two features', () => {
    const model = fitBoostedTrees(examples, ['bias', 'left', 'right'])
    let right = 0
    for (const example of examples) {
      const predicted = boostedProbability(model, example.features) >= 0.5 ? 1 : 0
      if (predicted === example.label) right += 1
    }
    expect(right / examples.length).toBeGreaterThan(0.95)
    expect(boostedProbability(model, [1, 0.9, 0.1])).toBeGreaterThan(0.8)
    expect(boostedProbability(model, [1, 0.9, 0.9])).toBeLessThan(0.2)
    expect(boostedProbability(model, [1, 0.1, 0.9])).toBeGreaterThan(0.8)
  })

  it('is deterministic and refuses examples of one label', () => {
    const first = fitBoostedTrees(examples, ['bias', 'left', 'right'], { trees: 5 })
    const second = fitBoostedTrees(examples, ['bias', 'left', 'right'], { trees: 5 })
    expect(second).toEqual(first)
    expect(() => fitBoostedTrees([{ features: [1, 0], label: 0 }], ['bias', 'value'])).toThrow(
      RangeError,
    )
  })

  it('lowers the training loss tree by tree at depth 5 (the subtracted histograms are sound)', () => {
    // A noisy, many-feature problem so that deep splits matter; labels from a fixed rule.
    const noisy = Array.from({ length: 2000 }, (_, index) => {
      const a = ((index * 7919) % 1000) / 1000
      const b = ((index * 104729) % 997) / 997
      const c = ((index * 31) % 101) / 101
      const score = a * 2 - b + (c > 0.5 ? 0.7 : -0.7)
      const label: 0 | 1 = score + (((index * 13) % 7) - 3) / 6 > 0.4 ? 1 : 0
      return { features: [1, a, b, c], label }
    })
    const names = ['bias', 'a', 'b', 'c']
    const loss = (trees: number): number => {
      const model = fitBoostedTrees(noisy, names, { trees, depth: 5 })
      let sum = 0
      for (const example of noisy) {
        const probability = boostedProbability(model, example.features)
        sum -= Math.log(example.label === 1 ? probability : 1 - probability)
      }
      return sum / noisy.length
    }
    const losses = [1, 10, 40].map(loss)
    expect(losses[1]).toBeLessThan(losses[0] as number)
    expect(losses[2]).toBeLessThan((losses[1] as number) - 0.05)
  })

  it('chooses, at every node of the first tree, the split a brute-force search finds best', () => {
    const noisy = Array.from({ length: 600 }, (_, index) => {
      const a = ((index * 7919) % 1000) / 1000
      const b = ((index * 104729) % 997) / 997
      const label: 0 | 1 = a * 2 - b + (((index * 13) % 7) - 3) / 6 > 0.5 ? 1 : 0
      return { features: [1, a, b], label }
    })
    const settings = { trees: 1, depth: 4, lambda: 1, minCurvature: 5, buckets: 16 }
    const model = fitBoostedTrees(noisy, ['bias', 'a', 'b'], settings)
    const tree = model.trees[0]
    const bucket = (feature: number, value: number): number =>
      (model.edges[feature] ?? []).filter((edge) => value > edge).length
    const positives = noisy.filter((example) => example.label === 1).length
    const probability = positives / noisy.length
    const nodeOf = noisy.map(() => 0)
    tree?.levels.forEach((splits, level) => {
      splits.forEach((split, current) => {
        const members = noisy.filter((_, index) => nodeOf[index] === current)
        const sums = (rows: typeof noisy) => ({
          g: rows.reduce((sum, row) => sum + probability - row.label, 0),
          h: rows.length * probability * (1 - probability),
        })
        const total = sums(members)
        const parent = (total.g * total.g) / (total.h + settings.lambda)
        let bestGain = 0
        for (let feature = 0; feature < 3; feature += 1) {
          for (let threshold = 0; threshold < settings.buckets - 1; threshold += 1) {
            const left = sums(
              members.filter((row) => bucket(feature, row.features[feature] ?? 0) <= threshold),
            )
            const right = { g: total.g - left.g, h: total.h - left.h }
            if (left.h < settings.minCurvature || right.h < settings.minCurvature) continue
            const gain =
              (left.g * left.g) / (left.h + settings.lambda) +
              (right.g * right.g) / (right.h + settings.lambda) -
              parent
            bestGain = Math.max(bestGain, gain)
          }
        }
        if (split.feature < 0) {
          expect(bestGain, `level ${level} node ${current}`).toBeLessThan(1e-9)
          return
        }
        const left = sums(
          members.filter(
            (row) => bucket(split.feature, row.features[split.feature] ?? 0) <= split.bucket,
          ),
        )
        const right = { g: total.g - left.g, h: total.h - left.h }
        const chosen =
          (left.g * left.g) / (left.h + settings.lambda) +
          (right.g * right.g) / (right.h + settings.lambda) -
          parent
        expect(chosen, `level ${level} node ${current}`).toBeCloseTo(bestGain, 6)
      })
      noisy.forEach((example, index) => {
        const current = nodeOf[index] ?? 0
        const split = splits[current]
        const goRight =
          split !== undefined &&
          split.feature >= 0 &&
          bucket(split.feature, example.features[split.feature] ?? 0) > split.bucket
        nodeOf[index] = current * 2 + (goRight ? 1 : 0)
      })
    })
    expect(tree?.levels.length).toBe(4)
  })
})
