/**
 * SFT curation: grounded drafting with best-of-N, rule annotations, and the review event store
 * behind the review studio; exports and statistics of reviewed items.
 */

export {
  type DraftModel,
  type DraftProgress,
  type DraftResult,
  type DraftSettings,
  parseKeyPoints,
  runDraft,
} from './draft.js'
export type {
  Candidate,
  CandidateScores,
  DraftItem,
  ItemReference,
  JudgeRatings,
  RuleAnnotation,
} from './draft-item.js'
export { levenshtein, normalisedEditDistance } from './edit-distance.js'
export {
  type ExportProvenance,
  type ExportResult,
  exportItems,
  SFT_EXPORT_FORMATS,
  type SftExportFormat,
} from './export-items.js'
export { cohenKappa, type KappaResult } from './kappa.js'
export { createMemoryReviewStore } from './memory-review-store.js'
export {
  type CurationProject,
  openProject,
  type ProjectConfig,
  projectStorePath,
  REVIEWER_ROLES,
  type Reviewer,
  type ReviewerRole,
  readProjectConfig,
} from './project.js'
export { type PairAgreement, type ProjectStats, projectStats } from './project-stats.js'
export { type JudgeOutcome, judgeAnswer, judgeScore, parseJudgeReply } from './quality-judge.js'
export { type DraftQuery, readQueries } from './read-queries.js'
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
export { createRewardClient, type RewardClient, squashReward } from './reward-client.js'
export { annotateCandidate, type RuleAnnotationSettings, rulesScore } from './rule-annotations.js'
export { pickBest, totalScore } from './score-candidate.js'
export { createSqliteReviewStore, type SqliteReviewStoreSettings } from './sqlite-review-store.js'
