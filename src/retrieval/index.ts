/**
 * Galen's retrieval: one-file SQLite indexes with BM25 (FTS5) and vectors (sqlite-vec), embedders,
 * and search with fusion, authority and recency reranking and redundancy pruning.
 */
export {
  createSqliteBackend,
  type FieldWeights,
  type SqliteBackend,
  type SqliteBackendSettings,
  type TermStatistics,
} from './backends/sqlite-backend.js'
export {
  addChineseWords,
  analyzeForIndex,
  CHINESE_QUESTION_STOPWORDS,
  type ChineseSegmentation,
  chineseAnalysisFingerprint,
} from './chinese-text.js'
export { DEFAULT_DIVERSIFY, type DiversifySettings, diversify, jaccard } from './diversify.js'
export { dotProduct, type Embedder, type EmbeddingKind, normalizeVector } from './embedder.js'
export {
  createHashingEmbedder,
  type HashingEmbedderSettings,
} from './embedders/hashing-embedder.js'
export { createModelEmbedder, type ModelEmbedderSettings } from './embedders/model-embedder.js'
export { createOnnxEmbedder, type OnnxEmbedderSettings } from './embedders/onnx-embedder.js'
export {
  createWordPieceTokenizer,
  loadWordPieceTokenizer,
  type WordPieceTokenizer,
} from './embedders/wordpiece-tokenizer.js'
export {
  type EvaluationQuery,
  evaluateRetrieval,
  gradedNdcgAt,
  ndcgAt,
  percentile,
  type RetrievalEvaluation,
  recallAt,
  reciprocalRankAt,
} from './evaluation.js'
export { DEFAULT_FEEDBACK, type FeedbackSettings, selectExpansionTerms } from './feedback.js'
export { reciprocalRankFusion } from './fusion.js'
export type { IndexBackend } from './index-backend.js'
export {
  builtinEmbedderFromName,
  type OpenIndexSettings,
  openIndex,
  type RetrievalIndex,
} from './open-index.js'
export { porterStem } from './porter-stemmer.js'
export {
  DEFAULT_RERANK,
  placeLowAuthority,
  type RerankSettings,
  recencyPrior,
  rerankScore,
} from './rerank.js'
export {
  SEARCH_MODES,
  type SearchHit,
  type SearchMode,
  type SearchOptions,
  type SearchResult,
  searchBackend,
} from './search.js'
export { search } from './search-index.js'
export {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  fractionalYear,
  isAuthorityLevel,
  isMaterialType,
  MATERIAL_TYPES,
  type MaterialType,
  safeLinkUrl,
} from './source-metadata.js'
export {
  isQuestionStopword,
  QUESTION_STOPWORDS,
  questionTerms,
  type TokenizeOptions,
  tokenizeWords,
} from './text-analysis.js'
export type {
  BackendHit,
  BackendQuery,
  DocumentFingerprint,
  DocumentMetadata,
  Filter,
  IndexedChunk,
  IndexedDocument,
  IndexStats,
  UpsertResult,
} from './types.js'
