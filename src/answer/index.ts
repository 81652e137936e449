/**
 * Grounded answering: query understanding, evidence packing, generation with citations and
 * calculator tools, citation checking, and evidence mode when no model is configured.
 */
export {
  type AnswererSettings,
  type AnswerOptions,
  type AnswerResult,
  type CitationCard,
  createAnswerer,
  type EvidenceSummary,
} from './answer-question.js'
export {
  type AnswerSettingsSection,
  answerSettingsSchema,
  parseAnswerSettings,
} from './answer-settings.js'
export {
  answerCalculatorQuestion,
  type CalculationStepView,
  type CalculatorAnswer,
  calculatorAnswerFromToolCall,
  describeCalculatorAnswer,
  formatCalculatorValue,
} from './calculator-answer.js'
export {
  describeCalculatorAnswerZh,
  formatCalculatorValueZh,
  interpretationZh,
  isChineseQuestion,
  localizeCalculatorAnswerZh,
} from './calculator-answer-zh.js'
export {
  type CheckCitationsOptions,
  type CitationCheckResult,
  checkCitations,
  extractCitations,
  type SentenceCheck,
  type SourceSupport,
} from './check-citations.js'
export {
  type EvidenceEvaluation,
  type EvidenceQuestionResult,
  evaluateEvidence,
  loadRelevanceSet,
  type RelevanceQuestion,
} from './evaluate-evidence.js'
export type {
  Authority,
  EvidenceFilter,
  EvidencePassage,
  EvidenceSource,
} from './evidence-source.js'
export {
  type GatherEvidenceOptions,
  type GatheredEvidence,
  gatherEvidence,
  type RankedPassage,
  searchEvidence,
} from './gather-evidence.js'
export {
  type AnswerToolCall,
  type GenerationResult,
  generateWithTools,
} from './generate-answer.js'
export {
  createIndexEvidenceSource,
  type IndexEvidenceSourceSettings,
} from './index-evidence-source.js'
export {
  type EvidenceConflict,
  formatSourcesForPrompt,
  type NumberedSource,
  type PackEvidenceOptions,
  type PackedEvidence,
  packEvidence,
} from './pack-evidence.js'
export {
  analyseQuestion,
  normaliseWord,
  type QueryConcept,
  type QuestionAnalysis,
} from './query-concepts.js'
export {
  DEFAULT_EVIDENCE_POLICY,
  type EvidencePolicy,
  type EvidenceSelection,
  type ScoredPassage,
  scorePassage,
  selectEvidence,
} from './select-evidence.js'
export { buildSystemPrompt } from './system-prompt.js'
export {
  correctDrugNames,
  createDrugVocabulary,
  type DrugVocabulary,
  describesCase,
  detectCalculatorIntent,
  editDistance,
  loadDrugVocabulary,
  type SpellingCorrection,
} from './understand-query.js'
export {
  type ChineseDrugNames,
  correctChineseDrugNames,
  loadChineseDrugNames,
  soundsAlike,
} from './zh-drug-names.js'
