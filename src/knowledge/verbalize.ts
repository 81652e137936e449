/**
 * Template verbalisation: triples to English or Chinese sentences with the catalogue's templates
 * (rotated per predicate, type-aware, same-subject aggregation into a list sentence or a short
 * paragraph) and the generic template for predicates without their own. Every sentence is read back
 * by the template inverse before it is kept; a wording that does not round-trip is replaced by the
 * next one, then by the generic form.
 */
import { parseSentence, SUBJECT_PRONOUNS } from './parse-text.js'
import {
  canonicalPredicate,
  findPredicate,
  GENERIC_TEMPLATES,
  type Language,
  type PredicateDefinition,
  predicateKey,
  type SentenceTemplate,
} from './predicates.js'
import { capitalize, displayEntity, entityKey, isListSafe, joinList } from './surface.js'
import type { EntityType, Triple } from './triples.js'

/** One output unit: a sentence or a short paragraph and the triples it states. */
export interface VerbalizedText {
  text: string
  triple_ids: string[]
  /** Whether every sentence was read back to exactly its triples (false: kept anyway, flagged). */
  round_trip: boolean
}

/** Options of {@link createTemplateVerbalizer}. */
export interface TemplateVerbalizerSettings {
  language: Language
  /** Aggregate same-subject triples (default true). */
  aggregate?: boolean
  /** Sentences per paragraph at most (default 4). */
  maxSentences?: number
}

/** A template verbaliser; keeps its rotation state across calls. */
export interface TemplateVerbalizer {
  readonly language: Language
  /** Verbalises triples, grouping same-subject triples when aggregation is on. */
  verbalize(options: { triples: readonly Triple[] }): VerbalizedText[]
}

interface Planned {
  text: string
  ids: string[]
  roundTrip: boolean
}

const PRONOUN_TYPES: ReadonlySet<EntityType> = new Set(['disease', 'drug', 'gene'])

function subjectTypeOf(triple: Triple, definition: PredicateDefinition | undefined): EntityType {
  return triple.subjectType ?? definition?.subjectType ?? 'entity'
}

function objectTypeOf(triple: Triple, definition: PredicateDefinition | undefined): EntityType {
  return triple.objectType ?? definition?.objectType ?? 'entity'
}

function eligible(
  templates: readonly SentenceTemplate[],
  subjectType: EntityType,
  objectType: EntityType,
): SentenceTemplate[] {
  const specific = templates.filter(
    (template) =>
      (template.subjectTypes !== undefined || template.objectTypes !== undefined) &&
      (template.subjectTypes?.includes(subjectType) ?? true) &&
      (template.objectTypes?.includes(objectType) ?? true),
  )
  if (specific.length > 0) return specific
  return templates.filter(
    (template) => template.subjectTypes === undefined && template.objectTypes === undefined,
  )
}

function fill(
  template: string,
  values: { s: string; o?: string; list?: string; p?: string },
  language: Language,
): string {
  const text = template
    .replace('{s}', values.s)
    .replace('{o}', values.o ?? '')
    .replace('{list}', values.list ?? '')
    .replace('{p}', values.p ?? '')
  return language === 'en' ? capitalize(text) : text
}

function sameTriples(
  parsed: ReadonlyArray<{ subject: string; predicate: string; object: string }>,
  expected: readonly Triple[],
): boolean {
  if (parsed.length !== expected.length) return false
  const keys = new Set(
    expected.map(
      (triple) =>
        `${entityKey(triple.subject)}\u0000${canonicalPredicate(triple.predicate)}\u0000${entityKey(triple.object)}`,
    ),
  )
  return parsed.every((triple) =>
    keys.has(
      `${entityKey(triple.subject)}\u0000${canonicalPredicate(triple.predicate)}\u0000${entityKey(triple.object)}`,
    ),
  )
}

/**
 * Creates a template verbaliser for one language.
 *
 * @example
 * const verbalizer = createTemplateVerbalizer({ language: 'en' })
 * verbalizer.verbalize({ triples: [{ id: 't1', subject: 'Metformin', predicate: 'treats', object: 'type 2 diabetes mellitus' }] })
 * // [{ text: 'Metformin is used to treat type 2 diabetes mellitus.', triple_ids: ['t1'], round_trip: true }]
 */
