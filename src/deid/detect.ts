/**
 * The rule-based detector: runs the pattern, date, name and place rules over a text, spreads
 * each name and place found to its other mentions, and merges overlapping spans.
 */
import { evidence, nameable } from './context.js'
import { detectDates } from './dates.js'
import { type DeidDictionaries, loadDictionaries } from './dictionaries.js'
import { detectGeneralRules, withoutLabels } from './general-rules.js'
import { detectNames, type TokenRun } from './names.js'
import { detectPatterns } from './patterns.js'
import { detectPlaces } from './places.js'
import { type CaseStyle, caseStyle, type Token, tokenize } from './tokens.js'
import { type DetectOptions, PHI_TYPES, type PhiSpan, type PhiType } from './types.js'
import { detectChinesePhi } from './zh/detect-zh.js'

/** Options of {@link detectWithRules} beyond {@link DetectOptions}. */
export interface RuleDetectOptions extends DetectOptions {
  /** Dictionaries to use; default the shipped ones. */
  dictionaries?: DeidDictionaries
  /**
   * Names and places already known for this patient (for example found in their other notes):
   * every whole-word mention is redacted. Map of lower-case word to its type.
   */
  knownTerms?: ReadonlyMap<string, PhiType>
}

/** A bracketed type tag written by tags mode, for example `[NAME]`. */
export const TAG_PATTERN = new RegExp(`\\[(?:${PHI_TYPES.join('|')})\\]`, 'g')

const TYPE_PRIORITY: Record<PhiType, number> = {
  EMAIL: 12,
  URL: 11,
  SSN: 10,
  IP_ADDRESS: 9,
  PHONE: 8,
  ID: 7,
  ADDRESS: 7,
  ZIP: 6,
  DATE: 6,
  AGE: 6,
  // people and places compete on confidence: "Calvert" in "Calvert Hospital" is a hospital
  HOSPITAL: 4,
  LOCATION: 4,
  NAME: 4,
}

/** Sorts spans and merges overlapping ones, keeping the most specific type. */
export function mergeSpans(spans: readonly PhiSpan[]): PhiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: PhiSpan[] = []
  for (const span of sorted) {
    const previous = merged[merged.length - 1]
    if (previous !== undefined && span.start < previous.end) {
      const keepPrevious =
        TYPE_PRIORITY[previous.type] > TYPE_PRIORITY[span.type] ||
        (TYPE_PRIORITY[previous.type] === TYPE_PRIORITY[span.type] &&
          previous.confidence >= span.confidence)
      merged[merged.length - 1] = {
        start: previous.start,
        end: Math.max(previous.end, span.end),
        type: keepPrevious ? previous.type : span.type,
        confidence: Math.max(previous.confidence, span.confidence),
        source: keepPrevious ? previous.source : span.source,
      }
      continue
    }
    merged.push({ ...span })
  }
  return merged
}

function runSpan(tokens: readonly Token[], run: TokenRun, type: PhiType): PhiSpan | undefined {
  const first = tokens[run.first]
  const last = tokens[run.last]
  if (first === undefined || last === undefined) return undefined
  let end = last.end
  // a person's "Mary's" keeps its possessive; a place's "St. Mary's" is one name
  if (type === 'NAME' && last.lower.endsWith("'s") && last.text.length > 2) end -= 2
  // digits glued to a place: "QUARTERMAIN7"
  const next = tokens[run.last + 1]
  if (type !== 'NAME' && next?.kind === 'number' && next.start === last.end) end = next.end
  return { start: first.start, end, type, confidence: run.confidence, source: run.source }
}

const STRONG_SOURCES = new Set([
  'name-title',
  'name-credential',
  'name-relation',
  'place-facility',
  'place-saint',
])

/** Words worth spreading to their other mentions: names and unknown words, never plain words. */
function spreadable(token: Token): boolean {
  if (!nameable(token) || token.base.length < 2) return false
  const kind = evidence(token)
  return kind === 'name' || kind === 'unknown' || (kind === 'ambiguous' && token.capitalized)
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Every whole-word mention of a detected span's text is PHI too (the conservative reading: a
 * word that is a name once in a note may be that name anywhere in it).
 */
function spreadExact(text: string, spans: readonly PhiSpan[]): PhiSpan[] {
  const byValue = new Map<string, PhiSpan>()
  let ascii = true
  for (const span of spans) {
    const value = text.slice(span.start, span.end).trim()
    if (value.length < 2 || !/[A-Za-z0-9]/.test(value)) continue
    const key = value.toLowerCase()
    if (!byValue.has(key)) {
      byValue.set(key, span)
      if (ascii && NON_ASCII.test(key)) ascii = false
    }
  }
  if (byValue.size === 0) return []
  // longest first: at one position the longest value wins (a stable sort keeps ties in order)
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length)
  const added: PhiSpan[] = []
  const push = (start: number, end: number, origin: PhiSpan): void => {
    added.push({
      start,
      end,
      type: origin.type,
      confidence: Math.min(origin.confidence, 0.6),
      source: 'spread-exact',
    })
  }
  if (!ascii) {
    // Unicode case folding is the regular expression's to decide
    const pattern = new RegExp(
      `(?<![A-Za-z0-9])(?:${values.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`,
      'gi',
    )
    for (const match of text.matchAll(pattern)) {
      const origin = byValue.get(match[0].toLowerCase())
      if (origin !== undefined) push(match.index, match.index + match[0].length, origin)
    }
    return added
  }
  for (const [start, end, value] of scanValues(text, values))
    push(start, end, byValue.get(value) as PhiSpan)
  return added
}

