/**
 * RL and fine-tuning data tooling: rollout records and importers (verl, OpenRLHF), GRPO group
 * statistics and advantages, prompt filtering (DAPO dynamic sampling, mastery resampling,
 * difficulty bands), reward-variance and best-of-N selection, preference pairs, stratified
 * sampling, ratio mixing, n-gram decontamination, and exports for verl, OpenRLHF, TRL and SFT.
 */
export {
  type BenchmarkFileStats,
  type BenchmarkText,
  benchmarkRecordText,
  type EvalBenchmarkTexts,
  loadEvalBenchmarkTexts,
  readBenchmarkFile,
} from './benchmark-texts.js'
export {
  type BenchmarkIndexStats,
  buildDecontaminationIndex,
  type ContaminationMatch,
  type DecontaminateOptions,
  type DecontaminateResult,
  type DecontaminationIndex,
  decontaminateFile,
  findContamination,
} from './decontaminate.js'
export {
  EXPORT_FORMATS,
  type ExportFormat,
  encodeGroundTruth,
  type RowSettings,
  toOpenRlhfRow,
  toSftRow,
  toTrlPreferenceRow,
  toTrlRow,
  toVerlRow,
  type VerlRow,
} from './export-formats.js'
export {
  type ExportOptions,
  type ExportResult,
  exportRecords,
  VERL_PARQUET_SCHEMA,
} from './exporters.js'
export {
  type DropCount,
  type DropReason,
  type FilterOptions,
  type FilterResult,
  filterRollouts,
} from './filter.js'
export {
  type AdvantageOptions,
  type BandEdges,
  computeAdvantages,
  DEFAULT_PASS_THRESHOLD,
  DIFFICULTY_BANDS,
  type DifficultyBand,
  difficultyBand,
  PASS_RATE_BINS,
  passRateBin,
  RewardAccumulator,
  type RewardSummary,
  summarizeRewards,
} from './group-stats.js'
export { type ImportResult, importRollouts } from './import-file.js'
export {
  detectRolloutFormat,
  type ImportSettings,
  normalizeRollout,
  promptIdFor,
  ROLLOUT_FORMATS,
  type RolloutFormat,
} from './importers.js'
export { filterItemsById, type ItemFilterResult } from './item-filter.js'
export {
  createLineWriter,
  forEachLine,
  type LineIssue,
  type LineWriter,
  type ProgressCallback,
} from './line-reader.js'
export {
  type MixResult,
  type MixSourceResult,
  type MixSpec,
  mixDatasets,
  readMixSpec,
} from './mix.js'
export { DEFAULT_NGRAM_SIZE, ngramHashes, tokenize } from './ngram-index.js'
export {
  buildPreferencePairs,
  choosePairs,
  type PairMode,
  type PairOptions,
  type PairResult,
} from './pairs.js'
export {
  allocateQuotas,
  largestFeasibleTotal,
  normalizeWeights,
  SelectionSampler,
} from './quotas.js'
export { createRandom, type Random } from './random.js'
export {
  type ChatMessage,
  type DatasetItem,
  guessRecordKind,
  type PreferencePair,
  type Prompt,
  promptMessages,
  promptText,
  type RecordKind,
  type RolloutRecord,
  readLabel,
  safeParseItem,
  safeParsePair,
  safeParseRollout,
} from './records.js'
export {
  MISSING_LABEL,
  type StratifiedSampleOptions,
  type StratifiedSampleResult,
  type StratumResult,
  sampleStratified,
} from './sampling.js'
export {
  type BestOfNResult,
  type SelectOptions,
  selectBestOfN,
  selectByRewardVariance,
  type VarianceSelectResult,
} from './select.js'
export {
  computeRolloutStats,
  type RolloutStats,
  type RolloutStatsOptions,
  type RolloutTally,
} from './stats.js'
export {
  cjkUnits,
  DEFAULT_CJK_NGRAM_SIZE,
  type FingerprintSizes,
  fingerprintGramText,
  fingerprintText,
  foldCjkText,
  hasCjk,
  type TextFingerprint,
} from './text-fingerprint.js'
