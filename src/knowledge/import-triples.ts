/**
 * Triples in: delimited files and JSON Lines a user brings, and converters from the terminology
 * and knowledge files Galen reads (Disease Ontology, ICD-10-CM, the ICD-10 Beijing clinical
 * edition, the DrugBank open vocabulary, PharmacotherapyDB indications, Disease Ontology
 * disease-symptom links, MEDLINE disease co-occurrence, rare-disease names, MedLAMA). Every triple
 * keeps its source, licence and the ids of its entities.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import { forEachDelimitedRow } from '../terminology/index.js'
import { safeParseTriple, type Triple } from './triples.js'

/** The input formats `galen kg import` reads. */
export type TripleSourceFormat =
  | 'tsv'
  | 'csv'
  | 'jsonl'
  | 'disease-ontology'
  | 'do-icd10'
  | 'disease-symptom'
  | 'icd10cm'
  | 'drugbank'
  | 'pharmacotherapydb'
  | 'medline-cooccurrence'
  | 'icd10-beijing'
  | 'rare-disease-names'
  | 'ccrd'
  | 'medlama'

/** Every format, for usage messages. */
export const TRIPLE_SOURCE_FORMATS: readonly TripleSourceFormat[] = [
  'tsv',
  'csv',
  'jsonl',
  'disease-ontology',
  'do-icd10',
  'disease-symptom',
  'icd10cm',
  'drugbank',
  'pharmacotherapydb',
  'medline-cooccurrence',
  'icd10-beijing',
  'rare-disease-names',
  'ccrd',
  'medlama',
]

/** Options of {@link importTriples}. */
export interface ImportTriplesOptions {
  path: string
  /** The format; detected from the file name and header when absent. */
  format?: TripleSourceFormat
  /** For `ccrd`: the HPO id → name map (`phenotype_mapping.json`). */
  phenotypeNames?: string
  /** Stop after this many triples. */
  limit?: number
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new InputError(`knowledge: cannot read "${path}"`, {
      field: 'input',
      value: path,
      cause: error,
    })
  }
}

function rows(text: string, delimiter: ',' | '\t'): { header: string[]; records: string[][] } {
  const records: string[][] = []
  let header: string[] = []
  forEachDelimitedRow(text, delimiter, (fields, rowNumber) => {
    if (rowNumber === 0) header = fields.map((field) => field.trim())
    else records.push(fields)
  })
  return { header, records }
}

function column(header: readonly string[], name: string, path: string): number {
  const index = header.indexOf(name)
  if (index < 0) {
    throw new InputError(
      `knowledge: "${path}" has no column "${name}" (columns: ${header.join(', ')})`,
      {
        field: name,
        value: path,
      },
    )
  }
  return index
}

/** Detects the format of a file from its name and first line. */
export function detectTripleFormat(path: string): TripleSourceFormat {
  const name = basename(path).toLowerCase()
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl'
  const firstLine = readText(path).split('\n', 1)[0] ?? ''
  if (name === 'humando.tsv') return 'disease-ontology'
  if (name === 'icd10indo.tsv') return 'do-icd10'
  if (firstLine.startsWith('disease_id\tdisease_label\tsymptom_id')) return 'disease-symptom'
  if (/^Code,Description,ChapterID/.test(firstLine)) return 'icd10cm'
  if (firstLine.startsWith('DrugBank ID,')) return 'drugbank'
  if (firstLine.startsWith('doid_id\tdrugbank_id\tdisease\tdrug\tcategory'))
    return 'pharmacotherapydb'
  if (firstLine.startsWith('doid_code_0\tdoid_name_0')) return 'medline-cooccurrence'
  if (firstLine.trim() === 'code,name' && name.includes('beijing')) return 'icd10-beijing'
  if (name.startsWith('cns_omim') || name.startsWith('cns_orphanet')) return 'rare-disease-names'
  if (name.includes('conpendium') || name.includes('compendium')) return 'ccrd'
  if (firstLine.startsWith('head_cui,head_name,rel,')) return 'medlama'
  if (name.endsWith('.tsv')) return 'tsv'
  if (name.endsWith('.csv')) return 'csv'
  throw new InputError(
    `knowledge: cannot tell the format of "${path}"; pass one of ${TRIPLE_SOURCE_FORMATS.join(', ')}`,
    {
      field: 'format',
      value: path,
    },
  )
}

