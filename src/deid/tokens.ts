/**
 * Word tokens with the features name and place rules look at.
 */
import { type DeidDictionaries, isEnglishWord, isNearEnglishWord } from './dictionaries.js'

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
  /** The English word list the token was looked up in (for {@link isNearWord}). */
  lexicon: ReadonlySet<string>
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

/**
 * Endings of drug names (generic stems: "-pril", "-olol", "-azole", "-mycin", "-azepam"...): a word
 * of 7+ letters with one is a drug, never a name or place.
 */
const DRUG_ENDING =
  /(?:pril|olol|alol|azole|mycin|micin|cillin|statin|sartan|dipine|azepam|zolam|oxacin|cycline|tidine|prazole|parin|farin|semide|thiazide|azine|peridol|profen|phylline|triptan|xaban|gatran|barbital|caine|cortisone|olone|nisone|dronate|formin|gliflozin|gliptin|glitazone|lukast|terol|tropin|mab|tinib|vudine|ciclovir|cyclovir|navir|conazole|fungin|penem|dazole|oxetine|aline|ipramine|triptyline|apine|idone|pramine|setron|tropium|sone|nitrate|nitrite|amine|ephrine|pressin|kinase|plase|teplase|lamide|etamol|amol|codone|morphone|fentanil|adol)$/

