/**
 * The storage and search engine behind an index. The default is the one-file SQLite backend
 * (`createSqliteBackend`); fusion, reranking and pruning happen above it, in `search`, so that
 * every backend gets them.
 */
import type {
  BackendHit,
  BackendQuery,
  DocumentFingerprint,
  Filter,
  IndexedDocument,
  IndexStats,
  UpsertResult,
} from './types.js'

/** A pluggable index backend. */
export interface IndexBackend {
  readonly name: string
  /**
   * Adds documents with their chunks, replacing any stored document with the same id. The call is
   * atomic: after a crash either every document of the call is stored or none is.
   */
  upsert(options: { documents: readonly IndexedDocument[] }): Promise<UpsertResult>
  /** Runs one lexical or vector query; hits are ordered best first. */
  search(options: { query: BackendQuery; topK: number; filter?: Filter }): Promise<BackendHit[]>
  /** Deletes documents (and their chunks) by id; unknown ids are ignored. */
  delete(options: { ids: readonly string[] }): Promise<{ deleted: number }>
  /**
   * Describes the index: its statistics, and the fingerprints of the given documents (all of them
   * when `fingerprints` is `'all'`), which incremental ingestion and deduplication need.
   */
  describe(options?: {
    fingerprints?: readonly string[] | 'all'
  }): Promise<{ stats: IndexStats; fingerprints: DocumentFingerprint[] }>
  /** Releases the backend (closes the file). */
  close(): Promise<void>
}
