/**
 * Validation shared by every review event store, so that all backends refuse the same events.
 */
import { InputError } from '../errors.js'
import { type NewReviewEvent, REVIEW_EVENT_TYPES, type ReviewEvent } from './review-event-store.js'

const TYPES: ReadonlySet<string> = new Set(REVIEW_EVENT_TYPES)

/**
 * Checks an event and fills in its time.
 *
 * @throws InputError naming the field at fault.
 */
export function completeEvent(event: NewReviewEvent, now: () => string): Omit<ReviewEvent, 'seq'> {
  if (typeof event.actor !== 'string' || event.actor.trim() === '') {
    throw new InputError(`curation: event actor "${String(event.actor)}" is empty`, {
      field: 'actor',
      value: event.actor,
    })
  }
  if (typeof event.itemId !== 'string' || event.itemId === '') {
    throw new InputError(`curation: event item id "${String(event.itemId)}" is empty`, {
      field: 'itemId',
      value: event.itemId,
    })
  }
  if (!TYPES.has(event.type)) {
    throw new InputError(
      `curation: unknown event type "${String(event.type)}" (expected ${REVIEW_EVENT_TYPES.join(', ')})`,
      { field: 'type', value: event.type },
    )
  }
  const at = event.at ?? now()
  if (Number.isNaN(Date.parse(at))) {
    throw new InputError(`curation: event time "${at}" is not an ISO 8601 time`, {
      field: 'at',
      value: at,
    })
  }
  return {
    actor: event.actor,
    itemId: event.itemId,
    type: event.type,
    before: event.before ?? null,
    after: event.after ?? null,
    at,
  }
}
