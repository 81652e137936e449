/**
 * ICD-10-CM codes with their hierarchy (code → 3-character category → block → chapter), loaded
 * from the files a user gives: the CSV layout (`ICD10CM_<year>_codes.csv`, `_chapters.csv`,
 * `_sections.csv`) or the CMS order file (`icd10cm_order_<year>.txt`).
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { forEachDelimitedRow } from './delimited.js'

/** One ICD-10-CM code. */
export interface IcdCode {
  /** The code with its dot, upper case (`I21.4`); categories have none (`I21`). */
  code: string
  /** The long title. */
  title: string
  /** True for leaf codes (valid for billing); false for headers with children. */
  billable: boolean
}

/** A chapter: a range of 3-character categories (`I00`–`I99`). */
export interface IcdChapter {
  number: number
  title: string
  first: string
  last: string
}

/** A block (the CSV files call it a section): a narrower range of categories (`I20`–`I25`). */
export interface IcdBlock {
  id: string
  title: string
  first: string
  last: string
}

/** ICD-10-CM loaded in memory. */
export interface Icd10cm {
  /** Where it was loaded from (file paths). */
  readonly source: string
  readonly codes: ReadonlyMap<string, IcdCode>
  readonly chapters: readonly IcdChapter[]
  /** Empty when the source had no block list (the order file alone). */
  readonly blocks: readonly IcdBlock[]
  /** Finds a code given in any usual spelling (`i214`, `I21.4`, `I21.4-`). */
  lookup(code: string): IcdCode | undefined
  chapterOf(code: string): IcdChapter | undefined
  blockOf(code: string): IcdBlock | undefined
}

/**
 * The 22 chapters of ICD-10-CM by category range (public classification structure), used when
 * the source files carry no chapter list.
 */
export const ICD10CM_CHAPTERS: readonly IcdChapter[] = [
  [1, 'A00', 'B99', 'Certain infectious and parasitic diseases'],
  [2, 'C00', 'D49', 'Neoplasms'],
  [3, 'D50', 'D89', 'Diseases of the blood and immune mechanism'],
  [4, 'E00', 'E89', 'Endocrine, nutritional and metabolic diseases'],
  [5, 'F01', 'F99', 'Mental, behavioral and neurodevelopmental disorders'],
  [6, 'G00', 'G99', 'Diseases of the nervous system'],
  [7, 'H00', 'H59', 'Diseases of the eye and adnexa'],
  [8, 'H60', 'H95', 'Diseases of the ear and mastoid process'],
  [9, 'I00', 'I99', 'Diseases of the circulatory system'],
  [10, 'J00', 'J99', 'Diseases of the respiratory system'],
  [11, 'K00', 'K95', 'Diseases of the digestive system'],
  [12, 'L00', 'L99', 'Diseases of the skin and subcutaneous tissue'],
  [13, 'M00', 'M99', 'Diseases of the musculoskeletal system and connective tissue'],
  [14, 'N00', 'N99', 'Diseases of the genitourinary system'],
  [15, 'O00', 'O9A', 'Pregnancy, childbirth and the puerperium'],
  [16, 'P00', 'P96', 'Certain conditions originating in the perinatal period'],
  [17, 'Q00', 'Q99', 'Congenital malformations and chromosomal abnormalities'],
  [18, 'R00', 'R99', 'Symptoms, signs and abnormal findings not elsewhere classified'],
  [19, 'S00', 'T88', 'Injury, poisoning and other consequences of external causes'],
  [20, 'V00', 'Y99', 'External causes of morbidity'],
  [21, 'Z00', 'Z99', 'Factors influencing health status and contact with health services'],
  [22, 'U00', 'U85', 'Codes for special purposes'],
].map(([number, first, last, title]) => ({
  number: number as number,
  first: first as string,
  last: last as string,
  title: title as string,
}))

