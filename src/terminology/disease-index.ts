/**
 * Maps diagnosis text to ICD-10-CM codes: explicit codes in the text, then a spelling-tolerant
 * lookup over code titles, the alphabetic index, the neoplasm table and Disease Ontology names
 * and synonyms, after expanding common clinical abbreviations ("NSTEMI", "CHF").
 */
import type { DiseaseOntology } from './disease-ontology.js'
import { diseaseTermCodes } from './disease-ontology.js'
import { type Icd10cm, normalizeIcdCode } from './icd10cm.js'
import type { IndexPhrase } from './icd10cm-index.js'
import { type TermIndex, TermIndexBuilder } from './term-index.js'
import { tokenize } from './tokens.js'

/** One code a diagnosis text maps to. */
export interface DiagnosisCode {
  code: string
  title: string
  /** 1 for an explicit code or an exact match; lower for partial or corrected matches. */
  score: number
  /** `code` (written in the text), `index`, `title`, `neoplasm`, `ontology`. */
  via: string
  /** The phrase that matched. */
  phrase: string
}

/** Sources of a {@link DiseaseIndex}; only `icd` is required. */
export interface DiseaseIndexSources {
  icd: Icd10cm
  index?: readonly IndexPhrase[]
  neoplasms?: readonly IndexPhrase[]
  ontology?: DiseaseOntology
  /** Abbreviation → expansion, lower-case keys (`nstemi` → `non-ST elevation myocardial infarction`). */
  abbreviations?: Readonly<Record<string, string>>
}

/** Options of {@link DiseaseIndex.resolve}. */
export interface ResolveDiagnosisOptions {
  /** Lowest lookup score accepted as a mapping. Default 0.8. */
  minScore?: number
  /** Most codes returned. Default 3. */
  limit?: number
}

/** Diagnosis text → ICD-10-CM codes. */
export interface DiseaseIndex {
  readonly icd: Icd10cm
  readonly entryCount: number
  resolve(text: string, options?: ResolveDiagnosisOptions): DiagnosisCode[]
}

const PRIORITY = { index: 0, neoplasm: 1, billableTitle: 1, title: 2, ontology: 2, inherited: 4 }
const VIA = ['index', 'title', 'title', 'neoplasm', 'ontology', 'ontology-parent'] as const

const CODE_IN_TEXT = /\b([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b/g

/** Finds the nearest existing code for a code as printed (`M62.25-` → `M62.25` or its parent). */
export function resolveIcdCode(icd: Icd10cm, written: string): string | undefined {
  let code = normalizeIcdCode(written)
  while (code !== undefined && code.length >= 3) {
    if (icd.codes.has(code)) return code
    code = code.length > 4 ? code.slice(0, -1).replace(/\.$/, '') : undefined
  }
  return undefined
}

/**
 * Builds the diagnosis index. Loading the full ICD-10-CM with its index and the Disease Ontology
 * takes about a second; build it once per process (see `loadTerminology`).
 */
export function createDiseaseIndex(sources: DiseaseIndexSources): DiseaseIndex {
  const { icd } = sources
  const builder = new TermIndexBuilder()
  // Values carry their origin so that `via` can be reported: "<code>|<origin>".
  const add = (
    phrase: string,
    code: string,
    origin: number,
    priority: number,
    optional?: string,
  ) => {
    if (optional === undefined) builder.add(phrase, `${code}|${origin}`, { priority })
    else builder.add(phrase, `${code}|${origin}`, { priority, optional })
  }
  for (const entry of sources.index ?? []) {
    const code = resolveIcdCode(icd, entry.code)
    if (code !== undefined) add(entry.phrase, code, 0, PRIORITY.index, entry.optional)
  }
  for (const entry of icd.codes.values()) {
    add(
      entry.title,
      entry.code,
      entry.billable ? 1 : 2,
      entry.billable ? PRIORITY.billableTitle : PRIORITY.title,
    )
  }
  for (const entry of sources.neoplasms ?? []) {
    const code = resolveIcdCode(icd, entry.code)
    if (code !== undefined) add(entry.phrase, code, 3, PRIORITY.neoplasm, entry.optional)
  }
  if (sources.ontology !== undefined) {
    for (const term of sources.ontology.terms.values()) {
      if (term.name === '') continue
      const { codes, inherited } = diseaseTermCodes(sources.ontology, term)
      for (const written of codes) {
        const code = resolveIcdCode(icd, written)
        if (code === undefined) continue
        const origin = inherited ? 5 : 4
        const priority = inherited ? PRIORITY.inherited : PRIORITY.ontology
        add(term.name, code, origin, priority)
        for (const synonym of term.synonyms) add(synonym, code, origin, priority)
      }
    }
  }
  const abbreviations = new Map<string, string>()
  for (const [key, value] of Object.entries(sources.abbreviations ?? {})) {
    abbreviations.set(key.toLowerCase(), value)
  }
  return new BuiltDiseaseIndex(icd, builder.build(), abbreviations)
}

class BuiltDiseaseIndex implements DiseaseIndex {
  readonly entryCount: number
  private readonly cache = new Map<string, DiagnosisCode[]>()

  constructor(
    readonly icd: Icd10cm,
    private readonly terms: TermIndex,
    private readonly abbreviations: ReadonlyMap<string, string>,
  ) {
    this.entryCount = terms.entryCount
  }

  private expand(text: string): string {
    if (this.abbreviations.size === 0) return text
    const tokens = tokenize(text)
    let changed = false
    const expanded = tokens.map((token) => {
      const replacement = this.abbreviations.get(token)
      if (replacement === undefined) return token
      changed = true
      return replacement
    })
    return changed ? expanded.join(' ') : text
  }

  resolve(text: string, options: ResolveDiagnosisOptions = {}): DiagnosisCode[] {
    const minScore = options.minScore ?? 0.8
    const limit = options.limit ?? 3
    const key = `${minScore}|${limit}|${text}`
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const result = this.compute(text, minScore, limit)
    if (this.cache.size >= 50_000) this.cache.clear()
    this.cache.set(key, result)
    return result
  }

  private compute(text: string, minScore: number, limit: number): DiagnosisCode[] {
    const explicit: DiagnosisCode[] = []
    CODE_IN_TEXT.lastIndex = 0
    for (let match = CODE_IN_TEXT.exec(text); match !== null; match = CODE_IN_TEXT.exec(text)) {
      const code = resolveIcdCode(this.icd, match[1] as string)
      if (code === undefined || explicit.some((entry) => entry.code === code)) continue
      explicit.push({
        code,
        title: this.icd.codes.get(code)?.title ?? '',
        score: 1,
        via: 'code',
        phrase: match[1] as string,
      })
    }
    if (explicit.length > 0) return explicit.slice(0, limit)
    const matches = this.terms.lookup(this.expand(text), { minScore, limit: limit * 4 })
    const codes: DiagnosisCode[] = []
    for (const match of matches) {
      const separator = match.value.lastIndexOf('|')
      const code = match.value.slice(0, separator)
      if (codes.some((entry) => entry.code === code)) continue
      codes.push({
        code,
        title: this.icd.codes.get(code)?.title ?? '',
        score: match.score,
        via: VIA[Number(match.value.slice(separator + 1))] ?? 'title',
        phrase: match.phrase,
      })
      if (codes.length >= limit) break
    }
    return codes
  }
}
