/**
 * Knowledge: triples in, sentences out and back (consistency gate), WebNLG scoring.
 */
export { type BleuResult, corpusBleu, mtevalTokens, tokenizeMteval } from './bleu.js'
export {
  type ChrfResult,
  type ChrfSettings,
  chrfCharacters,
  chrfWords,
  corpusChrf,
} from './chrf.js'
export {
  type CheckConsistencyOptions,
  type ConsistencyResult,
  checkConsistency,
  parseWithModel,
  type RejectionReason,
} from './consistency.js'
export {
  type CoverageGroup,
  type CoverageReport,
  frameworkFromTriples,
  judgePoint,
  type KnowledgePoint,
  type ModelPointAnswer,
  measureCoverage,
  type PointCoverage,
  probePoints,
  renderCoverageHtml,
  type Subdomain,
} from './coverage.js'
export {
  type DrugInsert,
  INSERT_SECTIONS,
  type InsertSectionType,
  type MergedInsert,
  type MergedSentence,
  mergeDrugInserts,
  parseJsonInsert,
  parseMarkdownInsert,
  parseSplInsert,
  readDrugInsert,
  renderMergedInsert,
} from './drug-insert.js'
export { type EntityForm, entityForms, renderEntity } from './entity-forms.js'
export {
  type ExtractedTriple,
  extractTriples,
  type Lexicon,
  lexiconFromTriples,
} from './extract.js'
export {
  detectTripleFormat,
  type ImportTriplesOptions,
  importTriples,
  TRIPLE_SOURCE_FORMATS,
  type TripleSourceFormat,
  tripleToRecord,
} from './import-triples.js'
export {
  createLearnedVerbalizer,
  describeTriple,
  describeTripleAs,
  type LearnedTemplate,
  type LearnedTemplateSet,
  type LearnedVerbalizer,
  type LearnedVerbalizerOptions,
  type LearnOptions,
  learnTemplates,
  readLearnedTemplates,
  writeLearnedTemplates,
} from './learned-templates.js'
export { type RewriteResult, rewriteWithModel } from './model-rewrite.js'
export {
  type ParsedSentence,
  type ParsedTriple,
  parseSentence,
  parseText,
  SUBJECT_PRONOUNS,
} from './parse-text.js'
export {
  canonicalPredicate,
  findPredicate,
  GENERIC_TEMPLATES,
  type Language,
  PREDICATES,
  type PredicateDefinition,
  type PredicateWording,
  predicateKey,
  type SentenceTemplate,
} from './predicates.js'
export {
  candidateAnswers,
  matchesAnswer,
  normalizeAnswer,
  PROBE_ABBREVIATIONS,
  type ProbeAccuracy,
  type ProbeSummary,
  scoreProbes,
} from './probe-scoring.js'
export {
  buildGraphProbes,
  buildMedlamaProbes,
  LEADING_TEXT,
  type Probe,
  type ProbeCategory,
  probeableRelations,
  readMedlamaPrompts,
  readProbes,
} from './probes.js'
export { capitalize, displayEntity, entityKey, isListSafe, joinList, splitList } from './surface.js'
export { crossValidateTemplates, type TemplateCvResult } from './template-cv.js'
export { readAlignedFiles, readLines, splitLines } from './text-lines.js'
export {
  assignMinimumCost,
  normalizeTripleElement,
  type PrecisionRecallF1,
  scoreTripleEntry,
  scoreTriples,
  type TripleScheme,
  type TripleScores,
} from './triple-scores.js'
export {
  type EntityType,
  parseTripleValue,
  safeParseTriple,
  type Triple,
} from './triples.js'
export {
  createTemplateVerbalizer,
  type TemplateVerbalizer,
  type TemplateVerbalizerSettings,
  type VerbalizedText,
} from './verbalize.js'
export {
  parseWebnlgTriple,
  parseWebnlgXml,
  readWebnlg,
  type WebnlgEntry,
  type WebnlgTriple,
} from './webnlg.js'
