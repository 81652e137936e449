/**
 * Lexical (BM25) search on the FTS5 table, with exact common-term pruning.
 *
 * FTS5 scores every row that matches any query word, so a question with a frequent word
 * ("treatment", "patients") makes it score tens of thousands of rows. BM25 is a sum over query
 * words, and a word's contribution is below idf × (k1 + 1), whatever the row. So when the query
 * also has rarer words, Galen scores only the rows that hold a rare word: once with the rare words
 * alone and once with `(common words) AND (rare words)`, which FTS5 evaluates by skipping through
 * the long posting lists, and which gives those rows their full score. Rows that hold only common
 * words cannot score more than the sum of the common words' bounds; when the `exactTop`-th full
 * score reaches that bound, the first `exactTop` results are exactly those of the plain query (the
 * rest are the best rows holding a rare word); otherwise the plain query runs.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { porterStem } from '../porter-stemmer.js'

/** The parameter FTS5's bm25 uses for term-frequency saturation. */
const K1 = 1.2

/** Pruning pays off only when the query's posting lists are long. */
const MINIMUM_POSTINGS_FOR_PRUNING = 5000

/** A word is common when more than this share of chunks holds it (and at least 200 chunks). */
const COMMON_SHARE = 0.01

/** How many plain and pruned queries ran, for benchmarks and tests. */
export interface LexicalSearchCounters {
  plain: number
  pruned: number
  /** Pruned attempts that could not prove exactness and ran the plain query. */
  fallback: number
}

/** The most one word can add to a row's FTS5 BM25 score: idf × (k1 + 1). */
function wordBound(item: { frequency: number } | undefined, total: number): number {
  if (item === undefined) return 0
  const idf = Math.log((total - item.frequency + 0.5) / (item.frequency + 0.5))
  return Math.max(1e-6, idf) * (K1 + 1)
}

/** Quotes words as FTS5 phrases joined by OR (so FTS5 syntax in a query is inert). */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ')
}

/**
 * Creates the lexical searcher of an index. `rankExpression` is the bm25() call with the field
 * weights. `invalidate` must be called after writes (chunk frequencies are cached).
 */
