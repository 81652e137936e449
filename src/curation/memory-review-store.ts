/**
 * A review event store held in memory: for tests and dry runs (nothing survives the process).
 * It follows the same contract as the SQLite store and runs the same conformance suite.
 */
import { BackendError } from '../errors.js'
import { completeEvent } from './check-event.js'
import type {
  ReadReviewEventsOptions,
  ReviewEvent,
  ReviewEventStore,
} from './review-event-store.js'

/** Creates an empty in-memory review event store. */
export function createMemoryReviewStore(settings: { now?: () => string } = {}): ReviewEventStore {
  const now = settings.now ?? (() => new Date().toISOString())
  const events: ReviewEvent[] = []
  let closed = false
  const copy = (event: ReviewEvent): ReviewEvent => JSON.parse(JSON.stringify(event)) as ReviewEvent
  return {
    name: 'memory',
    specificationVersion: 'v1',
    async append(options) {
      if (closed) throw new BackendError('curation: memory review store is closed')
      // Validate every event first: an append stores all its events or none.
      const completed = options.events.map((event) => completeEvent(event, now))
      const stored = completed.map((event, offset) =>
        copy({ ...event, seq: events.length + offset + 1 }),
      )
      events.push(...stored)
      return stored.map(copy)
    },
    async read(options: ReadReviewEventsOptions = {}) {
      if (closed) throw new BackendError('curation: memory review store is closed')
      const types = options.types === undefined ? undefined : new Set(options.types)
      return events
        .filter(
          (event) =>
            event.seq > (options.afterSeq ?? 0) &&
            (options.itemId === undefined || event.itemId === options.itemId) &&
            (types === undefined || types.has(event.type)),
        )
        .map(copy)
    },
    async close() {
      closed = true
    },
  }
}
