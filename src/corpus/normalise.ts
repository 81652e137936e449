/**
 * Text normalisation before indexing: Unicode NFC, typographic ligatures, line endings, control
 * characters, words hyphenated across line breaks, runs of spaces and blank lines. It keeps
 * meaning-bearing characters that NFKC would fold (m², µg, ½).
 */

const LIGATURES: Record<string, string> = {
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'st',
  ﬆ: 'st',
}

// Control characters other than tab and newline, zero-width characters and the BOM.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g

/**
 * Normalises document text. Idempotent: normalising twice gives the same text.
 *
 * @example
 * normaliseText('Treat-\nment\u00a0of  pain\r\n\r\n\r\n\r\nDose: 5\u00a0mg') // 'Treatment of pain\n\nDose: 5 mg'
 */
export function normaliseText(text: string): string {
  let result = text.normalize('NFC')
  result = result.replace(/[ﬀ-ﬆ]/g, (ligature) => LIGATURES[ligature] ?? ligature)
  result = result.replace(/\r\n?/g, '\n').replace(INVISIBLE, '')
  result = result.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g, ' ')
  // A lower-case word broken by a hyphen at a line end is one word ("treat-\nment").
  result = result.replace(/(\p{Ll})-\n[ ]*(\p{Ll})/gu, '$1$2')
  result = result
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
  result = result.replace(/\n{3,}/g, '\n\n')
  return result.trim()
}

/** Normalises a one-line field (a title, a publisher): NFC, single spaces, trimmed. */
export function normaliseLine(text: string): string {
  return normaliseText(text).replace(/\s+/g, ' ')
}
