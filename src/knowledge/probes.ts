/**
 * Knowledge probes (the report's section 2.2): fact probes (a subject and relation, optionally
 * after leading text, ending where the object goes) and concept probes (a term → its category)
 * built from MedLAMA files as they are or from any knowledge graph, in English and Chinese, each
 * with every acceptable answer; and their scoring against alias sets with normalisation.
 */
import { readFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import { forEachDelimitedRow } from '../terminology/index.js'
import { findPredicate, type Language, PREDICATES } from './predicates.js'
import { displayEntity } from './surface.js'
import type { Triple } from './triples.js'

/** Knowledge category after Bloom's taxonomy. */
export type ProbeCategory = 'factual' | 'conceptual' | 'procedural'

/** One probe. */
export interface Probe {
  id: string
  /** The fact it asks about: probes of one fact differ only in template and leading text. */
  fact_id: string
  kind: 'fact' | 'concept'
  relation: string
  category: ProbeCategory
  /** Which wording (`medlama-default`, `medlama-human`, `galen-0`, ...). */
  template: string
  leading_text: boolean
  language: Language
  subject: string
  /** The text put to the model (instruction, optional leading text, the cloze). */
  prompt: string
  /** Every acceptable answer (names and synonyms of all gold concepts). */
  answers: string[]
}

/** The leading text the report prepends ("knowledge-style" context before the query). */
export const LEADING_TEXT: Readonly<Record<Language, string>> = {
  en: 'The following statement comes from a medical textbook. ',
  zh: '以下是医学教科书中的一句话。',
}

const INSTRUCTION: Readonly<Record<Language, string>> = {
  en: 'Fill in the blank with a medical term. Answer with the term only.\n',
  zh: '请在空缺处填写医学术语，只回答术语本身。\n',
}

const BLANK: Readonly<Record<Language, string>> = { en: ' ___.', zh: '____。' }

function prompt(cloze: string, language: Language, leading: boolean): string {
  return `${INSTRUCTION[language]}${leading ? LEADING_TEXT[language] : ''}${cloze}${BLANK[language]}`
}

/** A cloze (text ending where the object goes) from a template with `{o}` last. */
function clozeOf(template: string, subject: string): string | undefined {
  const match = /^(.*)\{o\}\s*[.。]?$/.exec(template)
  if (match === null || !match[1]?.includes('{s}')) return undefined
  const text = (match[1] ?? '').replace('{s}', subject).trimEnd()
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** MedLAMA query templates (`prompts.csv`: pid, default_prompt, human_prompt). */
export function readMedlamaPrompts(path: string): Map<string, { default: string; human: string }> {
  const prompts = new Map<string, { default: string; human: string }>()
  forEachDelimitedRow(readFileSync(path, 'utf8'), ',', (fields, row) => {
    if (row === 0) return
    const [pid, defaultPrompt, humanPrompt] = fields
    if (pid && defaultPrompt && humanPrompt)
      prompts.set(pid, { default: defaultPrompt, human: humanPrompt })
  })
  return prompts
}

/** A MedLAMA template (`[X] might treat [Y] .`) as a cloze ending where `[Y]` goes. */
function medlamaCloze(template: string, subject: string): string | undefined {
  const match = /^(.*)\[Y\]\s*\.?\s*$/.exec(template)
  if (match === null || !match[1]?.includes('[X]')) return undefined
  return (match[1] ?? '').replace('[X]', subject).replace(/\s+/g, ' ').trim()
}

interface FactSource {
  factId: string
  relation: string
  subject: string
  answers: string[]
}

function categoryOf(relation: string): ProbeCategory {
  return findPredicate(relation)?.category ?? 'factual'
}

function probesForFact(
  fact: FactSource,
  language: Language,
  medlama: { default: string; human: string } | undefined,
): Probe[] {
  const clozes: Array<{ template: string; text: string }> = []
  if (medlama !== undefined && language === 'en') {
    for (const [name, template] of [
      ['medlama-default', medlama.default],
      ['medlama-human', medlama.human],
    ] as const) {
      const text = medlamaCloze(template, fact.subject)
      if (text !== undefined) clozes.push({ template: name, text })
    }
  }
  const definition = findPredicate(fact.relation)
  definition?.[language].single.forEach((template, index) => {
    if (template.subjectTypes !== undefined || template.objectTypes !== undefined) return
    const text = clozeOf(template.text, displayEntity(fact.subject))
    if (text !== undefined) clozes.push({ template: `galen-${index}`, text })
  })
  const kind = categoryOf(fact.relation) === 'conceptual' ? 'concept' : 'fact'
  return clozes.flatMap(({ template, text }) =>
    [false, true].map((leading) => ({
      id: `${fact.factId}:${template}:${leading ? 'lead' : 'plain'}:${language}`,
      fact_id: fact.factId,
      kind,
      relation: fact.relation,
      category: categoryOf(fact.relation),
      template,
      leading_text: leading,
      language,
      subject: fact.subject,
      prompt: prompt(text, language, leading),
      answers: fact.answers,
    })),
  )
}

/**
 * Probes from a MedLAMA relation file as it is (`<rel>_1000.csv`: head_name, rel, tail_names):
 * the two MedLAMA templates (English) and Galen's own cloze templates, each with and without
 * leading text. Gold answers are all tail names.
 *
 * @throws InputError when a column is missing
 */
export function buildMedlamaProbes(options: {
  path: string
  prompts?: ReadonlyMap<string, { default: string; human: string }>
  language: Language
}): Probe[] {
  const probes: Probe[] = []
  let header: string[] = []
  forEachDelimitedRow(readFileSync(options.path, 'utf8'), ',', (fields, row) => {
    if (row === 0) {
      header = fields
      for (const name of ['head_cui', 'head_name', 'rel', 'tail_names']) {
        if (!header.includes(name)) {
          throw new InputError(
            `knowledge: MedLAMA file "${options.path}" has no column "${name}"`,
            { field: name, value: options.path },
          )
        }
      }
      return
    }
    const get = (name: string): string => fields[header.indexOf(name)] ?? ''
    const relation = get('rel')
    const answers = get('tail_names')
      .split(' || ')
      .map((name) => name.trim())
      .filter((name) => name !== '')
    if (answers.length === 0 || get('head_name') === '') return
    probes.push(
      ...probesForFact(
        {
          factId: `${relation}:${get('head_cui')}:${row}`,
          relation,
          subject: get('head_name'),
          answers,
        },
        options.language,
        options.prompts?.get(relation),
      ),
    )
  })
  return probes
}

/**
 * Probes from a knowledge graph: one fact per (subject, predicate) whose predicate has a cloze
 * template, with every object (and its aliases) as an answer.
 */
export function buildGraphProbes(options: {
  triples: readonly Triple[]
  language: Language
}): Probe[] {
  const facts = new Map<string, FactSource>()
  for (const triple of options.triples) {
    const definition = findPredicate(triple.predicate)
    if (definition === undefined) continue
    const key = `${definition.id}\u0000${triple.subject}`
    const fact = facts.get(key) ?? {
      factId: `${definition.id}:${triple.subjectId ?? triple.subject}`,
      relation: definition.id,
      subject: triple.subject,
      answers: [],
    }
    for (const answer of [displayEntity(triple.object), ...(triple.objectAliases ?? [])]) {
      if (!fact.answers.includes(answer)) fact.answers.push(answer)
    }
    facts.set(key, fact)
  }
  return [...facts.values()].flatMap((fact) => probesForFact(fact, options.language, undefined))
}

/** Predicates that can be probed (a single template ends with the object), for listings. */
export function probeableRelations(language: Language): string[] {
  return PREDICATES.filter((definition) =>
    definition[language].single.some((template) => clozeOf(template.text, 'x') !== undefined),
  ).map((definition) => definition.id)
}

/** Reads probes written as JSON Lines. */
export function readProbes(path: string): Probe[] {
  const probes: Probe[] = []
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return
      const parsed = safeParseJson(line, `${path}:${index + 1}`)
      if (!parsed.ok) throw parsed.error
      const value = parsed.value as Partial<Probe>
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof value.id !== 'string' ||
        typeof value.prompt !== 'string' ||
        !Array.isArray(value.answers)
      ) {
        throw new InputError(
          `knowledge: ${path}:${index + 1} is not a probe (needs id, prompt, answers)`,
          { field: 'probe', value: line.slice(0, 80) },
        )
      }
      probes.push(value as Probe)
    })
  return probes
}
