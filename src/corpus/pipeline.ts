/**
 * The per-document steps of ingestion that need no index: normalising, optional de-identification,
 * authority assignment, quality filtering, fingerprinting and chunking.
 */
import type { DocumentMetadata, IndexedChunk } from '../retrieval/types.js'
import type { AuthorityAssignment } from './authority.js'
import { type ChunkSettings, chunkText } from './chunker.js'
import { hashValue } from './content-hash.js'
import type { GalenDocument } from './document.js'
import { normaliseLine, normaliseText } from './normalise.js'
import { checkQuality, type QualitySettings } from './quality.js'

/** Settings shared by every document of an ingest run. */
export interface PipelineSettings {
  chunk: ChunkSettings
  /** `false` turns the quality filters off. */
  quality: QualitySettings | false
  /** De-identification applied to title and text before anything else sees them. */
  redact?: (text: string) => string
  assignAuthority: (document: GalenDocument) => AuthorityAssignment
  /** Anything else that shapes the stored chunks (the embedder name): part of the fingerprint. */
  fingerprintExtras: Record<string, unknown>
}

/** A document after the pipeline, before deduplication and storage. */
export type PreparedDocument =
  | {
      ok: true
      metadata: DocumentMetadata
      text: string
      contentHash: string
      chunks: IndexedChunk[]
    }
  | { ok: false; reason: string }

/**
 * Version of the pipeline's output; bumping it re-ingests every document. 2: Chinese sentences and
 * token counts (a Han character is a token).
 */
export const PIPELINE_VERSION = 2

/** Runs the per-document steps. Never throws for a bad document: it returns `{ ok: false }`. */
export function prepareDocument(
  document: GalenDocument,
  settings: PipelineSettings,
): PreparedDocument {
  let text = normaliseText(document.text)
  let title = normaliseLine(document.title)
  if (settings.redact !== undefined) {
    text = normaliseText(settings.redact(text))
    title = normaliseLine(settings.redact(title))
  }
  if (settings.quality !== false) {
    const verdict = checkQuality(text, settings.quality)
    if (!verdict.ok) return { ok: false, reason: verdict.reason }
  }
  const authority = settings.assignAuthority(document)
  const metadata: DocumentMetadata = {
    id: document.id,
    title: title === '' ? document.id : title,
    publisher: normaliseLine(document.publisher),
    url: document.url.trim(),
    materialType: document.materialType,
    language: document.language,
    citation: normaliseLine(document.citation),
    authority: authority.level,
    authorityReason: authority.reason,
    tags: document.tags ?? [],
    demonstration: document.demonstration ?? false,
  }
  if (document.published !== undefined) metadata.published = document.published
  if (document.updated !== undefined) metadata.updated = document.updated
  const contentHash = hashValue({
    version: PIPELINE_VERSION,
    metadata,
    text,
    chunk: settings.chunk,
    redacted: settings.redact !== undefined,
    ...settings.fingerprintExtras,
  })
  const chunks = chunkText(text, settings.chunk).map(
    (chunk): IndexedChunk => ({
      position: chunk.position,
      text: chunk.text,
      tokenCount: chunk.tokenCount,
      ...(chunk.heading === undefined ? {} : { heading: chunk.heading }),
    }),
  )
  if (chunks.length === 0) return { ok: false, reason: 'no text left to index' }
  return { ok: true, metadata, text, contentHash, chunks }
}
