/**
 * Verifiers: rule-first scoring of model responses for medical RL and evaluation (exam,
 * diagnosis, drug, test ordering, format), a model judge, and the composite that combines them.
 */
export { type AnswerText, answerText, normalizePhrase } from './answer-text.js'
export {
  DEFAULT_OPTION_LETTERS,
  type ExamGroundTruth,
  type PartialCreditPolicy,
  type VerifyExamOptions,
  verifyExam,
} from './exam.js'
export {
  type ChoiceExtraction,
  type ExtractChoiceOptions,
  extractChoice,
} from './extract-choice.js'
export {
  alignComponents,
  makeResult,
  VERIFIER_STATUSES,
  type VerifierResult,
  type VerifierStatus,
} from './result.js'
