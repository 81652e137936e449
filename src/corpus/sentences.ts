/**
 * Sentence splitting for chunk boundaries: a sentence ends at `.`, `!` or `?` followed by a space
 * and a capital, digit, bracket or quote, except after common abbreviations (e.g., Dr., Fig.,
 * et al.) and single initials.
 */

const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'fig',
  'figs',
  'al',
  'approx',
  'no',
  'vol',
  'ref',
  'refs',
  'eq',
  'min',
  'max',
  'resp',
  'st',
  'jr',
  'sr',
  'inc',
  'ltd',
  'co',
  'dept',
  'univ',
  'ca',
  'cf',
  'spp',
  'sp',
])

const BOUNDARY = /([.!?])(["')\]]?)(\s+)(?=["'([]?[\p{Lu}\p{N}])/gu

/** A Chinese sentence ends at 。！？ or ；, with any closing quote or bracket, and needs no space. */
const CHINESE_BOUNDARY = /[。！？；!?]["'”’）)\]」』]*(?=\S)/gu

/**
 * Splits a paragraph into sentences. English sentences joined with single spaces give the
 * paragraph back; Chinese sentences (after 。！？；) are joined without a space.
 */
export function splitSentences(paragraph: string): string[] {
  if (!/\p{Script=Han}/u.test(paragraph)) return splitEnglishSentences(paragraph)
  const sentences: string[] = []
  let start = 0
  for (const match of paragraph.matchAll(CHINESE_BOUNDARY)) {
    const end = (match.index ?? 0) + match[0].length
    // An ASCII ! or ? ends a sentence here only after Chinese text ("p < 0.05! Then" is English).
    const before = paragraph.slice(Math.max(start, (match.index ?? 0) - 1), match.index ?? 0)
    if (/^[!?]/.test(match[0]) && !/\p{Script=Han}/u.test(before)) continue
    sentences.push(...splitEnglishSentences(paragraph.slice(start, end)))
    start = end
  }
  sentences.push(...splitEnglishSentences(paragraph.slice(start)))
  return sentences
}

/** Whether a sentence ends Chinese-style, so the next one follows without a space. */
export function endsChineseSentence(sentence: string): boolean {
  return /[。！？；]["'”’）)\]」』]*$/u.test(sentence)
}

function splitEnglishSentences(paragraph: string): string[] {
  const sentences: string[] = []
  let start = 0
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + (match[1]?.length ?? 0) + (match[2]?.length ?? 0)
    const before = paragraph.slice(start, match.index ?? 0)
    const lastWord = (before.match(/([\p{L}.]+)$/u)?.[1] ?? '').toLowerCase()
    if (match[1] === '.' && (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord))) continue
    const sentence = paragraph.slice(start, end).trim()
    if (sentence !== '') sentences.push(sentence)
    start = end + (match[3]?.length ?? 0)
  }
  const rest = paragraph.slice(start).trim()
  if (rest !== '') sentences.push(rest)
  return sentences
}
