/**
 * Opening an index file: the SQLite backend plus the embedder its vectors were made with, behind
 * one object with `search`, `stats` and `close`.
 */
import { ConfigError } from '../errors.js'
import {
  createSqliteBackend,
  type FieldWeights,
  type SqliteBackend,
} from './backends/sqlite-backend.js'
import { hasHan } from './chinese-text.js'
import type { Embedder } from './embedder.js'
import { createHashingEmbedder } from './embedders/hashing-embedder.js'
import { type SearchOptions, type SearchResult, searchBackend } from './search.js'
import type { IndexStats } from './types.js'

/** Settings of {@link openIndex}. */
export interface OpenIndexSettings {
  /** The index file (created when missing unless `create` is false). */
  path: string
  /**
   * The embedder for dense search and for ingesting vectors. Default: the built-in hashing
   * embedder when the index was built with it; none otherwise.
   */
  embedder?: Embedder
  /** Create the file when missing (default true). */
  create?: boolean
  /** BM25 field weights. */
  fieldWeights?: Partial<FieldWeights>
}

/** An open index. */
export interface RetrievalIndex {
  readonly path: string
  readonly backend: SqliteBackend
  /** The embedder in use, if any. */
  readonly embedder: Embedder | undefined
  /** The name of the embedder the stored vectors were made with, if any. */
  readonly storedEmbedder: string | undefined
  /**
   * Searches; `mode` defaults to `hybrid` when the index has vectors from a model or ONNX embedder
   * and that embedder is available, else `bm25`.
   */
  search(options: SearchOptions): Promise<SearchResult>
  stats(): Promise<IndexStats>
  close(): Promise<void>
}

/**
 * Whether an embedder was trained for the language of a query (Chinese when it holds Han
 * characters, else English); true when the embedder does not say. With all-MiniLM-L6-v2
 * (English only), hybrid search fell from nDCG@10 0.994 (BM25) to 0.537 on the Chinese
 * relevance questions (docs/engines.md), so such queries keep to BM25 unless a mode is asked for.
 */
export function servesQueryLanguage(embedder: Embedder | undefined, query: string): boolean {
  const languages = embedder?.languages
  if (languages === undefined) return true
  return languages.includes(hasHan(query) ? 'zh' : 'en')
}

/** Recreates a built-in embedder from the name an index recorded (`builtin-hashing-384`). */
export function builtinEmbedderFromName(name: string): Embedder | undefined {
  const match = /^builtin-hashing-(\d+)(?:-t([\d.]+))?$/.exec(name)
  if (match === null) return undefined
  const settings: { dimensions: number; trigramWeight?: number } = { dimensions: Number(match[1]) }
  if (match[2] !== undefined) settings.trigramWeight = Number(match[2])
  return createHashingEmbedder(settings)
}

/**
 * Opens (or creates) an index file.
 *
 * @throws ConfigError when the given embedder differs from the one the stored vectors were made with
 * @throws NotFoundError when `create` is false and the file is missing
 * @throws BackendError when the file is not a Galen index
 * @example
 * const index = await openIndex({ path: 'medical.db' })
 * const { hits } = await index.search({ query: 'first-line treatment of hypertension', k: 5 })
 * await index.close()
 */
export async function openIndex(settings: OpenIndexSettings): Promise<RetrievalIndex> {
  const backend = createSqliteBackend({
    path: settings.path,
    ...(settings.create === undefined ? {} : { create: settings.create }),
    ...(settings.fieldWeights === undefined ? {} : { fieldWeights: settings.fieldWeights }),
  })
  const storedEmbedder = backend.getMeta('embedder')
  let embedder = settings.embedder
  if (embedder !== undefined && storedEmbedder !== undefined && embedder.name !== storedEmbedder) {
    await backend.close()
    throw new ConfigError(
      `retrieval: index "${settings.path}" holds vectors from embedder "${storedEmbedder}", not "${embedder.name}"`,
      { key: 'embedder' },
    )
  }
  if (embedder === undefined && storedEmbedder !== undefined) {
    embedder = builtinEmbedderFromName(storedEmbedder)
  }
  const activeEmbedder = embedder
  return {
    path: backend.path,
    backend,
    embedder: activeEmbedder,
    storedEmbedder,
    search: (options) => {
      // Hybrid by default only with a learned embedder: fusing the built-in hashing vectors with
      // BM25 lowered BioASQ nDCG@10 from 0.83 to 0.68 (docs/retrieval.md).
      const hasVectors = backend.getMeta('vector_dimensions') !== undefined
      const learned = activeEmbedder !== undefined && !activeEmbedder.name.startsWith('builtin-')
      const mode =
        options.mode ??
        (hasVectors && learned && servesQueryLanguage(activeEmbedder, options.query)
          ? 'hybrid'
          : 'bm25')
      return searchBackend(backend, activeEmbedder, { ...options, mode })
    },
    stats: async () => (await backend.describe()).stats,
    close: () => backend.close(),
  }
}
