/**
 * Mixture ratios by Bayesian optimisation: a GP (Matérn-5/2 ARD, constant mean, learned noise)
 * with log expected improvement over the bounded simplex, studies kept in crash-safe files,
 * objectives from `galen eval` summaries, mixture files for `galen data build`, reports and
 * benchmarks.
 */
export { expectedImprovement, logExpectedImprovement, normalCdf } from './acquisition.js'
export { analyseStudy, type GroupEffect, type StudyAnalysis } from './analysis.js'
export {
  optimiseTestProblem,
  type RegmixBenchmarkOptions,
  type RegmixReport,
  runRegmixBenchmark,
  runTestProblemBenchmark,
  spearman,
  type TestProblemReport,
} from './benchmarks.js'
export { MIXTURE_DEFAULTS, type OptimiserSettings, resolveSettings } from './defaults.js'
export {
  createBoxDomain,
  createSimplexDomain,
  type Domain,
  isFeasible,
  projectNormalised,
} from './domain.js'
export {
  defaultPriors,
  fitHyperparameters,
  GaussianProcess,
  type GpHyperparameters,
  type GpPriors,
  logMarginalLikelihood,
} from './gp.js'
export { matern52 } from './kernel.js'
export {
  MIXTURE_FORMAT,
  type MixtureFile,
  type MixtureGroup,
  safeParseMixtureFile,
  taskRatios,
} from './mixture-file.js'
export {
  type Objective,
  type ObjectiveTerm,
  type ObjectiveValue,
  parseObjective,
  type RunSummary,
  readRunSummary,
  scoreObjective,
} from './objective.js'
export {
  type PoolOptions,
  type PredictedOptimum,
  predictOptimum,
  type Suggestion,
  type SuggestOptions,
  type SuggestResult,
  suggest,
  suggestFromPool,
} from './optimiser.js'
export { branin, hartmann6, TEST_PROBLEMS, type TestProblem } from './problems.js'
export { createRandom, type Random } from './random.js'
export { REGMIX_TARGET, type RegmixTable, readRegmix } from './regmix.js'
export { renderStudyHtml, traceSvg } from './report.js'
export {
  anyOf,
  expectedImprovementBelow,
  maxTrials,
  noImprovement,
  type StopCondition,
  type StopDecision,
  type StudyProgress,
} from './stop.js'
export {
  bestTrial,
  type CreateStudyOptions,
  createStudy,
  findTrial,
  observeTrial,
  RATIO_DECIMALS,
  readStudy,
  roundRatios,
  STUDY_FORMAT,
  type StopSettings,
  type Study,
  type StudyGroup,
  studyDomain,
  studyObservations,
  suggestTrials,
  type Trial,
  type TrialOutcome,
  writeStudy,
} from './study.js'
export { type StudyLockOptions, withStudyLock } from './study-lock.js'
export { fitSurrogate, type Observation, type Surrogate } from './surrogate.js'
