/**
 * chrF++ as Popović's `chrF.py` computes it, the variant WebNLG+ 2020 used: character n-grams
 * 1-6 (spaces removed) and word n-grams 1-2 (one leading or trailing ASCII punctuation character
 * split off a word), beta 2, on raw case-sensitive text. With several references, each input keeps
 * the reference with the best sentence F and adds that reference's n-gram counts to the corpus
 * totals; the score is the corpus-level F, the mean of the eight n-gram F-scores.
 */

/** Python's `str.isspace` characters, used by `strip()` and `split()`. */
const PYTHON_SPACE_CLASS =
  '\\t\\n\\v\\f\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const PYTHON_SPACE_RUN = new RegExp(`[${PYTHON_SPACE_CLASS}]+`)
const PYTHON_STRIP = new RegExp(`^[${PYTHON_SPACE_CLASS}]+|[${PYTHON_SPACE_CLASS}]+$`, 'g')

/** Python's `string.punctuation`. */
const ASCII_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')

/** Settings of chrF; the defaults are chrF++ as WebNLG+ 2020 ran it. */
export interface ChrfSettings {
  /** Word n-gram order (default 2; 0 gives plain chrF). */
  wordOrder?: number
  /** Character n-gram order (default 6). */
  charOrder?: number
  /** Recall weight beta (default 2). */
  beta?: number
}

/** Corpus chrF and its average sentence-level F. */
export interface ChrfResult {
  /** Corpus-level F on a 0-1 scale (the figure WebNLG reports). */
  chrf: number
  /** Mean of the best sentence-level F of each input. */
  averageSentenceF: number
  /** Corpus-level precision and recall (means over the n-gram orders). */
  precision: number
  recall: number
  /** Inputs scored (inputs without a non-empty reference are left out). */
  n: number
}

function pythonStrip(text: string): string {
  return text.replace(PYTHON_STRIP, '')
}

/** The word tokens chrF++ counts: white-space split, one edge punctuation character split off. */
export function chrfWords(line: string): string[] {
  const stripped = pythonStrip(line)
  if (stripped === '') return []
  const tokens: string[] = []
  for (const word of stripped.split(PYTHON_SPACE_RUN)) {
    if (Array.from(word).length === 1) {
      tokens.push(word)
      continue
    }
    const last = word.slice(-1)
    const first = word.slice(0, 1)
    if (ASCII_PUNCTUATION.has(last)) tokens.push(word.slice(0, -1), last)
    else if (ASCII_PUNCTUATION.has(first)) tokens.push(first, word.slice(1))
    else tokens.push(word)
  }
  return tokens
}

/** The characters chrF counts: the stripped line without its ASCII spaces, by code point. */
export function chrfCharacters(line: string): string[] {
  return Array.from(pythonStrip(line).replaceAll(' ', ''))
}

