/**
 * The default index backend: one SQLite file (better-sqlite3) with FTS5 BM25 for lexical search and
 * sqlite-vec for vectors. Writes go through transactions, so a killed process leaves the file as
 * of its last committed call.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { BackendError, NotFoundError } from '../../errors.js'
import {
  analyzeForIndex,
  chineseAnalysisFingerprint,
  needsChineseAnalysis,
} from '../chinese-text.js'
import type { IndexBackend } from '../index-backend.js'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  isAuthorityLevel,
  isMaterialType,
  type MaterialType,
} from '../source-metadata.js'
import type {
  BackendHit,
  DocumentFingerprint,
  DocumentMetadata,
  Filter,
  IndexedDocument,
  IndexStats,
  UpsertResult,
} from '../types.js'
import {
  createLexicalSearcher,
  type LexicalSearchCounters,
  matchExpression,
} from './sqlite-lexical.js'
import { CREATE_STATEMENTS, createVectorTableStatement, SCHEMA_VERSION } from './sqlite-schema.js'

const require = createRequire(import.meta.url)

/** BM25 weights of the three indexed fields of a chunk. */
export interface FieldWeights {
  /** The document title, repeated in every chunk's row. Default 1. */
  title: number
  /** The section heading path of the chunk. Default 1. */
  heading: number
  /** The chunk text. Default 1. */
  body: number
}

/** Construction settings of {@link createSqliteBackend}. */
export interface SqliteBackendSettings {
  /** The index file; `:memory:` for a throw-away index. */
  path: string
  /** Create the file when missing (default true); false throws a NotFoundError instead. */
  create?: boolean
  /** BM25 field weights (default title 1, heading 1, body 1). */
  fieldWeights?: Partial<FieldWeights>
  /**
   * Exact common-term pruning for unfiltered BM25 queries (default true; see `sqlite-lexical.ts`).
   * Results are the same either way; false is for measurements.
   */
  pruning?: boolean
}

/** Document frequencies that pseudo-relevance feedback needs. */
export interface TermStatistics {
  /** Number of chunks in the index. */
  chunkCount: number
  /** Chunks containing each requested word (after stemming), keyed by the word as asked. */
  chunkFrequency: Map<string, number>
}

/** The SQLite backend: an {@link IndexBackend} plus SQLite-specific extras. */
export interface SqliteBackend extends IndexBackend {
  readonly path: string
  /** How many BM25 queries ran plain, pruned, or fell back to plain. */
  readonly lexicalCounters: LexicalSearchCounters
  /** Chunk frequencies of words, read from the FTS5 vocabulary. */
  termStatistics(options: { terms: readonly string[] }): Promise<TermStatistics>
  /** Reads a metadata value kept in the file (`embedder`, `last_ingest_at`, custom keys). */
  getMeta(key: string): string | undefined
  /** Writes a metadata value kept in the file. */
  setMeta(key: string, value: string): void
}

interface DocumentRow {
  rowid: number
  id: string
  title: string
  publisher: string
  url: string
  material_type: string
  published: string | null
  updated: string | null
  language: string
  citation: string
  authority: string
  authority_reason: string
  tags: string
  demonstration: number
}

interface HitRow extends DocumentRow {
  chunk_rowid: number
  position: number
  heading: string | null
  text: string
  score: number
}

type Database = BetterSqlite3.Database

function loadDatabase(path: string): Database {
  const DatabaseConstructor = require('better-sqlite3') as typeof BetterSqlite3
  try {
    return new DatabaseConstructor(path)
  } catch (error) {
    throw new BackendError(`sqlite: cannot open index "${path}": ${(error as Error).message}`, {
      backend: 'sqlite',
      cause: error,
    })
  }
}

function loadVectorExtension(database: Database): void {
  try {
    const sqliteVec = require('sqlite-vec') as { load(database: unknown): void }
    sqliteVec.load(database)
  } catch (error) {
    throw new BackendError(
      `sqlite: the sqlite-vec extension does not load (${(error as Error).message}); run "npm ci"`,
      { backend: 'sqlite', cause: error },
    )
  }
}