const NON_ASCII = /[^\p{ASCII}]/u

/** Whether a UTF-16 code is an ASCII letter or digit. */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/**
 * The whole-word mentions of lower-case ASCII `values` in `text`, ignoring ASCII case, scanned
 * left to right without overlap; at one position the first value of `values` that fits wins.
 * The same matches as the case-insensitive alternation `(?<![A-Za-z0-9])(?:v1|v2|...)(?![A-Za-z0-9])`
 * (a non-ASCII character never equals an ASCII one under it), without compiling a pattern per
 * note: a new note's pattern was a fresh compilation each time.
 */
export function scanValues(
  text: string,
  values: readonly string[],
): Array<[start: number, end: number, value: string]> {
  const found: Array<[number, number, string]> = []
  const firsts = new Set<number>()
  for (const value of values) firsts.add(value.charCodeAt(0))
  const length = text.length
  let at = 0
  while (at < length) {
    let code = text.charCodeAt(at)
    if (code >= 65 && code <= 90) code += 32
    if (!firsts.has(code) || (at > 0 && isAsciiAlphanumeric(text.charCodeAt(at - 1)))) {
      at += 1
      continue
    }
    let matched: string | undefined
    for (const value of values) {
      const end = at + value.length
      if (end > length) continue
      let same = true
      for (let offset = 0; offset < value.length; offset += 1) {
        let letter = text.charCodeAt(at + offset)
        if (letter >= 65 && letter <= 90) letter += 32
        if (letter !== value.charCodeAt(offset)) {
          same = false
          break
        }
      }
      if (!same || (end < length && isAsciiAlphanumeric(text.charCodeAt(end)))) continue
      matched = value
      break
    }
    if (matched === undefined) {
      at += 1
      continue
    }
    found.push([at, at + matched.length, matched])
    at += matched.length
  }
  return found
}

/**
 * Finds PHI in a text with the rules alone (no model). Offsets are into `text`.
 */
export function detectWithRules(text: string, options: RuleDetectOptions = {}): PhiSpan[] {
  return rulePass(text, options).spans
}

/**
 * {@link detectWithRules} with the tokens and case style it computed, for the tagger and the
 * policy to reuse (tokenising a note once, not twice).
 */
export function rulePass(
  text: string,
  options: RuleDetectOptions = {},
): { spans: PhiSpan[]; tokens: Token[]; style: CaseStyle } {
  const dictionaries = options.dictionaries ?? loadDictionaries()
  const spans: PhiSpan[] = []
  spans.push(...detectPatterns(text))
  spans.push(...detectDates(text, options.years === undefined ? {} : { years: options.years }))
  spans.push(...detectChinesePhi(text))
  const tokens = tokenize(text, dictionaries)
  const style = caseStyle(tokens)
  spans.push(...detectGeneralRules(text, tokens, style, dictionaries))
  const found = new Map<string, PhiType>(options.knownTerms ?? [])
  const remember = (run: TokenRun, type: PhiType): void => {
    // spread only what a strong rule found; in text without case, only dictionary names
    if (run.confidence < 0.7) return
    const strongContext = STRONG_SOURCES.has(run.source)
    for (let index = run.first; index <= run.last; index += 1) {
      const token = tokens[index]
      if (token === undefined || !spreadable(token) || found.has(token.base)) continue
      if (style !== 'mixed' && !strongContext && evidence(token) !== 'name') continue
      found.set(token.base, type)
    }
  }
  for (const run of detectNames(tokens, style)) {
    const span = runSpan(tokens, run, 'NAME')
    if (span === undefined) continue
    spans.push(span)
    remember(run, 'NAME')
  }
  for (const run of detectPlaces(tokens, style, dictionaries)) {
    const span = runSpan(tokens, run, run.type)
    if (span === undefined) continue
    spans.push(span)
    remember(run, run.type)
  }
  if (found.size > 0) {
    for (const token of tokens) {
      if (token.kind !== 'word') continue
      const type = found.get(token.base)
      if (type === undefined) continue
      if (token.english && style === 'mixed' && !token.capitalized) continue
      let end = token.end
      if (type === 'NAME' && token.lower.endsWith("'s") && token.text.length > 2) end -= 2
      spans.push({ start: token.start, end, type, confidence: 0.6, source: 'spread' })
    }
  }
  spans.push(...spreadExact(text, mergeSpans(spans)))
  let result = mergeSpans(withoutLabels(text, mergeSpans(spans)))
  // never redact inside a tag that tags mode wrote
  const tags: Array<[number, number]> = []
  for (const match of text.matchAll(TAG_PATTERN))
    tags.push([match.index, match.index + match[0].length])
  if (tags.length > 0) {
    result = result.filter(
      (span) => !tags.some(([start, end]) => span.start < end && span.end > start),
    )
  }
  const minimum = options.minConfidence ?? 0
  const types = options.types === undefined ? undefined : new Set(options.types)
  return {
    spans: result.filter(
      (span) => span.confidence >= minimum && (types === undefined || types.has(span.type)),
    ),
    tokens,
    style,
  }
}
