import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forEachDelimitedRow, parseDelimited } from './delimited.js'

function rows(text: string, delimiter: ',' | '\t' = ','): string[][] {
  const result: string[][] = []
  forEachDelimitedRow(text, delimiter, (fields) => result.push(fields))
  return result
}

describe('forEachDelimitedRow', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(rows('a,"b, c","say ""hi""","two\nlines"\r\nx,y,,z\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['x', 'y', '', 'z'],
    ])
  })

  it('reads TSV with quoted cells and skips blank lines and a byte-order mark', () => {
    expect(rows('\uFEFF"id"\t"label"\n\n"DOID:1"\t"heart disease"\n', '\t')).toEqual([
      ['id', 'label'],
      ['DOID:1', 'heart disease'],
    ])
  })

  it('keeps what was read when a quote is never closed', () => {
    expect(rows('a,"unterminated')).toEqual([['a', 'unterminated']])
  })

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ maxLength: 12 })
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (table) => {
          const text = table
            .map((row) => row.map((value) => `"${value.replace(/"/g, '""')}"`).join(','))
            .join('\r\n')
          expect(rows(text)).toEqual(table)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('maps rows to header keys', () => {
    expect(parseDelimited('Code,Description\nA00,Cholera\nB01', ',')).toEqual([
      { Code: 'A00', Description: 'Cholera' },
      { Code: 'B01', Description: '' },
    ])
  })
})
