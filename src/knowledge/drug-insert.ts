/**
 * Drug inserts: reads the inserts of one generic drug from several manufacturers (HL7 SPL XML as
 * regulators publish them, or a simple Markdown / JSON section format), aligns their sections
 * (indications, dosage, contraindications, warnings, interactions, adverse reactions, pregnancy,
 * paediatric and geriatric use), merges sentences that say the same thing, keeps the ones that
 * differ with their source, and gives every sentence its provenance.
 */
import { readFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { InputError, safeParseJson } from '../errors.js'

/** The aligned section types, in output order. */
export const INSERT_SECTIONS = [
  'indications',
  'dosage',
  'contraindications',
  'warnings',
  'interactions',
  'adverse_reactions',
  'pregnancy',
  'pediatric_use',
  'geriatric_use',
] as const

/** One aligned section type. */
export type InsertSectionType = (typeof INSERT_SECTIONS)[number]

/** One manufacturer's insert. */
export interface DrugInsert {
  /** Generic name. */
  generic: string
  /** Manufacturer (or the file name when none is given). */
  source: string
  sections: Partial<Record<InsertSectionType, string>>
}

/** A merged sentence with its provenance. */
export interface MergedSentence {
  text: string
  /** Every insert that states it (the text is the first one's wording). */
  sources: string[]
  /** True when every insert that has this section states it. */
  shared: boolean
}

/** The merged insert. */
export interface MergedInsert {
  generic: string
  sources: string[]
  sections: Array<{ type: InsertSectionType; sentences: MergedSentence[] }>
}

/** LOINC section codes used by SPL. */
const LOINC: Readonly<Record<string, InsertSectionType>> = {
  '34067-9': 'indications',
  '34068-7': 'dosage',
  '34070-3': 'contraindications',
  '43685-7': 'warnings',
  '34071-1': 'warnings',
  '34073-7': 'interactions',
  '34084-4': 'adverse_reactions',
  '42228-7': 'pregnancy',
  '34081-0': 'pediatric_use',
  '34082-8': 'geriatric_use',
}

/** Heading words (English and Chinese) → section type. */
const HEADINGS: ReadonlyArray<[RegExp, InsertSectionType]> = [
  [/indication|适应证|适应症/i, 'indications'],
  [/dosage|dose|administration|用法用量|用法与用量/i, 'dosage'],
  [/contraindication|禁忌/i, 'contraindications'],
  [/warning|precaution|注意事项|警告/i, 'warnings'],
  [/interaction|相互作用/i, 'interactions'],
  [/adverse|side effect|不良反应/i, 'adverse_reactions'],
  [/pregnan|lactation|孕妇|哺乳/i, 'pregnancy'],
  [/pediatric|paediatric|children|儿童/i, 'pediatric_use'],
  [/geriatric|elderly|older|老年/i, 'geriatric_use'],
]

function sectionForHeading(heading: string): InsertSectionType | undefined {
  return HEADINGS.find(([pattern]) => pattern.test(heading))?.[1]
}

type OrderedNode = Record<string, unknown>

function childrenOf(node: OrderedNode): OrderedNode[] {
  for (const [key, value] of Object.entries(node)) {
    if (key !== ':@' && Array.isArray(value)) return value as OrderedNode[]
  }
  return []
}

function tagOf(node: OrderedNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? ''
}

function textOf(node: OrderedNode): string {
  if (typeof node['#text'] === 'string' || typeof node['#text'] === 'number')
    return String(node['#text'])
  const tag = tagOf(node)
  const inner = childrenOf(node).map(textOf).join('')
  return tag === 'paragraph' || tag === 'item' || tag === 'br' ? ` ${inner} ` : inner
}

function findAll(
  nodes: readonly OrderedNode[],
  tag: string,
  found: OrderedNode[] = [],
): OrderedNode[] {
  for (const node of nodes) {
    if (tagOf(node) === tag) found.push(node)
    findAll(childrenOf(node), tag, found)
  }
  return found
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Reads an SPL XML insert: sections by their LOINC code (or, without one, by their title), the
 * generic name from the first `genericMedicine` (else the document title) and the manufacturer
 * from the author's organisation.
 *
 * @throws InputError when the XML is malformed or holds no known section
 */
export function parseSplInsert(xml: string, source: string): DrugInsert {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false })
  let tree: OrderedNode[]
  try {
    tree = parser.parse(xml) as OrderedNode[]
  } catch (error) {
    throw new InputError(`knowledge: "${source}" is not well-formed SPL XML`, {
      field: 'input',
      value: source,
      cause: error,
    })
  }
  const sections: Partial<Record<InsertSectionType, string>> = {}
  for (const section of findAll(tree, 'section')) {
    const children = childrenOf(section)
    const code = children.find((child) => tagOf(child) === 'code')
    const codeValue = (code?.[':@'] as Record<string, string> | undefined)?.['@_code']
    const title = clean(
      children
        .filter((child) => tagOf(child) === 'title')
        .map(textOf)
        .join(' '),
    )
    const type =
      (codeValue === undefined ? undefined : LOINC[codeValue]) ?? sectionForHeading(title)
    if (type === undefined) continue
    const text = clean(
      children
        .filter((child) => tagOf(child) === 'text')
        .map(textOf)
        .join(' '),
    )
    if (text !== '') sections[type] = clean(`${sections[type] ?? ''} ${text}`)
  }
  if (Object.keys(sections).length === 0) {
    throw new InputError(
      `knowledge: "${source}" has no insert section with a known LOINC code or title`,
      { field: 'section', value: source },
    )
  }
  const generic = clean(
    findAll(tree, 'genericMedicine')
      .flatMap((node) => findAll(childrenOf(node), 'name'))
      .map(textOf)[0] ?? '',
  )
  const organisation = findAll(tree, 'representedOrganization')
    .flatMap((node) => findAll(childrenOf(node), 'name'))
    .map(textOf)[0]
  const title = clean(findAll(tree, 'title').map(textOf)[0] ?? '')
  return {
    generic: generic === '' ? title : generic,
    source: clean(organisation ?? '') || source,
    sections,
  }
}

