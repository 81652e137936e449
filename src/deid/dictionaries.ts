/**
 * The word lists de-identification uses, loaded once from `data/deid/` (see its README for their
 * sources). Every list is lower case.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '../errors.js'

/** The dictionaries detection looks words up in. */
export interface DeidDictionaries {
  /** First names, most frequent first (rank = insertion order). */
  firstNames: ReadonlyMap<string, number>
  /** Surnames, most frequent first (rank = insertion order). */
  surnames: ReadonlyMap<string, number>
  /** Common English words (spelling-dictionary stems; proper nouns excluded). */
  englishWords: ReadonlySet<string>
  /** Clinical abbreviations, drugs and shorthand that are never names or places. */
  clinicalTerms: ReadonlySet<string>
  /** US city names, by number of ZIP codes (rank = insertion order). */
  cities: ReadonlyMap<string, number>
}

/** The folder holding the shipped lists (`data/deid` at the package root). */
export function defaultDictionaryFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  return resolve(here, '..', '..', 'data', 'deid')
}

function readLines(folder: string, name: string): string[] {
  const path = join(folder, name)
  if (!existsSync(path)) {
    throw new ConfigError(`deid: dictionary "${path}" is missing`, { key: 'deid.dictionaries' })
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

function ranked(lines: readonly string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (const line of lines) if (!map.has(line)) map.set(line, map.size + 1)
  return map
}

const cache = new Map<string, DeidDictionaries>()

/**
 * Loads the dictionaries from a folder (default: the shipped `data/deid`), caching them.
 *
 * @throws ConfigError when a list file is missing
 */
export function loadDictionaries(folder: string = defaultDictionaryFolder()): DeidDictionaries {
  const cached = cache.get(folder)
  if (cached !== undefined) return cached
  const dictionaries: DeidDictionaries = {
    firstNames: ranked(readLines(folder, 'first-names.txt')),
    surnames: ranked(readLines(folder, 'surnames.txt')),
    englishWords: new Set(readLines(folder, 'english-words.txt')),
    clinicalTerms: new Set(readLines(folder, 'clinical-terms.txt')),
    cities: ranked(readLines(folder, 'us-cities.txt')),
  }
  cache.set(folder, dictionaries)
  return dictionaries
}

/**
 * Whether a lower-case word is a common English word, trying the usual inflections
 * (plural, past, gerund, comparative, adverb) against the stem list.
 */
export function isEnglishWord(words: ReadonlySet<string>, lower: string): boolean {
  if (words.has(lower)) return true
  const length = lower.length
  if (length < 4) return false
  const candidates: string[] = []
  if (lower.endsWith('s')) candidates.push(lower.slice(0, -1))
  if (lower.endsWith('es')) candidates.push(lower.slice(0, -2))
  if (lower.endsWith('ies')) candidates.push(`${lower.slice(0, -3)}y`)
  if (lower.endsWith('ed')) candidates.push(lower.slice(0, -2), lower.slice(0, -1))
  if (lower.endsWith('ied')) candidates.push(`${lower.slice(0, -3)}y`)
  if (lower.endsWith('ing')) candidates.push(lower.slice(0, -3), `${lower.slice(0, -3)}e`)
  if (lower.endsWith('ly')) candidates.push(lower.slice(0, -2))
  if (lower.endsWith('er')) candidates.push(lower.slice(0, -2), lower.slice(0, -1))
  if (lower.endsWith('est')) candidates.push(lower.slice(0, -3))
  if (lower.endsWith("'s")) candidates.push(lower.slice(0, -2))
  for (const candidate of candidates) if (words.has(candidate)) return true
  // doubled consonant before -ed/-ing: "stopped", "running"
  const doubled = /^(.*([b-df-hj-np-tv-z]))\2(ed|ing)$/.exec(lower)
  return doubled?.[1] !== undefined && words.has(doubled[1])
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'

/**
 * Whether a lower-case word of 4+ letters that is no English word is one edit (a letter left out,
 * added, changed or two swapped) from one: a misspelling ("recieve", "visisted", "cardic") rather
 * than a name. Callers apply it to words found in no list only.
 */
export function isNearEnglishWord(words: ReadonlySet<string>, lower: string): boolean {
  const length = lower.length
  if (length < 4 || !/^[a-z]+$/.test(lower)) return false
  const known = (candidate: string): boolean => candidate.length >= 4 && words.has(candidate)
  for (let index = 0; index < length; index += 1) {
    const head = lower.slice(0, index)
    const tail = lower.slice(index + 1)
    if (known(head + tail)) return true
    if (
      index + 1 < length &&
      known(head + lower.charAt(index + 1) + lower.charAt(index) + lower.slice(index + 2))
    )
      return true
    for (const letter of ALPHABET) {
      if (letter !== lower.charAt(index) && known(head + letter + tail)) return true
      if (known(head + letter + lower.slice(index))) return true
    }
  }
  for (const letter of ALPHABET) if (known(lower + letter)) return true
  return false
}
