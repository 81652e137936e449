/**
 * Redundancy pruning of a ranked list: drop passages that nearly repeat a better-ranked one, then
 * optionally reorder by maximal marginal relevance (Carbonell and Goldstein, 1998) so that the top
 * of the list covers different content.
 */
import { porterStem } from './porter-stemmer.js'
import { isQuestionStopword, tokenizeWords } from './text-analysis.js'

/** Settings of redundancy pruning. */
export interface DiversifySettings {
  /** Word-trigram Jaccard similarity at or above which a passage is a near-duplicate (default 0.8). */
  nearDuplicateThreshold: number
  /**
   * MMR trade-off λ in 0-1: 1 ranks by relevance only (MMR off, the default), lower values favour
   * passages unlike those already chosen.
   */
  mmrLambda: number
}

/** The defaults: near-duplicates dropped, MMR off. */
export const DEFAULT_DIVERSIFY: DiversifySettings = { nearDuplicateThreshold: 0.8, mmrLambda: 1 }

function hashWords(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** The hashed word trigrams (shingles) of a text, for near-duplicate tests. */
export function wordShingles(text: string, size = 3): Set<number> {
  const words = tokenizeWords(text)
  const shingles = new Set<number>()
  if (words.length < size) {
    if (words.length > 0) shingles.add(hashWords(words.join(' ')))
    return shingles
  }
  for (let start = 0; start + size <= words.length; start += 1) {
    shingles.add(hashWords(`${words[start]} ${words[start + 1]} ${words[start + 2]}`))
  }
  return shingles
}

/** Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard<T>(left: ReadonlySet<T>, right: ReadonlySet<T>): number {
  if (left.size === 0 && right.size === 0) return 1
  let shared = 0
  const [small, large] = left.size <= right.size ? [left, right] : [right, left]
  for (const item of small) if (large.has(item)) shared += 1
  return shared / (left.size + right.size - shared)
}

function contentStems(text: string): Set<string> {
  return new Set(
    tokenizeWords(text)
      .filter((word) => !isQuestionStopword(word))
      .map(porterStem),
  )
}

/**
 * Prunes and reorders ranked items. `relevance` must be comparable across items (0-1 works best);
 * the result keeps the items' objects and never contains more than the input.
 */
export function diversify<T extends { text: string; relevance: number }>(
  items: readonly T[],
  settings: DiversifySettings,
  limit = items.length,
): T[] {
  const kept: Array<{ item: T; shingles: Set<number> }> = []
  // Only as many items as the output needs are examined (a few times more when MMR reorders).
  const wanted = settings.mmrLambda >= 1 ? limit : limit * 4
  for (const item of items) {
    if (kept.length >= wanted) break
    const shingles = wordShingles(item.text)
    // Jaccard similarity cannot reach t when the sizes differ by more than the factor t.
    const threshold = settings.nearDuplicateThreshold
    const duplicate = kept.some(
      (other) =>
        Math.min(shingles.size, other.shingles.size) >=
          threshold * Math.max(shingles.size, other.shingles.size) &&
        jaccard(shingles, other.shingles) >= threshold,
    )
    if (!duplicate) kept.push({ item, shingles })
  }
  if (settings.mmrLambda >= 1) return kept.slice(0, limit).map((entry) => entry.item)
  const pool = kept.map((entry) => ({ item: entry.item, stems: contentStems(entry.item.text) }))
  const chosen: typeof pool = []
  while (pool.length > 0 && chosen.length < limit) {
    let bestIndex = 0
    let bestValue = Number.NEGATIVE_INFINITY
    pool.forEach((candidate, index) => {
      let redundancy = 0
      for (const selected of chosen) {
        redundancy = Math.max(redundancy, jaccard(candidate.stems, selected.stems))
      }
      const value =
        settings.mmrLambda * candidate.item.relevance - (1 - settings.mmrLambda) * redundancy
      if (value > bestValue) {
        bestValue = value
        bestIndex = index
      }
    })
    const [next] = pool.splice(bestIndex, 1)
    if (next !== undefined) chosen.push(next)
  }
  return chosen.map((entry) => entry.item)
}
