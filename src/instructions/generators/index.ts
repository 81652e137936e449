/**
 * The built-in generators by name (what a task file's `generator.name` refers to).
 */
import {
  calculatorVignette,
  chadsVascVignette,
  numericComparison,
  unitConversion,
  vignetteToJson,
} from './calculations.js'
import {
  brandRewrite,
  complaintSimilarity,
  departmentTriage,
  diagnosisFromSymptoms,
  falsePremise,
  layRewrite,
  populationAvoidChoice,
  populationAvoidJudgement,
} from './clinical.js'
import {
  authorityClassification,
  authorityRanking,
  citationFormatting,
  contradictorySources,
  dispersedSynthesis,
  materialClassification,
  ragWithDistractors,
  relevanceExtraction,
  sentenceOrdering,
  timeliness,
} from './corpus.js'
import type { Generator } from './generator.js'
import { entityJson, mentionExtraction } from './mentions.js'
import {
  abbreviationExpansion,
  brandGenericJudgement,
  brandToGeneric,
  conditionChapter,
  drugClass,
  drugTranslation,
  hypernymJudgement,
  layClinical,
  listDeduplication,
  spellingCorrection,
} from './terminology.js'

/** Generator name → generator. */
export const GENERATORS: Readonly<Record<string, Generator>> = {
  'abbreviation-expansion': abbreviationExpansion,
  'authority-classification': authorityClassification,
  'authority-ranking': authorityRanking,
  'brand-generic-judgement': brandGenericJudgement,
  'brand-rewrite': brandRewrite,
  'brand-to-generic': brandToGeneric,
  'calculator-vignette': calculatorVignette,
  'chads-vasc-vignette': chadsVascVignette,
  'citation-formatting': citationFormatting,
  'complaint-similarity': complaintSimilarity,
  'condition-chapter': conditionChapter,
  'contradictory-sources': contradictorySources,
  'department-triage': departmentTriage,
  'diagnosis-from-symptoms': diagnosisFromSymptoms,
  'dispersed-synthesis': dispersedSynthesis,
  'drug-class': drugClass,
  'drug-translation': drugTranslation,
  'entity-json': entityJson,
  'false-premise': falsePremise,
  'hypernym-judgement': hypernymJudgement,
  'lay-clinical': layClinical,
  'lay-rewrite': layRewrite,
  'list-deduplication': listDeduplication,
  'material-classification': materialClassification,
  'mention-extraction': mentionExtraction,
  'numeric-comparison': numericComparison,
  'population-avoid-choice': populationAvoidChoice,
  'population-avoid-judgement': populationAvoidJudgement,
  'rag-with-distractors': ragWithDistractors,
  'relevance-extraction': relevanceExtraction,
  'sentence-ordering': sentenceOrdering,
  'spelling-correction': spellingCorrection,
  timeliness,
  'unit-conversion': unitConversion,
  'vignette-to-json': vignetteToJson,
}

/** The generator that replays a SuperNI task's own instances. */
export const SUPERNI_GENERATOR = 'superni-instances'
