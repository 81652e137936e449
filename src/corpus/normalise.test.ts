import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseText } from './normalise.js'

describe('normaliseText', () => {
  it('joins words hyphenated across lines, folds spaces, ligatures and blank lines', () => {
    expect(
      normaliseText('Treat-\nment\u00a0of  pain\r\n\r\n\r\n\r\nDose: 5\u00a0mg \ufb01ne'),
    ).toBe('Treatment of pain\n\nDose: 5 mg fine')
  })

  it('keeps characters that carry meaning (m², µg, ½) and hyphens inside lines', () => {
    expect(normaliseText('BSA 1.9 m², 250 µg, ½ tablet, beta-blocker')).toBe(
      'BSA 1.9 m², 250 µg, ½ tablet, beta-blocker',
    )
  })

  it('removes control and zero-width characters', () => {
    expect(normaliseText('a\u0000b\u200bc\ufeff')).toBe('abc')
  })

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const once = normaliseText(text)
        expect(normaliseText(once)).toBe(once)
      }),
      { numRuns: 300 },
    )
  })
})
