/**
 * Reranking by source quality: a hit's final score adds an authority prior and a recency prior to
 * its normalised relevance. The weights are small by default so that relevance decides and
 * authority and recency break near-ties; both are configurable.
 */
import { type AuthorityLevel, fractionalYear } from './source-metadata.js'

/** Weights and shapes of the priors. */
export interface RerankSettings {
  /** Weight of the authority prior (default 0.1). 0 turns it off. */
  authorityWeight: number
  /** Weight of the recency prior (default 0.05). 0 turns it off. */
  recencyWeight: number
  /** Prior of each level, 0-1 (default A 1, B 0.75, C 0.5, D 0.25, E 0). */
  authorityPrior: Record<AuthorityLevel, number>
  /** Years after which the recency prior halves (default 10). */
  recencyHalfLifeYears: number
  /** The reference date for ages (default: now), as a fractional year. */
  now?: number
  /**
   * Authority as policy: a level-E hit never ranks above an A-C hit whose relevance is at least
   * this share of its own (default 0.5; 0 turns the rule off). Unmoderated posts may match a
   * question's words best, but never outrank guidelines and reviews on the same question.
   */
  lowAuthorityShare: number
}

/** The default weights. */
export const DEFAULT_RERANK: RerankSettings = {
  authorityWeight: 0.1,
  recencyWeight: 0.05,
  authorityPrior: { A: 1, B: 0.75, C: 0.5, D: 0.25, E: 0 },
  recencyHalfLifeYears: 10,
  lowAuthorityShare: 0.5,
}

/**
 * The recency prior: 2^(−age / half-life) with age from the update date when present, else the
 * publication date; an undated document gets the value of a document one half-life old (0.5).
 */
export function recencyPrior(
  dates: { published?: string; updated?: string },
  settings: Pick<RerankSettings, 'recencyHalfLifeYears' | 'now'>,
): number {
  const year = fractionalYear(dates.updated) ?? fractionalYear(dates.published)
  if (year === undefined) return 0.5
  const now = settings.now ?? currentFractionalYear()
  const age = Math.max(0, now - year)
  return 2 ** (-age / Math.max(0.01, settings.recencyHalfLifeYears))
}

/** The current date as a fractional year (2025.5 is about the first of July 2025). */
export function currentFractionalYear(): number {
  const date = new Date()
  const start = Date.UTC(date.getUTCFullYear(), 0, 1)
  return date.getUTCFullYear() + (date.getTime() - start) / (365.25 * 86_400_000)
}

/**
 * Final score of one hit: `relevance + authorityWeight × authorityPrior[level] +
 * recencyWeight × recencyPrior`, with relevance in 0-1 (the hit's score over the best score).
 */
export function rerankScore(
  relevance: number,
  hit: { authority: AuthorityLevel; published?: string; updated?: string },
  settings: RerankSettings,
): { score: number; authority: number; recency: number } {
  const authority = settings.authorityPrior[hit.authority] ?? 0
  const recency = settings.recencyWeight === 0 ? 0 : recencyPrior(hit, settings)
  return {
    score: relevance + settings.authorityWeight * authority + settings.recencyWeight * recency,
    authority,
    recency,
  }
}

/**
 * Moves each level-E entry below every A-C entry whose relevance (before the priors) is at least
 * `share` of its own, keeping every other order; a moved entry's final score is capped at the one
 * above it, so scores stay sorted. Entries must come sorted by final score.
 */
export function placeLowAuthority<
  T extends { relevance: number; authority: AuthorityLevel; baseRelevance: number },
>(entries: readonly T[], share: number): T[] {
  if (share <= 0 || !entries.some((entry) => entry.authority === 'E')) return [...entries]
  const higher = (entry: T) =>
    entry.authority === 'A' || entry.authority === 'B' || entry.authority === 'C'
  const ordered: T[] = []
  const placed = new Set<T>()
  const waiting: T[] = []
  const blocked = (low: T) =>
    entries.some(
      (other) =>
        !placed.has(other) && higher(other) && other.baseRelevance >= share * low.baseRelevance,
    )
  const release = () => {
    for (let index = 0; index < waiting.length; ) {
      const low = waiting[index] as T
      if (blocked(low)) index += 1
      else {
        ordered.push(low)
        placed.add(low)
        waiting.splice(index, 1)
      }
    }
  }
  for (const entry of entries) {
    if (entry.authority === 'E') waiting.push(entry)
    else {
      ordered.push(entry)
      placed.add(entry)
    }
    release()
  }
  ordered.push(...waiting)
  for (let index = 1; index < ordered.length; index += 1) {
    const previous = ordered[index - 1] as T
    const current = ordered[index] as T
    if (current.relevance > previous.relevance) current.relevance = previous.relevance
  }
  return ordered
}