function toMetadata(row: DocumentRow): DocumentMetadata {
  const tags = parseTags(row.tags)
  const metadata: DocumentMetadata = {
    id: row.id,
    title: row.title,
    publisher: row.publisher,
    url: row.url,
    materialType: isMaterialType(row.material_type) ? row.material_type : 'web',
    language: row.language,
    citation: row.citation,
    authority: isAuthorityLevel(row.authority) ? row.authority : 'E',
    authorityReason: row.authority_reason,
    tags,
    demonstration: row.demonstration === 1,
  }
  if (row.published !== null) metadata.published = row.published
  if (row.updated !== null) metadata.updated = row.updated
  return metadata
}

function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : []
  } catch {
    return []
  }
}

/** SQL conditions on the documents table (alias d) for a filter, with their parameters. */
function documentConditions(filter: Filter | undefined): { sql: string; parameters: unknown[] } {
  const conditions: string[] = []
  const parameters: unknown[] = []
  if (filter?.minAuthority !== undefined) {
    conditions.push('d.authority <= ?')
    parameters.push(filter.minAuthority)
  }
  if (filter?.materialTypes !== undefined) {
    conditions.push(`d.material_type in (${filter.materialTypes.map(() => '?').join(', ')})`)
    parameters.push(...filter.materialTypes)
  }
  if (filter?.publishedFrom !== undefined) {
    conditions.push('d.published >= ?')
    parameters.push(filter.publishedFrom)
  }
  if (filter?.publishedTo !== undefined) {
    // A bound of 2020 must keep 2020-06-01: compare against the bound followed by a high character.
    conditions.push('d.published <= ?')
    parameters.push(`${filter.publishedTo}\uffff`)
  }
  if (filter?.languages !== undefined) {
    conditions.push(`d.language in (${filter.languages.map(() => '?').join(', ')})`)
    parameters.push(...filter.languages)
  }
  if (filter?.documentIds !== undefined) {
    conditions.push(`d.id in (${filter.documentIds.map(() => '?').join(', ')})`)
    parameters.push(...filter.documentIds)
  }
  return { sql: conditions.map((condition) => ` and ${condition}`).join(''), parameters }
}

/** The same filter as vec0 metadata constraints (alias v). */
function vectorConditions(filter: Filter | undefined): { sql: string; parameters: unknown[] } {
  const { documentIds: _ignored, ...rest } = filter ?? {}
  const base = documentConditions(rest)
  const undated = rest.publishedTo === undefined ? '' : " and v.published != ''"
  return {
    sql: `${base.sql}${undated}`
      .replaceAll('d.authority', 'v.authority')
      .replaceAll('d.material_type', 'v.material_type')
      .replaceAll('d.published', 'v.published')
      .replaceAll('d.language', 'v.language'),
    parameters: base.parameters,
  }
}

/**
 * Brings the full-text rows of an index up to the current Chinese analysis. An index records the
 * analysis its rows were written with (`text_analysis`); when it differs (an index built before
 * Chinese segmentation, or with another dictionary), every row whose title, heading or text holds
 * Han or full-width characters is written again from the stored chunk, in one transaction. Other
 * rows are analysed identically either way and are left alone; nothing stored is changed.
 */
function reanalyzeChineseRows(database: Database): void {
  const fingerprint = chineseAnalysisFingerprint()
  const read = database.prepare(`select value from meta where key = 'text_analysis'`)
  const current = (): string | undefined => (read.get() as { value: string } | undefined)?.value
  if (current() === fingerprint) return
  database
    .transaction(() => {
      // Another process may have done it while this one waited for the write lock.
      if (current() === fingerprint) return
      const rows = database
        .prepare(
          `select c.rowid as rowid, d.title as title, c.heading as heading, c.text as text
         from chunks c join documents d on d.rowid = c.document_rowid`,
        )
        .iterate() as IterableIterator<{
        rowid: number
        title: string
        heading: string | null
        text: string
      }>
      const changed: Array<{ rowid: number; title: string; heading: string; text: string }> = []
      for (const row of rows) {
        const heading = row.heading ?? ''
        if (
          needsChineseAnalysis(row.title) ||
          needsChineseAnalysis(heading) ||
          needsChineseAnalysis(row.text)
        ) {
          changed.push({ rowid: row.rowid, title: row.title, heading, text: row.text })
        }
      }
      const remove = database.prepare('delete from chunks_fts where rowid = ?')
      const insert = database.prepare(
        'insert into chunks_fts (rowid, title, heading, body) values (?, ?, ?, ?)',
      )
      for (const row of changed) {
        remove.run(row.rowid)
        insert.run(
          row.rowid,
          analyzeForIndex(row.title),
          analyzeForIndex(row.heading),
          analyzeForIndex(row.text),
        )
      }
      database
        .prepare(
          `insert into meta (key, value) values ('text_analysis', ?)
         on conflict (key) do update set value = excluded.value`,
        )
        .run(fingerprint)
    })
    .immediate()
}

