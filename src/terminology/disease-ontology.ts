/**
 * The Human Disease Ontology: names, exact synonyms, ICD-10-CM cross-references and parents, read
 * from its release TSVs (`HumanDO.tsv`, `ICD10inDO.tsv`) and/or an OBO file (`doid.obo`).
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { forEachDelimitedRow } from './delimited.js'

/** One Disease Ontology term. */
export interface DiseaseTerm {
  id: string
  name: string
  /** Exact synonyms. */
  synonyms: string[]
  /** ICD-10-CM codes as written in the xrefs (`I21`, `E11.9`). */
  icd10cm: string[]
  /** Parent term ids (`is_a`). */
  parents: string[]
}

/** The ontology in memory, by term id. */
export interface DiseaseOntology {
  readonly source: string
  readonly terms: ReadonlyMap<string, DiseaseTerm>
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

function termFor(terms: Map<string, DiseaseTerm>, id: string): DiseaseTerm {
  let term = terms.get(id)
  if (term === undefined) {
    term = { id, name: '', synonyms: [], icd10cm: [], parents: [] }
    terms.set(id, term)
  }
  return term
}

function addUnique(list: string[], value: string): void {
  if (value !== '' && !list.includes(value)) list.push(value)
}

/** Paths of the Disease Ontology files; any subset. */
export interface DiseaseOntologyPaths {
  /** `HumanDO.tsv`: id, label, subClassOf (parent label). */
  humanDo?: string
  /** `ICD10inDO.tsv`: id, label, xrefs (`ICD10CM:I21`). */
  icd10InDo?: string
  /** `doid.obo`: terms with synonyms, xrefs and is_a. */
  obo?: string
}

/**
 * Loads the Disease Ontology from the files given (the OBO first, then the TSVs add labels,
 * parents and current ICD-10-CM cross-references).
 *
 * @throws InputError when a given file is unreadable.
 */
export function loadDiseaseOntology(paths: DiseaseOntologyPaths): DiseaseOntology {
  const terms = new Map<string, DiseaseTerm>()
  if (paths.obo !== undefined) readObo(readText(paths.obo, 'Disease Ontology OBO file'), terms)
  if (paths.humanDo !== undefined) {
    const parentLabels: Array<[string, string]> = []
    forEachDelimitedRow(readText(paths.humanDo, 'HumanDO.tsv'), '\t', (fields, row) => {
      if (row === 0) return
      const id = (fields[0] ?? '').trim()
      if (!id.startsWith('DOID:')) return
      const term = termFor(terms, id)
      const label = (fields[1] ?? '').trim()
      if (label !== '') term.name = label
      const parent = (fields[2] ?? '').trim()
      if (parent !== '') parentLabels.push([id, parent])
    })
    const byName = new Map<string, string>()
    for (const term of terms.values())
      if (term.name !== '') byName.set(term.name.toLowerCase(), term.id)
    for (const [id, parent] of parentLabels) {
      const parentId = byName.get(parent.toLowerCase())
      if (parentId !== undefined) addUnique(termFor(terms, id).parents, parentId)
    }
  }
  if (paths.icd10InDo !== undefined) {
    forEachDelimitedRow(readText(paths.icd10InDo, 'ICD10inDO.tsv'), '\t', (fields, row) => {
      if (row === 0) return
      const id = (fields[0] ?? '').trim()
      if (!id.startsWith('DOID:')) return
      const term = termFor(terms, id)
      const label = (fields[1] ?? '').trim()
      if (term.name === '' && label !== '') term.name = label
      for (const xref of (fields[2] ?? '').split(/[|,;\s]+/)) {
        const match = /^ICD10CM:(.+)$/i.exec(xref.trim())
        if (match?.[1] !== undefined) addUnique(term.icd10cm, match[1])
      }
    })
  }
  const source = [paths.obo, paths.humanDo, paths.icd10InDo].filter(Boolean).join(', ')
  return { source, terms }
}

function readObo(text: string, terms: Map<string, DiseaseTerm>): void {
  let current: DiseaseTerm | undefined
  let inTerm = false
  let obsolete = false
  const finish = (): void => {
    if (current !== undefined && obsolete) terms.delete(current.id)
    current = undefined
    obsolete = false
  }
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '')
    if (line.startsWith('[')) {
      finish()
      inTerm = line === '[Term]'
      continue
    }
    if (!inTerm) continue
    const colon = line.indexOf(': ')
    if (colon < 0) continue
    const key = line.slice(0, colon)
    const value = line.slice(colon + 2).trim()
    if (key === 'id') {
      current = termFor(terms, value)
      continue
    }
    if (current === undefined) continue
    if (key === 'name') current.name = value
    else if (key === 'is_obsolete' && value === 'true') obsolete = true
    else if (key === 'synonym') {
      const match = /^"((?:[^"\\]|\\.)*)"\s+(EXACT|RELATED|NARROW|BROAD)/.exec(value)
      if (match?.[1] !== undefined && match[2] === 'EXACT') {
        addUnique(current.synonyms, match[1].replace(/\\"/g, '"'))
      }
    } else if (key === 'xref') {
      const match = /^ICD10CM:([A-Z0-9.-]+)/i.exec(value)
      if (match?.[1] !== undefined) addUnique(current.icd10cm, match[1])
    } else if (key === 'is_a') {
      const parent = value.split(/\s+/)[0]
      if (parent !== undefined) addUnique(current.parents, parent)
    }
  }
  finish()
}

/**
 * The ICD-10-CM codes of a term: its own cross-references, else those of the nearest ancestors
 * that have some (searched up to `maxLevels` levels; `inherited` says which case applied).
 */
export function diseaseTermCodes(
  ontology: DiseaseOntology,
  term: DiseaseTerm,
  maxLevels = 2,
): { codes: string[]; inherited: boolean } {
  if (term.icd10cm.length > 0) return { codes: term.icd10cm, inherited: false }
  let frontier = term.parents
  const visited = new Set<string>([term.id])
  for (let level = 0; level < maxLevels && frontier.length > 0; level += 1) {
    const codes: string[] = []
    const next: string[] = []
    for (const id of frontier) {
      if (visited.has(id)) continue
      visited.add(id)
      const parent = ontology.terms.get(id)
      if (parent === undefined) continue
      for (const code of parent.icd10cm) addUnique(codes, code)
      next.push(...parent.parents)
    }
    if (codes.length > 0) return { codes, inherited: true }
    frontier = next
  }
  return { codes: [], inherited: false }
}
