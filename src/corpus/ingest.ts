/**
 * `ingest`: loads documents, runs the pipeline, drops duplicates and stores the rest in an index,
 * incrementally and crash-safely. Documents are committed in batches, one SQLite transaction per
 * batch; a document whose fingerprint is already stored is skipped, a changed one replaced. A run
 * killed mid-way therefore leaves the index as of its last batch, and the next run resumes where
 * it stopped: nothing is lost and nothing is stored twice.
 */
import { statSync } from 'node:fs'
import { ConfigError, InputError } from '../errors.js'
import type { Embedder } from '../retrieval/embedder.js'
import { openIndex, type RetrievalIndex } from '../retrieval/open-index.js'
import { AUTHORITY_LEVELS, type AuthorityLevel } from '../retrieval/source-metadata.js'
import type { IndexedDocument } from '../retrieval/types.js'
import { type AuthorityRules, createAuthorityAssigner, loadAuthorityRules } from './authority.js'
import { type ChunkSettings, DEFAULT_CHUNK_SETTINGS } from './chunker.js'
import { hashText } from './content-hash.js'
import type { GalenDocument } from './document.js'
import { loadPaths } from './loaders/load-paths.js'
import type { FileDefaults, LoadedItem } from './loaders/loaded-item.js'
import {
  createNearDuplicateIndex,
  type MinHashSettings,
  minHashSignature,
  resolveMinHashSettings,
} from './minhash.js'
import { type PipelineSettings, prepareDocument } from './pipeline.js'
import { DEFAULT_QUALITY, type QualitySettings } from './quality.js'

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** Files and folders to load (see `loadPaths`). */
  paths?: readonly string[]
  /** Documents given directly (in addition to `paths`). */
  documents?: Iterable<GalenDocument> | AsyncIterable<GalenDocument>
  /** The index: a file path, or an index opened by the caller (left open). */
  index: string | RetrievalIndex
  /**
   * Embedder for dense vectors. Default: the one the index was built with (built-in only);
   * `false` stores no vectors (BM25 only).
   */
  embedder?: Embedder | false
  /** Metadata for loose files that carry none. */
  defaults?: FileDefaults
  /** Authority rules (default: `data/authority-rules.json`). */
  authorityRules?: AuthorityRules
  /**
   * Let each document's own `authority` field stand instead of the rules (default false: a
   * record's claim can only lower its level). Only for sources the operator curates.
   */
  trustDocumentAuthority?: boolean
  chunk?: Partial<ChunkSettings>
  /** Quality filter thresholds; `false` keeps everything. */
  quality?: Partial<QualitySettings> | false
  /** Near-duplicate settings; `false` keeps duplicates (exact duplicates too). */
  dedup?: Partial<MinHashSettings> | false
  /** De-identification applied to every title and text before indexing. */
  redact?: (text: string) => string
  /** Documents per transaction (default 64). */
  batchSize?: number
  /** Called after each batch is committed, and once per file read. */
  onProgress?: (progress: IngestProgress) => void
  signal?: AbortSignal
}

/** Progress of a running ingest. */
export interface IngestProgress {
  filesRead: number
  filesTotal: number
  documentsSeen: number
  stored: number
  currentFile?: string
}

/** What an ingest did. */
export interface IngestSummary {
  index: string
  /** Documents read (valid ones). */
  documentsSeen: number
  inserted: number
  replaced: number
  /** Already stored with the same fingerprint. */
  unchanged: number
  /** Chunks written by this run. */
  chunks: number
  exactDuplicates: number
  nearDuplicates: number
  /** Dropped by the quality filters. */
  lowQuality: number
  /** Records that could not be loaded (bad lines, unreadable files). */
  invalid: number
  /** Authority levels of the documents written by this run. */
  authority: Record<AuthorityLevel, number>
  /** The first problems met (at most 50), one line each. */
  problems: Array<{ source: string; message: string }>
  /** Bytes of the input files. */
  inputBytes: number
  durationMs: number
  /** Totals of the index after the run. */
  indexDocuments: number
  indexChunks: number
}

async function* documentStream(
  options: IngestOptions,
  onFile: (path: string, index: number, total: number) => void,
): AsyncGenerator<LoadedItem> {
  if (options.paths !== undefined && options.paths.length > 0) {
    yield* loadPaths(options.paths, {
      ...(options.defaults === undefined ? {} : { defaults: options.defaults }),
      onFile,
    })
  }
  if (options.documents !== undefined) {
    let index = 0
    for await (const document of options.documents) {
      yield { ok: true, document, source: `documents[${index}]` }
      index += 1
    }
  }
}

