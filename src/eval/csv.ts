/**
 * A small RFC 4180 CSV reader that keeps each record's starting line number, so loaders can
 * report malformed rows by line. Quoted fields may hold commas, doubled quotes and newlines.
 */

/** One CSV record: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number
  fields: string[]
}

/** The outcome of parsing: records plus an error when a quoted field never closed. */
export interface CsvParseResult {
  records: CsvRecord[]
  /** Set when the text ended inside a quoted field (the last record is then dropped). */
  unterminatedQuoteLine?: number
}

/**
 * Parses CSV text. A byte-order mark is ignored; `\r\n`, `\n` and `\r` end records; blank lines
 * are skipped. Never throws.
 */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let inQuotes = false
  let line = 1
  let recordLine = 1
  let fieldStarted = false
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRecord = (): void => {
    fields.push(field)
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted
    if (!blank) records.push({ line: recordLine, fields })
    fields = []
    field = ''
    fieldStarted = false
  }
  while (index < text.length) {
    const character = text[index] as string
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"'
          index += 2
          continue
        }
        inQuotes = false
        index += 1
        continue
      }
      if (character === '\n' || (character === '\r' && text[index + 1] !== '\n')) line += 1
      field += character
      index += 1
      continue
    }
    if (character === '"') {
      inQuotes = true
      fieldStarted = true
      index += 1
      continue
    }
    if (character === ',') {
      fields.push(field)
      field = ''
      fieldStarted = true
      index += 1
      continue
    }
    if (character === '\r' || character === '\n') {
      endRecord()
      index += character === '\r' && text[index + 1] === '\n' ? 2 : 1
      line += 1
      recordLine = line
      continue
    }
    field += character
    fieldStarted = true
    index += 1
  }
  if (inQuotes) return { records, unterminatedQuoteLine: recordLine }
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord()
  return { records }
}

/** A CSV record read through its header: values by column name and the starting line. */
export interface CsvRow {
  line: number
  values: Record<string, string>
  /** Number of fields the record had (differs from the header's when the row is malformed). */
  fieldCount: number
}

/**
 * Parses CSV with a header row into rows keyed by column name. Rows whose field count differs
 * from the header's are still returned (`fieldCount` tells) so the caller can report them.
 */
export function parseCsvWithHeader(text: string): {
  header: string[]
  rows: CsvRow[]
  unterminatedQuoteLine?: number
} {
  const parsed = parseCsv(text)
  const [first, ...rest] = parsed.records
  const header = first?.fields.map((name) => name.trim()) ?? []
  const rows = rest.map((record) => {
    const values: Record<string, string> = {}
    header.forEach((name, position) => {
      values[name] = record.fields[position] ?? ''
    })
    return { line: record.line, values, fieldCount: record.fields.length }
  })
  return parsed.unterminatedQuoteLine === undefined
    ? { header, rows }
    : { header, rows, unterminatedQuoteLine: parsed.unterminatedQuoteLine }
}
