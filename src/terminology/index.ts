/**
 * Terminology: code systems and vocabularies loaded from files a user gives (ICD-10-CM, the
 * Disease Ontology, the DrugBank open vocabulary) and the lexicons Galen ships (tests, brand
 * names, diagnosis abbreviations), with spelling-tolerant matching.
 */
export {
  type BeijingClinicalIcd,
  beijingToIcd10,
  isMorphologyCode,
  loadBeijingClinicalIcd,
  looksLikeBeijingIcd,
} from './beijing-icd.js'
export { forEachDelimitedRow, parseDelimited } from './delimited.js'
export {
  createDiseaseIndex,
  type DiagnosisCode,
  type DiseaseIndex,
  type DiseaseIndexSources,
  type ResolveDiagnosisOptions,
  resolveIcdCode,
} from './disease-index.js'
export {
  type DiseaseOntology,
  type DiseaseOntologyPaths,
  type DiseaseTerm,
  diseaseTermCodes,
  loadDiseaseOntology,
} from './disease-ontology.js'
export {
  createDrugVocabulary,
  type DrugConcept,
  type DrugMention,
  type DrugRecord,
  type DrugVocabulary,
  type DrugVocabularySources,
  loadDrugBankVocabulary,
} from './drug-vocabulary.js'
export {
  ICD10CM_CHAPTERS,
  type Icd10cm,
  type Icd10cmCsvPaths,
  type IcdBlock,
  type IcdChapter,
  type IcdCode,
  icdCategory,
  loadIcd10cmCsv,
  loadIcd10cmOrderFile,
  normalizeIcdCode,
} from './icd10cm.js'
export { type IndexPhrase, loadIcd10cmIndex, loadIcd10cmNeoplasms } from './icd10cm-index.js'
export { lexiconDirectory, readLexiconEntries } from './lexicon-files.js'
export {
  detectTerminologyFiles,
  loadTerminology,
  type Terminology,
  type TerminologyFiles,
} from './load.js'
export { createNgramIndex, type NgramHit, type NgramIndex } from './ngram-index.js'
export {
  type NormalizationRow,
  readNormalizationPairs,
  readNormalizationRows,
  readStandardNames,
} from './normalization-files.js'
export {
  type FindPhrasesOptions,
  type PhraseHit,
  PhraseMatcher,
  phraseKey,
  type TextWord,
  wordsWithOffsets,
} from './phrase-matcher.js'
export {
  type TermEntryOptions,
  type TermIndex,
  TermIndexBuilder,
  type TermLookupOptions,
  type TermMatch,
} from './term-index.js'
export {
  createTestLexicon,
  shippedTestLexicon,
  type TestConcept,
  type TestLexicon,
  type TestMention,
} from './test-lexicon.js'
export { allowedEdits, editDistance, STOP_WORDS, stem, tokenize } from './tokens.js'
export {
  type BoostedTrees,
  type BoostingSettings,
  boostedProbability,
  DEFAULT_BOOSTING_SETTINGS,
  fitBoostedTrees,
} from './zh-boosting.js'
export { CANDIDATE_FEATURES, type CandidateModel } from './zh-candidates.js'
export { createZhDiseaseIndex, type ZhDiseaseIndex } from './zh-disease-index.js'
export {
  cleanForMatching,
  createZhNormalizer,
  DEFAULT_ZH_NORMALIZER_SETTINGS,
  expandAbbreviations,
  type NormalizationPair,
  type NormalizationScore,
  type StandardName,
  scoreNormalization,
  splitClauses,
  UNTRAINED_ZH_NORMALIZER_SETTINGS,
  type ZhNormalization,
  type ZhNormalizer,
  type ZhNormalizerSettings,
  type ZhNormalizerSources,
  zhDiagnosisAbbreviations,
} from './zh-normalizer.js'
export { foldZhTerm, isHan, zhNgrams } from './zh-text.js'