const TOKEN = /[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*|\d+|[^\sA-Za-z\d]/g

const misspeltCache = new WeakMap<ReadonlySet<string>, Map<string, boolean>>()

/** {@link isNearEnglishWord} with a bounded cache per word list. */
function misspelt(words: ReadonlySet<string>, lower: string): boolean {
  let cache = misspeltCache.get(words)
  if (cache === undefined) {
    cache = new Map()
    misspeltCache.set(words, cache)
  }
  const known = cache.get(lower)
  if (known !== undefined) return known
  const value = isNearEnglishWord(words, lower)
  if (cache.size > 100_000) cache.clear()
  cache.set(lower, value)
  return value
}

/**
 * Whether a word is no English word but one edit from one, names included ("Stoll", "Deines"):
 * computed on demand, as few tokens need it.
 */
export function isNearWord(token: Token): boolean {
  return (
    token.kind === 'word' &&
    !token.english &&
    !token.clinical &&
    token.base.length >= 4 &&
    misspelt(token.lexicon, token.base)
  )
}

/** A word of 5+ letters in no list that is one edit from an English word: a misspelling, not a name. */
export function isMisspelt(token: Token): boolean {
  return (
    token.base.length >= 5 &&
    token.firstNameRank === 0 &&
    token.surnameRank === 0 &&
    isNearWord(token)
  )
}

/**
 * Whether a word is the plural of a listed word ("numbers", "lines", "staples", "arms"): names
 * that are common plurals read as words; "-er", "-ing" forms ("Balmer", "Anding") and a plural
 * of a word ending in "s" ("Gass") do not.
 */
function pluralOfWord(words: ReadonlySet<string>, base: string): boolean {
  if (base.length < 4 || !base.endsWith('s') || base.endsWith('ss')) return false
  if (base.endsWith('ies') && words.has(`${base.slice(0, -3)}y`)) return true
  if (base.endsWith('es') && /(?:ch|sh|x|z)es$/.test(base) && words.has(base.slice(0, -2)))
    return true
  return words.has(base.slice(0, -1))
}

/** What a word's letters say about it; the same for every occurrence, so computed once. */
interface WordFeatures {
  lower: string
  base: string
  capitalized: boolean
  allCaps: boolean
  firstNameRank: number
  surnameRank: number
  english: boolean
  clinical: boolean
}

const featureCache = new WeakMap<DeidDictionaries, Map<string, WordFeatures>>()

/** Looks a word up in the dictionaries. */
function wordFeatures(value: string, dictionaries: DeidDictionaries): WordFeatures {
  const code = value.charCodeAt(0)
  const lower = value.includes('’') ? value.toLowerCase().replace(/’/g, "'") : value.toLowerCase()
  const base = lower.endsWith("'s") ? lower.slice(0, -2) : lower
  const capitalized = code >= 65 && code <= 90
  const allCaps = capitalized && value.length > 1 && value === value.toUpperCase()
  const parts = base.includes('-') ? base.split('-') : [base]
  const firstPart = parts[0] ?? base
  // "O'Brien", "D'Angelo" are found under "brien", "angelo"; "d'line" is no name
  const lookup =
    (base.startsWith("o'") || base.startsWith("d'")) &&
    !english(dictionaries.englishWords, base.slice(2)) &&
    !dictionaries.clinicalTerms.has(base.slice(2))
      ? base.slice(2)
      : base
  const firstNameRank = dictionaries.firstNames.get(base) ?? 0
  const surnameRank =
    dictionaries.surnames.get(lookup) ??
    (parts.length > 1 && dictionaries.surnames.has(firstPart)
      ? (dictionaries.surnames.get(parts[parts.length - 1] ?? '') ?? 0)
      : 0)
  // ("MAEs", "PIVs", "ABGs": plurals of shorthand are shorthand)
  const listedClinical =
    dictionaries.clinicalTerms.has(base) ||
    dictionaries.clinicalTerms.has(lower) ||
    (base.length >= 3 && base.endsWith('s') && dictionaries.clinicalTerms.has(base.slice(0, -1)))
  const common = (part: string): boolean =>
    english(dictionaries.englishWords, part) || dictionaries.clinicalTerms.has(part)
  // a compound with any common or clinical part ("gu-foley", "post-extubation") is no name,
  // unless every part is capitalized like a double-barrelled surname ("Stord-Painter")
  const doubleBarrelled = parts.length > 1 && /^[A-Z][a-z]+(?:-[A-Z][a-z']+)+$/.test(value)
  const compoundEnglish =
    parts.length > 1 && (doubleBarrelled ? parts.every(common) : parts.some(common))
  // a name that is English only by a guessed inflection ("Balmer" as balm-er, "Gass" as
  // gas-s, "Anding") is a name: the word lists hold the common inflected forms themselves
  const inNames = firstNameRank > 0 || surnameRank > 0
  const isEnglish =
    (inNames
      ? dictionaries.englishWords.has(base) || pluralOfWord(dictionaries.englishWords, base)
      : english(dictionaries.englishWords, base)) ||
    /n't$|'(?:ll|re|ve|m|d)$/.test(lower) ||
    compoundEnglish
  // a drug by its ending, when no list knows the word
  const clinical =
    listedClinical ||
    (!isEnglish &&
      firstNameRank === 0 &&
      surnameRank === 0 &&
      base.length >= 7 &&
      DRUG_ENDING.test(base))
  return {
    lower,
    base,
    capitalized,
    allCaps,
    firstNameRank,
    surnameRank,
    english: isEnglish,
    clinical,
  }
}

/** Relation words glued to a name by a hyphen: "DAUGHTER-KRISSY" is two tokens. */
const GLUED_RELATION =
  /^(wife|husband|son|daughter|dtr|sister|brother|mother|father|mom|dad|niece|nephew|aunt|uncle|cousin|friend|grandson|granddaughter|fiance|fiancee|partner|proxy|hcp)-(?!in-?law|inlaw|law\b|step)([A-Za-z]{2,}(?:['’][A-Za-z]+)?)$/i

/** Splits a text into tokens and looks each word up in the dictionaries. */
export function tokenize(text: string, dictionaries: DeidDictionaries): Token[] {
  const tokens: Token[] = []
  let cache = featureCache.get(dictionaries)
  if (cache === undefined) {
    cache = new Map()
    featureCache.set(dictionaries, cache)
  }
  const lexicon = dictionaries.englishWords
  let previousEnd = 0
  const pushWord = (value: string, start: number, lineStart: boolean): void => {
    let features = cache.get(value)
    if (features === undefined) {
      features = wordFeatures(value, dictionaries)
      if (cache.size > 200_000) cache.clear()
      cache.set(value, features)
    }
    tokens.push({
      text: value,
      lower: features.lower,
      start,
      end: start + value.length,
      kind: 'word',
      lineStart,
      capitalized: features.capitalized,
      allCaps: features.allCaps,
      base: features.base,
      firstNameRank: features.firstNameRank,
      surnameRank: features.surnameRank,
      english: features.english,
      clinical: features.clinical,
      lexicon,
    })
  }
  for (const match of text.matchAll(TOKEN)) {
    const value = match[0]
    const start = match.index
    const code = value.charCodeAt(0)
    const isLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
    let lineStart = tokens.length === 0
    for (let cursor = previousEnd; cursor < start && !lineStart; cursor += 1)
      if (text.charCodeAt(cursor) === 10) lineStart = true
    previousEnd = start + value.length
    if (!isLetter) {
      tokens.push({
        text: value,
        lower: value,
        start,
        end: start + value.length,
        kind: code >= 48 && code <= 57 ? 'number' : 'symbol',
        lineStart,
        capitalized: false,
        allCaps: false,
        base: value,
        firstNameRank: 0,
        surnameRank: 0,
        english: false,
        clinical: false,
        lexicon,
      })
      continue
    }
    const glued = value.includes('-') ? GLUED_RELATION.exec(value) : null
    if (glued?.[1] !== undefined && glued[2] !== undefined) {
      const relation = glued[1]
      pushWord(relation, start, lineStart)
      tokens.push({
        text: '-',
        lower: '-',
        start: start + relation.length,
        end: start + relation.length + 1,
        kind: 'symbol',
        lineStart: false,
        capitalized: false,
        allCaps: false,
        base: '-',
        firstNameRank: 0,
        surnameRank: 0,
        english: false,
        clinical: false,
        lexicon,
      })
      pushWord(glued[2], start + relation.length + 1, false)
      continue
    }
    pushWord(value, start, lineStart)
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
