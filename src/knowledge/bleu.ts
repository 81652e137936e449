/**
 * Corpus BLEU as Moses' `multi-bleu-detok.perl` computes it on raw (detokenised, true-cased) text,
 * which is how WebNLG+ 2020 ranked RDF-to-text systems: the internal tokenisation of NIST's
 * mteval-v13a, case-sensitive, BLEU-4 with uniform weights and no smoothing, n-gram counts clipped
 * by the maximum count in any reference, and the reference length closest to the hypothesis length
 * (ties go to the shorter one; an empty reference is a reference of length 0).
 */

/** Perl's `\s` on character strings (Unicode white space). */
const PERL_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g

/**
 * The mteval-v13a tokenisation: unescapes the four SGML entities, splits ASCII punctuation
 * (except `'` and `-`), splits `.` and `,` unless both neighbours are digits, splits a `-` that
 * follows a digit, and collapses white space.
 *
 * @example
 * tokenizeMteval('It costs 1,000.50 dollars, in 1990-91.') // 'It costs 1,000.50 dollars , in 1990 - 91 .'
 */
export function tokenizeMteval(text: string): string {
  let normalized = text
    .replace(/<skipped>/g, '')
    .replace(/-\n/g, '')
    .replace(/\n/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
  normalized = ` ${normalized} `
  normalized = normalized.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
  normalized = normalized.replace(/([^0-9])([.,])/g, '$1 $2 ')
  normalized = normalized.replace(/([.,])([^0-9])/g, ' $1 $2')
  normalized = normalized.replace(/([0-9])(-)/g, '$1 $2 ')
  return normalized.replace(PERL_SPACE, ' ').replace(/^ /, '').replace(/ $/, '')
}

/** The tokens of a text after {@link tokenizeMteval}. */
export function mtevalTokens(text: string): string[] {
  const tokenized = tokenizeMteval(text)
  return tokenized === '' ? [] : tokenized.split(' ')
}

/** Corpus BLEU and its parts. */
export interface BleuResult {
  /** BLEU on a 0-1 scale (the Perl script prints it times 100). */
  bleu: number
  /** Modified n-gram precisions for n = 1..4 (0 where nothing was counted). */
  precisions: [number, number, number, number]
  /** Brevity penalty. */
  brevityPenalty: number
  /** Hypothesis tokens in total. */
  hypothesisLength: number
  /** Sum of the closest reference lengths. */
  referenceLength: number
}

function ngramCounts(words: readonly string[], order: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (let start = 0; start + order <= words.length; start++) {
    const key = words.slice(start, start + order).join(' ')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** Perl script's log: a zero precision gives a huge negative number instead of -Infinity. */
function scriptLog(value: number): number {
  return value === 0 ? -9999999999 : Math.log(value)
}

/**
 * Corpus BLEU of `hypotheses` against `references` (`references[i]` are the references of input i;
 * empty strings count as empty references, as in the official layout).
 *
 * @throws RangeError when the two lists differ in length
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
): BleuResult {
  if (hypotheses.length !== references.length) {
    throw new RangeError(
      `bleu: ${hypotheses.length} hypotheses but ${references.length} reference sets`,
    )
  }
  const correct = [0, 0, 0, 0]
  const total = [0, 0, 0, 0]
  let hypothesisLength = 0
  let referenceLength = 0
  for (let index = 0; index < hypotheses.length; index++) {
    const words = mtevalTokens(hypotheses[index] ?? '')
    let closestDiff = 9999
    let closestLength = 9999
    const maxReferenceCounts: Array<Map<string, number>> = [
      new Map(),
      new Map(),
      new Map(),
      new Map(),
    ]
    for (const reference of references[index] ?? []) {
      const referenceWords = mtevalTokens(reference)
      const diff = Math.abs(words.length - referenceWords.length)
      if (diff < closestDiff) {
        closestDiff = diff
        closestLength = referenceWords.length
      } else if (diff === closestDiff && referenceWords.length < closestLength) {
        closestLength = referenceWords.length
      }
      for (let order = 1; order <= 4; order++) {
        const maxCounts = maxReferenceCounts[order - 1] as Map<string, number>
        for (const [ngram, count] of ngramCounts(referenceWords, order)) {
          if ((maxCounts.get(ngram) ?? 0) < count) maxCounts.set(ngram, count)
        }
      }
    }
    hypothesisLength += words.length
    referenceLength += closestLength
    for (let order = 1; order <= 4; order++) {
      const maxCounts = maxReferenceCounts[order - 1] as Map<string, number>
      for (const [ngram, count] of ngramCounts(words, order)) {
        total[order - 1] = (total[order - 1] ?? 0) + count
        const referenceCount = maxCounts.get(ngram)
        if (referenceCount !== undefined) {
          correct[order - 1] = (correct[order - 1] ?? 0) + Math.min(count, referenceCount)
        }
      }
    }
  }
  const precisions = [0, 1, 2, 3].map((order) => {
    const counted = total[order] ?? 0
    return counted > 0 ? (correct[order] ?? 0) / counted : 0
  }) as [number, number, number, number]
  if (referenceLength === 0) {
    return { bleu: 0, precisions, brevityPenalty: 0, hypothesisLength, referenceLength }
  }
  const brevityPenalty =
    hypothesisLength < referenceLength ? Math.exp(1 - referenceLength / hypothesisLength) : 1
  const logMean = precisions.reduce((sum, precision) => sum + scriptLog(precision), 0) / 4
  const bleu = brevityPenalty * Math.exp(logMean)
  return { bleu, precisions, brevityPenalty, hypothesisLength, referenceLength }
}
