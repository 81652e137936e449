/**
 * Language-aware n-gram fingerprints for decontamination, shared by `rl decontaminate`, the
 * instruction factory's builds and the SFT export. Every text gets word n-grams (13 words by
 * default, exactly as before). A text with CJK characters also gets character n-grams: Chinese
 * has no spaces, so a "word" there is a whole clause and a 13-word gram is a paragraph or nothing.
 * Before the character n-grams are taken the text is folded: NFKC (full-width letters, digits and
 * punctuation to half-width), lower case, traditional Chinese to simplified (opencc-js, only
 * for text that holds a traditional character), option letters and everything that is not a
 * letter or digit dropped. In the folded text each CJK character is one unit and each run of other letters or digits ("ct",
 * "150", "mmhg") is one unit, so mixed Chinese-English text works and a reformatted copy of an
 * exam question (full-width, traditional, punctuation or spaces changed) folds to the same units.
 * Why the character n-gram is {@link DEFAULT_CJK_NGRAM_SIZE} long is measured in
 * `docs/instruction-data.md` (Decontamination) with `npm run bench -- zh-decontamination`.
 */
import { createRequire } from 'node:module'
import { DEFAULT_NGRAM_SIZE, ngramHashes, tokenize } from './ngram-index.js'

/**
 * Default character n-gram length for text with CJK characters, in units (a CJK character, or a
 * run of Latin letters or digits). Chosen on one half of 6,098 Chinese exam questions: the
 * smallest length at which at most 0.2% of Galen's own Chinese instruction instances (and at
 * most 5% of unrelated exam questions) share an n-gram with the questions (at 13, 0.5% of them
 * do, mostly through the 13-unit drug-class name 选择性5-羟色胺再摄取抑制剂). The other half
 * reports it (`docs/instruction-data.md`, `npm run bench -- zh-decontamination`).
 */
export const DEFAULT_CJK_NGRAM_SIZE = 14

/** N-gram lengths of a fingerprint. */
export interface FingerprintSizes {
  /** Word n-gram length (default {@link DEFAULT_NGRAM_SIZE}). */
  n?: number
  /** Character n-gram length for CJK text (default {@link DEFAULT_CJK_NGRAM_SIZE}). */
  cjkN?: number
}

/** The n-grams of one text. */
export interface TextFingerprint {
  /** 64-bit hashes as pairs `[high, low, ...]`: the word n-grams first, then the CJK ones. */
  hashes: Uint32Array
  /** How many of the hashes (pairs) are word n-grams. */
  wordCount: number
  /** The normalised words. */
  words: string[]
  /** The folded CJK units (empty when the text has no CJK character). */
  units: string[]
}

const CJK_CLASS = String.raw`\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff`
const CJK_PATTERN = new RegExp(`[${CJK_CLASS}]`, 'u')
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u

/** Whether a UTF-16 code unit is in one of the CJK blocks of {@link CJK_CLASS}. */
function isCjkCode(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  )
}

/**
 * Option letters of a multiple-choice question ("A. ", "(B)", "C、" at a line start, "(D)"
 * anywhere): formatting, not content, so a question lettered differently folds the same.
 */
const OPTION_LABEL = /(^|\n)[ \t]*\(?[a-h](?:\)|\.|、|:)|\([a-h]\)/g

/** Whether a text holds a CJK character (Han, kana or hangul). */
export function hasCjk(text: string): boolean {
  return CJK_PATTERN.test(text)
}

const HAN_FIRST = 0x3400
const HAN_LAST = 0x9fff
let converter: { toSimplified: (text: string) => string; traditional: Uint8Array } | undefined

/**
 * opencc-js's traditional → simplified converter (`t` → `cn`, with its phrase table, so 反覆 →
 * 反复), and which characters of U+3400-U+9FFF it changes on their own: a text without any of
 * those is left as it is, so simplified text costs one scan.
 */
function simplifier(): { toSimplified: (text: string) => string; traditional: Uint8Array } {
  if (converter !== undefined) return converter
  const require = createRequire(import.meta.url)
  const opencc = require('opencc-js/t2cn') as {
    Converter(options: { from: string; to: string }): (text: string) => string
  }
  const toSimplified = opencc.Converter({ from: 't', to: 'cn' })
  const traditional = new Uint8Array(HAN_LAST - HAN_FIRST + 1)
  const source: string[] = []
  for (let code = HAN_FIRST; code <= HAN_LAST; code += 1) source.push(String.fromCharCode(code))
  // one character a line, so that no phrase rule applies across neighbours
  const converted = toSimplified(source.join('\n')).split('\n')
  for (let offset = 0; offset < traditional.length; offset += 1) {
    if (converted[offset] !== source[offset]) traditional[offset] = 1
  }
  converter = { toSimplified, traditional }
  return converter
}