const CODE_SHAPE = /^([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{0,4})$/

/**
 * Normalises an ICD-10-CM code: upper case, dot after the category, trailing `-` placeholders
 * and blanks removed. Returns undefined for text that is not shaped like a code.
 */
export function normalizeIcdCode(text: string): string | undefined {
  const compact = text.trim().toUpperCase().replace(/-+$/, '').replace(/\s+/g, '')
  const match = CODE_SHAPE.exec(compact)
  if (match === null) return undefined
  const category = match[1] as string
  const rest = match[2] as string
  return rest === '' ? category : `${category}.${rest}`
}

/** The 3-character category of a normalised code. */
export function icdCategory(code: string): string {
  return code.slice(0, 3)
}

function inRange(category: string, first: string, last: string): boolean {
  return category >= first && category <= last
}

function rangeOf(text: string): { first: string; last: string } | undefined {
  const match = /([A-Z][0-9][0-9A-Z])\s*-\s*([A-Z][0-9][0-9A-Z])/.exec(text)
  if (match === null) return undefined
  return { first: match[1] as string, last: match[2] as string }
}

function buildIcd10cm(
  source: string,
  codes: Map<string, IcdCode>,
  chapters: readonly IcdChapter[],
  blocks: readonly IcdBlock[],
): Icd10cm {
  // A code is billable when no other code extends it.
  for (const code of codes.keys()) {
    const parent = code.length > 4 ? code.slice(0, -1).replace(/\.$/, '') : undefined
    if (parent !== undefined) {
      const entry = codes.get(parent)
      if (entry !== undefined) entry.billable = false
    }
  }
  const sortedBlocks = [...blocks].sort((left, right) =>
    left.first < right.first ? -1 : left.first > right.first ? 1 : 0,
  )
  const blockCache = new Map<string, IcdBlock | undefined>()
  const chapterCache = new Map<string, IcdChapter | undefined>()
  return {
    source,
    codes,
    chapters,
    blocks: sortedBlocks,
    lookup(code) {
      const normalized = normalizeIcdCode(code)
      return normalized === undefined ? undefined : codes.get(normalized)
    },
    chapterOf(code) {
      const category = icdCategory(normalizeIcdCode(code) ?? '')
      if (category.length !== 3) return undefined
      if (chapterCache.has(category)) return chapterCache.get(category)
      const chapter = chapters.find((entry) => inRange(category, entry.first, entry.last))
      chapterCache.set(category, chapter)
      return chapter
    },
    blockOf(code) {
      const category = icdCategory(normalizeIcdCode(code) ?? '')
      if (category.length !== 3) return undefined
      if (blockCache.has(category)) return blockCache.get(category)
      let found: IcdBlock | undefined
      for (const block of sortedBlocks) {
        if (block.first > category) break
        if (inRange(category, block.first, block.last)) {
          // Prefer the narrowest block when ranges nest.
          if (found === undefined || block.last < found.last || block.first > found.first) {
            found = block
          }
        }
      }
      blockCache.set(category, found)
      return found
    },
  }
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

/** Paths of the CSV layout. `chapters` and `sections` are optional. */
export interface Icd10cmCsvPaths {
  codes: string
  chapters?: string
  sections?: string
}

/**
 * Loads the CSV layout: `Code,Description,ChapterID,SectionID` plus optional chapter
 * (`ChapterID,ChapterName`) and section (`SectionID,SectionName`) lists.
 *
 * @throws InputError when the codes file is unreadable or has no `Code` and `Description` columns.
 */
export function loadIcd10cmCsv(paths: Icd10cmCsvPaths): Icd10cm {
  const codes = new Map<string, IcdCode>()
  let columns: { code: number; description: number } | undefined
  forEachDelimitedRow(readText(paths.codes, 'ICD-10-CM codes file'), ',', (fields) => {
    if (columns === undefined) {
      const header = fields.map((field) => field.trim().toLowerCase())
      columns = { code: header.indexOf('code'), description: header.indexOf('description') }
      if (columns.code < 0 || columns.description < 0) {
        throw new InputError(
          `terminology: "${paths.codes}" has no Code and Description columns (header ${fields.join(',')})`,
          { field: 'header', value: fields.join(',') },
        )
      }
      return
    }
    const code = normalizeIcdCode(fields[columns.code] ?? '')
    if (code === undefined) return
    codes.set(code, { code, title: (fields[columns.description] ?? '').trim(), billable: true })
  })
  let chapters: readonly IcdChapter[] = ICD10CM_CHAPTERS
  if (paths.chapters !== undefined) {
    const loaded: IcdChapter[] = []
    forEachDelimitedRow(readText(paths.chapters, 'ICD-10-CM chapters file'), ',', (fields, row) => {
      if (row === 0) return
      const number = Number(fields[0])
      const title = (fields[1] ?? '').trim()
      const range = rangeOf(title)
      if (Number.isInteger(number) && range !== undefined) {
        loaded.push({ number, title: title.replace(/\s*\([^)]*\)\s*$/, ''), ...range })
      }
    })
    if (loaded.length > 0) chapters = loaded
  }
  const blocks: IcdBlock[] = []
  if (paths.sections !== undefined) {
    forEachDelimitedRow(readText(paths.sections, 'ICD-10-CM sections file'), ',', (fields, row) => {
      if (row === 0) return
      const id = (fields[0] ?? '').trim()
      const range = rangeOf(id)
      if (range === undefined) return
      const title = (fields[1] ?? '').trim().replace(/\s*\([^)]*\)\s*$/, '')
      blocks.push({ id, title, ...range })
    })
  }
  const source = [paths.codes, paths.chapters, paths.sections].filter(Boolean).join(', ')
  return buildIcd10cm(source, codes, chapters, blocks)
}

/**
 * Loads the CMS order file (`icd10cm_order_<year>.txt`): fixed-width lines holding the order
 * number (5), the code without its dot (7), a billable flag (1), the short title (60) and the
 * long title. Chapters come from {@link ICD10CM_CHAPTERS}; blocks are unknown.
 *
 * @throws InputError when the file is unreadable or holds no code line.
 */
export function loadIcd10cmOrderFile(path: string): Icd10cm {
  const text = readText(path, 'ICD-10-CM order file')
  const codes = new Map<string, IcdCode>()
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end).replace(/\r$/, '')
    start = end + 1
    if (line.length < 16) continue
    const code = normalizeIcdCode(line.slice(6, 13))
    if (code === undefined) continue
    const long = line.length > 77 ? line.slice(77).trim() : ''
    const title = long === '' ? line.slice(16, 76).trim() : long
    codes.set(code, { code, title, billable: line.charAt(14) === '1' })
  }
  if (codes.size === 0) {
    throw new InputError(`terminology: "${path}" holds no ICD-10-CM order-file line`, {
      field: 'order file',
      value: path,
    })
  }
  const icd = buildIcd10cm(path, codes, ICD10CM_CHAPTERS, [])
  // The order file's flag is authoritative; buildIcd10cm's leaf rule only lowers it.
  return icd
}
