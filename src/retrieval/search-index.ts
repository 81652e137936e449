/**
 * One-call search over an index file, for callers that do not keep the index open.
 */
import { openIndex, type RetrievalIndex } from './open-index.js'
import type { SearchOptions, SearchResult } from './search.js'

/**
 * Searches an index given by path (opened and closed around the call) or already open.
 *
 * @example
 * const { hits } = await search({ index: 'medical.db', query: 'metformin contraindications', k: 5 })
 */
export async function search(
  options: SearchOptions & { index: string | RetrievalIndex },
): Promise<SearchResult> {
  const { index, ...searchOptions } = options
  if (typeof index !== 'string') return index.search(searchOptions)
  const opened = await openIndex({ path: index, create: false })
  try {
    return await opened.search(searchOptions)
  } finally {
    await opened.close()
  }
}
