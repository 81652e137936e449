/**
 * The default review event store: one SQLite file (WAL, `synchronous = FULL`), one `events`
 * table that triggers keep append-only. An append is one transaction, committed to disk before
 * the promise resolves, so a killed process loses no event it acknowledged.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { BackendError, safeParseJson } from '../errors.js'
import { completeEvent } from './check-event.js'
import type {
  NewReviewEvent,
  ReadReviewEventsOptions,
  ReviewEvent,
  ReviewEventStore,
  ReviewEventType,
} from './review-event-store.js'

/** Settings of {@link createSqliteReviewStore}. */
export interface SqliteReviewStoreSettings {
  /** Path of the SQLite file; created with its folder when missing. */
  path: string
  /** Clock for events without a time (tests). Default `new Date().toISOString()`. */
  now?: () => string
  /**
   * `full` (default): every commit is synced to disk, so an acknowledged event survives a power
   * loss. `normal`: WAL commits are synced at checkpoints only; an acknowledged event still
   * survives a killed process, but an operating-system crash may lose the last ones. The setting
   * is per connection: the draft pipeline (whose work a rerun redoes) may use `normal` while the
   * studio (reviewers' work) keeps `full` on the same file.
   */
  synchronous?: 'full' | 'normal'
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  item_id TEXT NOT NULL,
  type TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_item ON events (item_id, seq);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('specification_version', 'v1');
`

interface EventRow {
  seq: number
  at: string
  actor: string
  item_id: string
  type: string
  before_json: string
  after_json: string
}

function parseStored(text: string, seq: number): unknown {
  const parsed = safeParseJson(text, `review event ${seq}`)
  if (!parsed.ok) {
    throw new BackendError(`curation: stored review event ${seq} is not JSON`, {
      cause: parsed.error,
    })
  }
  return parsed.value
}

function toEvent(row: EventRow): ReviewEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    itemId: row.item_id,
    type: row.type as ReviewEventType,
    before: parseStored(row.before_json, row.seq),
    after: parseStored(row.after_json, row.seq),
  }
}

/**
 * Opens (or creates) a review event store in a SQLite file.
 *
 * @example
 * const store = createSqliteReviewStore({ path: 'project/reviews.sqlite' })
 * await store.append({ events: [{ actor: 'ana', itemId: 'q1', type: 'review', before: null, after: { decision: 'accept' } }] })
 * @throws BackendError when the file cannot be opened or belongs to another version.
 */
export function createSqliteReviewStore(settings: SqliteReviewStoreSettings): ReviewEventStore {
  const now = settings.now ?? (() => new Date().toISOString())
  let database: Database.Database
  try {
    mkdirSync(dirname(settings.path), { recursive: true })
    database = new Database(settings.path)
    database.pragma('journal_mode = WAL')
    // FULL: the WAL is synced at every commit, so an acknowledged event survives a power loss too.
    database.pragma(`synchronous = ${settings.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    database.pragma('busy_timeout = 5000')
    database.exec(SCHEMA)
  } catch (error) {
    throw new BackendError(`curation: cannot open review store "${settings.path}"`, {
      cause: error,
    })
  }
  const version = database
    .prepare("SELECT value FROM meta WHERE key = 'specification_version'")
    .get() as { value: string } | undefined
  if (version?.value !== 'v1') {
    database.close()
    throw new BackendError(
      `curation: review store "${settings.path}" has version "${version?.value}", expected "v1"`,
    )
  }
  const insert = database.prepare(
    'INSERT INTO events (at, actor, item_id, type, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const appendAll = database.transaction((events: ReadonlyArray<Omit<ReviewEvent, 'seq'>>) =>
    events.map((event): ReviewEvent => {
      const info = insert.run(
        event.at,
        event.actor,
        event.itemId,
        event.type,
        JSON.stringify(event.before),
        JSON.stringify(event.after),
      )
      return { ...event, seq: Number(info.lastInsertRowid) }
    }),
  )
  let closed = false
  const ensureOpen = (): void => {
    if (closed) throw new BackendError(`curation: review store "${settings.path}" is closed`)
  }
  return {
    name: `sqlite:${settings.path}`,
    specificationVersion: 'v1',
    async append({ events }) {
      ensureOpen()
      const completed = events.map((event: NewReviewEvent) => completeEvent(event, now))
      // Values are copied through JSON so that what is returned is exactly what was stored.
      return appendAll(completed).map((event) => ({
        ...event,
        before: JSON.parse(JSON.stringify(event.before)) as unknown,
        after: JSON.parse(JSON.stringify(event.after)) as unknown,
      }))
    },
    async read(options: ReadReviewEventsOptions = {}) {
      ensureOpen()
      const clauses = ['seq > ?']
      const parameters: Array<string | number> = [options.afterSeq ?? 0]
      if (options.itemId !== undefined) {
        clauses.push('item_id = ?')
        parameters.push(options.itemId)
      }
      if (options.types !== undefined) {
        if (options.types.length === 0) return []
        clauses.push(`type IN (${options.types.map(() => '?').join(', ')})`)
        parameters.push(...options.types)
      }
      const rows = database
        .prepare(`SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY seq`)
        .all(...parameters) as EventRow[]
      return rows.map(toEvent)
    },
    async close() {
      if (closed) return
      closed = true
      database.close()
    },
  }
}
