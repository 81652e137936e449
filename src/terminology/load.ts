/**
 * Finds terminology files in a folder by name and layout (the header line) and loads them once
 * per process.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { InputError } from '../errors.js'
import { loadBeijingClinicalIcd, looksLikeBeijingIcd } from './beijing-icd.js'
import { createDiseaseIndex, type DiseaseIndex } from './disease-index.js'
import { loadDiseaseOntology } from './disease-ontology.js'
import {
  createDrugVocabulary,
  type DrugVocabulary,
  loadDrugBankVocabulary,
} from './drug-vocabulary.js'
import { type Icd10cm, loadIcd10cmCsv, loadIcd10cmOrderFile } from './icd10cm.js'
import { loadIcd10cmIndex, loadIcd10cmNeoplasms } from './icd10cm-index.js'
import { readLexiconEntries } from './lexicon-files.js'
import { shippedTestLexicon, type TestLexicon } from './test-lexicon.js'
import { createZhDiseaseIndex, type ZhDiseaseIndex } from './zh-disease-index.js'
import { zhDiagnosisAbbreviations } from './zh-normalizer.js'

/** The terminology files found in a folder (absolute paths). */
export interface TerminologyFiles {
  icdCodes?: string
  icdChapters?: string
  icdSections?: string
  icdIndex?: string
  icdNeoplasms?: string
  icdOrder?: string
  humanDo?: string
  icd10InDo?: string
  doidObo?: string
  drugbank?: string
  /** The ICD-10 Beijing clinical edition CSV (`code,name`, Chinese names). */
  beijingIcd?: string
}

function head(path: string, bytes = 2048): string {
  let descriptor: number | undefined
  try {
    descriptor = openSync(path, 'r')
    const buffer = Buffer.alloc(bytes)
    const read = readSync(descriptor, buffer, 0, bytes, 0)
    return buffer
      .subarray(0, read)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
  } catch {
    return ''
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}

function listFiles(directory: string, depth: number, found: string[]): void {
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return
  }
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue
    const path = join(directory, name)
    let isDirectory = false
    try {
      isDirectory = statSync(path).isDirectory()
    } catch {
      continue
    }
    if (isDirectory) {
      if (depth > 0) listFiles(path, depth - 1, found)
    } else {
      found.push(path)
    }
  }
}

function yearOf(path: string): number {
  const match = /(?:19|20)\d\d/.exec(basename(path))
  return match === null ? 0 : Number(match[0])
}

/** Keeps the candidate with the latest year in its name (then the first found). */
function pick(current: string | undefined, candidate: string): string {
  if (current === undefined) return candidate
  return yearOf(candidate) > yearOf(current) ? candidate : current
}

/**
 * Finds terminology files under `directory` (three folder levels deep) by their header line
 * and name: the ICD-10-CM CSV layout (codes, chapters, sections, index, neoplasm table), the CMS
 * order file, Disease Ontology `HumanDO.tsv`, `ICD10inDO.tsv` and `doid.obo`, and the DrugBank
 * open vocabulary CSV.
 *
 * @throws InputError when the folder does not exist.
 */
export function detectTerminologyFiles(directory: string): TerminologyFiles {
  const root = resolve(directory)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new InputError(`terminology: folder "${root}" does not exist`, {
      field: 'terminology',
      value: root,
    })
  }
  const paths: string[] = []
  listFiles(root, 3, paths)
  const files: TerminologyFiles = {}
  for (const path of paths) {
    const name = basename(path).toLowerCase()
    const lower = name.toLowerCase()
    if (!/\.(csv|tsv|txt|obo)$/.test(lower)) continue
    const text = head(path)
    const firstLine = (text.split(/\r?\n/)[0] ?? '').trim()
    const header = firstLine.toLowerCase().replace(/"/g, '')
    if (header === 'code,name' && looksLikeBeijingIcd(text)) files.beijingIcd = path
    else if (header.startsWith('code,description')) files.icdCodes = pick(files.icdCodes, path)
    else if (header.startsWith('chapterid,chaptername'))
      files.icdChapters = pick(files.icdChapters, path)
    else if (header.startsWith('sectionid,sectionname'))
      files.icdSections = pick(files.icdSections, path)
    else if (header.startsWith('rowid,letter,level,term,see,seealso,nonessmodif,code')) {
      if (!lower.includes('external')) files.icdIndex = pick(files.icdIndex, path)
    } else if (header.startsWith('rowid,level,term') && header.includes('malignantprimary')) {
      files.icdNeoplasms = pick(files.icdNeoplasms, path)
    } else if (
      /^icd10cm_order_\d{4}\.txt$/.test(lower) ||
      /^\d{5} [A-Z0-9]{3,7}\s+[01] /.test(firstLine)
    ) {
      files.icdOrder = pick(files.icdOrder, path)
    } else if (header.startsWith('drugbank id,') && header.includes('common name')) {
      files.drugbank = pick(files.drugbank, path)
    } else if (header === 'id\tlabel\tsubclassof') files.humanDo = path
    else if (header === 'id\tlabel\txrefs' && lower.includes('icd10')) files.icd10InDo = path
    else if (lower.endsWith('.obo') && /^ontology:\s*doid\s*$/m.test(text)) {
      if (files.doidObo === undefined || lower === 'doid.obo') files.doidObo = path
    }
  }
  return files
}