/** n-gram counts per order (index 0 = unigrams); an order is absent when the text is too short. */
function ngramCounts(units: readonly string[], maxOrder: number): Array<Map<string, number>> {
  const byOrder: Array<Map<string, number>> = []
  for (let order = 1; order <= maxOrder && order <= units.length; order++) {
    const counts = new Map<string, number>()
    for (let start = 0; start + order <= units.length; start++) {
      const key = units.slice(start, start + order).join('\u0001')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    byOrder.push(counts)
  }
  return byOrder
}

interface OrderCounts {
  /** Only the orders in which at least one n-gram matched (as the script's dictionaries do). */
  matching: Map<number, number>
  reference: Map<number, number>
  hypothesis: Map<number, number>
}

function matchCounts(
  reference: ReadonlyArray<Map<string, number>>,
  hypothesis: ReadonlyArray<Map<string, number>>,
): OrderCounts {
  const counts: OrderCounts = { matching: new Map(), reference: new Map(), hypothesis: new Map() }
  reference.forEach((referenceNgrams, order) => {
    const hypothesisNgrams = hypothesis[order]
    let hypothesisTotal = 0
    for (const count of hypothesisNgrams?.values() ?? []) hypothesisTotal += count
    counts.hypothesis.set(order, hypothesisTotal)
    let referenceTotal = 0
    for (const [ngram, count] of referenceNgrams) {
      referenceTotal += count
      const hypothesisCount = hypothesisNgrams?.get(ngram)
      if (hypothesisCount !== undefined) {
        counts.matching.set(
          order,
          (counts.matching.get(order) ?? 0) + Math.min(count, hypothesisCount),
        )
      }
    }
    counts.reference.set(order, referenceTotal)
  })
  return counts
}

/** Per-order F, recall and precision, summed over the orders present in `matching`. */
function sumScores(
  matching: ReadonlyMap<number, number>,
  reference: ReadonlyMap<number, number>,
  hypothesis: ReadonlyMap<number, number>,
  beta: number,
): { f: number; recall: number; precision: number } {
  const factor = beta ** 2
  let f = 0
  let recall = 0
  let precision = 0
  for (const [order, matched] of matching) {
    const hypothesisTotal = hypothesis.get(order) ?? 0
    const referenceTotal = reference.get(order) ?? 0
    const orderPrecision = hypothesisTotal > 0 ? matched / hypothesisTotal : 1e-16
    const orderRecall = referenceTotal > 0 ? matched / referenceTotal : 1e-16
    const denominator = factor * orderPrecision + orderRecall
    f += denominator > 0 ? ((1 + factor) * orderPrecision * orderRecall) / denominator : 1e-16
    recall += orderRecall
    precision += orderPrecision
  }
  return { f, recall, precision }
}

/**
 * Corpus chrF++ of `hypotheses` against `references` (`references[i]` are the references of
 * input i). Empty references are dropped, and inputs left with none are not scored, as the WebNLG
 * scorer does. Like the original script, an input whose hypothesis shares no n-gram with any
 * reference adds the counts of the input before it again (a quirk of the script that the published
 * figures include, for example the empty outputs of the FORGe 2017 baseline).
 *
 * @throws RangeError when the two lists differ in length
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  settings: ChrfSettings = {},
): ChrfResult {
  if (hypotheses.length !== references.length) {
    throw new RangeError(
      `chrf: ${hypotheses.length} hypotheses but ${references.length} reference sets`,
    )
  }
  const wordOrder = settings.wordOrder ?? 2
  const charOrder = settings.charOrder ?? 6
  const beta = settings.beta ?? 2
  const orders = wordOrder + charOrder
  const wordTotals = {
    matching: new Map<number, number>(),
    reference: new Map<number, number>(),
    hypothesis: new Map<number, number>(),
  }
  const charTotals = {
    matching: new Map<number, number>(),
    reference: new Map<number, number>(),
    hypothesis: new Map<number, number>(),
  }
  for (let order = 0; order < wordOrder; order++) {
    wordTotals.matching.set(order, 0)
    wordTotals.reference.set(order, 0)
    wordTotals.hypothesis.set(order, 0)
  }
  for (let order = 0; order < charOrder; order++) {
    charTotals.matching.set(order, 0)
    charTotals.reference.set(order, 0)
    charTotals.hypothesis.set(order, 0)
  }
  let sentenceFSum = 0
  let n = 0
  for (let index = 0; index < hypotheses.length; index++) {
    const kept = (references[index] ?? []).filter((reference) => pythonStrip(reference) !== '')
    if (kept.length === 0) continue
    n += 1
    const hypothesis = hypotheses[index] ?? ''
    const hypothesisWords = ngramCounts(chrfWords(hypothesis), wordOrder)
    const hypothesisChars = ngramCounts(chrfCharacters(hypothesis), charOrder)
    let maxF = 0
    let best: { words: OrderCounts; chars: OrderCounts } | undefined
    for (const reference of kept) {
      const words = matchCounts(ngramCounts(chrfWords(reference), wordOrder), hypothesisWords)
      const chars = matchCounts(ngramCounts(chrfCharacters(reference), charOrder), hypothesisChars)
      const wordScores = sumScores(words.matching, words.reference, words.hypothesis, beta)
      const charScores = sumScores(chars.matching, chars.reference, chars.hypothesis, beta)
      const sentenceF = (wordScores.f + charScores.f) / orders
      if (sentenceF > maxF || best === undefined) {
        maxF = Math.max(maxF, sentenceF)
        best = { words, chars }
      }
    }
    if (best !== undefined) {
      addCounts(wordTotals, best.words)
      addCounts(charTotals, best.chars)
    }
    sentenceFSum += maxF
  }
  const word = sumScores(wordTotals.matching, wordTotals.reference, wordTotals.hypothesis, beta)
  const char = sumScores(charTotals.matching, charTotals.reference, charTotals.hypothesis, beta)
  return {
    chrf: (word.f + char.f) / orders,
    averageSentenceF: n === 0 ? 0 : sentenceFSum / n,
    precision: (word.precision + char.precision) / orders,
    recall: (word.recall + char.recall) / orders,
    n,
  }
}

function addCounts(
  totals: {
    matching: Map<number, number>
    reference: Map<number, number>
    hypothesis: Map<number, number>
  },
  counts: OrderCounts,
): void {
  for (const order of totals.matching.keys()) {
    totals.matching.set(
      order,
      (totals.matching.get(order) ?? 0) + (counts.matching.get(order) ?? 0),
    )
    totals.reference.set(
      order,
      (totals.reference.get(order) ?? 0) + (counts.reference.get(order) ?? 0),
    )
    totals.hypothesis.set(
      order,
      (totals.hypothesis.get(order) ?? 0) + (counts.hypothesis.get(order) ?? 0),
    )
  }
}