const HIT_COLUMNS = `c.rowid as chunk_rowid, c.position, c.heading, c.text,
  d.rowid, d.id, d.title, d.publisher, d.url, d.material_type, d.published, d.updated, d.language,
  d.citation, d.authority, d.authority_reason, d.tags, d.demonstration`

/**
 * Opens (or creates) a one-file SQLite index.
 *
 * @throws NotFoundError when `create` is false and the file does not exist
 * @throws BackendError when the file is not a Galen index or SQLite fails
 * @example
 * const backend = createSqliteBackend({ path: 'medical.db' })
 */
export function createSqliteBackend(settings: SqliteBackendSettings): SqliteBackend {
  const path = settings.path === ':memory:' ? ':memory:' : resolve(settings.path)
  if (path !== ':memory:') {
    if (!existsSync(path)) {
      if (settings.create === false) throw new NotFoundError(`sqlite: index "${path}" not found`)
      mkdirSync(dirname(path), { recursive: true })
    }
  }
  const database = loadDatabase(path)
  loadVectorExtension(database)
  const weights: FieldWeights = { title: 1, heading: 1, body: 1, ...settings.fieldWeights }
  try {
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = NORMAL')
    database.pragma('busy_timeout = 5000')
    const existing = database
      .prepare(`select name from sqlite_master where type = 'table' and name = 'meta'`)
      .get()
    if (existing !== undefined) {
      const version = database.prepare(`select value from meta where key = 'schema_version'`).get()
      const found = (version as { value?: string } | undefined)?.value
      if (found !== String(SCHEMA_VERSION)) {
        throw new BackendError(
          `sqlite: "${path}" has index schema version "${found ?? 'none'}", expected ${SCHEMA_VERSION}; rebuild it`,
          { backend: 'sqlite' },
        )
      }
    } else {
      const tables = database.prepare(`select count(*) as count from sqlite_master`).get() as {
        count: number
      }
      if (tables.count > 0) {
        throw new BackendError(`sqlite: "${path}" is a SQLite file but not a Galen index`, {
          backend: 'sqlite',
        })
      }
    }
    database.transaction(() => {
      for (const statement of CREATE_STATEMENTS) database.exec(statement)
      database
        .prepare(`insert or ignore into meta (key, value) values ('schema_version', ?)`)
        .run(String(SCHEMA_VERSION))
    })()
  } catch (error) {
    database.close()
    if (error instanceof BackendError) throw error
    throw new BackendError(`sqlite: cannot prepare index "${path}": ${(error as Error).message}`, {
      backend: 'sqlite',
      cause: error,
    })
  }

  try {
    reanalyzeChineseRows(database)
  } catch (error) {
    database.close()
    throw new BackendError(
      `sqlite: cannot update the Chinese text analysis of "${path}": ${(error as Error).message}`,
      { backend: 'sqlite', cause: error },
    )
  }

  const getMeta = (key: string): string | undefined => {
    const row = database.prepare('select value from meta where key = ?').get(key) as
      | { value: string }
      | undefined
    return row?.value
  }
  const setMeta = (key: string, value: string): void => {
    database
      .prepare(
        'insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
      )
      .run(key, value)
  }
  const vectorDimensions = (): number | undefined => {
    const value = getMeta('vector_dimensions')
    return value === undefined ? undefined : Number(value)
  }

  const insertDocument = database.prepare(`insert into documents (id, title, publisher, url,
    material_type, published, updated, language, citation, authority, authority_reason, tags,
    demonstration, content_hash, signature, source, ingested_at)
    values (@id, @title, @publisher, @url, @materialType, @published, @updated, @language,
    @citation, @authority, @authorityReason, @tags, @demonstration, @contentHash, @signature,
    @source, @ingestedAt)`)
  const insertChunk = database.prepare(
    'insert into chunks (document_rowid, position, heading, text, token_count) values (?, ?, ?, ?, ?)',
  )
  const insertFts = database.prepare(
    'insert into chunks_fts (rowid, title, heading, body) values (?, ?, ?, ?)',
  )
  const findDocument = database.prepare('select rowid from documents where id = ?')
  const chunkRowids = database.prepare('select rowid from chunks where document_rowid = ?')
  const deleteFts = database.prepare('delete from chunks_fts where rowid = ?')
  const deleteChunks = database.prepare('delete from chunks where document_rowid = ?')
  const deleteDocumentRow = database.prepare('delete from documents where rowid = ?')

  const removeDocument = (documentRowid: number): void => {
    const rows = chunkRowids.all(documentRowid) as Array<{ rowid: number }>
    const hasVectors = vectorDimensions() !== undefined
    const deleteVector = hasVectors
      ? database.prepare('delete from chunks_vec where rowid = ?')
      : undefined
    for (const row of rows) {
      deleteFts.run(row.rowid)
      deleteVector?.run(BigInt(row.rowid))
    }
    deleteChunks.run(documentRowid)
    deleteDocumentRow.run(documentRowid)
  }

  const ensureVectorTable = (dimensions: number): void => {
    const known = vectorDimensions()
    if (known === undefined) {
      database.exec(createVectorTableStatement(dimensions))
      setMeta('vector_dimensions', String(dimensions))
    } else if (known !== dimensions) {
      throw new BackendError(
        `sqlite: index "${path}" stores ${known}-dimensional vectors, got ${dimensions}; use the embedder the index was built with`,
        { backend: 'sqlite' },
      )
    }
  }

  const upsertTransaction = database.transaction(
    (documents: readonly IndexedDocument[]): UpsertResult => {
      const result: UpsertResult = { inserted: 0, replaced: 0, chunks: 0 }
      const ingestedAt = new Date().toISOString()
      for (const document of documents) {
        const existing = findDocument.get(document.id) as { rowid: number } | undefined
        if (existing !== undefined) {
          removeDocument(existing.rowid)
          result.replaced += 1
        } else result.inserted += 1
        const info = insertDocument.run({
          id: document.id,
          title: document.title,
          publisher: document.publisher,
          url: document.url,
          materialType: document.materialType,
          published: document.published ?? null,
          updated: document.updated ?? null,
          language: document.language,
          citation: document.citation,
          authority: document.authority,
          authorityReason: document.authorityReason,
          tags: JSON.stringify(document.tags),
          demonstration: document.demonstration ? 1 : 0,
          contentHash: document.contentHash,
          signature:
            document.signature === undefined
              ? null
              : Buffer.from(
                  document.signature.buffer,
                  document.signature.byteOffset,
                  document.signature.byteLength,
                ),
          source: document.source ?? null,
          ingestedAt,
        })
        const documentRowid = Number(info.lastInsertRowid)
        for (const chunk of document.chunks) {
          const chunkInfo = insertChunk.run(
            documentRowid,
            chunk.position,
            chunk.heading ?? null,
            chunk.text,
            chunk.tokenCount,
          )
          const chunkRowid = chunkInfo.lastInsertRowid
          insertFts.run(
            chunkRowid,
            analyzeForIndex(document.title),
            analyzeForIndex(chunk.heading ?? ''),
            analyzeForIndex(chunk.text),
          )
          if (chunk.vector !== undefined) {
            ensureVectorTable(chunk.vector.length)
            database
              .prepare(
                `insert into chunks_vec (rowid, embedding, document_rowid, authority, material_type,
                 published, language) values (?, ?, ?, ?, ?, ?, ?)`,
              )
              .run(
                BigInt(chunkRowid),
                chunk.vector,
                BigInt(documentRowid),
                document.authority,
                document.materialType,
                document.published ?? '',
                document.language,
              )
          }
          result.chunks += 1
        }
      }
      setMeta('last_ingest_at', ingestedAt)
      return result
    },
  )

  const hitFromRow = (row: HitRow): BackendHit => {
    const hit: BackendHit = {
      chunkId: `${row.id}#${row.position}`,
      documentId: row.id,
      position: row.position,
      text: row.text,
      document: toMetadata(row),
      score: row.score,
    }
    if (row.heading !== null && row.heading !== '') hit.heading = row.heading
    return hit
  }

  const rank = `bm25(chunks_fts, ${weights.title}, ${weights.heading}, ${weights.body})`
  const lexical = createLexicalSearcher(database, rank)
  const hitsByRowid = (ranked: ReadonlyArray<{ rowid: number; score: number }>): BackendHit[] => {
    if (ranked.length === 0) return []
    const rows = database
      .prepare(
        `select ${HIT_COLUMNS}, 0 as score from json_each(?) as wanted
         join chunks c on c.rowid = wanted.value join documents d on d.rowid = c.document_rowid`,
      )
      .all(JSON.stringify(ranked.map((item) => item.rowid))) as HitRow[]
    const byRowid = new Map(rows.map((row) => [row.chunk_rowid, row]))
    return ranked.flatMap((item) => {
      const row = byRowid.get(item.rowid)
      return row === undefined ? [] : [hitFromRow({ ...row, score: item.score })]
    })
  }

  const lexicalSearch = (
    terms: readonly string[],
    topK: number,
    filter?: Filter,
    exactTop?: number,
  ): BackendHit[] => {
    const cleaned = terms.filter((term) => term.trim() !== '')
    if (cleaned.length === 0 || topK <= 0) return []
    const conditions = documentConditions(filter)
    if (conditions.parameters.length === 0) {
      return hitsByRowid(
        lexical.search(cleaned, topK, {
          pruning: settings.pruning !== false,
          ...(exactTop === undefined ? {} : { exactTop }),
        }),
      )
    }
    const rows = database
      .prepare(
        `select ${HIT_COLUMNS}, -${rank} as score from chunks_fts
         join chunks c on c.rowid = chunks_fts.rowid join documents d on d.rowid = c.document_rowid
         where chunks_fts match ?${conditions.sql} order by ${rank} limit ?`,
      )
      .all(matchExpression(cleaned), ...conditions.parameters, topK) as HitRow[]
    return rows.map(hitFromRow)
  }

  const vectorSearch = (vector: Float32Array, topK: number, filter?: Filter): BackendHit[] => {
    const dimensions = vectorDimensions()
    if (dimensions === undefined) {
      throw new BackendError(
        `sqlite: index "${path}" has no vectors; ingest with an embedder to use dense search`,
        { backend: 'sqlite' },
      )
    }
    if (dimensions !== vector.length) {
      throw new BackendError(
        `sqlite: query vector has ${vector.length} dimensions, the index stores ${dimensions}`,
        { backend: 'sqlite' },
      )
    }
    const conditions = vectorConditions(filter)
    // Document ids are filtered after the KNN search, so fetch more to keep topK results.
    const restrictDocuments = filter?.documentIds !== undefined
    const k = restrictDocuments ? Math.min(4096, topK * 20) : topK
    const rows = database
      .prepare(
        `with knn as (select rowid, distance from chunks_vec v
         where embedding match ? and k = ?${conditions.sql})
         select ${HIT_COLUMNS}, 1 - knn.distance as score from knn
         join chunks c on c.rowid = knn.rowid join documents d on d.rowid = c.document_rowid
         order by knn.distance`,
      )
      .all(vector, Math.min(4096, Math.max(1, k)), ...conditions.parameters) as HitRow[]
    const allowed = restrictDocuments ? new Set(filter?.documentIds) : undefined
    const hits = rows.map(hitFromRow)
    return (allowed === undefined ? hits : hits.filter((hit) => allowed.has(hit.documentId))).slice(
      0,
      topK,
    )
  }

  const fingerprintRows = (ids: readonly string[] | 'all'): DocumentFingerprint[] => {
    type Row = { id: string; content_hash: string; signature: Buffer | null }
    const rows: Row[] = []
    if (ids === 'all') {
      rows.push(
        ...(database.prepare('select id, content_hash, signature from documents').all() as Row[]),
      )
    } else {
      for (let start = 0; start < ids.length; start += 500) {
        const batch = ids.slice(start, start + 500)
        rows.push(
          ...(database
            .prepare(
              `select id, content_hash, signature from documents where id in (${batch.map(() => '?').join(', ')})`,
            )
            .all(...batch) as Row[]),
        )
      }
    }
    return rows.map((row) => {
      const fingerprint: DocumentFingerprint = { id: row.id, contentHash: row.content_hash }
      if (row.signature !== null) {
        const copy = new Uint8Array(row.signature)
        fingerprint.signature = new Uint32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4))
      }
      return fingerprint
    })
  }

  const computeStats = (): IndexStats => {
    const count = (sql: string): number => (database.prepare(sql).get() as { count: number }).count
    const authority = Object.fromEntries(AUTHORITY_LEVELS.map((level) => [level, 0])) as Record<
      AuthorityLevel,
      number
    >
    for (const row of database
      .prepare('select authority, count(*) as count from documents group by authority')
      .all() as Array<{ authority: string; count: number }>) {
      if (isAuthorityLevel(row.authority)) authority[row.authority] = row.count
    }
    const materialTypes: Partial<Record<MaterialType, number>> = {}
    for (const row of database
      .prepare('select material_type, count(*) as count from documents group by material_type')
      .all() as Array<{ material_type: string; count: number }>) {
      if (isMaterialType(row.material_type)) materialTypes[row.material_type] = row.count
    }
    const languages: Record<string, number> = {}
    for (const row of database
      .prepare('select language, count(*) as count from documents group by language')
      .all() as Array<{ language: string; count: number }>) {
      languages[row.language] = row.count
    }
    const range = database
      .prepare('select min(published) as from_date, max(published) as to_date from documents')
      .get() as { from_date: string | null; to_date: string | null }
    const dimensions = vectorDimensions()
    const embedderName = getMeta('embedder')
    let sizeBytes = 0
    if (path !== ':memory:') {
      for (const suffix of ['', '-wal']) {
        if (existsSync(path + suffix)) sizeBytes += statSync(path + suffix).size
      }
    }
    const stats: IndexStats = {
      path,
      documents: count('select count(*) as count from documents'),
      chunks: count('select count(*) as count from chunks'),
      vectors: dimensions === undefined ? 0 : count('select count(*) as count from chunks_vec'),
      authority,
      materialTypes,
      languages,
      demonstrationDocuments: count(
        'select count(*) as count from documents where demonstration = 1',
      ),
      sizeBytes,
      schemaVersion: SCHEMA_VERSION,
    }
    if (dimensions !== undefined) stats.embedder = { name: embedderName ?? 'unknown', dimensions }
    if (range.from_date !== null && range.to_date !== null)
      stats.publishedRange = { from: range.from_date, to: range.to_date }
    const lastIngestAt = getMeta('last_ingest_at')
    if (lastIngestAt !== undefined) stats.lastIngestAt = lastIngestAt
    return stats
  }

  const wrap = <T>(what: string, work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work())
    } catch (error) {
      if (error instanceof BackendError || error instanceof NotFoundError)
        return Promise.reject(error)
      return Promise.reject(
        new BackendError(`sqlite: ${what} failed on "${path}": ${(error as Error).message}`, {
          backend: 'sqlite',
          cause: error,
        }),
      )
    }
  }

  let closed = false
  return {
    name: 'sqlite',
    path,
    upsert: ({ documents }) =>
      wrap('upsert', () => {
        lexical.invalidate()
        return upsertTransaction(documents)
      }),
    search: ({ query, topK, filter }) =>
      wrap('search', () =>
        query.kind === 'lexical'
          ? lexicalSearch(query.terms, topK, filter, query.exactTop)
          : vectorSearch(query.vector, topK, filter),
      ),
    delete: ({ ids }) =>
      wrap('delete', () =>
        database.transaction(() => {
          lexical.invalidate()
          let deleted = 0
          for (const id of ids) {
            const row = findDocument.get(id) as { rowid: number } | undefined
            if (row === undefined) continue
            removeDocument(row.rowid)
            deleted += 1
          }
          return { deleted }
        })(),
      ),
    describe: (options = {}) =>
      wrap('describe', () => ({
        stats: computeStats(),
        fingerprints:
          options.fingerprints === undefined ? [] : fingerprintRows(options.fingerprints),
      })),
    termStatistics: ({ terms }) =>
      wrap('term statistics', () => ({
        chunkCount: lexical.chunkCount(),
        chunkFrequency: new Map(terms.map((term) => [term, lexical.frequency(term)])),
      })),
    lexicalCounters: lexical.counters,
    getMeta,
    setMeta,
    close: () => {
      if (!closed) {
        closed = true
        database.close()
      }
      return Promise.resolve()
    },
  }
}
