/**
 * Templates learned from parallel triples and texts (WebNLG): each reference text is
 * delexicalised (entity mentions replaced by slots), kept only when it round-trips (filled with its
 * own entities and read back by its pattern, it yields exactly those entities), and stored under
 * its predicate set. A new input takes the best template for its exact predicate set; otherwise it
 * is split into the largest parts that have one, and single triples without any fall back to the
 * generic template. Learn only from training data, never from the data you score.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import { type EntityForm, entityForms, renderEntity } from './entity-forms.js'
import { predicateKey } from './predicates.js'
import { capitalize, displayEntity } from './surface.js'
import type { WebnlgEntry, WebnlgTriple } from './webnlg.js'

/** One learned template. */
export interface LearnedTemplate {
  /** Sorted predicates joined by `|` (the lookup key). */
  key: string
  /** The triples as slot numbers: `[predicate, subjectSlot, objectSlot]`. */
  triples: Array<[string, number, number]>
  /** The text with `{0}`, `{1}`, ... for the slots. */
  text: string
  /** The form each slot renders its entity in. */
  forms: EntityForm[]
  /** Reference texts that delexicalised to this text. */
  support: number
  /** Mean similarity to the other wordings of the same predicate set (higher = more typical). */
  centrality: number
}

/** A set of learned templates (the file `kg templates --learn` writes). */
export interface LearnedTemplateSet {
  version: 1
  source: string
  entries: number
  texts: number
  kept: number
  templates: LearnedTemplate[]
}

interface Slots {
  entities: string[]
  triples: Array<[string, number, number]>
}

function slotsOf(triples: readonly WebnlgTriple[]): Slots {
  const entities: string[] = []
  const index = (value: string): number => {
    const found = entities.indexOf(value)
    if (found >= 0) return found
    entities.push(value)
    return entities.length - 1
  }
  return {
    entities,
    triples: triples.map((triple) => [
      triple.predicate,
      index(triple.subject),
      index(triple.object),
    ]),
  }
}

function keyOf(predicates: readonly string[]): string {
  return [...predicates].sort().join('|')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const WORD_CHARACTER = /[\p{L}\p{N}{}]/u

/**
 * Where `needle` occurs in `text` ignoring case, not inside a longer word or a slot; -1 when it
 * does not. Compares lower-cased copies when lower-casing keeps the lengths (almost always).
 */
function findMention(text: string, needle: string): number {
  const lowerText = text.toLowerCase()
  const lowerNeedle = needle.toLowerCase()
  if (lowerText.length !== text.length || lowerNeedle.length !== needle.length) return -1
  let from = 0
  for (;;) {
    const at = lowerText.indexOf(lowerNeedle, from)
    if (at < 0) return -1
    const before = at === 0 ? '' : text.charAt(at - 1)
    const after = text.charAt(at + needle.length)
    if (!WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after)) return at
    from = at + 1
  }
}

/** Replaces each entity's mention by its slot; undefined when an entity is not found once. */
function delexicalise(
  text: string,
  entities: readonly string[],
): { text: string; forms: EntityForm[] } | undefined {
  let result = text
  const forms: EntityForm[] = []
  // Longer entities first, so "Aarhus Airport" is placed before "Aarhus".
  const order = entities
    .map((_, index) => index)
    .sort((left, right) => (entities[right] ?? '').length - (entities[left] ?? '').length)
  for (const index of order) {
    let placed = false
    for (const candidate of entityForms(entities[index] ?? '')) {
      let at = findMention(result, candidate.text)
      if (at < 0) continue
      // Every mention becomes the slot, so that no entity of the training text stays in the wording.
      while (at >= 0) {
        result = `${result.slice(0, at)}{${index}}${result.slice(at + candidate.text.length)}`
        at = findMention(result, candidate.text)
      }
      forms[index] = candidate.form
      placed = true
      break
    }
    if (!placed) return undefined
  }
  return { text: result, forms }
}

function fillTemplate(text: string, values: readonly string[]): string {
  return text.replace(/\{(\d+)\}/g, (_, index: string) => values[Number(index)] ?? '')
}

