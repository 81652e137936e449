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

/**
 * The words of 4+ letters a-z of a word list as a trie: node 0 is the root, a child is found
 * under `node * 32 + letter` (letter 0-25), and `terminal` marks the nodes that end a word.
 * Built once per word list, so that a near-word check walks it instead of building and
 * hashing some fifty candidate strings per letter of the word.
 */
interface WordTrie {
  children: Map<number, number>
  terminal: Uint8Array
}

const tries = new WeakMap<ReadonlySet<string>, WordTrie>()

function wordTrie(words: ReadonlySet<string>): WordTrie {
  const known = tries.get(words)
  if (known !== undefined) return known
  const children = new Map<number, number>()
  const ends: number[] = []
  let nodes = 1
  for (const word of words) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) continue
    let node = 0
    for (let index = 0; index < word.length; index += 1) {
      const key = node * 32 + word.charCodeAt(index) - 97
      let child = children.get(key)
      if (child === undefined) {
        child = nodes
        nodes += 1
        children.set(key, child)
      }
      node = child
    }
    ends.push(node)
  }
  const terminal = new Uint8Array(nodes)
  for (const node of ends) terminal[node] = 1
  const trie = { children, terminal }
  tries.set(words, trie)
  return trie
}

/** The node reached from `node` by the letters `lower[from..]`, or -1. */
function walk(trie: WordTrie, node: number, lower: string, from: number): number {
  let at = node
  for (let index = from; index < lower.length && at >= 0; index += 1)
    at = trie.children.get(at * 32 + lower.charCodeAt(index) - 97) ?? -1
  return at
}

/** Whether the letters `lower[from..]` lead from `node` to the end of a word. */
function endsWord(trie: WordTrie, node: number, lower: string, from: number): boolean {
  const end = walk(trie, node, lower, from)
  return end >= 0 && trie.terminal[end] === 1
}

/**
 * Whether a lower-case word of 4+ letters that is no English word is one edit (a letter left out,
 * added, changed or two swapped) from one: a misspelling ("recieve", "visisted", "cardic") rather
 * than a name. Callers apply it to words found in no list only. Only words of 4+ letters of the
 * list count as the word edited to.
 */
export function isNearEnglishWord(words: ReadonlySet<string>, lower: string): boolean {
  const length = lower.length
  if (length < 4 || !/^[a-z]+$/.test(lower)) return false
  const trie = wordTrie(words)
  // every edit at `index` or later keeps lower[0..index): `node` is that prefix's node
  let node = 0
  for (let index = 0; index < length; index += 1) {
    const letter = lower.charCodeAt(index) - 97
    // a letter left out (the result needs 4+ letters)
    if (length > 4 && endsWord(trie, node, lower, index + 1)) return true
    // two letters swapped
    if (index + 1 < length) {
      const swapped = trie.children.get(node * 32 + lower.charCodeAt(index + 1) - 97)
      const then = swapped === undefined ? undefined : trie.children.get(swapped * 32 + letter)
      if (then !== undefined && endsWord(trie, then, lower, index + 2)) return true
    }
    for (let other = 0; other < 26; other += 1) {
      const child = trie.children.get(node * 32 + other)
      if (child === undefined) continue
      // a letter changed, or one added before this one
      if (other !== letter && endsWord(trie, child, lower, index + 1)) return true
      if (endsWord(trie, child, lower, index)) return true
    }
    const next = trie.children.get(node * 32 + letter)
    if (next === undefined) return false
    node = next
  }
  // a letter added at the end
  for (let other = 0; other < 26; other += 1) {
    const child = trie.children.get(node * 32 + other)
    if (child !== undefined && trie.terminal[child] === 1) return true
  }
  return false
}
