/**
 * Quality filters: cheap tests that keep extraction debris (empty pages, navigation menus, binary
 * or encoded blobs, tables of numbers) out of the index. Each failed test is reported with its
 * reason so that a user can loosen a filter that drops good material.
 */
import { tokenizeWords } from '../retrieval/text-analysis.js'

const HAN = /\p{Script=Han}/u

/** Thresholds of the quality filters. */
export interface QualitySettings {
  /** Fewer characters than this fails (default 40). */
  minCharacters: number
  /** Fewer words than this fails (default 6). */
  minWords: number
  /** Share of letters among non-space characters below this fails (default 0.5). */
  minLetterRatio: number
  /**
   * Mean word length outside this range fails (default 2-15 characters); Chinese words are not
   * counted, and a text that is mostly Chinese skips this test.
   */
  wordLengthRange: readonly [number, number]
  /** Share of lines that repeat another line above this fails (default 0.5; boilerplate). */
  maxRepeatedLineRatio: number
}

/** The defaults. */
export const DEFAULT_QUALITY: QualitySettings = {
  minCharacters: 40,
  minWords: 6,
  minLetterRatio: 0.5,
  wordLengthRange: [2, 15],
  maxRepeatedLineRatio: 0.5,
}

/** The verdict on one text. */
export type QualityVerdict = { ok: true } | { ok: false; reason: string }

/** Applies the quality filters to a normalised text. */
export function checkQuality(
  text: string,
  settings: QualitySettings = DEFAULT_QUALITY,
): QualityVerdict {
  const characters = text.length
  if (characters < settings.minCharacters) {
    return { ok: false, reason: `too short (${characters} characters < ${settings.minCharacters})` }
  }
  const words = tokenizeWords(text)
  if (words.length < settings.minWords) {
    return { ok: false, reason: `too few words (${words.length} < ${settings.minWords})` }
  }
  const visible = text.replace(/\s+/g, '')
  const letters = visible.match(/\p{L}/gu)?.length ?? 0
  const letterRatio = visible.length === 0 ? 0 : letters / visible.length
  if (letterRatio < settings.minLetterRatio) {
    return {
      ok: false,
      reason: `mostly non-letters (${(letterRatio * 100).toFixed(0)}% letters < ${(settings.minLetterRatio * 100).toFixed(0)}%)`,
    }
  }
  // Chinese words are one to four characters by nature, so the test judges the other words, and
  // only when they are the majority of the text (it is meant for debris and encoded blobs).
  const otherWords = words.filter((word) => !HAN.test(word))
  const meanLength =
    otherWords.reduce((sum, word) => sum + word.length, 0) / Math.max(1, otherWords.length)
  const [shortest, longest] = settings.wordLengthRange
  if (otherWords.length * 2 > words.length && (meanLength < shortest || meanLength > longest)) {
    return {
      ok: false,
      reason: `mean word length ${meanLength.toFixed(1)} outside ${shortest}-${longest} (not prose)`,
    }
  }
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
  if (lines.length >= 6) {
    const seen = new Set<string>()
    let repeated = 0
    for (const line of lines) {
      if (seen.has(line)) repeated += 1
      else seen.add(line)
    }
    const ratio = repeated / lines.length
    if (ratio > settings.maxRepeatedLineRatio) {
      return {
        ok: false,
        reason: `${(ratio * 100).toFixed(0)}% repeated lines (boilerplate)`,
      }
    }
  }
  return { ok: true }
}
