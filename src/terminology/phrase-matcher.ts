/**
 * Finds known phrases (drug names, test names) in free text, longest first, with character
 * offsets, optional case-sensitive abbreviations (`PT` the test, not `pt` the patient) and
 * spelling correction of long words through a deletion-neighbourhood table.
 */
import { allowedEdits, editDistance } from './tokens.js'

/** A word of the text with its offsets. */
export interface TextWord {
  /** Lower case, accents folded. */
  word: string
  /** As written. */
  raw: string
  start: number
  end: number
}

/** One phrase found in text. */
export interface PhraseHit<Value> {
  value: Value
  start: number
  end: number
  /** The words as written. */
  text: string
  /** True when a misspelt word was corrected. */
  corrected: boolean
}

const WORD = /[A-Za-z0-9\u00c0-\u024f]+|[\u4e00-\u9fff]+/g

function fold(word: string): string {
  const lower = word.toLowerCase()
  return /[\u0080-\uffff]/.test(lower)
    ? lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    : lower
}

/** Splits text into words with their offsets. */
export function wordsWithOffsets(text: string): TextWord[] {
  const words: TextWord[] = []
  WORD.lastIndex = 0
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    words.push({
      word: fold(match[0]),
      raw: match[0],
      start: match.index,
      end: match.index + match[0].length,
    })
  }
  return words
}

/** The lookup key of a phrase: its folded words joined by single spaces. */
export function phraseKey(phrase: string): string {
  return wordsWithOffsets(phrase)
    .map((word) => word.word)
    .join(' ')
}

/** Options of {@link PhraseMatcher.find}. */
export interface FindPhrasesOptions {
  /** Single words never matched on their own (everyday words that are also names). */
  skipWords?: ReadonlySet<string>
  /** Shortest single word matched (default 2). */
  minWordLength?: number
  /** Correct misspelt words at least this long (default: no correction). */
  correctFrom?: number
  /** Most edits for a correction (default 1). */
  maxEdits?: number
}

/** A dictionary of phrases with values. Add phrases, then find them. */
export class PhraseMatcher<Value> {
  private readonly phrases = new Map<string, Value>()
  private readonly exactCase = new Map<string, Value>()
  private maxWords = 1
  private deletions: Map<string, string[]> | undefined

  /** Number of phrases. */
  get size(): number {
    return this.phrases.size + this.exactCase.size
  }

  /**
   * Adds a phrase. A case-sensitive phrase matches only as written (for short upper-case
   * abbreviations). The first value added for a phrase wins.
   */
  add(phrase: string, value: Value, options: { caseSensitive?: boolean } = {}): void {
    const words = wordsWithOffsets(phrase)
    if (words.length === 0) return
    const target = options.caseSensitive ? this.exactCase : this.phrases
    const phraseText = options.caseSensitive
      ? words.map((word) => word.raw).join(' ')
      : words.map((word) => word.word).join(' ')
    if (target.has(phraseText)) return
    target.set(phraseText, value)
    if (words.length > this.maxWords && words.length <= 8) this.maxWords = words.length
    this.deletions = undefined
  }

  /** The value of a phrase (case-insensitive phrases only), or undefined. */
  get(phrase: string): Value | undefined {
    return this.phrases.get(phraseKey(phrase))
  }

  /** Corrects one misspelt word to a known single-word phrase within `maxEdits` edits. */
  correct(word: string, maxEdits = 2): { value: Value; phrase: string } | undefined {
    const limit = Math.min(maxEdits, allowedEdits(word.length))
    if (limit === 0 || /[0-9]/.test(word)) return undefined
    if (this.deletions === undefined) this.deletions = this.buildDeletions()
    const variants = new Set<string>([word])
    for (let position = 0; position < word.length; position += 1) {
      const once = word.slice(0, position) + word.slice(position + 1)
      variants.add(once)
      if (limit > 1) {
        for (let second = position; second < once.length; second += 1) {
          variants.add(once.slice(0, second) + once.slice(second + 1))
        }
      }
    }
    let best: string | undefined
    let bestDistance = limit + 1
    for (const variant of variants) {
      for (const candidate of this.deletions.get(variant) ?? []) {
        const distance = editDistance(
          word,
          candidate,
          Math.min(limit, allowedEdits(candidate.length)),
        )
        if (
          distance < bestDistance ||
          (distance === bestDistance && best !== undefined && candidate < best)
        ) {
          best = candidate
          bestDistance = distance
        }
      }
    }
    if (best === undefined || bestDistance > limit) return undefined
    const value = this.phrases.get(best)
    return value === undefined ? undefined : { value, phrase: best }
  }

  private buildDeletions(): Map<string, string[]> {
    const deletions = new Map<string, string[]>()
    for (const phrase of this.phrases.keys()) {
      if (phrase.length < 5 || phrase.includes(' ') || /[0-9]/.test(phrase)) continue
      const variants = new Set<string>([phrase])
      for (let position = 0; position < phrase.length; position += 1) {
        variants.add(phrase.slice(0, position) + phrase.slice(position + 1))
      }
      for (const variant of variants) {
        const bucket = deletions.get(variant)
        if (bucket === undefined) deletions.set(variant, [phrase])
        else bucket.push(phrase)
      }
    }
    return deletions
  }

  /** Finds phrases in text, left to right, longest first, without overlaps. */
  find(text: string, options: FindPhrasesOptions = {}): PhraseHit<Value>[] {
    const words = wordsWithOffsets(text)
    const hits: PhraseHit<Value>[] = []
    const minWordLength = options.minWordLength ?? 2
    let index = 0
    while (index < words.length) {
      let matched = 0
      for (let size = Math.min(this.maxWords, words.length - index); size >= 1; size -= 1) {
        const slice = words.slice(index, index + size)
        const first = slice[0] as TextWord
        const last = slice[size - 1] as TextWord
        const exact = this.exactCase.get(slice.map((word) => word.raw).join(' '))
        if (exact !== undefined) {
          hits.push({
            value: exact,
            start: first.start,
            end: last.end,
            text: text.slice(first.start, last.end),
            corrected: false,
          })
          matched = size
          break
        }
        const phrase = slice.map((word) => word.word).join(' ')
        if (size === 1 && (phrase.length < minWordLength || options.skipWords?.has(phrase)))
          continue
        const value = this.phrases.get(phrase)
        if (value !== undefined) {
          hits.push({
            value,
            start: first.start,
            end: last.end,
            text: text.slice(first.start, last.end),
            corrected: false,
          })
          matched = size
          break
        }
      }
      if (matched === 0) {
        const word = words[index] as TextWord
        if (
          options.correctFrom !== undefined &&
          word.word.length >= options.correctFrom &&
          options.skipWords?.has(word.word) !== true
        ) {
          const corrected = this.correct(word.word, options.maxEdits ?? 1)
          if (corrected !== undefined) {
            hits.push({
              value: corrected.value,
              start: word.start,
              end: word.end,
              text: word.raw,
              corrected: true,
            })
          }
        }
        matched = 1
      }
      index += matched
    }
    return hits
  }
}
