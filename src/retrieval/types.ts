/**
 * The records an index stores and returns: documents with their chunks, filters, backend queries
 * and hits.
 */
import type { AuthorityLevel, MaterialType } from './source-metadata.js'

/** The citation metadata of a document, as the index stores it. */
export interface DocumentMetadata {
  id: string
  title: string
  publisher: string
  url: string
  materialType: MaterialType
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; absent when the source gives no date. */
  published?: string
  updated?: string
  language: string
  citation: string
  authority: AuthorityLevel
  /** Why the document got its authority level (the rule that matched, or "given in the source"). */
  authorityReason: string
  tags: string[]
  demonstration: boolean
}

/** One passage of a document, the unit that is indexed and retrieved. */
export interface IndexedChunk {
  /** 0-based position of the chunk in its document. */
  position: number
  text: string
  /** The section heading path the chunk sits under (`Treatment > Adults`), when known. */
  heading?: string
  /** Approximate token count (see `countTokens`). */
  tokenCount: number
  /** The embedding, when the index stores vectors. */
  vector?: Float32Array
}

/** A document ready to store: metadata, content fingerprints and chunks. */
export interface IndexedDocument extends DocumentMetadata {
  /** SHA-256 of the normalised document (metadata and text); unchanged hash = unchanged document. */
  contentHash: string
  /** The MinHash signature of the text, kept so that later ingests can drop near-duplicates. */
  signature?: Uint32Array
  /** Where it was loaded from (a file path), for `index stats` and error messages. */
  source?: string
  chunks: IndexedChunk[]
}

/** What a backend remembers of a stored document for incremental ingestion and deduplication. */
export interface DocumentFingerprint {
  id: string
  contentHash: string
  signature?: Uint32Array
}

/** Restricts a search. Every field is optional; all given fields must hold. */
export interface Filter {
  /** Keep levels at least this authoritative (`B` keeps A and B). */
  minAuthority?: AuthorityLevel
  materialTypes?: readonly MaterialType[]
  /** Inclusive lower bound on the publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
  publishedFrom?: string
  /** Inclusive upper bound on the publication date. */
  publishedTo?: string
  languages?: readonly string[]
  /** Keep only these documents. */
  documentIds?: readonly string[]
}

/**
 * A query a backend runs: lexical terms (OR-ed, BM25-ranked) or a vector (cosine distance).
 * `exactTop` (default: all `topK`) is how many of the first lexical hits must be exactly those of a
 * full BM25 evaluation; below that, a backend may leave out rows that hold only very common query
 * words (they score low), which makes questions with frequent words fast.
 */
export type BackendQuery =
  | { kind: 'lexical'; terms: readonly string[]; exactTop?: number }
  | { kind: 'vector'; vector: Float32Array }

/** A chunk a backend found, with its document's metadata and the backend's raw score. */
export interface BackendHit {
  chunkId: string
  documentId: string
  position: number
  text: string
  heading?: string
  document: DocumentMetadata
  /** Higher is better: the negated FTS5 bm25 value, or 1 - cosine distance. */
  score: number
}

/** Figures about an index, for `galen index stats`. */
export interface IndexStats {
  path: string
  documents: number
  chunks: number
  /** Chunks that have an embedding. */
  vectors: number
  embedder?: { name: string; dimensions: number }
  authority: Record<AuthorityLevel, number>
  materialTypes: Partial<Record<MaterialType, number>>
  languages: Record<string, number>
  publishedRange?: { from: string; to: string }
  demonstrationDocuments: number
  sizeBytes: number
  lastIngestAt?: string
  schemaVersion: number
}

/** The counts of one {@link IndexBackend.upsert} call. */
export interface UpsertResult {
  inserted: number
  replaced: number
  chunks: number
}
