/**
 * The structured sources that built-in generators draw gold outputs from: Galen's shipped
 * lexicons (data/lexicons), the demonstration corpus (data/demo-corpus, with authority levels and
 * dates), and the factory's own tables (data/instructions/sources). Loaded once per build.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { InputError, safeParseJson } from '../errors.js'

/** A corpus passage with its labels. */
export interface CorpusPassage {
  id: string
  title: string
  text: string
  publisher: string
  materialType: string
  published: string
  year: number
  language: 'en' | 'zh'
  authority: string
  url: string
  tags: string[]
}

/** One condition of the factory's condition table. */
export interface ConditionEntry {
  id: string
  en: string
  zh: string
  lay_en: string | null
  lay_zh: string | null
  icd10: string
  chapter: string | null
  department: string
  symptoms_en: string[]
  symptoms_zh: string[]
}

/** A drug named in both languages. */
export interface BilingualDrug {
  en: string
  zh: string
}

/** Everything generators read. */
export interface TaskSources {
  corpus: CorpusPassage[]
  /** Chinese generic name to English generic name (zh-drugs.json). */
  zhDrugs: Map<string, string>
  /** English generic to Chinese generic (first Chinese name listed). */
  enToZhDrug: Map<string, string>
  /** Brand (lower case) to English generic (drug-brands.json). */
  brands: Map<string, string>
  /** English generic names (common-drugs.json). */
  generics: string[]
  /** Diagnosis abbreviations per language. */
  abbreviations: { en: Map<string, string>; zh: Map<string, string> }
  /** Tests: English canonical name to its synonyms (tests.json); Chinese test names. */
  testsEn: Array<{ name: string; synonyms: string[] }>
  testsZh: Array<{ zh: string; en: string }>
  conditions: ConditionEntry[]
  chapters: Record<string, { en: string; zh: string }>
  departments: Record<string, { en: string; zh: string }>
  drugClasses: Array<{ en: string; zh: string; class_en: string; class_zh: string }>
  populations: Record<
    string,
    {
      en: string
      zh: string
      avoid: Array<BilingualDrug & { reason_en: string; reason_zh: string }>
      acceptable: BilingualDrug[]
    }
  >
  /** Where each source came from, for manifests. */
  provenance: Array<{ name: string; path: string; licence: string }>
}

/** Folders the sources are read from. */
export interface SourceFolders {
  /** The demonstration corpus (JSON Lines files). Default: data/demo-corpus. */
  corpus?: string
  /** Galen's lexicons. Default: data/lexicons. */
  lexicons?: string
  /** The factory's tables. Default: data/instructions/sources. */
  tables?: string
}

const DATA = fileURLToPath(new URL('../../data/', import.meta.url))

function readJson(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`instructions: cannot read source "${path}"`, {
      field: 'source',
      value: path,
      cause: error,
    })
  }
  const parsed = safeParseJson(text, path)
  if (!parsed.ok) throw parsed.error
  return parsed.value
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.map(String).join('.') || '(root)'
  throw new InputError(`instructions: source "${path}" field "${field}": ${issue?.message}`, {
    field,
    value: path,
  })
}

const passageSchema = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  publisher: z.string(),
  materialType: z.string(),
  published: z.union([z.string(), z.number()]),
  language: z.enum(['en', 'zh']),
  authority: z.string(),
  url: z.string().default(''),
  tags: z.array(z.string()).default([]),
})

/** Reads every `*.jsonl` file of a corpus folder (sorted by name, so the order is stable). */
export function readCorpusFolder(folder: string): CorpusPassage[] {
  let names: string[]
  try {
    names = readdirSync(folder)
      .filter((name) => name.endsWith('.jsonl'))
      .sort()
  } catch (error) {
    throw new InputError(`instructions: cannot read the corpus folder "${folder}"`, {
      field: 'corpus',
      value: folder,
      cause: error,
    })
  }
  const passages: CorpusPassage[] = []
  for (const name of names) {
    const path = join(folder, name)
    const lines = readFileSync(path, 'utf8').split('\n')
    for (const [number, line] of lines.entries()) {
      if (line.trim() === '') continue
      const json = safeParseJson(line, `${path} line ${number + 1}`)
      if (!json.ok) throw json.error
      const record = parseWith(passageSchema, json.value, `${path} line ${number + 1}`)
      const published = String(record.published)
      const year = Number.parseInt(published.slice(0, 4), 10)
      passages.push({
        ...record,
        published,
        year: Number.isFinite(year) ? year : 0,
      })
    }
  }
  return passages
}

const conditionSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      en: z.string(),
      zh: z.string(),
      lay_en: z.string().nullable(),
      lay_zh: z.string().nullable(),
      icd10: z.string(),
      chapter: z.string().nullable(),
      department: z.string(),
      symptoms_en: z.array(z.string()),
      symptoms_zh: z.array(z.string()),
    }),
  ),
  chapters: z.record(z.string(), z.object({ en: z.string(), zh: z.string() })),
  departments: z.record(z.string(), z.object({ en: z.string(), zh: z.string() })),
  licence: z.string(),
})

const bilingual = z.object({ en: z.string(), zh: z.string() })
const drugTableSchema = z.object({
  classes: z.array(
    z.object({ en: z.string(), zh: z.string(), class_en: z.string(), class_zh: z.string() }),
  ),
  populations: z.record(
    z.string(),
    z.object({
      en: z.string(),
      zh: z.string(),
      avoid: z.array(bilingual.extend({ reason_en: z.string(), reason_zh: z.string() })),
      acceptable: z.array(bilingual),
    }),
  ),
  tests_zh: z.array(z.tuple([z.string(), z.string()])),
  licence: z.string(),
})

const entriesSchema = z.object({ entries: z.record(z.string(), z.string()) })
const testsSchema = z.object({
  entries: z.record(
    z.string(),
    z.object({ name: z.string(), synonyms: z.array(z.string()).default([]) }).passthrough(),
  ),
})

/**
 * Loads the sources.
 *
 * @throws InputError naming the file and field of a missing or malformed source
 */
export function loadTaskSources(folders: SourceFolders = {}): TaskSources {
  const corpusFolder = folders.corpus ?? join(DATA, 'demo-corpus')
  const lexicons = folders.lexicons ?? join(DATA, 'lexicons')
  const tables = folders.tables ?? join(DATA, 'instructions', 'sources')
  const lexicon = (name: string) => {
    const path = join(lexicons, name)
    return parseWith(entriesSchema, readJson(path), path).entries
  }
  const zhDrugs = new Map(Object.entries(lexicon('zh-drugs.json')))
  const enToZhDrug = new Map<string, string>()
  for (const [zh, en] of zhDrugs) if (!enToZhDrug.has(en)) enToZhDrug.set(en, zh)
  const brands = new Map(
    Object.entries(lexicon('drug-brands.json')).map(([brand, generic]) => [
      brand.toLowerCase(),
      generic,
    ]),
  )
  const genericsPath = join(lexicons, 'common-drugs.json')
  const generics = parseWith(
    z.object({ generics: z.array(z.string()) }),
    readJson(genericsPath),
    genericsPath,
  ).generics
  const testsPath = join(lexicons, 'tests.json')
  const tests = parseWith(testsSchema, readJson(testsPath), testsPath)
  const conditionsPath = join(tables, 'conditions.json')
  const conditions = parseWith(conditionSchema, readJson(conditionsPath), conditionsPath)
  const drugsPath = join(tables, 'drugs.json')
  const drugs = parseWith(drugTableSchema, readJson(drugsPath), drugsPath)
  return {
    corpus: readCorpusFolder(corpusFolder),
    zhDrugs,
    enToZhDrug,
    brands,
    generics,
    abbreviations: {
      en: new Map(Object.entries(lexicon('diagnosis-abbreviations.json'))),
      zh: new Map(Object.entries(lexicon('zh-diagnosis-abbreviations.json'))),
    },
    testsEn: Object.values(tests.entries).map((entry) => ({
      name: entry.name,
      synonyms: [
        ...new Set([entry.name.toLowerCase(), ...entry.synonyms.map((s) => s.toLowerCase())]),
      ],
    })),
    testsZh: drugs.tests_zh.map(([zh, en]) => ({ zh, en })),
    conditions: conditions.entries,
    chapters: conditions.chapters,
    departments: conditions.departments,
    drugClasses: drugs.classes,
    populations: drugs.populations,
    provenance: [
      {
        name: 'Galen demonstration corpus',
        path: corpusFolder,
        licence: 'Galen demonstration material (see data/demo-corpus/README.md)',
      },
      {
        name: 'Galen lexicons',
        path: lexicons,
        licence: 'Galen demonstration material (see data/lexicons/README.md)',
      },
      {
        name: 'Galen instruction tables: conditions',
        path: conditionsPath,
        licence: conditions.licence,
      },
      {
        name: 'Galen instruction tables: drugs and populations',
        path: drugsPath,
        licence: drugs.licence,
      },
    ],
  }
}

const memory = new WeakMap<TaskSources, Map<string, unknown>>()

/**
 * Computes a value derived from the sources once per sources object (generators call this for
 * their sorted and filtered lists, so each instance costs microseconds).
 */
export function memo<T>(sources: TaskSources, key: string, compute: () => T): T {
  let cache = memory.get(sources)
  if (cache === undefined) {
    cache = new Map()
    memory.set(sources, cache)
  }
  if (cache.has(key)) return cache.get(key) as T
  const value = compute()
  cache.set(key, value)
  return value
}