export function createLexicalSearcher(database: BetterSqlite3.Database, rankExpression: string) {
  const frequencyCache = new Map<string, number>()
  let chunkCount: number | undefined
  const counters: LexicalSearchCounters = { plain: 0, pruned: 0, fallback: 0 }
  const frequencyQuery = database.prepare('select doc from chunks_vocabulary where term = ?')
  const countQuery = database.prepare('select count(*) as count from chunks')
  const plainQuery = database.prepare(
    `select rowid, -${rankExpression} as score from chunks_fts where chunks_fts match ? order by ${rankExpression} limit ?`,
  )

  const frequency = (term: string): number => {
    const cached = frequencyCache.get(term)
    if (cached !== undefined) return cached
    const row = frequencyQuery.get(porterStem(term)) as { doc: number } | undefined
    const value = row?.doc ?? 0
    // A long-running server sees many words: keep the cache bounded.
    if (frequencyCache.size >= 200_000) frequencyCache.clear()
    frequencyCache.set(term, value)
    return value
  }

  const plain = (
    terms: readonly string[],
    topK: number,
  ): Array<{ rowid: number; score: number }> => {
    counters.plain += 1
    return plainQuery.all(matchExpression(terms), topK) as Array<{ rowid: number; score: number }>
  }

  /** The best `topK` chunk row ids and their BM25 scores (higher is better), best first. */
  const search = (
    terms: readonly string[],
    topK: number,
    options: { pruning?: boolean; exactTop?: number } = {},
  ): Array<{ rowid: number; score: number }> => {
    const pruning = options.pruning ?? true
    const exactTop = Math.min(topK, Math.max(1, options.exactTop ?? topK))
    // Only plain ASCII words are stemmed here exactly as FTS5 stems them (see porterStem).
    if (!pruning || terms.some((term) => !/^[a-z0-9]+$/.test(term))) return plain(terms, topK)
    chunkCount ??= (countQuery.get() as { count: number }).count
    const total = chunkCount
    const frequencies = terms.map((term) => ({ term, frequency: frequency(term) }))
    const postings = frequencies.reduce((sum, item) => sum + item.frequency, 0)
    if (postings < MINIMUM_POSTINGS_FOR_PRUNING) return plain(terms, topK)
    const threshold = Math.max(200, total * COMMON_SHARE)
    const sorted = frequencies
      .filter((item) => item.frequency > 0)
      .sort((left, right) => left.frequency - right.frequency)
    // Rare words are those under the threshold, and at least the rarest word of the query. When
    // the bound is not beaten, the next rarest word joins the rare ones (a lower bound, a longer
    // scan) until the scan would read more than a quarter of the postings; then the plain query runs.
    let rareCount = Math.max(1, sorted.filter((item) => item.frequency <= threshold).length)
    while (rareCount < sorted.length) {
      const rare = sorted.slice(0, rareCount)
      const common = sorted.slice(rareCount)
      const rarePostings = rare.reduce((sum, item) => sum + item.frequency, 0)
      if (rarePostings > postings / 4) break
      const attempt = scoreRareRows(rare, common, total, topK, exactTop)
      if (attempt.exact) {
        counters.pruned += 1
        return attempt.ranked
      }
      counters.fallback += 1
      // Move common words (rarest first, the ones with the highest bound) to the rare side until
      // the bound is below the score this attempt reached; that attempt then usually succeeds.
      let bound = attempt.bound
      rareCount += 1
      while (
        rareCount < sorted.length &&
        bound - wordBound(sorted[rareCount - 1], total) >= attempt.reached
      ) {
        bound -= wordBound(sorted[rareCount - 1], total)
        rareCount += 1
      }
    }
    return plain(terms, topK)
  }

  /**
   * Scores the rows holding a rare word. Only the best `topK` of the rare-only query and of the
   * `(common) AND (rare)` query are read: a row in the true top `topK` is among one of them.
   * `exact` says whether the first `exactTop` are provably those of the plain query; `reached` is
   * the `exactTop`-th score (0 when fewer rows matched).
   */
  const scoreRareRows = (
    rare: ReadonlyArray<{ term: string; frequency: number }>,
    common: ReadonlyArray<{ term: string; frequency: number }>,
    total: number,
    topK: number,
    exactTop: number,
  ): {
    exact: boolean
    ranked: Array<{ rowid: number; score: number }>
    bound: number
    reached: number
  } => {
    // The most a row holding only common words can score.
    const bound = common.reduce((sum, item) => sum + wordBound(item, total), 0)
    const rareExpression = matchExpression(rare.map((item) => item.term))
    const scores = new Map<number, number>()
    const both = `(${matchExpression(common.map((item) => item.term))}) AND (${rareExpression})`
    const full = new Set<number>()
    for (const row of plainQuery.all(both, topK) as Array<{ rowid: number; score: number }>) {
      scores.set(row.rowid, row.score)
      full.add(row.rowid)
    }
    for (const row of plainQuery.all(rareExpression, topK) as Array<{
      rowid: number
      score: number
    }>) {
      if (!full.has(row.rowid)) scores.set(row.rowid, row.score)
    }
    const ranked = [...scores.entries()]
      .map(([rowid, score]) => ({ rowid, score }))
      .sort((left, right) => right.score - left.score || left.rowid - right.rowid)
      .slice(0, topK)
    // Rows left out score at most `bound`: the first exactTop rows are exact when they all beat it.
    const reached = ranked[exactTop - 1]?.score ?? 0
    return { exact: ranked.length >= exactTop && reached >= bound, ranked, bound, reached }
  }

  return {
    search,
    counters,
    /** Chunks holding a word (after stemming), cached until the next write. */
    frequency,
    /** Chunks in the index, cached until the next write. */
    chunkCount: (): number => {
      chunkCount ??= (countQuery.get() as { count: number }).count
      return chunkCount
    },
    invalidate: () => {
      frequencyCache.clear()
      chunkCount = undefined
    },
  }
}
