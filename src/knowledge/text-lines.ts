/**
 * Line-based reading shared by the WebNLG scorers: hypothesis and reference files in the layout of
 * the official RDF-to-text scorer (one line per input; reference file k holds the k-th reference of
 * each input, an empty line where an input has fewer).
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'

/**
 * Splits a text into lines the way Perl's `<FH>` + `chomp` sees them: a final newline ends the last
 * line rather than opening an empty one; a `\r` before the newline is dropped.
 */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
}

function readText(path: string): string {
  return readFileSync(path, 'utf8')
}

/** Reads a UTF-8 text file as lines ({@link splitLines}); throws an InputError naming the file. */
export function readLines(path: string, field: string): string[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`knowledge: cannot read ${field} "${path}"`, {
      field,
      value: path,
      cause: error,
    })
  }
  return splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text)
}

/**
 * Reads hypotheses and reference files and aligns them: `references[i]` holds the i-th line of
 * every reference file (empty strings kept, so callers decide how empty references count).
 *
 * @throws InputError when no reference file is given, or the files disagree in line count
 */
export function readAlignedFiles(
  hypothesisPath: string,
  referencePaths: readonly string[],
): { hypotheses: string[]; references: string[][] } {
  if (referencePaths.length === 0) {
    throw new InputError('knowledge: at least one reference file is needed', {
      field: 'ref',
      value: referencePaths,
    })
  }
  const hypotheses = readLines(hypothesisPath, 'hyp')
  const columns = referencePaths.map((path) => {
    // Reference files end without a newline, so a final newline there opens one more (empty)
    // reference line; it is kept when the hypotheses need it and dropped when they do not.
    const lines = readLines(path, 'ref')
    if (lines.length === hypotheses.length - 1 && readText(path).endsWith('\n')) lines.push('')
    return { path, lines }
  })
  for (const column of columns) {
    if (column.lines.length !== hypotheses.length) {
      throw new InputError(
        `knowledge: reference file "${column.path}" has ${column.lines.length} lines but the hypothesis file "${hypothesisPath}" has ${hypotheses.length}`,
        { field: 'ref', value: column.path },
      )
    }
  }
  const references = hypotheses.map((_, index) =>
    columns.map((column) => column.lines[index] ?? ''),
  )
  return { hypotheses, references }
}