/** Whether a filled template reads back (by its own pattern) to exactly its entities. */
function roundTrips(template: string, values: readonly string[]): boolean {
  const order: number[] = []
  const pattern = template
    .split(/(\{\d+\})/)
    .map((part) => {
      const slot = /^\{(\d+)\}$/.exec(part)
      if (slot === null) return escapeRegExp(part)
      order.push(Number(slot[1]))
      return '(.+?)'
    })
    .join('')
  const match = new RegExp(`^${pattern}$`, 's').exec(fillTemplate(template, values))
  if (match === null) return false
  return order.every((slot, position) => match[position + 1] === values[slot])
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
}

function overlapF1(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0
  const counts = new Map<string, number>()
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1)
  let common = 0
  for (const word of right) {
    const count = counts.get(word) ?? 0
    if (count > 0) {
      common += 1
      counts.set(word, count - 1)
    }
  }
  return (2 * common) / (left.length + right.length)
}

/** Learning settings of {@link learnTemplates}. */
export interface LearnOptions {
  /** Templates kept per predicate set (default 8, most central first). */
  maxPerKey?: number
  /**
   * Also learn from each sentence of a multi-sentence text that states a subset of the triples
   * with all their entities (default false): more predicate sets get a template of their own.
   */
  sentences?: boolean
}

/** Splits a delexicalised text into sentences (a full stop followed by a capital or a slot). */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z{])/).filter((part) => part.trim() !== '')
}

/**
 * The sentence-level templates of a delexicalised multi-sentence text: each sentence whose slots
 * are exactly the slots of the triples it states (both ends present, not stated earlier).
 */
function sentenceTemplates(
  text: string,
  triples: ReadonlyArray<[string, number, number]>,
): Array<{ text: string; triples: Array<[string, number, number]>; slots: number[] }> {
  const sentences = splitSentences(text)
  if (sentences.length < 2) return []
  const stated = new Set<number>()
  const result: Array<{ text: string; triples: Array<[string, number, number]>; slots: number[] }> =
    []
  for (const sentence of sentences) {
    const slots = [...new Set([...sentence.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))]
    const mine = triples
      .map((triple, index) => ({ triple, index }))
      .filter(
        ({ triple, index }) =>
          !stated.has(index) && slots.includes(triple[1]) && slots.includes(triple[2]),
      )
    if (mine.length === 0 || mine.length === triples.length) continue
    const used = new Set(mine.flatMap(({ triple }) => [triple[1], triple[2]]))
    if (slots.some((slot) => !used.has(slot))) continue
    for (const { index } of mine) stated.add(index)
    const order = [...used].sort((left, right) => left - right)
    const renumber = new Map(order.map((slot, position) => [slot, position]))
    result.push({
      text: sentence.replace(/\{(\d+)\}/g, (_, slot: string) => `{${renumber.get(Number(slot))}}`),
      triples: mine.map(({ triple }) => [
        triple[0],
        renumber.get(triple[1]) as number,
        renumber.get(triple[2]) as number,
      ]),
      slots: order,
    })
  }
  return result
}

/**
 * Learns templates from WebNLG entries (their `<mtriple>` sets and `<lex>` texts).
 *
 * @param options.maxPerKey - templates kept per predicate set (default 8, most central first)
 */