export function createTemplateVerbalizer(settings: TemplateVerbalizerSettings): TemplateVerbalizer {
  const language = settings.language
  const aggregate = settings.aggregate ?? true
  const maxSentences = settings.maxSentences ?? 4
  const rotation = new Map<string, number>()
  const separator = language === 'en' ? ' ' : ''

  const nextIndex = (key: string, size: number): number => {
    const count = rotation.get(key) ?? 0
    rotation.set(key, count + 1)
    return size === 0 ? 0 : count % size
  }

  /** Writes one sentence for `group` (one triple, or several objects as a list), read back. */
  const sentence = (
    group: readonly Triple[],
    subjectText: string,
    previousSubject: string | undefined,
  ): Planned | undefined => {
    const first = group[0]
    if (first === undefined) return undefined
    const definition = findPredicate(first.predicate)
    const subjectType = subjectTypeOf(first, definition)
    const objectType = objectTypeOf(first, definition)
    const objects = group.map((triple) => displayEntity(triple.object))
    const ids = group.map((triple) => triple.id)
    const candidates: string[] = []
    if (definition !== undefined) {
      const wording = definition[language]
      const pool = eligible(
        group.length > 1 ? wording.list : wording.single,
        subjectType,
        objectType,
      )
      const start = nextIndex(
        `${definition.id}:${group.length > 1 ? 'list' : 'single'}`,
        pool.length,
      )
      for (let offset = 0; offset < pool.length; offset++) {
        const template = pool[(start + offset) % pool.length] as SentenceTemplate
        if (group.length > 1) {
          candidates.push(
            fill(template.text, { s: subjectText, list: joinList(objects, language) }, language),
          )
        } else {
          candidates.push(fill(template.text, { s: subjectText, o: objects[0] ?? '' }, language))
        }
      }
    }
    if (group.length === 1) {
      candidates.push(
        fill(
          GENERIC_TEMPLATES[language],
          { s: subjectText, o: objects[0] ?? '', p: predicateKey(first.predicate) },
          language,
        ),
      )
    }
    for (const text of candidates) {
      const parsed = parseSentence(text, language, previousSubject)
      if (sameTriples(parsed.triples, group)) return { text, ids, roundTrip: true }
    }
    if (group.length > 1) return undefined
    return { text: candidates[candidates.length - 1] ?? '', ids, roundTrip: false }
  }

  const verbalizeSubject = (triples: readonly Triple[]): VerbalizedText[] => {
    const first = triples[0]
    if (first === undefined) return []
    const name = displayEntity(first.subject)
    const subjectType = subjectTypeOf(first, findPredicate(first.predicate))
    const pronoun = PRONOUN_TYPES.has(subjectType)
      ? SUBJECT_PRONOUNS[language][subjectType]
      : undefined
    // Group objects by predicate, in order of first appearance.
    const byPredicate = new Map<string, Triple[]>()
    for (const triple of triples) {
      const key = canonicalPredicate(triple.predicate)
      const list = byPredicate.get(key)
      if (list === undefined) byPredicate.set(key, [triple])
      else list.push(triple)
    }
    const planned: Planned[] = []
    let mentioned = false
    let lastWasPronoun = false
    const write = (group: readonly Triple[]): void => {
      // A later sentence may refer to the subject with a pronoun when the template starts with it
      // (every other sentence, so the paragraph does not repeat "This disease").
      if (mentioned && !lastWasPronoun && pronoun !== undefined && aggregate) {
        const viaPronoun = sentence(group, pronoun, name)
        if (
          viaPronoun?.roundTrip &&
          viaPronoun.text.startsWith(language === 'en' ? capitalize(pronoun) : pronoun)
        ) {
          planned.push(viaPronoun)
          lastWasPronoun = true
          return
        }
      }
      const named = sentence(group, name, undefined)
      if (named !== undefined) {
        planned.push(named)
        mentioned = true
        lastWasPronoun = false
      }
    }
    for (const group of byPredicate.values()) {
      const objects = group.map((triple) => displayEntity(triple.object))
      if (aggregate && group.length > 1 && isListSafe(objects, language)) {
        for (let index = 0; index < group.length; index += 6) {
          const chunk = group.slice(index, index + 6)
          const before = planned.length
          if (chunk.length > 1) write(chunk)
          if (planned.length === before) for (const triple of chunk) write([triple])
        }
      } else {
        for (const triple of group) write([triple])
      }
    }
    const output: VerbalizedText[] = []
    const size = aggregate ? maxSentences : 1
    for (let index = 0; index < planned.length; index += size) {
      let chunk = planned.slice(index, index + size)
      // A paragraph never opens with a pronoun: rewrite its first sentence with the name.
      const opening = chunk[0]
      if (index > 0 && opening !== undefined && pronoun !== undefined) {
        const pronounText = language === 'en' ? capitalize(pronoun) : pronoun
        if (opening.text.startsWith(pronounText)) {
          const group = triples.filter((triple) => opening.ids.includes(triple.id))
          const renamed = sentence(group, name, undefined)
          if (renamed !== undefined) chunk = [renamed, ...chunk.slice(1)]
        }
      }
      output.push({
        text: chunk.map((item) => item.text).join(separator),
        triple_ids: chunk.flatMap((item) => item.ids),
        round_trip: chunk.every((item) => item.roundTrip),
      })
    }
    return output
  }

  return {
    language,
    verbalize({ triples }) {
      if (!aggregate) return triples.flatMap((triple) => verbalizeSubject([triple]))
      const bySubject = new Map<string, Triple[]>()
      for (const triple of triples) {
        const key = entityKey(triple.subject)
        const list = bySubject.get(key)
        if (list === undefined) bySubject.set(key, [triple])
        else list.push(triple)
      }
      return [...bySubject.values()].flatMap((group) => verbalizeSubject(group))
    },
  }
}
