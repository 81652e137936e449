/**
 * A small TF-IDF index over character n-grams with cosine similarity, for short Chinese terms
 * (diagnosis and procedure names, raw clinical strings). Postings are kept in memory; a query
 * touches only the postings of its own n-grams, so a lookup over 40,000 names takes well under a
 * millisecond for typical terms.
 */
import { foldZhTerm, zhNgrams } from './zh-text.js'

/** One hit: the entry's position (in insertion order) and its cosine similarity. */
export interface NgramHit {
  entry: number
  score: number
}

/** A built n-gram index; entries are referred to by their 0-based insertion order. */
export interface NgramIndex {
  readonly size: number
  /** The `limit` most similar entries (cosine of TF-IDF vectors), best first. */
  search(text: string, limit: number): NgramHit[]
  /** The cosine similarity of two texts under this index's IDF weights. */
  similarity(left: string, right: string): number
}

/** Whether an n-gram goes into the postings: bigrams and multi-character Latin or digit runs. */
function isPostingGram(gram: string): boolean {
  return gram.includes('\u0001') || gram.length > 1
}

/**
 * Builds an index over `texts` (folded with `foldZhTerm`). IDF is `log(1 + N / df)`; n-grams
 * unseen in the index get the largest IDF.
 */
export function createNgramIndex(texts: readonly string[]): NgramIndex {
  const grams = texts.map((text) => zhNgrams(foldZhTerm(text)))
  const documentFrequency = new Map<string, number>()
  for (const bag of grams) {
    for (const gram of bag.keys())
      documentFrequency.set(gram, (documentFrequency.get(gram) ?? 0) + 1)
  }
  const count = Math.max(1, texts.length)
  const unseenIdf = Math.log(1 + count)
  const idf = (gram: string): number => {
    const frequency = documentFrequency.get(gram)
    return frequency === undefined ? unseenIdf : Math.log(1 + count / frequency)
  }
  const weigh = (
    bag: ReadonlyMap<string, number>,
  ): { weights: Map<string, number>; norm: number } => {
    const weights = new Map<string, number>()
    let squares = 0
    for (const [gram, frequency] of bag) {
      const weight = (1 + Math.log(frequency)) * idf(gram)
      weights.set(gram, weight)
      squares += weight * weight
    }
    return { weights, norm: Math.sqrt(squares) }
  }
  // Candidates are gathered through bigram postings (and whole Latin or digit runs) only: single
  // characters such as 性 or 病 occur in thousands of names and would make every query scan them.
  // The candidates with the largest bigram overlap are then scored by the full cosine.
  const postings = new Map<string, Array<[number, number]>>()
  const norms: number[] = []
  const vectors: Array<Map<string, number>> = []
  grams.forEach((bag, entry) => {
    const { weights, norm } = weigh(bag)
    norms.push(norm)
    vectors.push(weights)
    for (const [gram, weight] of weights) {
      if (!isPostingGram(gram)) continue
      let list = postings.get(gram)
      if (list === undefined) {
        list = []
        postings.set(gram, list)
      }
      list.push([entry, weight])
    }
  })
  return {
    size: texts.length,
    search(text, limit) {
      const { weights, norm } = weigh(zhNgrams(foldZhTerm(text)))
      if (norm === 0) return []
      const partial = new Map<number, number>()
      for (const [gram, weight] of weights) {
        if (!isPostingGram(gram)) continue
        for (const [entry, other] of postings.get(gram) ?? []) {
          partial.set(entry, (partial.get(entry) ?? 0) + weight * other)
        }
      }
      let candidates = [...partial]
      const pool = Math.max(limit * 8, 64)
      if (candidates.length > pool) {
        candidates = candidates
          .map(([entry, dot]): [number, number] => [entry, dot / (norms[entry] ?? 1)])
          .sort((left, right) => right[1] - left[1])
          .slice(0, pool)
      }
      const hits: NgramHit[] = []
      for (const [entry] of candidates) {
        const entryNorm = norms[entry] ?? 0
        const vector = vectors[entry]
        if (entryNorm === 0 || vector === undefined) continue
        let dot = 0
        for (const [gram, weight] of weights) dot += weight * (vector.get(gram) ?? 0)
        hits.push({ entry, score: dot / (norm * entryNorm) })
      }
      hits.sort((left, right) => right.score - left.score || left.entry - right.entry)
      return hits.slice(0, limit)
    },
    similarity(left, right) {
      const a = weigh(zhNgrams(foldZhTerm(left)))
      const b = weigh(zhNgrams(foldZhTerm(right)))
      if (a.norm === 0 || b.norm === 0) return 0
      let dot = 0
      for (const [gram, weight] of a.weights) dot += weight * (b.weights.get(gram) ?? 0)
      return dot / (a.norm * b.norm)
    },
  }
}
