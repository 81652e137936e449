import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createNearDuplicateIndex,
  estimateSimilarity,
  minHashSignature,
  shingleHashes,
} from './minhash.js'

const base =
  'Metformin is the preferred initial pharmacologic agent for the treatment of type 2 diabetes. ' +
  'It is effective and safe, is inexpensive, and may reduce the risk of cardiovascular events and death. ' +
  'Metformin should be continued when insulin or other agents are added, unless contraindicated or not tolerated.'

function trueJaccard(left: string, right: string): number {
  const a = shingleHashes(left)
  const b = shingleHashes(right)
  let shared = 0
  for (const item of a) if (b.has(item)) shared += 1
  return shared / (a.size + b.size - shared)
}

describe('MinHash', () => {
  it('gives identical texts similarity 1 (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (text) => {
        expect(estimateSimilarity(minHashSignature(text), minHashSignature(text))).toBe(1)
      }),
      { numRuns: 100 },
    )
  })

  it('estimates Jaccard similarity within 0.15 for 128 permutations', () => {
    const variants = [
      base.replace('preferred', 'favoured'),
      base.replace('inexpensive', 'cheap').replace('death', 'mortality'),
      base.slice(0, 180),
      'Completely different text about asthma inhalers and spirometry in children.',
    ]
    for (const variant of variants) {
      const estimate = estimateSimilarity(minHashSignature(base), minHashSignature(variant))
      expect(Math.abs(estimate - trueJaccard(base, variant))).toBeLessThan(0.15)
    }
  })
})

describe('createNearDuplicateIndex', () => {
  it('finds a lightly edited copy and ignores unrelated text', () => {
    const index = createNearDuplicateIndex()
    index.add('original', minHashSignature(base))
    const edited = minHashSignature(base.replace('preferred', 'favoured'))
    expect(index.findDuplicate(edited)?.id).toBe('original')
    const unrelated = minHashSignature(
      'Inhaled corticosteroids are the cornerstone of persistent asthma treatment in children and adults.',
    )
    expect(index.findDuplicate(unrelated)).toBeUndefined()
  })

  it('does not report a document as its own duplicate, and forgets removed ids', () => {
    const index = createNearDuplicateIndex()
    const signature = minHashSignature(base)
    index.add('a', signature)
    expect(index.findDuplicate(signature, { ignoreId: 'a' })).toBeUndefined()
    index.remove('a')
    expect(index.findDuplicate(signature)).toBeUndefined()
    expect(index.size).toBe(0)
  })

  it('never calls an empty text a duplicate', () => {
    const index = createNearDuplicateIndex()
    index.add('empty', minHashSignature(''))
    expect(index.findDuplicate(minHashSignature('   '))).toBeUndefined()
  })

  it('rejects bands that do not divide the permutations', () => {
    expect(() => createNearDuplicateIndex({ permutations: 100, bands: 32 })).toThrow(
      /multiple of bands/,
    )
  })
})
