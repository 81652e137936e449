/**
 * Galen's corpus: the document model, authority levels, loaders, the cleaning, deduplication and
 * chunking pipeline, and ingestion into an index.
 */
export {
  type AuthorityAssignment,
  type AuthorityRules,
  createAuthorityAssigner,
  DEFAULT_AUTHORITY_RULES_PATH,
  loadAuthorityRules,
  parseAuthorityLevel,
  parseAuthorityRules,
} from './authority.js'
export { type ChunkSettings, chunkText, DEFAULT_CHUNK_SETTINGS, type TextChunk } from './chunker.js'
export { hashText, hashValue } from './content-hash.js'
export { DEMO_CORPUS_PATH, defaultDemoIndexPath, ensureDemoIndex } from './demo-index.js'
export {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  documentSchema,
  type GalenDocument,
  MATERIAL_TYPES,
  type MaterialType,
  safeParseDocument,
} from './document.js'
export {
  EVALUATION_SETS,
  type EvaluationSet,
  type EvaluationSetName,
  loadEvaluationSet,
} from './evaluation-sets.js'
export { type IngestOptions, type IngestProgress, type IngestSummary, ingest } from './ingest.js'
export { type BioasqQuestion, bioasqEntries } from './loaders/bioasq-loader.js'
export { htmlToText } from './loaders/html-loader.js'
export { listFiles, loadPaths, SUPPORTED_EXTENSIONS } from './loaders/load-paths.js'
export type { FileDefaults, LoadedItem } from './loaders/loaded-item.js'
export { type MedquadQuestion, readMedquadFile } from './loaders/medquad-loader.js'
export { extractPdfText } from './loaders/pdf-loader.js'
export { type PubmedqaQuestion, pubmedqaEntries } from './loaders/pubmedqa-loader.js'
export {
  createNearDuplicateIndex,
  DEFAULT_MINHASH,
  estimateSimilarity,
  type MinHashSettings,
  minHashSignature,
  type NearDuplicateIndex,
} from './minhash.js'
export { normaliseLine, normaliseText } from './normalise.js'
export { PIPELINE_VERSION, prepareDocument } from './pipeline.js'
export { checkQuality, DEFAULT_QUALITY, type QualitySettings } from './quality.js'
export { splitSentences } from './sentences.js'
export { countTokens } from './tokens.js'