export function learnTemplates(
  options: {
    entries: readonly WebnlgEntry[]
    source: string
  } & LearnOptions,
): LearnedTemplateSet {
  const maxPerKey = options.maxPerKey ?? 8
  const byKey = new Map<string, Map<string, LearnedTemplate>>()
  let texts = 0
  let kept = 0
  const add = (
    key: string,
    triples: Array<[string, number, number]>,
    text: string,
    forms: EntityForm[],
  ): void => {
    const signature = `${JSON.stringify(triples)}\u0000${text}`
    const group = byKey.get(key) ?? new Map<string, LearnedTemplate>()
    byKey.set(key, group)
    const existing = group.get(signature)
    if (existing !== undefined) existing.support += 1
    else group.set(signature, { key, triples, text, forms, support: 1, centrality: 0 })
  }
  for (const entry of options.entries) {
    if (entry.triples.length === 0) continue
    const slots = slotsOf(entry.triples)
    const key = keyOf(entry.triples.map((triple) => triple.predicate))
    for (const lex of entry.texts) {
      texts += 1
      const delexicalised = delexicalise(lex, slots.entities)
      if (delexicalised === undefined) continue
      const values = slots.entities.map(
        (entity, index) =>
          renderEntity(entity, delexicalised.forms[index] ?? 'full') ?? displayEntity(entity),
      )
      if (!roundTrips(delexicalised.text, values)) continue
      kept += 1
      add(key, slots.triples, delexicalised.text, delexicalised.forms)
      if (options.sentences !== true) continue
      for (const part of sentenceTemplates(delexicalised.text, slots.triples)) {
        const partValues = part.slots.map((slot) => values[slot] ?? '')
        if (!roundTrips(part.text, partValues)) continue
        add(
          keyOf(part.triples.map((triple) => triple[0])),
          part.triples,
          part.text,
          part.slots.map((slot) => delexicalised.forms[slot] ?? 'full'),
        )
      }
    }
  }
  const templates: LearnedTemplate[] = []
  for (const group of byKey.values()) {
    // Centrality is quadratic: score the 60 best-supported wordings of a predicate set.
    const candidates = [...group.values()]
      .sort((left, right) => right.support - left.support)
      .slice(0, 60)
    const tokenized = candidates.map((candidate) => words(candidate.text))
    candidates.forEach((candidate, index) => {
      let total = 0
      let weight = 0
      candidates.forEach((other, otherIndex) => {
        if (otherIndex === index) return
        total += overlapF1(tokenized[index] ?? [], tokenized[otherIndex] ?? []) * other.support
        weight += other.support
      })
      candidate.centrality = weight === 0 ? 0 : total / weight
    })
    candidates.sort(
      (left, right) =>
        right.centrality + right.support * 0.01 - (left.centrality + left.support * 0.01),
    )
    templates.push(...candidates.slice(0, maxPerKey))
  }
  return {
    version: 1,
    source: options.source,
    entries: options.entries.length,
    texts,
    kept,
    templates,
  }
}

/** Writes a template set as JSON. */
export function writeLearnedTemplates(path: string, set: LearnedTemplateSet): void {
  writeFileSync(path, `${JSON.stringify(set)}\n`)
}

/**
 * Reads a template set written by {@link writeLearnedTemplates}.
 *
 * @throws InputError when the file is not a template set
 */
export function readLearnedTemplates(path: string): LearnedTemplateSet {
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw parsed.error
  const value = parsed.value as Partial<LearnedTemplateSet>
  if (
    typeof value !== 'object' ||
    value === null ||
    value.version !== 1 ||
    !Array.isArray(value.templates)
  ) {
    throw new InputError(
      `knowledge: "${path}" is not a learned template set (version 1 with "templates")`,
      { field: 'templates', value: path },
    )
  }
  return value as LearnedTemplateSet
}

/** Maps template slots to the input's entities (one-to-one, predicates matching), or undefined. */
function bindSlots(
  template: LearnedTemplate,
  triples: readonly WebnlgTriple[],
): string[] | undefined {
  const binding: Array<string | undefined> = []
  const used = new Set<number>()
  const assign = (position: number): boolean => {
    if (position === template.triples.length) return true
    const [predicate, subjectSlot, objectSlot] = template.triples[position] as [
      string,
      number,
      number,
    ]
    for (let index = 0; index < triples.length; index++) {
      const triple = triples[index] as WebnlgTriple
      if (used.has(index) || triple.predicate !== predicate) continue
      const previous = [binding[subjectSlot], binding[objectSlot]]
      if (previous[0] !== undefined && previous[0] !== triple.subject) continue
      if (previous[1] !== undefined && previous[1] !== triple.object) continue
      const otherSlots = binding.map((value, slot) =>
        slot !== subjectSlot && slot !== objectSlot ? value : undefined,
      )
      if (previous[0] === undefined && otherSlots.includes(triple.subject)) continue
      if (previous[1] === undefined && otherSlots.includes(triple.object)) continue
      if (subjectSlot !== objectSlot && triple.subject === triple.object) continue
      binding[subjectSlot] = triple.subject
      binding[objectSlot] = triple.object
      used.add(index)
      if (assign(position + 1)) return true
      used.delete(index)
      binding[subjectSlot] = previous[0]
      binding[objectSlot] = previous[1]
    }
    return false
  }
  if (!assign(0)) return undefined
  if (binding.some((value) => value === undefined)) return undefined
  return binding as string[]
}

