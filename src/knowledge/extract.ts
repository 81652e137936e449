/**
 * Triples from medical text: sentences are read with the template inverse and with a few
 * relation patterns for common free wording; with a lexicon (the names and aliases of a graph's
 * entities, or any term list) both entities must be known terms and are mapped to their canonical
 * names. A model can do the reading instead (`parseWithModel`). The extracted triples can be
 * verbalised again and compared with the text: the report's back-translation check.
 */
import { type ParsedTriple, parseSentence } from './parse-text.js'
import type { Language } from './predicates.js'
import { splitList } from './surface.js'
import type { Triple } from './triples.js'

/** A relation pattern: a regular expression with named groups `s` and `o` (or `list`). */
interface RelationPattern {
  predicate: string
  pattern: RegExp
}

/** Free wordings the templates do not cover (written for Galen from common clinical phrasing). */
const PATTERNS: Readonly<Record<Language, readonly RelationPattern[]>> = {
  en: [
    {
      predicate: 'treats',
      pattern:
        /^(?<s>.+?) (?:is|are) (?:commonly |often |widely )?(?:used|given|prescribed) (?:to treat|for(?: the treatment of)?) (?<list>.+?)\.?$/i,
    },
    { predicate: 'treats', pattern: /^(?<s>.+?) treats (?<list>.+?)\.?$/i },
    {
      predicate: 'treats',
      pattern: /^(?:the )?first-line (?:treatment|drug|therapy) for (?<o>.+?) is (?<s>.+?)\.?$/i,
    },
    {
      predicate: 'has_symptom',
      pattern:
        /^(?:common |typical |the main )?symptoms of (?<s>.+?) (?:include|are) (?<list>.+?)\.?$/i,
    },
    {
      predicate: 'has_symptom',
      pattern:
        /^(?<s>.+?) (?:often |usually |commonly |may |can )?(?:presents? with|manifests? as) (?<list>.+?)\.?$/i,
    },
    { predicate: 'is_a', pattern: /^(?<s>.+?) is an? (?:type|form|kind|class) of (?<o>.+?)\.?$/i },
    {
      predicate: 'synonym',
      pattern: /^(?<s>.+?),? (?:also known as|also called|or) (?<o>.+?),? is .+$/i,
    },
  ],
  zh: [
    {
      predicate: 'treats',
      pattern: /^(?<s>.+?)(?:常|主要|可)?用于(?:治疗)?(?<list>.+?)(?:的治疗)?。?$/,
    },
    {
      predicate: 'treats',
      pattern: /^(?<o>.+?)的(?:一线|首选)(?:治疗)?药物(?:是|为|包括)(?<s>.+?)。?$/,
    },
    {
      predicate: 'has_symptom',
      pattern:
        /^(?<s>.+?)的(?:主要|常见|典型)?(?:症状|表现)(?:有|包括|为|是)(?<list>.+?)(?:等)?。?$/,
    },
    {
      predicate: 'has_symptom',
      pattern: /^(?<s>.+?)(?:患者)?(?:常|可|多)(?:出现|表现为)(?<list>.+?)(?:等症状)?。?$/,
    },
    { predicate: 'is_a', pattern: /^(?<s>.+?)(?:是|属于)(?:一种)?(?<o>.+?)(?:的一种)?。?$/ },
  ],
}

function sentences(text: string, language: Language): string[] {
  const pattern = language === 'zh' ? /[^。！？!?\n]+[。！？!?]?/g : /[^.!?\n]+(?:[.!?](?=\s|$)|$)/g
  return (text.match(pattern) ?? [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '')
}

/** A lexicon: term key → canonical name. */
export type Lexicon = ReadonlyMap<string, string>

function lexiconKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/** A lexicon from a graph's entities: names and aliases map to the name used in the graph. */
export function lexiconFromTriples(triples: readonly Triple[]): Lexicon {
  const lexicon = new Map<string, string>()
  for (const triple of triples) {
    for (const [name, aliases] of [
      [triple.subject, triple.subjectAliases ?? []],
      [triple.object, triple.objectAliases ?? []],
    ] as const) {
      lexicon.set(lexiconKey(name), name)
      for (const alias of aliases)
        if (!lexicon.has(lexiconKey(alias))) lexicon.set(lexiconKey(alias), name)
    }
  }
  return lexicon
}

/** One extracted triple with the sentence it came from. */
export interface ExtractedTriple extends ParsedTriple {
  sentence: string
  /** `template` (read by a template inverse) or `pattern` (a free-wording pattern). */
  method: 'template' | 'pattern'
}

/** Adverbs that free Chinese wording puts between the subject and the verb ("常用于"). */
const ZH_TRAILING_ADVERB = /(常常|通常|一般|主要|常|多|也|可)$/

function resolve(name: string, lexicon: Lexicon | undefined): string | undefined {
  const cleaned = name
    .replace(/^(the|a|an)\s+/i, '')
    .replace(ZH_TRAILING_ADVERB, '')
    .trim()
  if (lexicon === undefined) return cleaned === '' ? undefined : cleaned
  return lexicon.get(lexiconKey(cleaned)) ?? lexicon.get(lexiconKey(name))
}

/**
 * Extracts triples from text.
 *
 * @param options.lexicon - when given, only triples whose two entities are lexicon terms are kept,
 *   with their canonical names
 */
export function extractTriples(options: {
  text: string
  language: Language
  lexicon?: Lexicon
}): ExtractedTriple[] {
  const found: ExtractedTriple[] = []
  const seen = new Set<string>()
  const add = (triple: ParsedTriple, sentence: string, method: ExtractedTriple['method']): void => {
    const subject = resolve(triple.subject, options.lexicon)
    const object = resolve(triple.object, options.lexicon)
    if (subject === undefined || object === undefined || subject === object) return
    const key = `${subject}\u0000${triple.predicate}\u0000${object}`
    if (seen.has(key)) return
    seen.add(key)
    found.push({ subject, predicate: triple.predicate, object, sentence, method })
  }
  let previousSubject: string | undefined
  for (const sentence of sentences(options.text, options.language)) {
    const parsed = parseSentence(sentence, options.language, previousSubject)
    const before = found.length
    for (const triple of parsed.triples) add(triple, sentence, 'template')
    if (found.length > before) {
      previousSubject = parsed.triples[0]?.subject ?? previousSubject
      continue
    }
    for (const { predicate, pattern } of PATTERNS[options.language]) {
      const match = pattern.exec(sentence)
      const groups = match?.groups
      if (groups === undefined || groups.s === undefined) continue
      const objects =
        groups.list !== undefined ? splitList(groups.list, options.language) : [groups.o ?? '']
      const count = found.length
      for (const object of objects)
        add({ subject: groups.s, predicate, object }, sentence, 'pattern')
      if (found.length > count) break
    }
  }
  return found
}
