/**
 * The lexicon of laboratory, imaging and other tests (`data/lexicons/tests.json` or a file of the
 * same format): names, synonyms, case-sensitive abbreviations and two relations: `broader` (a
 * chest CT is a CT) and `partOf` (creatinine is part of the basic metabolic panel).
 */
import { InputError } from '../errors.js'
import { readLexiconEntries } from './lexicon-files.js'
import { PhraseMatcher, phraseKey } from './phrase-matcher.js'

/** One test of the lexicon. */
export interface TestConcept {
  id: string
  name: string
  /** `laboratory`, `imaging`, `physiological` or `procedure`. */
  kind: string
  broader: readonly string[]
  partOf: readonly string[]
}

/** A test mention found in text. */
export interface TestMention {
  concept: TestConcept
  text: string
  start: number
  end: number
  corrected: boolean
}

/** Test-name normalisation and matching. */
export interface TestLexicon {
  readonly concepts: ReadonlyMap<string, TestConcept>
  /** Resolves a test name; undefined when unknown. */
  normalize(name: string): TestConcept | undefined
  /** Finds test mentions in free text, longest first, without overlaps. */
  findMentions(text: string): TestMention[]
  /**
   * Credit for ordering `ordered` when `wanted` was expected: 1 for the same test, a more
   * specific kind of it, or a panel that includes it; 0.5 for a more general test; else 0.
   */
  credit(ordered: string, wanted: string): number
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InputError(`terminology: test lexicon field "${field}" must be a list of strings`, {
      field,
      value,
    })
  }
  return value as string[]
}

/**
 * Builds a test lexicon from lexicon entries (`{ id: { name, kind, synonyms, abbreviations,
 * broader?, partOf? } }`).
 *
 * @throws InputError for a malformed entry (naming the entry and field).
 */
export function createTestLexicon(entries: Readonly<Record<string, unknown>>): TestLexicon {
  const concepts = new Map<string, TestConcept>()
  const matcher = new PhraseMatcher<TestConcept>()
  for (const [id, raw] of Object.entries(entries)) {
    if (typeof raw !== 'object' || raw === null) {
      throw new InputError(`terminology: test lexicon entry "${id}" must be an object`, {
        field: id,
        value: raw,
      })
    }
    const entry = raw as Record<string, unknown>
    const name = typeof entry.name === 'string' ? entry.name : id
    const concept: TestConcept = {
      id,
      name,
      kind: typeof entry.kind === 'string' ? entry.kind : 'laboratory',
      broader: stringList(entry.broader, `${id}.broader`),
      partOf: stringList(entry.partOf, `${id}.partOf`),
    }
    concepts.set(id, concept)
    matcher.add(name, concept)
    for (const synonym of stringList(entry.synonyms, `${id}.synonyms`))
      matcher.add(synonym, concept)
    for (const abbreviation of stringList(entry.abbreviations, `${id}.abbreviations`)) {
      matcher.add(abbreviation, concept, { caseSensitive: true })
    }
  }
  for (const concept of concepts.values()) {
    for (const other of [...concept.broader, ...concept.partOf]) {
      if (!concepts.has(other)) {
        throw new InputError(
          `terminology: test "${concept.id}" refers to unknown test "${other}"`,
          {
            field: concept.id,
            value: other,
          },
        )
      }
    }
  }
  const ancestors = (id: string, relation: 'broader' | 'partOf'): Set<string> => {
    const seen = new Set<string>()
    const stack = [...(concepts.get(id)?.[relation] ?? [])]
    while (stack.length > 0) {
      const next = stack.pop() as string
      if (seen.has(next)) continue
      seen.add(next)
      stack.push(...(concepts.get(next)?.[relation] ?? []))
    }
    return seen
  }
  const kindOf = new Map<string, Set<string>>()
  const partOf = new Map<string, Set<string>>()
  for (const id of concepts.keys()) {
    kindOf.set(id, ancestors(id, 'broader'))
    partOf.set(id, ancestors(id, 'partOf'))
  }
  return {
    concepts,
    normalize(name) {
      const direct = matcher.get(name)
      if (direct !== undefined) return direct
      const hits = matcher.find(name, { correctFrom: 6, maxEdits: 2 })
      if (hits.length === 1) return hits[0]?.value
      // A name that is mostly one known phrase plus filler ("a 12-lead ECG") resolves to it.
      const covered = hits.filter((hit) => hit.end - hit.start >= phraseKey(name).length * 0.6)
      return covered.length === 1 ? covered[0]?.value : undefined
    },
    findMentions(text) {
      return matcher.find(text, { correctFrom: 7, maxEdits: 1 }).map((hit) => ({
        concept: hit.value,
        text: hit.text,
        start: hit.start,
        end: hit.end,
        corrected: hit.corrected,
      }))
    },
    credit(ordered, wanted) {
      if (ordered === wanted) return 1
      if (kindOf.get(ordered)?.has(wanted) === true) return 1
      if (partOf.get(wanted)?.has(ordered) === true) return 1
      if (kindOf.get(wanted)?.has(ordered) === true) return 0.5
      return 0
    },
  }
}

let shipped: TestLexicon | undefined

/** The lexicon shipped in `data/lexicons/tests.json` (read once per process). */
export function shippedTestLexicon(): TestLexicon {
  if (shipped === undefined) shipped = createTestLexicon(readLexiconEntries('tests.json'))
  return shipped
}
