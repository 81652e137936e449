/**
 * The Porter (1980) suffix-stripping stemmer for English, the algorithm behind SQLite FTS5's
 * `porter` tokenizer. Galen needs it to look up the document frequency of a word in the FTS5
 * vocabulary (which stores stems) when it picks pseudo-relevance-feedback terms.
 */

function isConsonant(word: string, index: number): boolean {
  const character = word[index]
  if (character === 'a' || character === 'e' || character === 'i' || character === 'o') return false
  if (character === 'u') return false
  if (character === 'y') return index === 0 ? true : !isConsonant(word, index - 1)
  return true
}

/** The measure m of a stem: the number of vowel-consonant sequences, [C](VC)^m[V]. */
function measure(stem: string): number {
  let count = 0
  let index = 0
  const length = stem.length
  while (index < length && isConsonant(stem, index)) index += 1
  while (index < length) {
    while (index < length && !isConsonant(stem, index)) index += 1
    if (index >= length) break
    while (index < length && isConsonant(stem, index)) index += 1
    count += 1
  }
  return count
}

function hasVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index += 1) if (!isConsonant(stem, index)) return true
  return false
}

function endsWithDoubleConsonant(word: string): boolean {
  const length = word.length
  return length >= 2 && word[length - 1] === word[length - 2] && isConsonant(word, length - 1)
}

/** cvc where the last c is not w, x or y (for example -hop, -wil). */
function endsCvc(word: string): boolean {
  const length = word.length
  if (length < 3) return false
  if (
    !isConsonant(word, length - 1) ||
    isConsonant(word, length - 2) ||
    !isConsonant(word, length - 3)
  )
    return false
  const last = word[length - 1]
  return last !== 'w' && last !== 'x' && last !== 'y'
}

function replaceSuffix(
  word: string,
  rules: ReadonlyArray<readonly [string, string]>,
  minimumMeasure: number,
): string {
  for (const [suffix, replacement] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length)
      return measure(stem) > minimumMeasure ? stem + replacement : word
    }
  }
  return word
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
]

const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
]

const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
] as const

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2)
  if (word.endsWith('ies')) return word.slice(0, -2)
  if (word.endsWith('ss')) return word
  if (word.endsWith('s')) return word.slice(0, -1)
  return word
}

function step1b(word: string): string {
  if (word.endsWith('eed')) {
    return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word
  }
  let stem: string | undefined
  if (word.endsWith('ed') && hasVowel(word.slice(0, -2))) stem = word.slice(0, -2)
  else if (word.endsWith('ing') && hasVowel(word.slice(0, -3))) stem = word.slice(0, -3)
  if (stem === undefined) return word
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`
  if (endsWithDoubleConsonant(stem)) {
    const last = stem[stem.length - 1]
    if (last !== 'l' && last !== 's' && last !== 'z') return stem.slice(0, -1)
    return stem
  }
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`
  return stem
}

function step1c(word: string): string {
  if (word.endsWith('y') && hasVowel(word.slice(0, -1))) return `${word.slice(0, -1)}i`
  return word
}

function step4(word: string): string {
  // The longest matching suffix decides; 'ion' needs a preceding s or t.
  let best: string | undefined
  for (const suffix of STEP4) {
    if (word.endsWith(suffix) && (best === undefined || suffix.length > best.length)) best = suffix
  }
  if (best === undefined) return word
  const stem = word.slice(0, word.length - best.length)
  if (best === 'ion' && !(stem.endsWith('s') || stem.endsWith('t'))) return word
  return measure(stem) > 1 ? stem : word
}

function step5(word: string): string {
  let result = word
  if (result.endsWith('e')) {
    const stem = result.slice(0, -1)
    const m = measure(stem)
    if (m > 1 || (m === 1 && !endsCvc(stem))) result = stem
  }
  if (measure(result) > 1 && endsWithDoubleConsonant(result) && result.endsWith('l')) {
    result = result.slice(0, -1)
  }
  return result
}

function longestMatch(word: string, rules: ReadonlyArray<readonly [string, string]>): string {
  // Porter's steps 2 and 3 pick the longest suffix that matches, then test its measure.
  let chosen: readonly [string, string] | undefined
  for (const rule of rules) {
    if (word.endsWith(rule[0]) && (chosen === undefined || rule[0].length > chosen[0].length))
      chosen = rule
  }
  return chosen === undefined ? word : replaceSuffix(word, [chosen], 0)
}

/**
 * Stems one lower-case English word with the Porter algorithm (`connections` → `connect`,
 * `relational` → `relat`), as SQLite's FTS5 `porter` tokenizer does: digits count as consonants
 * (`cd4s` → `cd4`), and words shorter than three or longer than 64 characters are returned
 * unchanged. Words with characters outside a-z and 0-9 are returned unchanged (FTS5 stems their
 * UTF-8 bytes, which this function does not imitate).
 */
export function porterStem(word: string): string {
  if (word.length <= 2 || word.length > 64 || !/^[a-z0-9]+$/.test(word)) return word
  let result = step1a(word)
  result = step1b(result)
  result = step1c(result)
  result = longestMatch(result, STEP2)
  result = longestMatch(result, STEP3)
  result = step4(result)
  return step5(result)
}
