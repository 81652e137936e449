/**
 * Small text helpers for answering: content-word tokens (for support checks and near-duplicate
 * detection), sentence splitting and a token estimate for budgets.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how if in ' +
    'into is it its may might more most much must no not of on or other our should so some such ' +
    'than that the their them then there these they this those to too was were what when where ' +
    'which while who whom why will with would you your also about after before between both each ' +
    'per via use used using usually often generally including include includes based according ' +
    'patient patients people person adults adult recommend recommends recommended recommendation ' +
    'guideline guidelines suggest suggests advised advises'
  ).split(' '),
)

/** Lower-cases and reduces a word to a crude stem (plural and common suffixes). */
export function stemWord(word: string): string {
  let stem = word.toLowerCase()
  if (stem.length > 5 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`
  else if (stem.length > 4 && stem.endsWith('es') && !stem.endsWith('ses')) stem = stem.slice(0, -2)
  else if (stem.length > 3 && stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1)
  if (stem.length > 6 && stem.endsWith('ing')) stem = stem.slice(0, -3)
  else if (stem.length > 5 && stem.endsWith('ed')) stem = stem.slice(0, -2)
  return stem
}

/** Content tokens: words and numbers, stop words dropped, stemmed. */
export function contentTokens(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9\u00c0-\u024f]+(?:[.,/-][0-9]+)*/g) ?? []
  const tokens: string[] = []
  for (const word of words) {
    if (STOPWORDS.has(word)) continue
    if (word.length < 2 && !/\d/.test(word)) continue
    tokens.push(/\d/.test(word) ? word : stemWord(word))
  }
  return tokens
}

/** Numbers written in a text (`140/90`, `4.5`, `2,550` normalised without thousands commas). */
export function numbersIn(text: string): string[] {
  const found = text.match(/\d+(?:[.,]\d+)*(?:\/\d+)?/g) ?? []
  return found.map((number) => number.replace(/,(?=\d{3}\b)/g, ''))
}

/** Splits text into sentences, keeping citation markers with the sentence they close. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = []
  const pattern = /[^.!?\n]+(?:[.!?]+(?:\s*\[[\d,\s-]+\])*|\n|$)/g
  for (const match of text.matchAll(pattern)) {
    const sentence = match[0].trim()
    if (sentence.length > 0) sentences.push(sentence)
  }
  // Re-attach citation-only fragments ("[2].") and decimal splits ("4." + "5 hours") to the previous sentence.
  const merged: string[] = []
  for (const sentence of sentences) {
    const previous = merged[merged.length - 1]
    if (
      previous !== undefined &&
      (/^\[[\d,\s-]+\][.!?]?$/.test(sentence) || (/\d\.$/.test(previous) && /^\d/.test(sentence)))
    ) {
      merged[merged.length - 1] = /\d\.$/.test(previous)
        ? `${previous}${sentence}`
        : `${previous} ${sentence}`
    } else merged.push(sentence)
  }
  return merged
}

/** A rough token count (about 0.75 words per token) used for evidence budgets. */
export function estimateTokens(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length
  return Math.ceil(words * 1.33)
}

/** Jaccard similarity of two token sets. */
export function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 1
  let shared = 0
  for (const token of left) if (right.has(token)) shared += 1
  return shared / (left.size + right.size - shared)
}

/** Word 3-shingles of a text's content tokens, for near-duplicate detection. */
export function shingles(text: string, size = 3): Set<string> {
  const tokens = contentTokens(text)
  const result = new Set<string>()
  if (tokens.length < size) {
    if (tokens.length > 0) result.add(tokens.join(' '))
    return result
  }
  for (let start = 0; start + size <= tokens.length; start += 1) {
    result.add(tokens.slice(start, start + size).join(' '))
  }
  return result
}
