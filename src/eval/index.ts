/**
 * The evaluation harness: benchmark loaders, prompts, the resumable runner, replay of recorded
 * responses, scorers (exam verifier, MIRAGE reproduction, MedCalc-Bench official rules, LLM
 * judge), summaries with bootstrap intervals, and comparison reports.
 */
export type { BenchmarkDefinition, LoadOptions } from './benchmarks/benchmark.js'
export {
  DISC_DIMENSIONS,
  type DiscDimension,
  type DiscJudgement,
  type DiscJudgeScores,
  parseDiscScores,
  readDiscJudgeScores,
} from './benchmarks/disc-judge-scores.js'
export {
  diseaseNameKey,
  loadRareDiseaseNames,
  type RareDiseaseNames,
  type RareDiseaseScore,
  resolveDiseaseName,
  scoreRareDiseaseRanking,
} from './benchmarks/rare-disease.js'
export { BENCHMARKS, getBenchmark } from './benchmarks/registry.js'
export {
  CONVERSATION_MODES,
  type ConversationMode,
  type ConversationTurn,
  conversationText,
  readConversation,
} from './conversation.js'
export { type CsvParseResult, type CsvRecord, parseCsv, parseCsvWithHeader } from './csv.js'
export { selectExamples } from './few-shot.js'
export {
  type BenchmarkItem,
  type CalculationOutputType,
  type CalculationTarget,
  type ItemKind,
  type LoadIssue,
  type LoadResult,
  lettersFor,
  type NormalizationTarget,
  needsJudge,
  optionLetters,
  type RankingTarget,
} from './item.js'
export {
  type AgreementInput,
  type AgreementPair,
  averageRanks,
  computeJudgeAgreement,
  DEFAULT_AGREEMENT_PAIRS,
  GALEN_SCORE_NAMES,
  type GalenScoreName,
  type JudgeAgreementReport,
  type ModelAgreement,
  type PairAgreement,
  parseAgreementPair,
  pearson,
  REFERENCE_SCORE_NAMES,
  type ReferenceScoreName,
  spearman,
} from './judge-agreement.js'
export { buildMessages, PROMPT_STYLES, type PromptStyle, userMessage } from './prompts.js'
export { type EvalRecord, isEvalRecord } from './record.js'
export {
  type ReadResponsesOptions,
  type RecordedResponse,
  type ReplayOptions,
  type ReplayResult,
  readRecordedResponses,
  replayResponses,
  type SaveReplayOptions,
  saveReplay,
} from './replay.js'
export {
  type Breakdown,
  buildComparison,
  type Comparison,
  type ComparisonCell,
} from './report/comparison.js'
export { renderHtml } from './report/html.js'
export { loadRun, type ReportRun } from './report/load-runs.js'
export { renderMarkdown } from './report/markdown.js'
export { buildReport, type RenderedReport } from './report/report.js'
export {
  hashSettings,
  RUN_FILES,
  type RunManifest,
  readManifest,
  readRecordsFile,
  recoverRecords,
} from './run-directory.js'
export {
  type RunOptions,
  type RunProgress,
  type RunResult,
  type RunSettings,
  runEvaluation,
} from './runner.js'
export { createRandom, hashSeed, type RandomSource, sampleUniform } from './sampling.js'
export { type ChoiceReading, scoreChoice } from './scoring/choice-scoring.js'
export {
  JUDGE_DIMENSIONS,
  type JudgeDimension,
  type JudgeOptions,
  type JudgeOutcome,
  type JudgeVerdict,
  judgeMessages,
  judgePanel,
  judgeResponse,
  type PanelJudgement,
  parseJudgeReply,
} from './scoring/judge.js'
export { scoreCalculation } from './scoring/medcalc-scoring.js'
export {
  createMirageScorer,
  locateMirageAnswer,
  type MirageScorer,
  mirageAnswerSegment,
} from './scoring/mirage-scorer.js'
export { readNormalizedNames, scoreNameSet } from './scoring/name-set-scoring.js'
export { readRankedNames, scoreRankedDiagnoses } from './scoring/ranking-scoring.js'
export type {
  NameSetHits,
  ParseStatus,
  RankingHits,
  ScoredAnswer,
} from './scoring/scored-answer.js'
export {
  createScorer,
  type ResponseScorer,
  SCORER_NAMES,
  type ScorerName,
} from './scoring/scorer.js'
export { bootstrapInterval, quantile } from './statistics.js'
export {
  type EvalSummary,
  type EvalSummaryFile,
  type GroupStatistics,
  publicSummary,
  summarize,
} from './summary.js'
