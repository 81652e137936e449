/**
 * A small, fast reader of delimited text (CSV and TSV with RFC 4180 quoting: quoted fields,
 * doubled quotes, delimiters and line breaks inside quotes). Terminology files are tens of
 * megabytes at most, so the whole text is parsed in one pass without streaming.
 */

/**
 * Calls `onRow` with the fields of every row of `text` (header included). Blank lines are
 * skipped. A quote that is never closed ends the file: the field keeps what was read. Never throws.
 *
 * @param delimiter - `,` for CSV, `\t` for TSV
 */
export function forEachDelimitedRow(
  text: string,
  delimiter: ',' | '\t',
  onRow: (fields: string[], rowNumber: number) => void,
): void {
  const separator = delimiter.charCodeAt(0)
  const length = text.length
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let row: string[] = []
  let rowNumber = 0
  while (index <= length) {
    if (index === length) {
      if (row.length > 0) onRow(row, rowNumber)
      break
    }
    let field: string
    if (text.charCodeAt(index) === 34) {
      // Quoted field.
      let end = index + 1
      let value = ''
      let chunkStart = end
      for (;;) {
        const quote = text.indexOf('"', end)
        if (quote < 0) {
          value += text.slice(chunkStart)
          end = length
          break
        }
        if (text.charCodeAt(quote + 1) === 34) {
          value += text.slice(chunkStart, quote + 1)
          end = quote + 2
          chunkStart = end
          continue
        }
        value += text.slice(chunkStart, quote)
        end = quote + 1
        break
      }
      field = value
      index = end
      // Skip anything between the closing quote and the next delimiter or line end.
      while (index < length) {
        const code = text.charCodeAt(index)
        if (code === separator || code === 10 || code === 13) break
        index += 1
      }
    } else {
      let end = index
      while (end < length) {
        const code = text.charCodeAt(end)
        if (code === separator || code === 10 || code === 13) break
        end += 1
      }
      field = text.slice(index, end)
      index = end
    }
    row.push(field)
    if (index >= length) {
      onRow(row, rowNumber)
      break
    }
    const code = text.charCodeAt(index)
    if (code === separator) {
      index += 1
      if (index === length) {
        row.push('')
        onRow(row, rowNumber)
        break
      }
      continue
    }
    // Line end (\n, \r\n or \r).
    index += code === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1
    if (!(row.length === 1 && row[0] === '')) {
      onRow(row, rowNumber)
      rowNumber += 1
    }
    row = []
  }
}

/**
 * Parses delimited text into objects keyed by the header row. Rows shorter than the header get
 * empty strings for the missing fields.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t'): Record<string, string>[] {
  let header: string[] | undefined
  const records: Record<string, string>[] = []
  forEachDelimitedRow(text, delimiter, (fields) => {
    if (header === undefined) {
      header = fields.map((field) => field.trim())
      return
    }
    const record: Record<string, string> = {}
    for (let column = 0; column < header.length; column += 1) {
      record[header[column] as string] = fields[column] ?? ''
    }
    records.push(record)
  })
  return records
}
