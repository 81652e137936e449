/**
 * The current state of a curation project, derived from its events alone: items, assignment to
 * reviewers (with overlap), each reviewer's latest decision and autosaved draft, adjudications,
 * item status and the final answer.
 */
import { createHash } from 'node:crypto'
import { InputError } from '../errors.js'
import type { Candidate, DraftItem } from './draft-item.js'
import type { ReviewEvent } from './review-event-store.js'

/** A reviewer's decision on an item. */
export const REVIEW_DECISIONS = ['accept', 'reject', 'flag', 'skip'] as const

/** One decision. */
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/** The `after` value of `review` and `adjudicate` events. */
export interface ReviewPayload {
  decision: ReviewDecision
  /** The final answer text (an edit); default the chosen candidate's text. */
  answer?: string
  /** The candidate the answer starts from; default the item's best candidate. */
  candidateId?: string
  /** Why (required for reject and flag): a listed reason and/or free text. */
  reason?: string
}

/** Item status as the API reports it. */
export type ItemStatus = 'pending' | 'accepted' | 'rejected' | 'flagged' | 'disputed'

/** A recorded decision. */
export interface RecordedReview extends ReviewPayload {
  reviewer: string
  at: string
  seq: number
}

/** The derived state of one item. */
export interface ItemState {
  item: DraftItem
  queuedSeq: number
  queuedAt: string
  /** Reviewers the item is assigned to (two for overlapping items when there are two or more). */
  assigned: string[]
  /** Latest decision of each reviewer (skips included). */
  reviews: Map<string, RecordedReview>
  /** Latest autosaved answer of each reviewer. */
  drafts: Map<string, string>
  adjudication?: RecordedReview
  status: ItemStatus
  /** The accepted answer and its origin, when accepted. */
  final?: { answer: string; candidate: Candidate; reviewer: string; edited: boolean }
}

/** Settings of {@link deriveProjectState}. */
export interface ProjectStateSettings {
  /** Reviewers who receive assignments, in a stable order. */
  reviewers: readonly string[]
  /** Share of items (0..1) assigned to two reviewers. Default 0. */
  overlap?: number
}

/** The derived project. */
export interface ProjectState {
  /** Items in queue order. */
  items: ItemState[]
  byId: Map<string, ItemState>
  /** Sequence number of the last event read. */
  lastSeq: number
}

/** Parses a review body from untrusted input. @throws InputError naming the field. */
export function parseReviewPayload(value: unknown): ReviewPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('curation: a review must be a JSON object', { field: 'body', value })
  }
  const record = value as Record<string, unknown>
  const decision = record.decision
  if (!(REVIEW_DECISIONS as readonly unknown[]).includes(decision)) {
    throw new InputError(
      `curation: decision "${String(decision)}" is not one of ${REVIEW_DECISIONS.join(', ')}`,
      { field: 'decision', value: decision },
    )
  }
  const payload: ReviewPayload = { decision: decision as ReviewDecision }
  for (const field of ['answer', 'reason', 'candidateId'] as const) {
    const entry = record[field]
    if (entry === undefined || entry === null) continue
    if (typeof entry !== 'string') {
      throw new InputError(`curation: ${field} must be a string`, { field, value: entry })
    }
    if (entry.length > 100_000) {
      throw new InputError(`curation: ${field} is longer than 100,000 characters`, {
        field,
        value: `${entry.slice(0, 40)}...`,
      })
    }
    payload[field] = entry
  }
  if (
    payload.answer !== undefined &&
    payload.answer.trim() === '' &&
    payload.decision === 'accept'
  ) {
    throw new InputError('curation: an accepted answer cannot be empty', {
      field: 'answer',
      value: payload.answer,
    })
  }
  if ((payload.decision === 'reject' || payload.decision === 'flag') && !payload.reason?.trim()) {
    throw new InputError(`curation: a ${payload.decision} needs a reason`, {
      field: 'reason',
      value: payload.reason ?? '',
    })
  }
  return payload
}