/** A verbaliser that uses learned templates and falls back to the generic template. */
export interface LearnedVerbalizer {
  /** One text for a set of triples (several sentences when it has to be split). */
  verbalize(options: { triples: readonly WebnlgTriple[] }): string
}

/** Options of {@link createLearnedVerbalizer}. */
export interface LearnedVerbalizerOptions {
  templates: LearnedTemplateSet
  /** The sentence for a triple no template covers (default {@link describeTriple}). */
  generic?: (triple: WebnlgTriple) => string
  /** Refer to a repeated subject as "It" in later sentences (default false). */
  pronouns?: boolean
  /** State a subject's uncovered facts in one sentence ("..., its X is Y and its Z is W"). */
  combine?: boolean
  /**
   * Order the sentences of a split input by the first input triple each states (default false:
   * largest template first).
   */
  inputOrder?: boolean
  /**
   * When an input is split, take among the largest parts with a template the one whose template
   * has the most support (default false: the first in input order).
   */
  preferSupported?: boolean
  /**
   * Which template of a predicate set to try first: `centrality` (the most typical wording, the
   * learned order; default) or `support` (the most frequent wording).
   */
  rank?: 'centrality' | 'support'
  /** Word a noun predicate no template covers as "X's P is Y" (default: "The P of X is Y"). */
  possessive?: boolean
}

/** Creates a {@link LearnedVerbalizer} over a template set. */
export function createLearnedVerbalizer(options: LearnedVerbalizerOptions): LearnedVerbalizer {
  const byKey = new Map<string, LearnedTemplate[]>()
  for (const template of options.templates.templates) {
    const list = byKey.get(template.key)
    if (list === undefined) byKey.set(template.key, [template])
    else list.push(template)
  }
  if (options.rank === 'support') {
    for (const list of byKey.values()) list.sort((left, right) => right.support - left.support)
  }

  const realize = (triples: readonly WebnlgTriple[]): string | undefined =>
    realizeScored(triples)?.text
  /** The text of the first template that binds, with that template's support. */
  const realizeScored = (
    triples: readonly WebnlgTriple[],
  ): { text: string; support: number } | undefined => {
    for (const template of byKey.get(keyOf(triples.map((triple) => triple.predicate))) ?? []) {
      const binding = bindSlots(template, triples)
      if (binding === undefined) continue
      const values = binding.map(
        (entity, slot) =>
          renderEntity(entity, template.forms[slot] ?? 'full') ??
          renderEntity(entity, 'full') ??
          displayEntity(entity),
      )
      return { text: capitalize(fillTemplate(template.text, values)), support: template.support }
    }
    return undefined
  }

  const generic =
    options.generic ??
    (options.possessive === true
      ? (triple: WebnlgTriple) => describeTripleAs(triple, 'possessive')
      : describeTriple)
  interface Placed {
    text: string
    /** The smallest input position among the triples the sentence states. */
    first: number
  }
  /** Covers the triples with as few templates as possible (largest known subsets first). */
  const cover = (triples: readonly WebnlgTriple[], positions: readonly number[]): Placed[] => {
    if (triples.length === 0) return []
    const whole = realize(triples)
    if (whole !== undefined) return [{ text: whole, first: Math.min(...positions) }]
    const size = triples.length
    for (let subsetSize = size - 1; subsetSize >= 1; subsetSize--) {
      let best: { mask: number; text: string; support: number } | undefined
      for (let mask = 1; mask < 1 << size; mask++) {
        if (bitCount(mask) !== subsetSize) continue
        const found = realizeScored(triples.filter((_, index) => (mask & (1 << index)) !== 0))
        if (found === undefined) continue
        if (best === undefined || found.support > best.support) best = { mask, ...found }
        if (options.preferSupported !== true) break
      }
      if (best !== undefined) {
        const { mask, text } = best
        const inside = (index: number): boolean => (mask & (1 << index)) !== 0
        return [
          { text, first: Math.min(...positions.filter((_, index) => inside(index))) },
          ...cover(
            triples.filter((_, index) => !inside(index)),
            positions.filter((_, index) => !inside(index)),
          ),
        ]
      }
    }
    // No template covers any of the rest: one sentence per subject.
    const bySubject = new Map<string, Array<{ triple: WebnlgTriple; position: number }>>()
    triples.forEach((triple, index) => {
      const group = bySubject.get(triple.subject) ?? []
      group.push({ triple, position: positions[index] ?? index })
      bySubject.set(triple.subject, group)
    })
    return [...bySubject.values()].flatMap((group) =>
      options.combine === true
        ? [
            {
              text: combineFacts(
                group.map((item) => item.triple),
                generic,
              ),
              first: Math.min(...group.map((item) => item.position)),
            },
          ]
        : group.map((item) => ({ text: generic(item.triple), first: item.position })),
    )
  }

  return {
    verbalize({ triples }) {
      const placed = cover(
        triples,
        triples.map((_, index) => index),
      )
      if (options.inputOrder === true) placed.sort((left, right) => left.first - right.first)
      const sentences = placed.map((item) => item.text)
      if (options.pronouns !== true) return sentences.join(' ')
      const subjects = new Set(
        triples.map(
          (triple) => renderEntity(triple.subject, 'full') ?? displayEntity(triple.subject),
        ),
      )
      let previous: string | undefined
      return sentences
        .map((sentence) => {
          const subject = [...subjects].find((name) => sentence.startsWith(`${name} `))
          const text =
            subject !== undefined && subject === previous
              ? `It ${sentence.slice(subject.length + 1)}`
              : sentence
          previous = subject
          return text
        })
        .join(' ')
    },
  }
}

