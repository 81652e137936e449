/**
 * Verifiers: rule-first scoring of model responses for medical RL and evaluation (exam,
 * diagnosis, drug, test ordering, format), a model judge, and the composite that combines them.
 */
export { type AnswerText, answerText, MAX_ANSWER_SCAN, normalizePhrase } from './answer-text.js'
export {
  DEFAULT_HIERARCHY_CREDIT,
  type DiagnosisGroundTruth,
  type DiagnosisRuleOutcome,
  type HierarchyCredit,
  hierarchyCredit,
  scoreDiagnosisRules,
  type VerifyDiagnosisOptions,
  verifyDiagnosis,
} from './diagnosis.js'
export {
  type DrugGroundTruth,
  type DrugRuleOutcome,
  scoreDrugRules,
  type VerifyDrugsOptions,
  verifyDrugs,
} from './drug.js'
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
export { type FormatGroundTruth, type VerifyFormatOptions, verifyFormat } from './format.js'
export {
  type ConfiguredVerifier,
  createVerifierFromConfig,
  type VerifierConfigInputs,
} from './from-config.js'
export { checkJsonSchema, JSON_SCHEMA_LIMITS, schemaPatternMatches } from './json-schema.js'
export {
  createJudge,
  hasAnswerContent,
  type Judge,
  type JudgeRequest,
  type JudgeSettings,
  parseVerdict,
} from './judge.js'
export { isNegated } from './negation.js'
export {
  cleanItem,
  type ResponseItem,
  type ResponseItems,
  readResponseItems,
} from './response-items.js'
export {
  alignComponents,
  makeResult,
  VERIFIER_STATUSES,
  type VerifierResult,
  type VerifierStatus,
} from './result.js'
export { type SetScores, scoreSets } from './set-score.js'
export {
  DEFAULT_WEIGHTS,
  parseVerifierSettings,
  VERIFIER_TASKS,
  type VerifierSettings,
  type VerifierTask,
  verifierSettingsSchema,
} from './settings.js'
export {
  type TestOrderingGroundTruth,
  type VerifyTestOrderingOptions,
  verifyTestOrdering,
} from './test-ordering.js'
export {
  createItemVerifier,
  type ItemVerifier,
  type ParsedItem,
  parseVerifyItem,
  type VerifierRuntime,
  type VerifyItem,
} from './verify-item.js'
