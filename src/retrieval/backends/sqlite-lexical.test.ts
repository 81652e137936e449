import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleDocument } from '../__fixtures__/index-backend-conformance.js'
import { createSqliteBackend } from './sqlite-backend.js'

// A corpus where a few words are in most chunks (common) and many are rare, so that pruning runs.
const COMMON = ['patients', 'treatment', 'disease', 'risk']
const RARE = Array.from({ length: 300 }, (_, index) => `rare${index.toString(36)}x`)

function chunkText(seed: number): string {
  let state = seed
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state
  }
  const words: string[] = []
  const length = 5 + (next() % 25)
  for (let index = 0; index < length; index += 1) {
    const draw = next() % 100
    words.push(
      draw < 45 ? (COMMON[next() % COMMON.length] ?? 'risk') : (RARE[next() % RARE.length] ?? 'x'),
    )
  }
  return words.join(' ')
}

describe('common-term pruning', async () => {
  const pruned = createSqliteBackend({ path: ':memory:' })
  const documents = Array.from({ length: 2500 }, (_, index) =>
    sampleDocument(`d${index}`, [chunkText(index + 1), chunkText(index + 5000)], {
      title: 'Title',
    }),
  )
  await pruned.upsert({ documents })

  it('returns exactly the plain BM25 top results (property)', async () => {
    const plain = createSqliteBackend({ path: ':memory:', pruning: false })
    await plain.upsert({ documents })
    const word = fc.constantFrom(...COMMON, ...RARE.slice(0, 40))
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(word, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 20 }),
        async (terms, exactTop) => {
          const fast = await pruned.search({
            query: { kind: 'lexical', terms, exactTop },
            topK: 50,
          })
          const exact = await plain.search({ query: { kind: 'lexical', terms }, topK: 50 })
          expect(fast.slice(0, exactTop).map((hit) => hit.score)).toEqual(
            exact.slice(0, exactTop).map((hit) => hit.score),
          )
        },
      ),
      { numRuns: 60 },
    )
    expect(pruned.lexicalCounters.pruned).toBeGreaterThan(0)
    await plain.close()
  })
})