/**
 * Reads a Markdown insert: `# generic`, an optional `Manufacturer: X` (or `生产企业：X`) line, and
 * `## heading` sections named in English or Chinese.
 */
export function parseMarkdownInsert(markdown: string, source: string): DrugInsert {
  let generic = ''
  let manufacturer = ''
  let current: InsertSectionType | undefined
  const sections: Partial<Record<InsertSectionType, string>> = {}
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading !== null) {
      if ((heading[1] ?? '').length === 1 && generic === '') generic = clean(heading[2] ?? '')
      else current = sectionForHeading(heading[2] ?? '')
      continue
    }
    const maker = /^(?:manufacturer|生产企业)\s*[:：]\s*(.+)$/i.exec(line.trim())
    if (maker !== null) {
      manufacturer = clean(maker[1] ?? '')
      continue
    }
    if (current !== undefined && line.trim() !== '')
      sections[current] = clean(`${sections[current] ?? ''} ${line.replace(/^\s*[-*]\s+/, '')}`)
  }
  if (Object.keys(sections).length === 0) {
    throw new InputError(
      `knowledge: "${source}" has no section heading Galen knows (indications, dosage, 禁忌, ...)`,
      { field: 'section', value: source },
    )
  }
  return { generic, source: manufacturer || source, sections }
}

/** Reads a JSON insert `{ generic, manufacturer, sections: { indications: "...", ... } }`. */
export function parseJsonInsert(json: string, source: string): DrugInsert {
  const parsed = safeParseJson(json, source)
  if (!parsed.ok) throw parsed.error
  const value = parsed.value as { generic?: unknown; manufacturer?: unknown; sections?: unknown }
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.sections !== 'object' ||
    value.sections === null
  ) {
    throw new InputError(`knowledge: "${source}" needs a "sections" object`, {
      field: 'sections',
      value: source,
    })
  }
  const sections: Partial<Record<InsertSectionType, string>> = {}
  for (const [key, text] of Object.entries(value.sections as Record<string, unknown>)) {
    const type = (INSERT_SECTIONS as readonly string[]).includes(key)
      ? (key as InsertSectionType)
      : sectionForHeading(key)
    if (type === undefined) {
      throw new InputError(
        `knowledge: "${source}" section "${key}" is not one of ${INSERT_SECTIONS.join(', ')}`,
        { field: `sections.${key}`, value: key },
      )
    }
    if (typeof text !== 'string') {
      throw new InputError(`knowledge: "${source}" section "${key}" must be a string`, {
        field: `sections.${key}`,
        value: text,
      })
    }
    sections[type] = clean(text)
  }
  return {
    generic: typeof value.generic === 'string' ? value.generic : '',
    source:
      typeof value.manufacturer === 'string' && value.manufacturer !== ''
        ? value.manufacturer
        : source,
    sections,
  }
}

