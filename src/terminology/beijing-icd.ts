/**
 * The ICD-10 Beijing clinical edition (国际疾病分类 ICD-10 北京临床版, v6.01 as CBLUE's CHIP-CDN
 * label set): Chinese names under WHO ICD-10 categories (`I21`), subcategories (`I21.0`) and
 * six-digit extension codes (`I21.001`, also written with `x` padding as `I10xx02`), plus ICD-O
 * morphology codes (`M814000/3`). Read from a CSV with the header `code,name`.
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { forEachDelimitedRow } from './delimited.js'
import { normalizeIcdCode } from './icd10cm.js'
import type { StandardName } from './zh-normalizer.js'

/** The Beijing clinical edition loaded in memory. */
export interface BeijingClinicalIcd {
  readonly source: string
  /** Every row in file order (a name may appear under several codes). */
  readonly entries: readonly StandardName[]
  /** Code → name. */
  readonly names: ReadonlyMap<string, string>
  /** Name → its codes, most general first (`急性心肌梗死` → `I21`, `I21.902`). */
  readonly codesByName: ReadonlyMap<string, readonly string[]>
  /** The number of morphology (`M…/…`) rows. */
  readonly morphologyCount: number
}

const DISEASE_CODE = /^[A-Z]\d{2}(?:[.x][0-9x]{1,5})?$/i
const MORPHOLOGY_CODE = /^M\d{4,6}\/\d$/

/** Whether a code is an ICD-O morphology code of the edition (`M814000/3`). */
export function isMorphologyCode(code: string): boolean {
  return MORPHOLOGY_CODE.test(code)
}

/**
 * The WHO ICD-10 part of a Beijing code, in the dotted form the rest of Galen uses: `A00.001`
 * stays, `I10xx02` → `I10`, `K35.x01` → `K35`; undefined for morphology codes and anything else.
 */
export function beijingToIcd10(code: string): string | undefined {
  const trimmed = code.trim()
  if (!DISEASE_CODE.test(trimmed)) return undefined
  const category = trimmed.slice(0, 3).toUpperCase()
  const rest = trimmed.slice(3).replace(/^[.x]/i, '')
  if (/^x/i.test(rest) || rest === '') return category
  return normalizeIcdCode(`${category}.${rest.replace(/x/gi, '')}`) ?? category
}

/** Whether a CSV header line and first row look like the Beijing clinical edition. */
export function looksLikeBeijingIcd(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/)
  if ((lines[0] ?? '').trim().toLowerCase() !== 'code,name') return false
  const first = lines[1] ?? ''
  return /^[A-Z]\d{2}[^,]*,[^,]*[\u4e00-\u9fff]/.test(first)
}

/**
 * Loads the Beijing clinical edition CSV (`code,name`, UTF-8, quoted names may hold commas).
 *
 * @throws InputError when the file cannot be read, lacks the header or holds no rows.
 */
export function loadBeijingClinicalIcd(path: string): BeijingClinicalIcd {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`terminology: cannot read the ICD-10 Beijing clinical edition "${path}"`, {
      field: 'terminology',
      value: path,
      cause: error,
    })
  }
  const entries: StandardName[] = []
  const names = new Map<string, string>()
  const codesByName = new Map<string, string[]>()
  let morphologyCount = 0
  let header: string[] | undefined
  forEachDelimitedRow(text, ',', (fields, rowNumber) => {
    if (header === undefined) {
      header = fields.map((field) => field.trim().toLowerCase())
      if (header[0] !== 'code' || header[1] !== 'name') {
        throw new InputError(
          `terminology: "${path}" must start with the header "code,name" (got "${fields.join(',')}")`,
          { field: 'header', value: fields.join(',') },
        )
      }
      return
    }
    const code = (fields[0] ?? '').trim()
    const name = (fields[1] ?? '').trim()
    if (code === '' || name === '') {
      throw new InputError(`terminology: "${path}" row ${rowNumber} has an empty code or name`, {
        field: 'row',
        value: String(rowNumber),
      })
    }
    if (isMorphologyCode(code)) morphologyCount += 1
    entries.push({ code, name })
    if (!names.has(code)) names.set(code, name)
    const codes = codesByName.get(name) ?? []
    if (!codes.includes(code)) codes.push(code)
    codesByName.set(name, codes)
  })
  if (entries.length === 0) {
    throw new InputError(`terminology: "${path}" holds no codes`, {
      field: 'terminology',
      value: path,
    })
  }
  return { source: path, entries, names, codesByName, morphologyCount }
}
