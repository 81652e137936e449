/**
 * The ICD-10-CM alphabetic index (CSV layout `RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code`)
 * and the neoplasm table (`RowID,Level,Term,SeeAlso,NonEssModif,MalignantPrimary,...`), read as
 * phrases that lead to codes: each indented subterm is joined to its parents, so
 * `Infarct, infarction` > `myocardium, myocardial` > `non-ST elevation` gives the phrase
 * "Infarct, infarction myocardium, myocardial non-ST elevation" for I21.4, with the
 * non-essential modifiers ("(acute)") kept apart as optional words.
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { forEachDelimitedRow } from './delimited.js'

/** One index path that ends in a code. */
export interface IndexPhrase {
  phrase: string
  /** Non-essential modifiers along the path (optional words). */
  optional: string
  /** The code as printed (may end in `-` when more characters are required). */
  code: string
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`terminology: cannot read ${what} "${path}"`, {
      field: what,
      value: path,
      cause: error,
    })
  }
}

function columnsOf(fields: string[], wanted: readonly string[], path: string): number[] {
  const header = fields.map((field) => field.trim().toLowerCase())
  return wanted.map((name) => {
    const column = header.indexOf(name.toLowerCase())
    if (column < 0) {
      throw new InputError(
        `terminology: "${path}" has no "${name}" column (header ${fields.join(',')})`,
        {
          field: name,
          value: fields.join(','),
        },
      )
    }
    return column
  })
}

/**
 * Reads the alphabetic index (or the external-cause index, same layout) into phrases.
 *
 * @throws InputError when the file is unreadable or lacks the expected columns.
 */
export function loadIcd10cmIndex(path: string): IndexPhrase[] {
  const phrases: IndexPhrase[] = []
  const terms: string[] = []
  const modifiers: string[] = []
  let columns: number[] | undefined
  forEachDelimitedRow(readText(path, 'ICD-10-CM index file'), ',', (fields) => {
    if (columns === undefined) {
      columns = columnsOf(fields, ['Level', 'Term', 'NonEssModif', 'Code'], path)
      return
    }
    const [levelColumn, termColumn, modifierColumn, codeColumn] = columns as [
      number,
      number,
      number,
      number,
    ]
    const level = Number(fields[levelColumn])
    if (!Number.isInteger(level) || level < 0 || level > 12) return
    terms.length = level
    modifiers.length = level
    terms.push((fields[termColumn] ?? '').trim())
    modifiers.push((fields[modifierColumn] ?? '').trim())
    const code = (fields[codeColumn] ?? '').trim()
    if (code === '' || code === '--') return
    phrases.push({ phrase: terms.join(' '), optional: modifiers.join(' '), code })
  })
  return phrases
}

/** Columns of the neoplasm table and the words each adds to the site. */
const NEOPLASM_COLUMNS: ReadonlyArray<{ column: string; words: string; optional: string }> = [
  {
    column: 'MalignantPrimary',
    words: 'malignant neoplasm',
    optional: 'primary cancer carcinoma tumor tumour',
  },
  {
    column: 'MalignantSecondary',
    words: 'secondary malignant neoplasm',
    optional: 'metastasis metastatic cancer',
  },
  { column: 'CaInSitu', words: 'carcinoma in situ', optional: 'neoplasm' },
  { column: 'Benign', words: 'benign neoplasm', optional: 'tumor tumour' },
  { column: 'UncertainBehavior', words: 'neoplasm uncertain behavior', optional: 'tumor' },
]

/**
 * Reads the neoplasm table into phrases such as "lung malignant neoplasm" → C34.90.
 *
 * @throws InputError when the file is unreadable or lacks the expected columns.
 */
export function loadIcd10cmNeoplasms(path: string): IndexPhrase[] {
  const phrases: IndexPhrase[] = []
  const terms: string[] = []
  const modifiers: string[] = []
  let columns: number[] | undefined
  forEachDelimitedRow(readText(path, 'ICD-10-CM neoplasm table'), ',', (fields) => {
    if (columns === undefined) {
      columns = columnsOf(
        fields,
        ['Level', 'Term', 'NonEssModif', ...NEOPLASM_COLUMNS.map((entry) => entry.column)],
        path,
      )
      return
    }
    const [levelColumn, termColumn, modifierColumn, ...codeColumns] = columns
    const level = Number(fields[levelColumn as number])
    if (!Number.isInteger(level) || level < 0 || level > 12) return
    terms.length = level
    modifiers.length = level
    const term = (fields[termColumn as number] ?? '').trim()
    // Level 0 is the heading "Neoplasm, neoplastic": the site path starts below it.
    terms.push(level === 0 ? '' : term)
    modifiers.push((fields[modifierColumn as number] ?? '').trim())
    if (level === 0) return
    NEOPLASM_COLUMNS.forEach((entry, position) => {
      const code = (fields[codeColumns[position] as number] ?? '').trim()
      if (code === '' || code === '--') return
      phrases.push({
        phrase: `${terms.join(' ').trim()} ${entry.words}`,
        optional: `${modifiers.join(' ')} ${entry.optional}`,
        code,
      })
    })
  })
  return phrases
}
