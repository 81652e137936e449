/**
 * Where grounded answering gets its evidence. The default implementation wraps Galen's retrieval
 * index (`createIndexEvidenceSource`); tests may pass any other source.
 */

/** Authority levels, A (highest) to E. */
export type Authority = 'A' | 'B' | 'C' | 'D' | 'E'

/** A retrieved passage with everything a citation needs. */
export interface EvidencePassage {
  /** Chunk id, unique in the index. */
  id: string
  documentId: string
  title: string
  /** Publisher or source organisation. */
  source: string
  url: string
  /** Publication (or last update) date as given by the source: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string
  authority: Authority
  materialType: string
  /** The passage text. */
  text: string
  /** Retrieval score, higher is better (comparable only within one result list). */
  score: number
  /** A human-readable citation of the source. */
  citation?: string
  /** True for project-written demonstration material. */
  demonstration?: boolean
}

/** Filters a caller may pass through to the evidence source. */
export interface EvidenceFilter {
  minAuthority?: Authority
  materialTypes?: readonly string[]
  publishedFrom?: string
  publishedTo?: string
  languages?: readonly string[]
}

/** A pluggable source of evidence passages. */
export interface EvidenceSource {
  readonly name: string
  search(options: {
    query: string
    topK: number
    filter?: EvidenceFilter
  }): Promise<EvidencePassage[]>
  /**
   * Optional: how many passages of the source contain each word, for weighting a question's words
   * by rarity (inverse document frequency). Without it every word weighs the same.
   */
  termStatistics?(options: {
    terms: readonly string[]
  }): Promise<{ passageCount: number; frequency: ReadonlyMap<string, number> }>
}