/**
 * Folds text for CJK fingerprints: NFKC, lower case, traditional Chinese to simplified.
 *
 * @example foldCjkText('高血壓，ＣＴ') // '高血压,ct'
 */
export function foldCjkText(text: string): string {
  const { toSimplified, traditional } = simplifier()
  const normalised = text.normalize('NFKC').toLowerCase()
  for (let index = 0; index < normalised.length; index += 1) {
    const code = normalised.charCodeAt(index)
    if (code >= HAN_FIRST && code <= HAN_LAST && traditional[code - HAN_FIRST] === 1) {
      return toSimplified(normalised)
    }
  }
  return normalised
}

/**
 * The units of a text for CJK fingerprints: after {@link foldCjkText}, each CJK character is one
 * unit, each run of other letters or digits is one unit, option letters ("A.", "(B)") and
 * punctuation and spaces are dropped.
 *
 * @example cjkUnits('血壓 150/90 mmHg，頭痛') // ['血', '压', '150', '90', 'mmhg', '头', '痛']
 */
export function cjkUnits(text: string): string[] {
  const units: string[] = []
  const folded = foldCjkText(text).replace(OPTION_LABEL, '$1')
  // A scan by character code (a regex with a lookahead per character was half the cost of a
  // fingerprint); non-ASCII letters and digits outside the CJK blocks are told by one regex.
  let runStart = -1
  for (let index = 0; index <= folded.length; index += 1) {
    const code = index < folded.length ? folded.charCodeAt(index) : 0x20
    let kind: 'cjk' | 'word' | 'other'
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) kind = 'word'
    else if (code < 0x80) kind = 'other'
    else if (isCjkCode(code)) kind = 'cjk'
    else if (code >= 0xd800 && code <= 0xdbff) {
      // a character outside the basic plane: letters and digits join a run
      const character = folded.slice(index, index + 2)
      kind = LETTER_OR_DIGIT.test(character) ? 'word' : 'other'
      if (kind === 'word') {
        if (runStart < 0) runStart = index
        index += 1
        continue
      }
    } else kind = LETTER_OR_DIGIT.test(folded.charAt(index)) ? 'word' : 'other'
    if (kind === 'word') {
      if (runStart < 0) runStart = index
      continue
    }
    if (runStart >= 0) {
      units.push(folded.slice(runStart, index))
      runStart = -1
    }
    if (kind === 'cjk') units.push(folded.charAt(index))
  }
  return units
}

// Character n-grams live in the same table as word n-grams; this tag keeps them apart.
const CJK_TAG = 0x9e3779b9

/**
 * The word n-grams of a text and, when it has CJK characters, its character n-grams.
 *
 * @throws RangeError when a size is not a positive integer
 */
export function fingerprintText(text: string, sizes: FingerprintSizes = {}): TextFingerprint {
  const n = sizes.n ?? DEFAULT_NGRAM_SIZE
  const cjkN = sizes.cjkN ?? DEFAULT_CJK_NGRAM_SIZE
  checkSize('n-gram size', n)
  checkSize('CJK n-gram size', cjkN)
  const words = tokenize(text)
  const wordHashes = ngramHashes(words, n)
  if (!hasCjk(text))
    return { hashes: wordHashes, wordCount: wordHashes.length / 2, words, units: [] }
  const units = cjkUnits(text)
  const cjkHashes = ngramHashes(units, cjkN)
  const hashes = new Uint32Array(wordHashes.length + cjkHashes.length)
  hashes.set(wordHashes, 0)
  for (let slot = 0; slot < cjkHashes.length; slot += 2) {
    hashes[wordHashes.length + slot] = ((cjkHashes[slot] as number) ^ CJK_TAG) >>> 0
    hashes[wordHashes.length + slot + 1] = cjkHashes[slot + 1] as number
  }
  return { hashes, wordCount: wordHashes.length / 2, words, units }
}

/** The n-gram at a position of a fingerprint, as readable text (for reports). */
export function fingerprintGramText(
  fingerprint: TextFingerprint,
  position: number,
  sizes: FingerprintSizes = {},
): string {
  if (position < fingerprint.wordCount) {
    return fingerprint.words.slice(position, position + (sizes.n ?? DEFAULT_NGRAM_SIZE)).join(' ')
  }
  const start = position - fingerprint.wordCount
  const units = fingerprint.units.slice(start, start + (sizes.cjkN ?? DEFAULT_CJK_NGRAM_SIZE))
  let text = ''
  for (const unit of units) {
    const previous = text.at(-1)
    // a space only between two Latin or digit runs, as they were written
    text +=
      previous !== undefined && !hasCjk(previous) && !hasCjk(unit.charAt(0)) ? ` ${unit}` : unit
  }
  return text
}

function checkSize(what: string, size: number): void {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`rl-data: ${what} must be a positive integer, got ${size}`)
}
