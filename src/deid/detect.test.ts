import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectPhi, redact, TAG_PATTERN } from './index.js'

function found(text: string): Array<[string, string]> {
  return detectPhi(text).map((span) => [span.type, text.slice(span.start, span.end)])
}

describe('detectPhi patterns', () => {
  it('finds phone numbers, e-mail, URLs, IP addresses and SSNs', () => {
    const text =
      'Call (410) 555-1234 or pager #54321, mail jo.doe@example.com, see https://portal.example.org/x, host 10.1.2.3, SSN 123-45-6789.'
    const types = found(text).map(([type]) => type)
    expect(types).toEqual(['PHONE', 'PHONE', 'EMAIL', 'URL', 'IP_ADDRESS', 'SSN'])
  })

  it('finds record numbers behind their cue and street addresses with ZIP codes', () => {
    const text = 'MRN: 12345678. Lives at 19 Clover St., Baltimore, MD 21201.'
    expect(found(text)).toEqual(
      expect.arrayContaining([
        ['ID', '12345678'],
        ['ADDRESS', '19 Clover St.'],
        ['ZIP', '21201'],
      ]),
    )
  })

  it('flags ages over 89 and leaves younger ages', () => {
    expect(found('A 92 yo man and his 58 year old wife')).toEqual([['AGE', '92']])
  })
})

describe('detectPhi dates', () => {
  it('finds numeric, named and ordinal dates', () => {
    const text = 'Admitted 7/22, seen 07-22-2019, on Jan 3rd, the 3rd of January, and on the 11th.'
    expect(found(text).map(([, value]) => value)).toEqual([
      '7/22',
      '07-22-2019',
      'Jan 3rd',
      '3rd of January',
      '11th',
    ])
  })

  it('keeps relative dates, fractions, blood pressures and vent settings', () => {
    expect(found('Extubated 2 days ago. BP 120/80, rales 1/3 up, PSV 10/5, gave 1/2 amp.')).toEqual(
      [],
    )
  })

  it('finds bare years after events unless years are kept', () => {
    const text = "PMH: MI '92, CABG 1995."
    expect(found(text).map(([, value]) => value)).toEqual(["'92", '1995'])
    expect(detectPhi(text, { years: false })).toEqual([])
  })
})

describe('detectPhi names and places', () => {
  it('finds names after titles, before credentials and after relations', () => {
    const text = 'Dr. Vasquez aware. Spoke with wife Suzette.\nMarie Munroe, RN'
    expect(found(text)).toEqual([
      ['NAME', 'Vasquez'],
      ['NAME', 'Suzette'],
      ['NAME', 'Marie Munroe'],
    ])
  })

  it('finds names in ALL-CAPS and lower-case notes', () => {
    expect(found('PT SEEN BY DR SWACKHAMER. WIFE AT BEDSIDE.')).toEqual([['NAME', 'SWACKHAMER']])
    expect(found('pt followed by dr healey, plan per dr healey')).toEqual([
      ['NAME', 'healey'],
      ['NAME', 'healey'],
    ])
  })

  it('does not take clinical shorthand for names', () => {
    expect(found('Pt on levo, aline intact, PERRLA, VEA none, Hickman site clean.')).toEqual([])
  })

  it('finds hospitals, wards and cities', () => {
    const text = 'Transferred from Calvert Hospital to GH, then to Quartermain 2. Lives in Towson.'
    expect(found(text)).toEqual([
      ['HOSPITAL', 'Calvert Hospital'],
      ['HOSPITAL', 'GH'],
      ['LOCATION', 'Quartermain'],
      ['LOCATION', 'Towson'],
    ])
  })

  it('redacts every mention of a name found once', () => {
    const { text } = redact('Mr. Nicholson is awake. Later Nicholson ate lunch.')
    expect(text).toBe('Mr. [NAME] is awake. Later [NAME] ate lunch.')
  })
})

// Text made of clinical words, names, dates and numbers, as notes are.
const pieces = fc.constantFrom(
  'Dr.',
  'Mr.',
  'wife',
  'Vasquez',
  'healey',
  'MARY',
  'Smith',
  'pt',
  'BP',
  '120/80',
  '7/22',
  'Jan 3rd',
  '1992',
  "'92",
  'transferred',
  'to',
  'GH',
  'Baltimore',
  'Hospital',
  'called',
  '555-1234',
  '(410) 555-1234',
  'RN',
  ',',
  '.',
  '\n',
  'lasix',
  'stable',
  '92 yo',
  '[NAME]',
  'St.',
  "Mary's",
)
const notes = fc.array(pieces, { maxLength: 40 }).map((words) => words.join(' '))
const anyText = fc.oneof(notes, fc.string({ maxLength: 200 }))

describe('de-identification properties', () => {
  it('reports valid, sorted, non-overlapping offsets', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const spans = detectPhi(text)
        let previousEnd = 0
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(previousEnd)
          expect(span.end).toBeGreaterThan(span.start)
          expect(span.end).toBeLessThanOrEqual(text.length)
          expect(span.confidence).toBeGreaterThan(0)
          expect(span.confidence).toBeLessThanOrEqual(1)
          previousEnd = span.end
        }
      }),
      { numRuns: 300 },
    )
  })

  it('never leaves a detected span as a whole word in tags output', () => {
    fc.assert(
      fc.property(notes, (text) => {
        const result = redact(text, { mode: 'tags' })
        const output = result.text.replace(TAG_PATTERN, ' ')
        for (const span of result.spans) {
          const value = text.slice(span.start, span.end)
          if (!/[A-Za-z0-9]/.test(value)) continue
          const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          expect(output).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('is idempotent on redacted text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = redact(text).text
        expect(redact(once).text).toBe(once)
      }),
      { numRuns: 300 },
    )
  })
})
