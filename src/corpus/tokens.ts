/**
 * Token counting for chunk budgets. Galen does not ship a model tokenizer, so it approximates
 * subword tokenizers (BPE, WordPiece): one token per punctuation mark and per started six
 * characters of a word, which tracks common English tokenizers within about 15 percent on medical
 * text (long terms such as "pharmacokinetics" split into several pieces). A Han character counts
 * as one token, as in common multilingual tokenizers (about 0.7 to 1.5 per character).
 */

const PIECE = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+|[^\s\p{L}\p{N}]/gu

/** Approximate number of model tokens in a text. */
export function countTokens(text: string): number {
  let count = 0
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0]
    count += piece.length <= 6 ? 1 : Math.ceil(piece.length / 6)
  }
  return count
}
