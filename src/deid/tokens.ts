/**
 * Word tokens with the features name and place rules look at.
 */
import { type DeidDictionaries, isEnglishWord } from './dictionaries.js'

/** The case convention of a text: capitals carry information only in `mixed` text. */
export type CaseStyle = 'upper' | 'lower' | 'mixed'

/** A token: a word (letters, inner apostrophes and hyphens), a number, or one symbol. */
export interface Token {
  text: string
  lower: string
  start: number
  end: number
  kind: 'word' | 'number' | 'symbol'
  /** The text between the previous token and this one contains a line break. */
  lineStart: boolean
  /** A word whose first letter is a capital. */
  capitalized: boolean
  /** A word written all in capitals (2+ letters). */
  allCaps: boolean
  /** The lower-case form without a possessive `'s`. */
  base: string
  firstNameRank: number
  surnameRank: number
  english: boolean
  clinical: boolean
}

const englishCache = new WeakMap<ReadonlySet<string>, Map<string, boolean>>()

/** {@link isEnglishWord} with a bounded cache per word list. */
function english(words: ReadonlySet<string>, lower: string): boolean {
  let cache = englishCache.get(words)
  if (cache === undefined) {
    cache = new Map()
    englishCache.set(words, cache)
  }
  const known = cache.get(lower)
  if (known !== undefined) return known
  const value = isEnglishWord(words, lower)
  if (cache.size > 200_000) cache.clear()
  cache.set(lower, value)
  return value
}

const TOKEN = /[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*|\d+|[^\sA-Za-z\d]/g

/** Splits a text into tokens and looks each word up in the dictionaries. */
export function tokenize(text: string, dictionaries: DeidDictionaries): Token[] {
  const tokens: Token[] = []
  let previousEnd = 0
  for (const match of text.matchAll(TOKEN)) {
    const value = match[0]
    const start = match.index
    const code = value.charCodeAt(0)
    const isLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
    const isDigit = code >= 48 && code <= 57
    const between = text.slice(previousEnd, start)
    const lineStart = tokens.length === 0 || between.includes('\n')
    previousEnd = start + value.length
    if (!isLetter) {
      tokens.push({
        text: value,
        lower: value,
        start,
        end: start + value.length,
        kind: isDigit ? 'number' : 'symbol',
        lineStart,
        capitalized: false,
        allCaps: false,
        base: value,
        firstNameRank: 0,
        surnameRank: 0,
        english: false,
        clinical: false,
      })
      continue
    }
    const lower = value.toLowerCase().replace(/’/g, "'")
    const base = lower.endsWith("'s") ? lower.slice(0, -2) : lower
    const capitalized = code >= 65 && code <= 90
    const allCaps = capitalized && value.length > 1 && value === value.toUpperCase()
    const parts = base.split('-')
    const firstPart = parts[0] ?? base
    const lookup = base.startsWith("o'") || base.startsWith("d'") ? base.slice(2) : base
    tokens.push({
      text: value,
      lower,
      start,
      end: start + value.length,
      kind: 'word',
      lineStart,
      capitalized,
      allCaps,
      base,
      firstNameRank: dictionaries.firstNames.get(base) ?? 0,
      surnameRank:
        dictionaries.surnames.get(lookup) ??
        (parts.length > 1 && dictionaries.surnames.has(firstPart)
          ? (dictionaries.surnames.get(parts[parts.length - 1] ?? '') ?? 0)
          : 0),
      // a compound with any common or clinical part ("gu-foley", "post-extubation") is no name
      english:
        english(dictionaries.englishWords, base) ||
        /n't$|'(?:ll|re|ve|m|d)$/.test(lower) ||
        (parts.length > 1 &&
          parts.some(
            (part) =>
              english(dictionaries.englishWords, part) || dictionaries.clinicalTerms.has(part),
          )),
      clinical: dictionaries.clinicalTerms.has(base) || dictionaries.clinicalTerms.has(lower),
    })
  }
  return tokens
}

/** Works out whether capitals carry information in this text. */
export function caseStyle(tokens: readonly Token[]): CaseStyle {
  let words = 0
  let upper = 0
  let capitalized = 0
  for (const token of tokens) {
    if (token.kind !== 'word' || token.text.length < 2) continue
    words += 1
    if (token.allCaps) upper += 1
    else if (token.capitalized) capitalized += 1
  }
  if (words === 0) return 'mixed'
  if (upper / words > 0.6) return 'upper'
  if ((capitalized + upper) / words < 0.04) return 'lower'
  return 'mixed'
}
