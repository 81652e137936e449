import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanValues } from './detect.js'

/** The regular expression the scan replaces (kept here as its reference). */
function byPattern(text: string, values: readonly string[]): Array<[number, number, string]> {
  const escaped = values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![A-Za-z0-9])(?:${escaped.join('|')})(?![A-Za-z0-9])`, 'gi')
  return [...text.matchAll(pattern)].map((match) => [
    match.index,
    match.index + match[0].length,
    match[0].toLowerCase(),
  ])
}

// few letters, so values overlap, nest and repeat; non-ASCII letters that fold to ASCII ones
// under Unicode rules (Kelvin sign, long s, dotless i) must never match
const CHARS = ['a', 'b', 'A', 'B', '1', ' ', '-', '.', '\n', '\u212a', '\u017f', '\u0131', 'k', 's']

describe('scanValues', () => {
  it('finds what the case-insensitive whole-word alternation finds, longest value first', () => {
    const text = fc
      .array(fc.constantFrom(...CHARS), { maxLength: 60 })
      .map((chars) => chars.join(''))
    const value = fc
      .array(fc.constantFrom('a', 'b', '1', ' ', '-', '.', 'k', 's'), {
        minLength: 2,
        maxLength: 5,
      })
      .map((chars) => chars.join(''))
    fc.assert(
      fc.property(text, fc.uniqueArray(value, { minLength: 1, maxLength: 6 }), (input, values) => {
        const sorted = [...values].sort((a, b) => b.length - a.length)
        expect(scanValues(input, sorted)).toEqual(byPattern(input, sorted))
      }),
      { numRuns: 2000 },
    )
  })

  it('keeps to word boundaries and ignores case: "Ann" in "ANN, Anna and ann." twice', () => {
    expect(scanValues('ANN, Anna and ann.', ['ann'])).toEqual([
      [0, 3, 'ann'],
      [14, 17, 'ann'],
    ])
  })
})
