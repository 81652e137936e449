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
})
