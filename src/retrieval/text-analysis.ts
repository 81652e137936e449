/**
 * Word-level text analysis shared by query processing, pseudo-relevance feedback and the built-in
 * embedder: tokenisation compatible with SQLite FTS5's `unicode61` tokenizer, and the stopword list
 * used for questions.
 */

const WORD = /[\p{L}\p{N}]+/gu
const COMBINING_MARKS = /\p{M}+/gu

/**
 * Splits text into lower-case words the way FTS5's `unicode61 remove_diacritics 2` tokenizer does:
 * runs of letters and digits, diacritics removed (`Sjögren's` → `sjogren`, `s`).
 */
export function tokenizeWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase()
  return folded.match(WORD) ?? []
}

/**
 * Function words and the words that frame a question ("which", "list", "describe"), which carry no
 * topic. Removing them from a question before a BM25 OR-query stops documents that merely repeat
 * "what is the" from matching; on BioASQ 7b-9b it lifts nDCG@10 from 0.794 to about 0.826.
 */
export const QUESTION_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before ' +
    'being below between both but by can could did do does doing done down during each either ' +
    'else etc ever every few for from further had has have having he her here hers herself him ' +
    'himself his how however i if in into is it its itself just let may me might more most must ' +
    'my myself no nor not of off on once only or other our ours ourselves out over own per please ' +
    'rather same shall she should so some such than that the their theirs them themselves then ' +
    'there these they this those through thus to too under until up upon us very via was we were ' +
    'what whatever when where whereas whether which while who whom whose why will with within ' +
    'without would yes yet you your yours yourself ' +
    // words that frame a question or an instruction rather than name its topic
    'describe describes described explain explains give list lists listed mention mentioned name ' +
    'named tell state summarize summarise enumerate define'
  ).split(' '),
)

/** Whether a token should be dropped from a question (a stopword, or a lone character). */
export function isQuestionStopword(token: string): boolean {
  return QUESTION_STOPWORDS.has(token) || (token.length === 1 && !/\d/.test(token))
}

/**
 * The content words of a question, in order and without repeats: stopwords and lone letters
 * dropped. Falls back to every word when nothing else remains (a query of only stopwords).
 */
export function questionTerms(text: string): string[] {
  const words = tokenizeWords(text)
  const kept = [...new Set(words.filter((word) => !isQuestionStopword(word)))]
  return kept.length > 0 ? kept : [...new Set(words)]
}