function resolveChunkSettings(partial: Partial<ChunkSettings> | undefined): ChunkSettings {
  return { ...DEFAULT_CHUNK_SETTINGS, ...partial }
}

/**
 * Ingests documents into an index.
 *
 * @throws ConfigError when the embedder differs from the one the index was built with
 * @throws InputError for inconsistent settings (chunk sizes, MinHash bands)
 * @throws BackendError when the index cannot be written
 * @example
 * const summary = await ingest({ paths: ['guidelines/'], index: 'medical.db' })
 * console.log(`${summary.inserted} new, ${summary.unchanged} unchanged`)
 */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now()
  const batchSize = options.batchSize ?? 64
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InputError(`ingest: batchSize "${batchSize}" must be a whole number >= 1`, {
      field: 'batchSize',
      value: batchSize,
    })
  }
  const chunk = resolveChunkSettings(options.chunk)
  const dedup = options.dedup === false ? undefined : resolveMinHashSettings(options.dedup)
  const quality: QualitySettings | false =
    options.quality === false ? false : { ...DEFAULT_QUALITY, ...options.quality }
  const ownsIndex = typeof options.index === 'string'
  const index =
    typeof options.index === 'string'
      ? await openIndex({
          path: options.index,
          ...(options.embedder === undefined || options.embedder === false
            ? {}
            : { embedder: options.embedder }),
        })
      : options.index
  try {
    const embedder = options.embedder === false ? undefined : (options.embedder ?? index.embedder)
    if (
      embedder === undefined &&
      index.storedEmbedder !== undefined &&
      options.embedder !== false
    ) {
      throw new ConfigError(
        `ingest: index "${index.path}" holds vectors from "${index.storedEmbedder}"; pass that embedder (or none to add BM25-only documents)`,
        { key: 'embedder' },
      )
    }
    if (
      embedder !== undefined &&
      index.storedEmbedder !== undefined &&
      embedder.name !== index.storedEmbedder
    ) {
      throw new ConfigError(
        `ingest: index "${index.path}" holds vectors from "${index.storedEmbedder}", not "${embedder.name}"`,
        { key: 'embedder' },
      )
    }
    const settings: PipelineSettings = {
      chunk,
      quality,
      assignAuthority: createAuthorityAssigner(options.authorityRules ?? loadAuthorityRules(), {
        trustDocumentAuthority: options.trustDocumentAuthority === true,
      }),
      fingerprintExtras: { embedder: embedder?.name ?? null, dedup: dedup ?? null },
      ...(options.redact === undefined ? {} : { redact: options.redact }),
    }

    const summary: IngestSummary = {
      index: index.path,
      documentsSeen: 0,
      inserted: 0,
      replaced: 0,
      unchanged: 0,
      chunks: 0,
      exactDuplicates: 0,
      nearDuplicates: 0,
      lowQuality: 0,
      invalid: 0,
      authority: Object.fromEntries(AUTHORITY_LEVELS.map((level) => [level, 0])) as Record<
        AuthorityLevel,
        number
      >,
      problems: [],
      inputBytes: 0,
      durationMs: 0,
      indexDocuments: 0,
      indexChunks: 0,
    }
    const note = (source: string, message: string) => {
      if (summary.problems.length < 50) summary.problems.push({ source, message })
    }

    // Near-duplicate state covers what is already stored, so a resumed or later run drops the
    // same documents an uninterrupted run would.
    const nearDuplicates = dedup === undefined ? undefined : createNearDuplicateIndex(dedup)
    const exactTexts = new Map<string, string>()
    if (nearDuplicates !== undefined) {
      const { fingerprints } = await index.backend.describe({ fingerprints: 'all' })
      for (const fingerprint of fingerprints) {
        if (fingerprint.signature !== undefined)
          nearDuplicates.add(fingerprint.id, fingerprint.signature)
      }
    }

    let pending: GalenDocument[] = []
    const progress: IngestProgress = { filesRead: 0, filesTotal: 0, documentsSeen: 0, stored: 0 }
    const flush = async () => {
      if (pending.length === 0) return
      const batch = pending
      pending = []
      const { fingerprints } = await index.backend.describe({
        fingerprints: batch.map((document) => document.id),
      })
      const stored = new Map(
        fingerprints.map((fingerprint) => [fingerprint.id, fingerprint.contentHash]),
      )
      const ready: IndexedDocument[] = []
      const stale: string[] = []
      const seenInBatch = new Set<string>()
      for (const document of batch) {
        const prepared = prepareDocument(document, settings)
        if (!prepared.ok) {
          summary.lowQuality += 1
          note(document.id, `dropped: ${prepared.reason}`)
          continue
        }
        if (stored.get(document.id) === prepared.contentHash && !seenInBatch.has(document.id)) {
          summary.unchanged += 1
          continue
        }
        let signature: Uint32Array | undefined
        if (dedup !== undefined && nearDuplicates !== undefined) {
          const textHash = hashText(prepared.text)
          const twin = exactTexts.get(textHash)
          if (twin !== undefined && twin !== document.id) {
            if (stored.has(document.id)) {
              stale.push(document.id)
              nearDuplicates.remove(document.id)
            }
            summary.exactDuplicates += 1
            note(document.id, `dropped: exact duplicate of "${twin}"`)
            continue
          }
          signature = minHashSignature(prepared.text, dedup)
          const match = nearDuplicates.findDuplicate(signature, { ignoreId: document.id })
          if (match !== undefined) {
            // A stored earlier version of a document that is now a duplicate must go too.
            if (stored.has(document.id)) {
              stale.push(document.id)
              nearDuplicates.remove(document.id)
            }
            if (match.similarity >= 1) summary.exactDuplicates += 1
            else summary.nearDuplicates += 1
            note(
              document.id,
              `dropped: ${match.similarity >= 1 ? 'duplicate' : `near-duplicate (${match.similarity.toFixed(2)})`} of "${match.id}"`,
            )
            continue
          }
          exactTexts.set(textHash, document.id)
          nearDuplicates.add(document.id, signature)
        }
        if (seenInBatch.has(document.id)) {
          // The same id twice in one batch: the later record wins.
          const earlier = ready.findIndex((item) => item.id === document.id)
          if (earlier >= 0) ready.splice(earlier, 1)
        }
        seenInBatch.add(document.id)
        ready.push({
          ...prepared.metadata,
          contentHash: prepared.contentHash,
          chunks: prepared.chunks,
          ...(signature === undefined ? {} : { signature }),
        })
      }
      if (embedder !== undefined && ready.length > 0) {
        const texts = ready.flatMap((document) =>
          document.chunks.map((item) =>
            item.heading === undefined
              ? `${document.title}\n${item.text}`
              : `${document.title}\n${item.heading}\n${item.text}`,
          ),
        )
        const vectors = await embedder.embed({
          texts,
          kind: 'document',
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })
        let cursor = 0
        for (const document of ready) {
          for (const item of document.chunks) {
            const vector = vectors[cursor]
            cursor += 1
            if (vector !== undefined) item.vector = vector
          }
        }
      }
      if (stale.length > 0) await index.backend.delete({ ids: stale })
      if (ready.length > 0) {
        if (embedder !== undefined && index.storedEmbedder === undefined) {
          index.backend.setMeta('embedder', embedder.name)
        }
        const result = await index.backend.upsert({ documents: ready })
        summary.inserted += result.inserted
        summary.replaced += result.replaced
        summary.chunks += result.chunks
        for (const document of ready) summary.authority[document.authority] += 1
        progress.stored += ready.length
      }
      options.onProgress?.({ ...progress })
    }

    const onFile = (path: string, fileIndex: number, total: number) => {
      progress.filesRead = fileIndex
      progress.filesTotal = total
      progress.currentFile = path
      try {
        summary.inputBytes += statSync(path).size
      } catch {
        // A file that vanished is reported by its loader.
      }
      options.onProgress?.({ ...progress })
    }
    for await (const item of documentStream(options, onFile)) {
      if (options.signal?.aborted) break
      if (!item.ok) {
        summary.invalid += 1
        note(item.source, item.error.message)
        continue
      }
      summary.documentsSeen += 1
      progress.documentsSeen = summary.documentsSeen
      pending.push(item.document)
      if (pending.length >= batchSize) await flush()
    }
    await flush()
    if (progress.filesTotal > 0) {
      progress.filesRead = progress.filesTotal
      options.onProgress?.({ ...progress })
    }
    const stats = await index.stats()
    summary.indexDocuments = stats.documents
    summary.indexChunks = stats.chunks
    summary.durationMs = performance.now() - started
    return summary
  } finally {
    if (ownsIndex) await index.close()
  }
}
