/**
 * The template inverse: reads sentences written with the catalogue's templates (or the generic
 * template) back into triples, without looking at the triples they were written from. A paragraph
 * is split into sentences by trying every sentence boundary, so entity names may contain full stops;
 * "This disease" / "该病" and the like refer back to the paragraph's last named subject.
 */
import { GENERIC_TEMPLATES, type Language, PREDICATES, predicateKey } from './predicates.js'
import { splitList } from './surface.js'

/** A triple read from text: names as written, the predicate's canonical id (or its words). */
export interface ParsedTriple {
  subject: string
  predicate: string
  object: string
}

/** One parsed sentence. */
export interface ParsedSentence {
  text: string
  triples: ParsedTriple[]
  /** The template it matched, or undefined when no template matched. */
  template?: string
}

interface CompiledTemplate {
  predicate: string
  text: string
  pattern: RegExp
  slots: Array<'s' | 'o' | 'list' | 'p'>
  literalLength: number
}

/** Subject pronouns by language and entity type, as the verbaliser writes them. */
export const SUBJECT_PRONOUNS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: { disease: 'This disease', drug: 'This drug', gene: 'This gene' },
  zh: { disease: '该病', drug: '该药', gene: '该基因' },
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function compile(predicate: string, text: string): CompiledTemplate {
  const slots: CompiledTemplate['slots'] = []
  let pattern = '^'
  let literalLength = 0
  let rest = text
  for (;;) {
    const match = /\{(s|o|list|p)\}/.exec(rest)
    if (match === null) break
    const literal = rest.slice(0, match.index)
    pattern += escapeRegExp(literal)
    literalLength += literal.length
    slots.push(match[1] as 's' | 'o' | 'list' | 'p')
    pattern += '(.+?)'
    rest = rest.slice(match.index + match[0].length)
  }
  pattern += `${escapeRegExp(rest)}$`
  literalLength += rest.length
  return { predicate, text, pattern: new RegExp(pattern, 's'), slots, literalLength }
}

const compiledCache = new Map<Language, CompiledTemplate[]>()

/** Every template of a language, most literal text first (so specific forms win). */
function compiledTemplates(language: Language): CompiledTemplate[] {
  const cached = compiledCache.get(language)
  if (cached !== undefined) return cached
  const seen = new Set<string>()
  const compiled: CompiledTemplate[] = []
  for (const definition of PREDICATES) {
    const wording = definition[language]
    for (const template of [...wording.single, ...wording.list]) {
      if (seen.has(template.text)) continue
      seen.add(template.text)
      compiled.push(compile(definition.id, template.text))
    }
  }
  compiled.sort((left, right) => right.literalLength - left.literalLength)
  compiled.push(compile('', GENERIC_TEMPLATES[language]))
  compiledCache.set(language, compiled)
  return compiled
}

/** Reads one sentence; `previousSubject` resolves a subject pronoun. */
export function parseSentence(
  sentence: string,
  language: Language,
  previousSubject?: string,
): ParsedSentence {
  const text = sentence.trim()
  const pronouns = new Set(Object.values(SUBJECT_PRONOUNS[language]))
  for (const template of compiledTemplates(language)) {
    const match = template.pattern.exec(text)
    if (match === null) continue
    let subject = ''
    let predicate = template.predicate
    const objects: string[] = []
    template.slots.forEach((slot, index) => {
      const value = (match[index + 1] ?? '').trim()
      if (slot === 's') subject = value
      else if (slot === 'o') objects.push(value)
      else if (slot === 'list') objects.push(...splitList(value, language))
      else predicate = predicateKey(value)
    })
    if (subject === '' || objects.some((object) => object === '')) continue
    if (pronouns.has(subject) && previousSubject !== undefined) subject = previousSubject
    return {
      text,
      template: template.text,
      triples: objects.map((object) => ({ subject, predicate, object })),
    }
  }
  return { text, triples: [] }
}

function boundaries(text: string, language: Language): number[] {
  const ends: number[] = []
  const pattern = language === 'zh' ? /。/g : /[.!?](?=\s|$)/g
  for (const match of text.matchAll(pattern)) ends.push((match.index ?? 0) + match[0].length)
  return ends
}

/**
 * Reads a sentence or paragraph into triples. Splits at the sentence ends that let every piece
 * match a template (the fewest unmatched pieces, then the most sentences); pieces that match none
 * are returned with no triples.
 */
export function parseText(text: string, language: Language): ParsedSentence[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  const ends = boundaries(trimmed, language)
  if (ends[ends.length - 1] !== trimmed.length) ends.push(trimmed.length)
  const starts = [0, ...ends.slice(0, -1)]
  // best[i]: the best parse of the text from starts[i] on; keyed by start index and subject context.
  const memo = new Map<string, { failures: number; sentences: ParsedSentence[] }>()
  const solve = (
    startIndex: number,
    previousSubject: string | undefined,
  ): { failures: number; sentences: ParsedSentence[] } => {
    if (startIndex >= starts.length) return { failures: 0, sentences: [] }
    const key = `${startIndex}\u0000${previousSubject ?? ''}`
    const cached = memo.get(key)
    if (cached !== undefined) return cached
    let best: { failures: number; sentences: ParsedSentence[] } | undefined
    const start = starts[startIndex] ?? 0
    for (let endIndex = startIndex; endIndex < ends.length; endIndex++) {
      const piece = trimmed.slice(start, ends[endIndex])
      const parsed = parseSentence(piece, language, previousSubject)
      const failed = parsed.triples.length === 0
      if (failed && endIndex < ends.length - 1) continue
      const subject = parsed.triples[0]?.subject ?? previousSubject
      const rest = solve(endIndex + 1, subject)
      const candidate = {
        failures: rest.failures + (failed ? 1 : 0),
        sentences: [parsed, ...rest.sentences],
      }
      if (
        best === undefined ||
        candidate.failures < best.failures ||
        (candidate.failures === best.failures && candidate.sentences.length > best.sentences.length)
      ) {
        best = candidate
      }
      if (!failed && rest.failures === 0) break
    }
    const result = best ?? { failures: 1, sentences: [{ text: trimmed.slice(start), triples: [] }] }
    memo.set(key, result)
    return result
  }
  return solve(0, undefined).sentences
}