/** Everything loaded from a terminology folder. Parts whose files are absent are undefined. */
export interface Terminology {
  /** The first folder, or undefined when none was given (only the shipped test lexicon then). */
  readonly directory: string | undefined
  /** Every folder given, in order. */
  readonly directories: readonly string[]
  readonly files: TerminologyFiles
  readonly icd: Icd10cm | undefined
  readonly diseases: DiseaseIndex | undefined
  /** Chinese diagnoses → codes, when an ICD-10 Beijing clinical edition file was found. */
  readonly zhDiseases: ZhDiseaseIndex | undefined
  readonly drugs: DrugVocabulary
  readonly tests: TestLexicon
  /** Milliseconds spent loading each part. */
  readonly timings: Readonly<Record<string, number>>
}

const loaded = new Map<string, Terminology>()

/**
 * Loads the terminology of one folder or several (each recognised by its files' names and
 * layouts, so ICD-10-CM and the ICD-10 Beijing clinical edition can come from different folders),
 * or only the shipped lexicons when none is given. When two folders hold the same kind of file,
 * the later folder's file is used. Results are cached per list of folders for the life of the
 * process: the full ICD-10-CM with its index, the Disease Ontology and DrugBank take about two
 * seconds to load, the Beijing edition a few more.
 *
 * @throws InputError when a folder does not exist or a detected file is malformed.
 */
export function loadTerminology(directory: string | readonly string[] | undefined): Terminology {
  const directories = (
    directory === undefined ? [] : typeof directory === 'string' ? [directory] : [...directory]
  ).map((folder) => resolve(folder))
  const key = directories.join('\u0000')
  const cached = loaded.get(key)
  if (cached !== undefined) return cached
  const timings: Record<string, number> = {}
  const time = <T>(name: string, work: () => T): T => {
    const started = performance.now()
    const result = work()
    timings[name] = Math.round(performance.now() - started)
    return result
  }
  const files: TerminologyFiles = {}
  for (const folder of directories) Object.assign(files, detectTerminologyFiles(folder))
  let icd: Icd10cm | undefined
  if (files.icdCodes !== undefined) {
    const codes = files.icdCodes
    icd = time('icd10cm', () =>
      loadIcd10cmCsv({
        codes,
        ...(files.icdChapters === undefined ? {} : { chapters: files.icdChapters }),
        ...(files.icdSections === undefined ? {} : { sections: files.icdSections }),
      }),
    )
  } else if (files.icdOrder !== undefined) {
    const order = files.icdOrder
    icd = time('icd10cm', () => loadIcd10cmOrderFile(order))
  }
  let diseases: DiseaseIndex | undefined
  if (icd !== undefined) {
    const icdLoaded = icd
    const index =
      files.icdIndex === undefined
        ? undefined
        : time('icd10cm-index', () => loadIcd10cmIndex(files.icdIndex as string))
    const neoplasms =
      files.icdNeoplasms === undefined
        ? undefined
        : time('icd10cm-neoplasms', () => loadIcd10cmNeoplasms(files.icdNeoplasms as string))
    const hasOntology =
      files.humanDo !== undefined || files.icd10InDo !== undefined || files.doidObo !== undefined
    const ontology = hasOntology
      ? time('disease-ontology', () =>
          loadDiseaseOntology({
            ...(files.humanDo === undefined ? {} : { humanDo: files.humanDo }),
            ...(files.icd10InDo === undefined ? {} : { icd10InDo: files.icd10InDo }),
            ...(files.doidObo === undefined ? {} : { obo: files.doidObo }),
          }),
        )
      : undefined
    const abbreviations = readLexiconEntries('diagnosis-abbreviations.json')
    const expansions: Record<string, string> = {}
    for (const [abbreviation, expansion] of Object.entries(abbreviations)) {
      if (typeof expansion === 'string') expansions[abbreviation] = expansion
    }
    diseases = time('disease-index', () =>
      createDiseaseIndex({
        icd: icdLoaded,
        ...(index === undefined ? {} : { index }),
        ...(neoplasms === undefined ? {} : { neoplasms }),
        ...(ontology === undefined ? {} : { ontology }),
        abbreviations: expansions,
      }),
    )
  }
  const brands: Record<string, string> = {}
  for (const [brand, generic] of Object.entries(readLexiconEntries('drug-brands.json'))) {
    if (typeof generic === 'string') brands[brand] = generic
  }
  const records =
    files.drugbank === undefined
      ? []
      : time('drugbank', () => loadDrugBankVocabulary(files.drugbank as string))
  const drugs = time('drug-vocabulary', () => createDrugVocabulary({ records, brands }))
  const tests = time('test-lexicon', () => shippedTestLexicon())
  const zhDiseases =
    files.beijingIcd === undefined
      ? undefined
      : time('icd10-beijing', () =>
          createZhDiseaseIndex(
            loadBeijingClinicalIcd(files.beijingIcd as string),
            zhDiagnosisAbbreviations(),
          ),
        )
  const terminology: Terminology = {
    directory: directories[0],
    directories,
    files,
    icd,
    diseases,
    zhDiseases,
    drugs,
    tests,
    timings,
  }
  loaded.set(key, terminology)
  return terminology
}
