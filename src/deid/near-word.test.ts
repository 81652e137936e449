import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isNearEnglishWord, loadDictionaries } from './dictionaries.js'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'

/** The check as first written: every candidate one edit away, looked up in the list. */
function byCandidates(words: ReadonlySet<string>, lower: string): boolean {
  const length = lower.length
  if (length < 4 || !/^[a-z]+$/.test(lower)) return false
  const known = (candidate: string): boolean => candidate.length >= 4 && words.has(candidate)
  for (let index = 0; index < length; index += 1) {
    const head = lower.slice(0, index)
    const tail = lower.slice(index + 1)
    if (known(head + tail)) return true
    if (
      index + 1 < length &&
      known(head + lower.charAt(index + 1) + lower.charAt(index) + lower.slice(index + 2))
    )
      return true
    for (const letter of ALPHABET) {
      if (letter !== lower.charAt(index) && known(head + letter + tail)) return true
      if (known(head + letter + lower.slice(index))) return true
    }
  }
  for (const letter of ALPHABET) if (known(lower + letter)) return true
  return false
}

describe('isNearEnglishWord', () => {
  it('answers as the candidate lookup on small lists of look-alike words', () => {
    // three letters only, so that lists and words are often one edit apart
    const word = fc
      .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 7 })
      .map((letters) => letters.join(''))
    const entry = fc.oneof(word, fc.constantFrom("ab'c", 'abc-a', 'new york', 'ABCA'))
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), word, (list, lower) => {
        const words = new Set(list)
        expect(isNearEnglishWord(words, lower)).toBe(byCandidates(words, lower))
      }),
      { numRuns: 3000 },
    )
  })

  it('answers as the candidate lookup on the shipped list', () => {
    const words = loadDictionaries().englishWords
    const probes = ['recieve', 'visisted', 'cardic', 'extremeties', 'harlow', 'okafor', 'brisco']
    const typo = fc
      .tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom(...ALPHABET), fc.nat(3))
      .map(([base, at, letter, edit]) => {
        const index = at % (base.length + 1)
        if (edit === 0) return base.slice(0, index) + base.slice(index + 1)
        if (edit === 1) return base.slice(0, index) + letter + base.slice(index + 1)
        if (edit === 2) return base.slice(0, index) + letter + base.slice(index)
        return (
          base.slice(0, index) + base.charAt(index + 1) + base.charAt(index) + base.slice(index + 2)
        )
      })
    for (const probe of probes)
      expect(isNearEnglishWord(words, probe)).toBe(byCandidates(words, probe))
    fc.assert(
      fc.property(typo, (lower) => {
        expect(isNearEnglishWord(words, lower)).toBe(byCandidates(words, lower))
      }),
      { numRuns: 500 },
    )
  })
})
