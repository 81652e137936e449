/**
 * SFT curation: grounded drafting with best-of-N, rule annotations, and the review event store
 * behind the review studio; exports and statistics of reviewed items.
 */
export type {
  Candidate,
  CandidateScores,
  DraftItem,
  ItemReference,
  JudgeRatings,
  RuleAnnotation,
} from './draft-item.js'
export { levenshtein, normalisedEditDistance } from './edit-distance.js'
export { cohenKappa, type KappaResult } from './kappa.js'
export { createMemoryReviewStore } from './memory-review-store.js'
export {
  type NewReviewEvent,
  REVIEW_EVENT_TYPES,
  type ReadReviewEventsOptions,
  type ReviewEvent,
  type ReviewEventStore,
  type ReviewEventType,
} from './review-event-store.js'
export {
  applyEvents,
  deriveProjectState,
  type ItemState,
  type ItemStatus,
  type ProjectState,
  type ProjectStateSettings,
  parseReviewPayload,
  REVIEW_DECISIONS,
  type RecordedReview,
  type ReviewDecision,
  type ReviewPayload,
} from './review-state.js'
export { createSqliteReviewStore, type SqliteReviewStoreSettings } from './sqlite-review-store.js'