const PREPOSITION_END = /\b(by|in|of|to|for|on|at|from|with|as)$/
const VERB_START = /^(is|has|was|were|had|did|does)\b/

/**
 * A sentence for a triple no learned template covers, shaped by the predicate's form: a verb
 * phrase (`isPartOf`) is used as it is, a participle or prepositional predicate (`followedBy`,
 * `locatedIn`) after "is", and a noun (`birthPlace`) as "The birth place of X is Y".
 */
export function describeTriple(triple: WebnlgTriple): string {
  return describeTripleAs(triple, 'of')
}

/**
 * {@link describeTriple} with a choice for noun predicates: `of` ("The birth place of X is Y") or
 * `possessive` ("X's birth place is Y").
 */
export function describeTripleAs(triple: WebnlgTriple, nounStyle: 'of' | 'possessive'): string {
  const predicate = predicateKey(triple.predicate)
  const subject = renderEntity(triple.subject, 'full') ?? displayEntity(triple.subject)
  const object = renderEntity(triple.object, 'full') ?? displayEntity(triple.object)
  if (VERB_START.test(predicate)) return capitalize(`${subject} ${predicate} ${object}.`)
  if (PREPOSITION_END.test(predicate) || /ed$/.test(predicate)) {
    return capitalize(`${subject} is ${predicate} ${object}.`)
  }
  if (nounStyle === 'possessive') {
    const owner = /s$/.test(subject) ? `${subject}'` : `${subject}'s`
    return capitalize(`${owner} ${predicate} is ${object}.`)
  }
  return capitalize(`The ${predicate} of ${subject} is ${object}.`)
}

/**
 * One sentence for several uncovered facts of one subject: the first as {@link describeTriple}
 * words it, the others as "its <predicate> is <object>" (or the predicate's own verb phrase).
 */
function combineFacts(
  group: readonly WebnlgTriple[],
  generic: (triple: WebnlgTriple) => string,
): string {
  const [first, ...rest] = group
  if (first === undefined) return ''
  const opening = generic(first).replace(/\.$/, '')
  if (rest.length === 0) return `${opening}.`
  const clauses = rest.map((triple) => {
    const predicate = predicateKey(triple.predicate)
    const object = renderEntity(triple.object, 'full') ?? displayEntity(triple.object)
    if (VERB_START.test(predicate)) return `it ${predicate} ${object}`
    if (PREPOSITION_END.test(predicate) || /ed$/.test(predicate))
      return `it is ${predicate} ${object}`
    return `its ${predicate} is ${object}`
  })
  const last = clauses.pop() as string
  return `${[opening, ...clauses].join(', ')} and ${last}.`
}

function bitCount(value: number): number {
  let count = 0
  for (let rest = value; rest !== 0; rest &= rest - 1) count += 1
  return count
}