function unquote(value: string | undefined): string {
  const trimmed = (value ?? '').trim()
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed
}

class TripleCollector {
  readonly triples: Triple[] = []
  private readonly seen = new Set<string>()
  constructor(
    private readonly prefix: string,
    private readonly source: string,
    private readonly licence: string,
    private readonly limit: number,
  ) {}

  get full(): boolean {
    return this.triples.length >= this.limit
  }

  add(fields: Omit<Triple, 'id' | 'source' | 'licence'>): void {
    if (this.full) return
    const subject = fields.subject.trim()
    const object = fields.object.trim()
    if (subject === '' || object === '' || subject === object) return
    const key = `${subject}\u0000${fields.predicate}\u0000${object}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.triples.push({
      ...fields,
      subject,
      object,
      id: `${this.prefix}${this.triples.length + 1}`,
      source: this.source,
      licence: this.licence,
    })
  }
}

function importDelimited(
  text: string,
  delimiter: ',' | '\t',
  path: string,
  limit: number,
): Triple[] {
  const { header, records } = rows(text, delimiter)
  const triples: Triple[] = []
  records.forEach((fields, index) => {
    if (triples.length >= limit) return
    const record: Record<string, string> = {}
    header.forEach((name, position) => {
      const value = fields[position]
      if (value !== undefined && value !== '') record[name] = value
    })
    const parsed = safeParseTriple(record, `${path}:${index + 2}`, `t${index + 1}`)
    if (!parsed.ok) throw parsed.error
    triples.push(parsed.value)
  })
  return triples
}

function importJsonLines(text: string, path: string, limit: number): Triple[] {
  const triples: Triple[] = []
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || triples.length >= limit) return
    const json = safeParseJson(line, `${path}:${index + 1}`)
    if (!json.ok) throw json.error
    const parsed = safeParseTriple(json.value, `${path}:${index + 1}`, `t${index + 1}`)
    if (!parsed.ok) throw parsed.error
    triples.push(parsed.value)
  })
  return triples
}

function splitNames(value: string): string[] {
  return value
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

function readJsonObject(path: string): Record<string, unknown> {
  const parsed = safeParseJson(readText(path), path)
  if (!parsed.ok) throw parsed.error
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new InputError(`knowledge: "${path}" must hold a JSON object`, {
      field: 'input',
      value: path,
    })
  }
  return parsed.value as Record<string, unknown>
}

function stringField(record: unknown, key: string): string {
  if (typeof record !== 'object' || record === null) return ''
  const value = (record as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : ''
}

/** The parent of an ICD code: `A01.003+G01*` → `A01.0`, `A01.0` → `A01`, `A01` → none. */
function icdParent(code: string): string | undefined {
  const base = code.replace(/[+*].*$/, '').replace(/\*$/, '')
  const [category, rest] = base.split('.')
  if (rest === undefined || rest === '') return undefined
  if (rest.length > 1) return `${category}.${rest.slice(0, 1)}`
  return category
}

/**
 * Reads triples from a file in one of {@link TRIPLE_SOURCE_FORMATS}.
 *
 * @throws InputError naming the file, line and field of malformed input
 */
export function importTriples(options: ImportTriplesOptions): Triple[] {
  const format = options.format ?? detectTripleFormat(options.path)
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  const path = options.path
  const text = readText(path)
  const collect = (prefix: string, source: string, licence: string): TripleCollector =>
    new TripleCollector(prefix, source, licence, limit)
  switch (format) {
    case 'tsv':
      return importDelimited(text, '\t', path, limit)
    case 'csv':
      return importDelimited(text, ',', path, limit)
    case 'jsonl':
      return importJsonLines(text, path, limit)
    case 'disease-ontology': {
      const { header, records } = rows(text, '\t')
      const [id, label, parent] = [
        column(header, 'id', path),
        column(header, 'label', path),
        column(header, 'subClassOf', path),
      ]
      const out = collect('do', 'Human Disease Ontology (HumanDO.tsv)', 'CC0-1.0')
      for (const fields of records) {
        out.add({
          subject: unquote(fields[label]),
          predicate: 'is_a',
          object: unquote(fields[parent]),
          subjectType: 'disease',
          objectType: 'disease',
          subjectId: unquote(fields[id]),
        })
      }
      return out.triples
    }
    case 'do-icd10': {
      const { header, records } = rows(text, '\t')
      const [id, label, xrefs] = [
        column(header, 'id', path),
        column(header, 'label', path),
        column(header, 'xrefs', path),
      ]
      const out = collect('doicd', 'Human Disease Ontology (ICD10inDO.tsv)', 'CC0-1.0')
      for (const fields of records) {
        for (const xref of unquote(fields[xrefs]).split('|')) {
          const code = xref.trim().replace(/^ICD10CM:/, '')
          if (code === '' || code.includes(':')) continue
          out.add({
            subject: unquote(fields[label]),
            predicate: 'has_icd10cm_code',
            object: code,
            subjectType: 'disease',
            objectType: 'code',
            subjectId: unquote(fields[id]),
          })
        }
      }
      return out.triples
    }
    case 'disease-symptom': {
      const { header, records } = rows(text, '\t')
      const columns = ['disease_id', 'disease_label', 'symptom_id', 'symptom_label'].map((name) =>
        column(header, name, path),
      )
      const out = collect('ds', 'Human Disease Ontology (disease-symptom.tsv)', 'CC0-1.0')
      for (const fields of records) {
        out.add({
          subject: fields[columns[1] ?? 0] ?? '',
          predicate: 'has_symptom',
          object: fields[columns[3] ?? 0] ?? '',
          subjectType: 'disease',
          objectType: 'symptom',
          subjectId: fields[columns[0] ?? 0] ?? '',
          objectId: fields[columns[2] ?? 0] ?? '',
        })
      }
      return out.triples
    }
    case 'icd10cm': {
      const { header, records } = rows(text, ',')
      const [code, description] = [
        column(header, 'Code', path),
        column(header, 'Description', path),
      ]
      const names = new Map<string, string>()
      for (const fields of records) names.set(fields[code] ?? '', fields[description] ?? '')
      const out = collect('icd', 'ICD-10-CM (CDC/NCHS)', 'public domain (US government)')
      for (const [value, name] of names) {
        out.add({
          subject: name,
          predicate: 'has_icd10cm_code',
          object: value,
          subjectType: 'disease',
          objectType: 'code',
        })
        const parent = icdParent(value)
        const parentName = parent === undefined ? undefined : names.get(parent)
        if (parentName !== undefined) {
          out.add({
            subject: name,
            predicate: 'is_a',
            object: parentName,
            subjectType: 'disease',
            objectType: 'disease',
            subjectId: value,
            objectId: parent as string,
          })
        }
      }
      return out.triples
    }
    case 'drugbank': {
      const { header, records } = rows(text, ',')
      const [id, name, synonyms] = [
        column(header, 'DrugBank ID', path),
        column(header, 'Common name', path),
        column(header, 'Synonyms', path),
      ]
      const out = collect('db', 'DrugBank open vocabulary', 'CC0-1.0')
      for (const fields of records) {
        const common = (fields[name] ?? '').trim()
        const aliases = (fields[synonyms] ?? '')
          .split(' | ')
          .map((item) => item.trim())
          .filter((item) => item !== '' && item.toLowerCase() !== common.toLowerCase())
        out.add({
          subject: common,
          predicate: 'has_drugbank_id',
          object: fields[id] ?? '',
          subjectType: 'drug',
          objectType: 'code',
          subjectId: fields[id] ?? '',
        })
        for (const alias of aliases) {
          out.add({
            subject: common,
            predicate: 'synonym',
            object: alias,
            subjectType: 'drug',
            objectType: 'drug',
            subjectId: fields[id] ?? '',
          })
        }
      }
      return out.triples
    }
    case 'pharmacotherapydb': {
      const { header, records } = rows(text, '\t')
      const columns = ['doid_id', 'drugbank_id', 'disease', 'drug', 'category'].map((name) =>
        column(header, name, path),
      )
      const out = collect('ind', 'PharmacotherapyDB (dhimmel/indications)', 'CC0-1.0')
      for (const fields of records) {
        const category = fields[columns[4] ?? 0]
        if (category !== 'DM' && category !== 'SYM') continue
        out.add({
          subject: fields[columns[3] ?? 0] ?? '',
          predicate: category === 'DM' ? 'treats' : 'relieves_symptoms_of',
          object: fields[columns[2] ?? 0] ?? '',
          subjectType: 'drug',
          objectType: 'disease',
          subjectId: fields[columns[1] ?? 0] ?? '',
          objectId: fields[columns[0] ?? 0] ?? '',
        })
      }
      return out.triples
    }
    case 'medline-cooccurrence': {
      const { header, records } = rows(text, '\t')
      const columns = ['doid_code_0', 'doid_name_0', 'doid_code_1', 'doid_name_1'].map((name) =>
        column(header, name, path),
      )
      const out = collect('ml', 'MEDLINE disease co-occurrence (dhimmel/medline)', 'CC0-1.0')
      for (const fields of records) {
        out.add({
          subject: fields[columns[1] ?? 0] ?? '',
          predicate: 'co_occurs_with',
          object: fields[columns[3] ?? 0] ?? '',
          subjectType: 'disease',
          objectType: 'disease',
          subjectId: fields[columns[0] ?? 0] ?? '',
          objectId: fields[columns[2] ?? 0] ?? '',
        })
      }
      return out.triples
    }
    case 'icd10-beijing': {
      const { header, records } = rows(text, ',')
      const [code, name] = [column(header, 'code', path), column(header, 'name', path)]
      const names = new Map<string, string>()
      for (const fields of records) {
        const value = (fields[code] ?? '').trim()
        if (/^M\d/.test(value)) continue // morphology codes are not diagnoses
        names.set(value, (fields[name] ?? '').trim())
      }
      const out = collect(
        'bj',
        'ICD-10 Beijing clinical edition v6.01 (CHIP-CDN dictionary)',
        'research use (CBLUE)',
      )
      for (const [value, diagnosis] of names) {
        out.add({
          subject: diagnosis,
          predicate: 'has_icd10_beijing_code',
          object: value,
          subjectType: 'disease',
          objectType: 'code',
        })
        const parent = icdParent(value)
        const parentName = parent === undefined ? undefined : names.get(parent)
        if (parentName !== undefined && parentName !== diagnosis) {
          out.add({
            subject: diagnosis,
            predicate: 'is_a',
            object: parentName,
            subjectType: 'disease',
            objectType: 'disease',
            subjectId: value,
            objectId: parent as string,
          })
        }
      }
      return out.triples
    }
    case 'rare-disease-names': {
      const json = readJsonObject(path)
      const out = collect(
        'rd',
        `Rare-disease names (${basename(path)}, timgroup_disease_diagnosis)`,
        'Apache-2.0',
      )
      for (const [id, record] of Object.entries(json)) {
        const [chinese, ...chineseAliases] = splitNames(stringField(record, 'CNS_NAME'))
        const [english] = splitNames(stringField(record, 'ENG_NAME'))
        if (chinese === undefined) continue
        if (english !== undefined)
          out.add({
            subject: chinese,
            predicate: 'has_english_name',
            object: english,
            subjectType: 'disease',
            objectType: 'disease',
            subjectId: id,
          })
        const predicate = id.startsWith('OMIM:')
          ? 'has_omim_id'
          : id.startsWith('ORPHA:')
            ? 'has_orphanet_id'
            : undefined
        if (predicate !== undefined)
          out.add({
            subject: chinese,
            predicate,
            object: id,
            subjectType: 'disease',
            objectType: 'code',
            subjectId: id,
          })
        for (const alias of chineseAliases)
          out.add({
            subject: chinese,
            predicate: 'synonym',
            object: alias,
            subjectType: 'disease',
            objectType: 'disease',
            subjectId: id,
          })
      }
      return out.triples
    }
    case 'ccrd': {
      const json = readJsonObject(path)
      const phenotypes =
        options.phenotypeNames === undefined ? {} : readJsonObject(options.phenotypeNames)
      const out = collect(
        'ccrd',
        "China's first national rare-disease list (CCRD, timgroup_disease_diagnosis)",
        'Apache-2.0',
      )
      for (const [id, record] of Object.entries(json)) {
        const [chinese] = splitNames(stringField(record, 'CNS_NAME'))
        const [english] = splitNames(stringField(record, 'ENG_NAME'))
        if (chinese === undefined) continue
        if (english !== undefined)
          out.add({
            subject: chinese,
            predicate: 'has_english_name',
            object: english,
            subjectType: 'disease',
            objectType: 'disease',
            subjectId: id,
          })
        const list = (record as { PHENOTYPE_LIST?: unknown }).PHENOTYPE_LIST
        if (!Array.isArray(list)) continue
        for (const hpo of list) {
          const name = typeof hpo === 'string' ? phenotypes[hpo] : undefined
          if (
            typeof name === 'string' &&
            !/inheritance|^All$|^Phenotypic abnormality$/i.test(name)
          ) {
            out.add({
              subject: chinese,
              predicate: 'has_phenotype',
              object: name,
              subjectType: 'disease',
              objectType: 'symptom',
              subjectId: id,
              objectId: hpo as string,
            })
          }
        }
      }
      return out.triples
    }
    case 'medlama': {
      const { header, records } = rows(text, ',')
      const columns = ['head_cui', 'head_name', 'rel', 'tail_names', 'tail_cuis'].map((name) =>
        column(header, name, path),
      )
      const out = collect('ml', `MedLAMA 2021AA (${basename(path)})`, 'UMLS Metathesaurus terms')
      for (const fields of records) {
        const names = (fields[columns[3] ?? 0] ?? '').split(' || ')
        const cuis = (fields[columns[4] ?? 0] ?? '').split(' || ')
        names.forEach((name, index) => {
          const objectId = cuis[index]
          out.add({
            subject: fields[columns[1] ?? 0] ?? '',
            predicate: fields[columns[2] ?? 0] ?? '',
            object: name,
            subjectId: fields[columns[0] ?? 0] ?? '',
            ...(objectId === undefined ? {} : { objectId }),
          })
        })
      }
      return out.triples
    }
  }
}

/** A triple as one JSON Lines record of the graph format (snake_case keys, absent fields left out). */
export function tripleToRecord(triple: Triple): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {
    id: triple.id,
    subject: triple.subject,
    predicate: triple.predicate,
    object: triple.object,
  }
  const optional: Array<[string, string | string[] | undefined]> = [
    ['subject_type', triple.subjectType],
    ['object_type', triple.objectType],
    ['subject_id', triple.subjectId],
    ['object_id', triple.objectId],
    ['subject_aliases', triple.subjectAliases],
    ['object_aliases', triple.objectAliases],
    ['source', triple.source],
    ['licence', triple.licence],
  ]
  for (const [key, value] of optional) if (value !== undefined) record[key] = value
  return record
}