/** A stable number in [0, 1) for an item id (assignment must not depend on arrival order). */
function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32
}

function assign(itemId: string, position: number, settings: ProjectStateSettings): string[] {
  const reviewers = settings.reviewers
  if (reviewers.length === 0) return []
  const first = reviewers[position % reviewers.length] as string
  const overlapping = reviewers.length > 1 && unitHash(itemId) < (settings.overlap ?? 0)
  return overlapping ? [first, reviewers[(position + 1) % reviewers.length] as string] : [first]
}

function candidateOf(item: DraftItem, candidateId: string | undefined): Candidate {
  const chosen = item.candidates.find((candidate) => candidate.id === (candidateId ?? item.bestId))
  return chosen ?? (item.candidates.find((candidate) => candidate.id === item.bestId) as Candidate)
}

function settle(state: ItemState): void {
  const decided = [...state.reviews.values()].filter((review) => review.decision !== 'skip')
  const deciding = state.adjudication ?? undefined
  let status: ItemStatus = 'pending'
  let chosen: RecordedReview | undefined
  if (deciding !== undefined && deciding.decision !== 'skip') {
    chosen = deciding
  } else if (decided.length > 0) {
    const decisions = new Set(decided.map((review) => review.decision))
    if (decisions.size > 1) status = 'disputed'
    else if (decided.length >= Math.max(1, state.assigned.length)) {
      chosen = decided.reduce((latest, review) => (review.seq > latest.seq ? review : latest))
    }
  }
  if (chosen !== undefined) {
    status =
      chosen.decision === 'accept'
        ? 'accepted'
        : chosen.decision === 'reject'
          ? 'rejected'
          : 'flagged'
  }
  state.status = status
  if (chosen?.decision === 'accept') {
    const candidate = candidateOf(state.item, chosen.candidateId)
    const answer = chosen.answer ?? candidate.text
    state.final = {
      answer,
      candidate,
      reviewer: chosen.reviewer,
      edited: answer !== candidate.text,
    }
  } else {
    delete state.final
  }
}

function asPayload(value: unknown): ReviewPayload | undefined {
  try {
    return parseReviewPayload(value)
  } catch {
    return undefined
  }
}

/**
 * Replays events into the project state. Events after `lastSeq` of a previous state can be
 * applied to it with {@link applyEvents}.
 */
export function deriveProjectState(
  events: readonly ReviewEvent[],
  settings: ProjectStateSettings,
): ProjectState {
  const state: ProjectState = { items: [], byId: new Map(), lastSeq: 0 }
  applyEvents(state, events, settings)
  return state
}

/** Applies further events (in sequence order) to a derived state, in place. */
export function applyEvents(
  state: ProjectState,
  events: readonly ReviewEvent[],
  settings: ProjectStateSettings,
): void {
  for (const event of events) {
    if (event.seq <= state.lastSeq) continue
    state.lastSeq = event.seq
    if (event.type === 'item.queued') {
      if (state.byId.has(event.itemId)) continue
      const item = event.after as DraftItem
      const itemState: ItemState = {
        item,
        queuedSeq: event.seq,
        queuedAt: event.at,
        assigned: assign(event.itemId, state.items.length, settings),
        reviews: new Map(),
        drafts: new Map(),
        status: 'pending',
      }
      state.items.push(itemState)
      state.byId.set(event.itemId, itemState)
      continue
    }
    const itemState = state.byId.get(event.itemId)
    if (itemState === undefined) continue
    if (event.type === 'edit') {
      const answer = (event.after as { answer?: unknown } | null)?.answer
      if (typeof answer === 'string') itemState.drafts.set(event.actor, answer)
      continue
    }
    const payload = asPayload(event.after)
    if (payload === undefined) continue
    const recorded: RecordedReview = {
      ...payload,
      reviewer: event.actor,
      at: event.at,
      seq: event.seq,
    }
    if (event.type === 'review') itemState.reviews.set(event.actor, recorded)
    else itemState.adjudication = recorded
    settle(itemState)
  }
}
