/**
 * The instruction-data factory: a registry of instruction tasks (a superset of
 * Super-NaturalInstructions task JSON), generators that draw gold outputs from Galen's structured
 * sources, checkers, validation, the curriculum graph, data builds and exports.
 */

export {
  BUILD_FORMAT,
  type BuildOptions,
  type BuildResult,
  type BuiltRecord,
  buildInstructionSet,
} from './build.js'
export {
  type CheckOptions,
  type CheckResult,
  checkOutput,
  listItems,
  normaliseAnswer,
} from './checkers.js'
export {
  DEFAULT_EVALUATION_SETS,
  type EvaluationIndexResult,
  loadEvaluationIndex,
} from './evaluation-sets.js'
export {
  exportInstructionSet,
  INSTRUCTION_EXPORT_FORMATS,
  type InstructionExportFormat,
  type InstructionExportOptions,
  type InstructionExportResult,
  isRewardVerifiable,
  readBuiltRecords,
} from './export.js'
export {
  applyMixtureDelta,
  findGaps,
  GAP_RULES,
  type GapOptions,
  MIXTURE_DELTA_FORMAT,
  type MixtureChange,
  type MixtureDelta,
  type WeakGroup,
} from './gaps.js'
export type { GeneratedInstance, Generator, GeneratorContext } from './generators/generator.js'
export { GENERATORS, SUPERNI_GENERATOR } from './generators/index.js'
export {
  curriculumStages,
  renderGraphHtml,
  renderGraphSvg,
  renderGraphText,
  stageLists,
} from './graph.js'
export { type InstancePosition, makeInstance, type TaskInstance } from './instance.js'
export {
  generateRedTeamPrompts,
  type ModelAnswer,
  RED_TEAM_CATEGORIES,
  type RedTeamPrompt,
  type SamplePrompt,
  type SelfInstructInstance,
  type SelfInstructResult,
  sampleWithVoting,
  selfInstruct,
  type VoteResult,
} from './model-samples.js'
export { planTargets, resolveRatios, type TaskTarget, walkOrder } from './plan.js'
export { createRandom, hashString, type Random } from './random.js'
export {
  BUILTIN_TASK_DIRECTORY,
  createTaskRegistry,
  loadTaskRegistry,
  type TaskRegistry,
  UnknownTaskError,
} from './registry.js'
export {
  type ConditionEntry,
  type CorpusPassage,
  loadTaskSources,
  memo,
  readCorpusFolder,
  type SourceFolders,
  type TaskSources,
} from './sources.js'
export {
  CHECKER_TYPES,
  type CheckerSpec,
  DIMENSIONS,
  type Dimension,
  type InstructionTask,
  LANGUAGES,
  type Language,
  SLOT_TYPES,
  type SlotType,
  safeParseTaskFile,
  TASK_FORMAT,
  type TaskSource,
} from './task.js'
export { renderTemplate, templateSlots } from './template.js'
export {
  findCycles,
  MIN_TEMPLATES,
  NEAR_DUPLICATE_SIMILARITY,
  templateSimilarity,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationReport,
  validateRegistry,
} from './validate.js'