/** Reads an insert file by its extension (`.xml` SPL, `.md` Markdown, `.json`). */
export function readDrugInsert(path: string): DrugInsert {
  let text: string
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new InputError(`knowledge: cannot read "${path}"`, {
      field: 'input',
      value: path,
      cause: error,
    })
  }
  const source = basename(path)
  const extension = extname(path).toLowerCase()
  if (extension === '.xml') return parseSplInsert(text, source)
  if (extension === '.json') return parseJsonInsert(text, source)
  return parseMarkdownInsert(text, source)
}

function sentencesOf(text: string): string[] {
  return (text.match(/[^。！？]+[。！？]|[^.!?。！？]+(?:[.!?](?=\s|$)|$)/g) ?? [])
    .map((sentence) => clean(sentence))
    .filter((sentence) => sentence.length > 1)
}

function sentenceKey(sentence: string): string[] {
  const lower = sentence.normalize('NFKC').toLowerCase()
  return /\p{Script=Han}/u.test(lower)
    ? Array.from(lower.replace(/[\s\p{P}\p{S}]+/gu, ''))
    : lower
        .replace(/[\p{P}\p{S}]+/gu, ' ')
        .split(/\s+/)
        .filter((word) => word !== '')
}

/** Token-set overlap (Jaccard) of two sentences; 1 for the same words in any order. */
function overlap(left: readonly string[], right: readonly string[]): number {
  const a = new Set(left)
  const b = new Set(right)
  let common = 0
  for (const token of a) if (b.has(token)) common += 1
  return a.size + b.size - common === 0 ? 0 : common / (a.size + b.size - common)
}

/**
 * Merges the inserts of one generic drug. Sentences of a section whose words overlap at least
 * `threshold` (Jaccard, default 0.85; numbers must match exactly) are one sentence with every
 * source; the others are kept with their own source.
 *
 * @throws InputError when the inserts name different generic drugs
 */
export function mergeDrugInserts(
  inserts: readonly DrugInsert[],
  options: { generic?: string; threshold?: number } = {},
): MergedInsert {
  const threshold = options.threshold ?? 0.85
  const generics = [
    ...new Set(
      inserts.map((insert) => insert.generic.toLowerCase().trim()).filter((name) => name !== ''),
    ),
  ]
  if (options.generic === undefined && generics.length > 1) {
    throw new InputError(
      `knowledge: the inserts name different generic drugs (${generics.join(', ')}); pass the generic to merge under`,
      { field: 'generic', value: generics },
    )
  }
  const generic = options.generic ?? inserts.find((insert) => insert.generic !== '')?.generic ?? ''
  const sections: MergedInsert['sections'] = []
  for (const type of INSERT_SECTIONS) {
    const having = inserts.filter((insert) => (insert.sections[type] ?? '') !== '')
    if (having.length === 0) continue
    const merged: Array<MergedSentence & { key: string[]; numbers: string }> = []
    for (const insert of having) {
      for (const sentence of sentencesOf(insert.sections[type] ?? '')) {
        const key = sentenceKey(sentence)
        const numbers = (sentence.match(/\d+(?:[.,]\d+)?/g) ?? []).join(' ')
        const same = merged.find(
          (item) => item.numbers === numbers && overlap(item.key, key) >= threshold,
        )
        if (same !== undefined) {
          if (!same.sources.includes(insert.source)) same.sources.push(insert.source)
        } else {
          merged.push({ text: sentence, sources: [insert.source], shared: false, key, numbers })
        }
      }
    }
    sections.push({
      type,
      sentences: merged.map(({ text, sources }) => ({
        text,
        sources,
        shared: sources.length === having.length,
      })),
    })
  }
  return { generic, sources: inserts.map((insert) => insert.source), sections }
}

const SECTION_TITLES: Readonly<Record<InsertSectionType, string>> = {
  indications: 'Indications',
  dosage: 'Dosage and administration',
  contraindications: 'Contraindications',
  warnings: 'Warnings and precautions',
  interactions: 'Drug interactions',
  adverse_reactions: 'Adverse reactions',
  pregnancy: 'Pregnancy and lactation',
  pediatric_use: 'Paediatric use',
  geriatric_use: 'Geriatric use',
}

/** The merged insert as Markdown: shared sentences plain, the others tagged with their sources. */
export function renderMergedInsert(insert: MergedInsert): string {
  const lines = [`# ${insert.generic}`, '', `Merged from: ${insert.sources.join('; ')}`, '']
  for (const section of insert.sections) {
    lines.push(`## ${SECTION_TITLES[section.type]}`, '')
    for (const sentence of section.sentences) {
      lines.push(`- ${sentence.text} [${sentence.shared ? 'all' : sentence.sources.join('; ')}]`)
    }
    lines.push('')
  }
  return lines.join('\n')
}
