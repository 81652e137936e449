/**
 * The scaffolding shared by the CSV benchmark loaders with a header row: the required-column check
 * and the row loop that reports a quote never closed and rows whose field count differs from the
 * header's. Each loader keeps what its columns mean.
 */
import { InputError } from '../../errors.js'
import type { CsvRow } from '../csv.js'
import type { LoadIssue } from '../item.js'

/** A CSV parsed through its header (what `parseCsvWithHeader` returns). */
export interface HeaderCsv {
  header: readonly string[]
  rows: readonly CsvRow[]
  unterminatedQuoteLine?: number
}

/**
 * Throws InputError (its field the column) for the first of `columns` that the header lacks.
 *
 * @param message - The error message for a missing column.
 */
export function requireCsvColumns(
  header: readonly string[],
  columns: readonly string[],
  message: (column: string) => string,
): void {
  for (const column of columns) {
    if (!header.includes(column)) throw new InputError(message(column), { field: column })
  }
}

/**
 * Visits, in file order, each row with as many fields as the header. A quote that never closes
 * (first) and each row of another length (where it stands) become `(csv)` issues in `issues`;
 * `fail` records an issue at the visited row's line.
 */
export function forEachCsvRow(
  parsed: HeaderCsv,
  issues: LoadIssue[],
  visit: (row: CsvRow, fail: (field: string, message: string) => void) => void,
): void {
  if (parsed.unterminatedQuoteLine !== undefined) {
    issues.push({
      line: parsed.unterminatedQuoteLine,
      field: '(csv)',
      message: 'quoted field never closes',
    })
  }
  for (const row of parsed.rows) {
    const fail = (field: string, message: string): void => {
      issues.push({ line: row.line, field, message })
    }
    if (row.fieldCount !== parsed.header.length) {
      fail('(csv)', `expected ${parsed.header.length} fields, got ${row.fieldCount}`)
      continue
    }
    visit(row, fail)
  }
}
