/**
 * De-identification of clinical text: PHI detection from patterns, context cues and shipped
 * dictionaries, an optional model pass, redaction with tags or surrogates, and evaluation.
 */
import { detectWithRules, type RuleDetectOptions } from './detect.js'
import type { PhiSpan } from './types.js'

export {
  ANNOTATED_FORMATS,
  type AnnotatedFormat,
  type AnnotatedNote,
  bratPatient,
  parseAnnotatedJsonLines,
  parseBrat,
  readAnnotatedNotes,
} from './annotated.js'
export { evaluatePhysionet, evaluatePresidio, PRESIDIO_PHI_TYPES } from './benchmarks.js'
export {
  assignFolds,
  type CrossValidateOptions,
  type CrossValidationResult,
  crossValidate,
  type FoldGrouping,
  type FoldResult,
  type FoldSummary,
} from './cross-validate.js'
export {
  createDeidentifier,
  type Deidentifier,
  type DeidentifierSettings,
  type DeidentifyOptions,
} from './deidentifier.js'
export { mergeSpans, TAG_PATTERN } from './detect.js'
export { type DeidDictionaries, defaultDictionaryFolder, loadDictionaries } from './dictionaries.js'
export {
  type DeidScore,
  type FalsePositive,
  type GoldSpan,
  type LeakedSpan,
  type ScoredDocument,
  scoreDocuments,
  type TypeScore,
} from './evaluate.js'
export { phiTypeOfGold } from './gold-types.js'
export { detectWithModel, parseModelAnswer } from './model-pass.js'
export { type PhysionetNote, parsePhysionet } from './physionet.js'
export {
  DEID_POLICIES,
  type DeidPolicy,
  detectWithPolicy,
  type PolicyDetectOptions,
  parseDeidPolicy,
} from './policy.js'
export { parseRedactMode, redact, renderRedaction, settleTagSpans } from './redact.js'
export { dateShiftDays, shiftDateText } from './surrogates.js'
export {
  type DeidTagger,
  loadTagger,
  type SavedTagger,
  TAGGER_FORMAT,
  type TrainTaggerSettings,
  trainTagger,
} from './tagger.js'
export {
  type DetectOptions,
  PHI_TYPES,
  type PhiSpan,
  type PhiType,
  type RedactMode,
  type RedactOptions,
  type RedactResult,
} from './types.js'
export {
  type AnnotatedChineseNote,
  CHINESE_NOTES_PATH,
  type ChineseNoteSplit,
  loadChineseNotes,
} from './zh/annotated-notes.js'
export { detectChinesePhi, isResidentIdNumber } from './zh/detect-zh.js'
export { detectChineseNames } from './zh/names-zh.js'
export { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './zh/surnames.js'
export { chineseTag, isChineseText } from './zh/tags-zh.js'

/**
 * Finds PHI in a text with the rules (synchronous; no model). Offsets are UTF-16 indexes into
 * `text`, end exclusive, sorted and non-overlapping.
 *
 * @example
 * detectPhi('Dr. Healey saw him on 7/22.')
 * // [{ start: 4, end: 10, type: 'NAME', ... }, { start: 22, end: 26, type: 'DATE', ... }]
 */
export function detectPhi(text: string, options: RuleDetectOptions = {}): PhiSpan[] {
  return detectWithRules(text, options)
}
