/**
 * Reads a list of items (diagnoses, drugs, tests) from a response: a JSON array or object with
 * a list field, a numbered or bulleted list, or a line after a heading such as "Diagnosis:".
 */
import { safeParseJson } from '../errors.js'

/** One item read from a response. */
export interface ResponseItem {
  /** The item's name (cleaned of numbering, markdown and trailing explanations). */
  text: string
  /** A code given with the item in JSON (`icd10`, `code`), if any. */
  code?: string
}

/** Items read from a response and how they were found. */
export interface ResponseItems {
  items: ResponseItem[]
  /** `json`, `list`, `heading`, `line` or `none`. */
  layout: 'json' | 'list' | 'heading' | 'line' | 'none'
}

const NAME_KEYS = [
  'name',
  'diagnosis',
  'disease',
  'drug',
  'drug_name',
  'generic',
  'generic_name',
  'medication',
  'medicine',
  'test',
  'test_name',
  'exam',
  'item',
  'title',
  'label',
]
const CODE_KEYS = ['icd10', 'icd10cm', 'icd_10', 'icd', 'code', 'icd10_code', 'icd_code']

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key]
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return undefined
}

function itemsFromArray(values: readonly unknown[]): ResponseItem[] {
  const items: ResponseItem[] = []
  for (const value of values) {
    if (typeof value === 'string') {
      if (value.trim() !== '') items.push({ text: cleanItem(value) })
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      const text = firstString(record, NAME_KEYS)
      const code = firstString(record, CODE_KEYS)
      if (text !== undefined || code !== undefined) {
        const item: ResponseItem = { text: cleanItem(text ?? code ?? '') }
        if (code !== undefined) item.code = code
        items.push(item)
      }
    }
  }
  return items
}

/** Finds the list inside a parsed JSON value, looking under the given keys first. */
function listInJson(value: unknown, listKeys: readonly string[]): ResponseItem[] | undefined {
  if (Array.isArray(value)) return itemsFromArray(value)
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  for (const key of listKeys) {
    const field = record[key]
    if (field === undefined) continue
    if (Array.isArray(field)) return itemsFromArray(field)
    if (typeof field === 'string') return field.trim() === '' ? [] : [{ text: cleanItem(field) }]
    const nested = listInJson(field, listKeys)
    if (nested !== undefined) return nested
  }
  // A single object that is itself an item ({"name": "...", "icd10": "..."}).
  const single = itemsFromArray([record])
  if (
    single.length > 0 &&
    (firstString(record, NAME_KEYS) !== undefined || firstString(record, CODE_KEYS) !== undefined)
  ) {
    return single
  }
  for (const field of Object.values(record)) {
    if (Array.isArray(field) && field.length > 0) return itemsFromArray(field)
  }
  return undefined
}

/** The JSON text of a response: the whole text, a fenced block, or the outermost brackets. */
function jsonCandidates(text: string): string[] {
  const candidates: string[] = []
  const trimmed = text.trim()
  candidates.push(trimmed)
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/g
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    candidates.push((match[1] ?? '').trim())
  }
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const start = text.indexOf(open)
    const end = text.lastIndexOf(close)
    if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1))
  }
  return candidates
}

const LIST_LINE = /^\s*(?:[-*•·+]|\d{1,2}[.)、]|[(（]\d{1,2}[)）]|[a-hA-H][.)])\s+(.+)$/
const HEADING =
  /(?:^|\n)\s*[#*_ ]*(?:final\s+|most\s+likely\s+|primary\s+|working\s+|differential\s+)?(?:diagnos[ie]s|differentials?|drugs?|medications?|treatment|prescriptions?|tests?|investigations?|workup|work-up|recommended\s+tests?|answer|诊断|鉴别诊断|药物|用药|检查)\s*(?:\([^)\n]*\))?[*_ ]*[:：]\s*([^\n]*)/gi

/**
 * Cleans one item: strips numbering, bullets, markdown and a trailing explanation after a dash,
 * colon or "because".
 */
export function cleanItem(text: string): string {
  let value = text.trim()
  const bullet = LIST_LINE.exec(value)
  if (bullet?.[1] !== undefined) value = bullet[1]
  value = value.replace(/[*_`#]+/g, '').trim()
  value =
    value.split(/\s+[-–—]\s+|:\s+|\s+because\s+|\s+given\s+|\s+as\s+evidenced\s+|[。；;]/i)[0] ??
    value
  return value.replace(/^["'“”‘’]+|["'“”‘’.,]+$/g, '').trim()
}

/**
 * Reads the items of a response. `listKeys` are the JSON fields that hold the list, in order of
 * preference (for example `['diagnoses', 'differential', 'diagnosis']`).
 */
export function readResponseItems(text: string, listKeys: readonly string[]): ResponseItems {
  if (text.includes('{') || text.includes('[')) {
    for (const candidate of jsonCandidates(text)) {
      if (!(candidate.startsWith('{') || candidate.startsWith('['))) continue
      const parsed = safeParseJson(candidate, 'response')
      if (!parsed.ok) continue
      const items = listInJson(parsed.value, listKeys)
      if (items !== undefined) return { items, layout: 'json' }
    }
  }
  const lines = text.split(/\r?\n/)
  // The last heading ("Final diagnosis: X" or "Differential:" followed by a list) wins.
  let headingItems: ResponseItem[] | undefined
  HEADING.lastIndex = 0
  for (let match = HEADING.exec(text); match !== null; match = HEADING.exec(text)) {
    const rest = (match[1] ?? '').trim()
    if (rest !== '') {
      headingItems = splitInline(rest)
      continue
    }
    const after = text.slice(match.index + match[0].length).split(/\r?\n/)
    const listed: ResponseItem[] = []
    for (const line of after) {
      if (line.trim() === '') {
        if (listed.length > 0) break
        continue
      }
      if (!LIST_LINE.test(line)) break
      listed.push({ text: cleanItem(line) })
    }
    if (listed.length > 0) headingItems = listed
  }
  if (headingItems !== undefined && headingItems.length > 0)
    return { items: headingItems, layout: 'heading' }
  // Otherwise the last block of list lines.
  let block: ResponseItem[] = []
  let current: ResponseItem[] = []
  for (const line of lines) {
    if (LIST_LINE.test(line)) current.push({ text: cleanItem(line) })
    else if (line.trim() !== '') {
      if (current.length > 0) block = current
      current = []
    }
  }
  if (current.length > 0) block = current
  if (block.length > 0) return { items: block, layout: 'list' }
  const last = lines.map((line) => line.trim()).filter((line) => line !== '')
  const finalLine = last[last.length - 1]
  if (finalLine === undefined) return { items: [], layout: 'none' }
  return { items: [{ text: cleanItem(finalLine) }], layout: 'line' }
}

function splitInline(text: string): ResponseItem[] {
  // "A; B; C" or "1) A 2) B" on one line; commas are kept (ICD titles contain them).
  const parts = text.split(/\s*;\s*|\s+\d\)\s+|\s*；\s*/)
  return parts.map((part) => ({ text: cleanItem(part) })).filter((item) => item.text !== '')
}
