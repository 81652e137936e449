/**
 * Adapts Galen's retrieval search to the {@link EvidenceSource} the answerer needs.
 */
import type { SearchOptions, SearchResult } from '../retrieval/index.js'
import type { EvidenceFilter, EvidencePassage, EvidenceSource } from './evidence-source.js'

/** Settings of {@link createIndexEvidenceSource}. */
export interface IndexEvidenceSourceSettings {
  /** A bound search function, for example `(options) => index.search(options)`. */
  search: (options: SearchOptions) => Promise<SearchResult>
  /** A description for `/healthz`, for example the index path. */
  name: string
  /** Search mode. Default: the index's own default (hybrid when it holds vectors, else BM25). */
  mode?: SearchOptions['mode']
  /** At most this many chunks of one document. Default 2. */
  maxChunksPerDocument?: number
  /**
   * The index's term statistics, for example `(options) => index.backend.termStatistics(options)`;
   * lets the answerer weight question words by rarity.
   */
  termStatistics?: (options: {
    terms: readonly string[]
  }) => Promise<{ chunkCount: number; chunkFrequency: ReadonlyMap<string, number> }>
}

/** Creates an evidence source over a retrieval index. */
export function createIndexEvidenceSource(settings: IndexEvidenceSourceSettings): EvidenceSource {
  const termStatistics = settings.termStatistics
  return {
    name: settings.name,
    ...(termStatistics === undefined
      ? {}
      : {
          async termStatistics(options: { terms: readonly string[] }) {
            const statistics = await termStatistics(options)
            return { passageCount: statistics.chunkCount, frequency: statistics.chunkFrequency }
          },
        }),
    async search(options: { query: string; topK: number; filter?: EvidenceFilter }) {
      const result = await settings.search({
        query: options.query,
        k: options.topK,
        ...(settings.mode === undefined ? {} : { mode: settings.mode }),
        maxChunksPerDocument: settings.maxChunksPerDocument ?? 2,
        ...(options.filter === undefined
          ? {}
          : { filter: options.filter as SearchOptions['filter'] & object }),
      })
      return result.hits.map((hit): EvidencePassage => {
        const passage: EvidencePassage = {
          id: hit.chunkId,
          documentId: hit.documentId,
          title: hit.heading ? `${hit.title}: ${hit.heading}` : hit.title,
          source: hit.publisher,
          url: hit.url,
          authority: hit.authority,
          materialType: hit.materialType,
          text: hit.text,
          score: hit.score,
          citation: hit.citation,
          demonstration: hit.demonstration,
        }
        const date = hit.published ?? hit.updated
        if (date !== undefined) passage.date = date
        return passage
      })
    },
  }
}
