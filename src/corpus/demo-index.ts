/**
 * The demonstration index: Galen ships a small corpus written for demonstration
 * (`data/demo-corpus/`, JSON Lines) and builds it into an index on first use, so that search and
 * grounded answering work on a fresh machine. The index is rebuilt when the corpus or the
 * pipeline changes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NotFoundError } from '../errors.js'
import { createSqliteBackend } from '../retrieval/backends/sqlite-backend.js'
import { hashValue } from './content-hash.js'
import { type IngestSummary, ingest } from './ingest.js'
import { PIPELINE_VERSION } from './pipeline.js'

/** Where Galen's demonstration corpus lives. */
export const DEMO_CORPUS_PATH = fileURLToPath(new URL('../../data/demo-corpus/', import.meta.url))

/** The default place of the demonstration index: `$GALEN_DEMO_INDEX`, else `.galen/demo-index.db`. */
export function defaultDemoIndexPath(): string {
  return resolve(process.env.GALEN_DEMO_INDEX ?? join('.galen', 'demo-index.db'))
}

function corpusFingerprint(corpusPath: string): string {
  const files = readdirSync(corpusPath)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
  if (files.length === 0) {
    throw new NotFoundError(`corpus: no .jsonl files in the demonstration corpus "${corpusPath}"`)
  }
  return hashValue({
    version: PIPELINE_VERSION,
    files: files.map((name) => [name, readFileSync(join(corpusPath, name), 'utf8')]),
  })
}

/**
 * Makes sure the demonstration index exists and matches the corpus; (re)builds it when missing or
 * outdated. The build writes a temporary file and renames it, so a reader never sees half an index.
 *
 * @returns the index path, whether it was (re)built, and the ingest summary when it was
 * @throws NotFoundError when the demonstration corpus is missing
 * @example
 * const { path } = await ensureDemoIndex()
 * const index = await openIndex({ path })
 */
export async function ensureDemoIndex(
  options: { path?: string; corpusPath?: string } = {},
): Promise<{ path: string; rebuilt: boolean; summary?: IngestSummary }> {
  const path = resolve(options.path ?? defaultDemoIndexPath())
  const corpusPath = options.corpusPath ?? DEMO_CORPUS_PATH
  if (!existsSync(corpusPath)) {
    throw new NotFoundError(`corpus: demonstration corpus "${corpusPath}" not found`)
  }
  const fingerprint = corpusFingerprint(corpusPath)
  if (existsSync(path)) {
    try {
      const backend = createSqliteBackend({ path, create: false })
      const stored = backend.getMeta('demo_fingerprint')
      await backend.close()
      if (stored === fingerprint) return { path, rebuilt: false }
    } catch {
      // An unreadable or foreign file is rebuilt below.
    }
  }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.building-${process.pid}`
  for (const suffix of ['', '-wal', '-shm']) rmSync(temporary + suffix, { force: true })
  // Only the corpus files: the folder's README describes the corpus and is not part of it.
  const corpusFiles = readdirSync(corpusPath)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(corpusPath, name))
  // The demonstration corpus is the project's own curated material: its levels are trusted.
  const summary = await ingest({
    paths: corpusFiles,
    index: temporary,
    embedder: false,
    trustDocumentAuthority: true,
  })
  const backend = createSqliteBackend({ path: temporary, create: false })
  backend.setMeta('demo_fingerprint', fingerprint)
  // Fold the write-ahead log into the file so that the rename carries everything.
  await backend.close()
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true })
  renameSync(temporary, path)
  for (const suffix of ['-wal', '-shm']) rmSync(temporary + suffix, { force: true })
  return { path, rebuilt: true, summary: { ...summary, index: path } }
}
