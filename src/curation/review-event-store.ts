/**
 * The review event store interface: every change to a curation project (an item queued, an edit
 * autosaved, a review, an adjudication) is an append-only event; the current state is derived from
 * the events (`review-state.ts`), never stored beside them. Versioned so that a second backend can
 * be checked against the same conformance suite (`review-event-store.conformance.ts`).
 */

/** The kinds of event. */
export const REVIEW_EVENT_TYPES = ['item.queued', 'edit', 'review', 'adjudicate'] as const

/** One kind of event. */
export type ReviewEventType = (typeof REVIEW_EVENT_TYPES)[number]

/** An event as a caller hands it to {@link ReviewEventStore.append}. */
export interface NewReviewEvent {
  /** Who made the change: a reviewer's name, or `pipeline` for drafted items. */
  actor: string
  /** The item the event is about. */
  itemId: string
  type: ReviewEventType
  /** The state the actor saw before the change (JSON value), or null. */
  before: unknown
  /** The change itself (JSON value). */
  after: unknown
  /** ISO 8601 time; the store's clock when absent. */
  at?: string
}

/** A stored event. */
export interface ReviewEvent extends Required<NewReviewEvent> {
  /** Position in the log, from 1, strictly increasing. */
  seq: number
}

/** Options of {@link ReviewEventStore.read}. */
export interface ReadReviewEventsOptions {
  /** Only this item's events. */
  itemId?: string
  /** Only events after this sequence number. */
  afterSeq?: number
  /** Only events of these types. */
  types?: readonly ReviewEventType[]
}

/**
 * An append-only store of review events.
 *
 * Contract (checked by the conformance suite): `append` is atomic (all events of one call are
 * stored or none) and durable once it resolves; sequence numbers strictly increase in append
 * order; `read` returns events in sequence order with their JSON values intact; no event is ever
 * changed or removed.
 */
export interface ReviewEventStore {
  readonly name: string
  /** The interface version this store implements. */
  readonly specificationVersion: 'v1'
  /**
   * Appends events and returns them as stored.
   *
   * @throws InputError for an event without actor, item or a known type.
   */
  append(options: { events: readonly NewReviewEvent[] }): Promise<ReviewEvent[]>
  /** Reads events in sequence order. */
  read(options?: ReadReviewEventsOptions): Promise<ReviewEvent[]>
  /** Releases the store. */
  close(): Promise<void>
}
