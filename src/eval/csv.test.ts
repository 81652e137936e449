import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv, parseCsvWithHeader } from './csv.js'

function writeCsv(rows: string[][]): string {
  return rows
    .map((row) =>
      row
        .map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field))
        .join(','),
    )
    .join('\r\n')
}

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and newlines inside fields', () => {
    const parsed = parseCsv('a,"b, c","say ""hi""","two\nlines"\nx,y,z,w\n')
    expect(parsed.records).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"', 'two\nlines'] },
      { line: 3, fields: ['x', 'y', 'z', 'w'] },
    ])
  })

  it('numbers records by the line they start on, skipping blank lines', () => {
    const parsed = parseCsv('h1,h2\r\n\r\n1,"a\r\nb"\r\n2,c')
    expect(parsed.records.map((record) => record.line)).toEqual([1, 3, 5])
  })

  it('reports a quoted field that never closes', () => {
    const parsed = parseCsv('a,b\n1,"oops\n2,3\n')
    expect(parsed.unterminatedQuoteLine).toBe(2)
    expect(parsed.records).toHaveLength(1)
  })

  it('ignores a byte-order mark', () => {
    expect(parseCsvWithHeader('\uFEFFquestion,answer\nq,1\n').header).toEqual([
      'question',
      'answer',
    ])
  })

  it('reads back what a CSV writer wrote (any text)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') })
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const nonBlank = rows.filter((row) => !(row.length === 1 && row[0] === ''))
          const parsed = parseCsv(writeCsv(nonBlank))
          expect(parsed.records.map((record) => record.fields)).toEqual(nonBlank)
        },
      ),
    )
  })
})
