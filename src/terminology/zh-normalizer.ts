/**
 * Normalises raw Chinese clinical strings (diagnoses, procedures) to standard names of a
 * dictionary, the CHIP-CDN / CHIP-2019 task: `"卵巢Ca"` → `["卵巢恶性肿瘤", "癌"]`. No neural
 * model: character n-gram TF-IDF similarity to the dictionary names (the whole string, each
 * clause, and names written inside it), a small shipped abbreviation lexicon ("Ca" → 癌,
 * "MI" → 心肌梗死), and, when training pairs are given, a vote of the most similar training
 * strings for their standard names (aliases learnt from the pairs). Each candidate name gets a
 * score (boosted trees over its features with training pairs); names at or above the threshold
 * are returned, best first (at least the best one when it clears `floor`). Thresholds are
 * settings, chosen by cross-validation over the training file (see docs/terminology-zh.md),
 * never on the data scored.
 */
import { readLexiconEntries } from './lexicon-files.js'
import { createNgramIndex } from './ngram-index.js'
import {
  type BoostedTrees,
  type BoostingSettings,
  boostedProbability,
  fitBoostedTrees,
} from './zh-boosting.js'
import {
  buildAssociations,
  CANDIDATE_FEATURES,
  type CandidateContext,
  type CandidateModel,
  candidateProbability,
  fitCandidateModel,
  generateCandidates,
  neoplasmSites,
} from './zh-candidates.js'

/** Morphology codes of the ICD-10 Beijing clinical edition (`M814000/3`). */
const MORPHOLOGY_CODE = /^M\d{4,6}\/\d$/

import { foldZhTerm } from './zh-text.js'

/** One standard name and its code (empty when the dictionary has no codes). */
export interface StandardName {
  name: string
  code: string
}

/** A raw string with its standard names, for learning aliases. */
export interface NormalizationPair {
  text: string
  names: readonly string[]
}

/** Thresholds of {@link createZhNormalizer}. */
export interface ZhNormalizerSettings {
  /** Training neighbours consulted (with training pairs). */
  neighbours: number
  /** Names whose score reaches this are returned (a probability with training pairs). */
  threshold: number
  /** The best name is returned when it scores at least this, even below `threshold`. */
  floor: number
  /** Most names returned. */
  maxNames: number
  /** Without training pairs: weight of the best n-gram similarity (string or clause). */
  similarity: number
  /** Without training pairs: added when the name is written inside the string. */
  contained: number
  /** With training pairs: the learner scoring candidates (boosted trees by default). */
  learner: 'boosted-trees' | 'logistic'
  /** Settings of the boosted trees (default: `DEFAULT_BOOSTING_SETTINGS`). */
  boosting: Partial<BoostingSettings>
}

/**
 * Defaults. With training pairs the neighbours, threshold and floor were chosen by five-fold
 * cross-validation over the CHIP-CDN training file (folds 0-2; `npm run bench -- chip-cdn`);
 * without, on a 1,000-pair split of the same file (docs/terminology-zh.md).
 */
export const DEFAULT_ZH_NORMALIZER_SETTINGS: ZhNormalizerSettings = {
  neighbours: 10,
  threshold: 0.3,
  floor: 0.2,
  maxNames: 5,
  similarity: 0.6,
  contained: 0.2,
  learner: 'boosted-trees',
  boosting: {},
}

/** The untrained defaults differ: their scores are similarities, not probabilities. */
export const UNTRAINED_ZH_NORMALIZER_SETTINGS: Partial<ZhNormalizerSettings> = {
  threshold: 0.45,
  floor: 0.2,
}

/** A normalised string: standard names (best first), their codes and scores. */
export interface ZhNormalization {
  names: string[]
  codes: string[]
  scores: number[]
}

/** Maps raw strings to standard names. */
export interface ZhNormalizer {
  readonly dictionarySize: number
  readonly trainingPairs: number
  readonly settings: ZhNormalizerSettings
  /** The model learnt from the training pairs (undefined without them). */
  readonly model: CandidateModel | BoostedTrees | undefined
  normalize(text: string): ZhNormalization
}

/** Inputs of {@link createZhNormalizer}. */
export interface ZhNormalizerSources {
  dictionary: readonly StandardName[]
  training?: readonly NormalizationPair[]
  /** Abbreviation (lower case) → Chinese expansion; default: none. */
  abbreviations?: Readonly<Record<string, string>>
  settings?: Partial<ZhNormalizerSettings>
}

const CLAUSE_SPLIT =
  /[,，、;；。:：\s/|()（）[\]【】]+|(?:伴有|伴发|伴|合并|并发|并且|并|及|和|与)/u

/** Splits a raw string into clauses (diagnoses written together). */
export function splitClauses(text: string): string[] {
  return text
    .split(CLAUSE_SPLIT)
    .map((part) => part.trim())
    .filter((part) => foldZhTerm(part).length >= 2)
}

/**
 * The shipped Chinese diagnosis abbreviations and variant spellings
 * (`data/lexicons/zh-diagnosis-abbreviations.json`: "Ca" → 癌, 冠心病 → 冠状动脉粥样硬化性心脏病).
 *
 * @throws InputError when the lexicon file is missing or malformed.
 */
export function zhDiagnosisAbbreviations(): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const [key, value] of Object.entries(
    readLexiconEntries('zh-diagnosis-abbreviations.json'),
  )) {
    if (typeof value === 'string') entries[key] = value
  }
  return entries
}

/**
 * Expands abbreviations: Latin runs ("Ca", "COPD") when the whole run is a key, and Chinese short
 * forms ("冠心病", "脑梗") unless the full form is already written there ("脑梗死" stays).
 */
export function expandAbbreviations(
  text: string,
  abbreviations: ReadonlyMap<string, string>,
): string {
  if (abbreviations.size === 0) return text
  let expanded = text
    .normalize('NFKC')
    .replace(/[A-Za-z]+/g, (run) => abbreviations.get(run.toLowerCase()) ?? run)
  const pattern = hanPattern(abbreviations)
  if (pattern !== undefined) {
    expanded = expanded.replace(pattern, (short: string, offset: number, whole: string) => {
      const full = abbreviations.get(short) ?? short
      return whole.startsWith(full, offset) ? short : full
    })
  }
  return expanded
}

const hanPatterns = new WeakMap<ReadonlyMap<string, string>, RegExp | undefined>()

function hanPattern(abbreviations: ReadonlyMap<string, string>): RegExp | undefined {
  if (hanPatterns.has(abbreviations)) return hanPatterns.get(abbreviations)
  const keys = [...abbreviations.keys()]
    .filter((key) => /[\u4e00-\u9fff]/.test(key))
    .sort((left, right) => right.length - left.length)
  const pattern =
    keys.length === 0
      ? undefined
      : new RegExp(keys.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  hanPatterns.set(abbreviations, pattern)
  return pattern
}

/**
 * Removes what does not change the standard name: laterality (左侧, 右, 双侧), hedges (待查,
 * 可能性大, 考虑, 疑似) and question marks. The cleaned text is what is compared; names written
 * inside the string are searched in it too.
 */
export function cleanForMatching(text: string): string {
  return text
    .replace(/(?:左侧|右侧|双侧|两侧|左|右)(?=[\u4e00-\u9fff])/g, '')
    .replace(/待查|待排(?:除)?|待除外|可能性大|可能|考虑|疑似|不除外|[?？]/g, '')
}

/** What {@link createZhNormalizer} builds before fitting (internal; used by the bench). */
export interface PreparedZhNormalizer {
  settings: ZhNormalizerSettings
  training: readonly NormalizationPair[]
  /** Training strings after abbreviations and cleaning, in training order. */
  expandedTraining: readonly string[]
  context: CandidateContext
  codesByName: ReadonlyMap<string, string>
  abbreviations: ReadonlyMap<string, string>
  names: readonly string[]
}

/** Indexes the dictionary and the training pairs (no fitting). Internal. */
export function prepareZhNormalizer(sources: ZhNormalizerSources): PreparedZhNormalizer {
  const training = (sources.training ?? []).filter((pair) => pair.names.length > 0)
  const settings: ZhNormalizerSettings = {
    ...DEFAULT_ZH_NORMALIZER_SETTINGS,
    ...(training.length === 0 ? UNTRAINED_ZH_NORMALIZER_SETTINGS : {}),
    ...sources.settings,
  }
  const names: string[] = []
  const codesByName = new Map<string, string>()
  for (const entry of sources.dictionary) {
    if (entry.name.trim() === '' || codesByName.has(entry.name)) continue
    codesByName.set(entry.name, entry.code)
    names.push(entry.name)
  }
  const foldedNames = new Map<string, string>()
  let longestName = 0
  for (const name of names) {
    const folded = foldZhTerm(name)
    if (folded.length < 2 || foldedNames.has(folded)) continue
    foldedNames.set(folded, name)
    longestName = Math.max(longestName, folded.length)
  }
  const abbreviations = new Map(
    Object.entries(sources.abbreviations ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
  )
  const prior = new Map<string, number>()
  for (const pair of training)
    for (const name of pair.names) prior.set(name, (prior.get(name) ?? 0) + 1)
  const expandedTraining = training.map((pair) =>
    cleanForMatching(expandAbbreviations(pair.text, abbreviations)),
  )
  const trainingForAssociations = training.map((pair, index) => ({
    text: expandedTraining[index] as string,
    names: pair.names,
  }))
  const context: CandidateContext = {
    names,
    nameIndex: createNgramIndex(names),
    foldedNames,
    longestName,
    dictionary: new Set(names),
    pairs: training,
    pairIndex: training.length === 0 ? undefined : createNgramIndex(expandedTraining),
    prior,
    neighbours: settings.neighbours,
    associations: training.length === 0 ? undefined : buildAssociations(trainingForAssociations),
    morphology: new Set(
      sources.dictionary
        .filter((entry) => MORPHOLOGY_CODE.test(entry.code))
        .map((entry) => entry.name),
    ),
    sites: neoplasmSites(names),
  }
  return { settings, training, expandedTraining, context, codesByName, abbreviations, names }
}

/**
 * Builds a normaliser. The dictionary is indexed once (seconds for the 40,000 names of the
 * ICD-10 Beijing clinical edition). With training pairs, their strings are indexed too and
 * boosted trees (or, with `learner: 'logistic'`, a logistic model) over candidate features are
 * fitted to them (each pair's neighbours, aliases and prior leave the pair out), which takes a
 * minute or more for 6,000 pairs on a loaded machine.
 */
export function createZhNormalizer(sources: ZhNormalizerSources): ZhNormalizer {
  const prepared = prepareZhNormalizer(sources)
  const model =
    prepared.training.length === 0
      ? undefined
      : fitZhModel(prepared.settings, trainingCandidates(prepared))
  return zhNormalizerFromModel(prepared, model)
}

/** One training pair's candidates, with features computed as if the pair were unseen. */
export interface TrainingCandidates {
  names: string[]
  features: number[][]
  labels: Array<0 | 1>
  /** Whether the dictionary side proposed each candidate (see `Candidate.fromDictionary`). */
  fromDictionary: boolean[]
}

/**
 * The candidates of every training pair with their labels (gold or not); each pair's
 * neighbours, aliases and prior leave the pair out. Internal (the bench cross-validates on it).
 */
export function trainingCandidates(prepared: PreparedZhNormalizer): TrainingCandidates[] {
  const { training, expandedTraining, context, abbreviations } = prepared
  return expandedTraining.map((text, index) => {
    const pair = training[index] as NormalizationPair
    const gold = new Set(pair.names)
    const raw = expandAbbreviations(pair.text, abbreviations)
    const row: TrainingCandidates = { names: [], features: [], labels: [], fromDictionary: [] }
    for (const candidate of generateCandidates(context, {
      text,
      clauses: splitClauses(text),
      raw,
      exclude: index,
    })) {
      row.names.push(candidate.name)
      row.features.push(candidate.features)
      row.labels.push(gold.has(candidate.name) ? 1 : 0)
      row.fromDictionary.push(candidate.fromDictionary)
    }
    return row
  })
}

/**
 * How often each name was gold when the dictionary side proposed it for a fitted training pair:
 * annotation conventions (a generic 癌 is proposed often and seldom gold) that no similarity
 * shows. Only dictionary-side proposals are counted: a proposal made by a pair's neighbours
 * echoes the pair itself (its own answer voted into its neighbours' candidates), which made
 * the feature look far better in leave-one-out fitting than on pairs kept out of the index.
 */
export interface NameRates {
  proposed: ReadonlyMap<string, number>
  gold: ReadonlyMap<string, number>
  /** Share of the counted proposals that are gold (the smoothing prior). */
  base: number
}

/** Pseudo-proposals of the smoothing prior in the name gold rate. */
const RATE_SMOOTHING = 2

function nameRates(rows: readonly TrainingCandidates[]): NameRates {
  const proposed = new Map<string, number>()
  const gold = new Map<string, number>()
  let candidates = 0
  let golds = 0
  for (const row of rows) {
    row.names.forEach((name, index) => {
      if (row.fromDictionary[index] !== true) return
      proposed.set(name, (proposed.get(name) ?? 0) + 1)
      candidates += 1
      if (row.labels[index] === 1) {
        gold.set(name, (gold.get(name) ?? 0) + 1)
        golds += 1
      }
    })
  }
  return { proposed, gold, base: golds / Math.max(1, candidates) }
}

/**
 * The name-rate features of a candidate; `own` is the candidate's own label when the pair it
 * belongs to was counted (a dictionary-side proposal of a fitted pair), and is left out.
 */
function rateFeatures(rates: NameRates, name: string, own?: 0 | 1): [number, number] {
  const proposed = (rates.proposed.get(name) ?? 0) - (own === undefined ? 0 : 1)
  const gold = (rates.gold.get(name) ?? 0) - (own ?? 0)
  return [
    (gold + RATE_SMOOTHING * rates.base) / (proposed + RATE_SMOOTHING),
    Math.log1p(proposed) / 5,
  ]
}

/** A learner fitted to training candidates, with the name rates of the pairs it was fitted to. */
export interface FittedZhModel {
  learner: CandidateModel | BoostedTrees
  rates: NameRates
}

/** Fits the settings' learner to the candidates of some training pairs. Internal. */
export function fitZhModel(
  settings: ZhNormalizerSettings,
  rows: readonly TrainingCandidates[],
): FittedZhModel {
  const rates = nameRates(rows)
  const examples: Array<{ features: number[]; label: 0 | 1 }> = []
  for (const row of rows) {
    row.features.forEach((features, index) => {
      const label = row.labels[index] ?? 0
      const name = row.names[index] as string
      const own = row.fromDictionary[index] === true ? label : undefined
      examples.push({ features: [...features, ...rateFeatures(rates, name, own)], label })
    })
  }
  const learner =
    settings.learner === 'logistic'
      ? fitCandidateModel(examples)
      : fitBoostedTrees(examples, CANDIDATE_FEATURES, settings.boosting)
  return { learner, rates }
}

/** The probability a fitted model gives a candidate (its generated features). Internal. */
export function zhModelProbability(
  model: FittedZhModel,
  name: string,
  features: readonly number[],
): number {
  const full = [...features, ...rateFeatures(model.rates, name)]
  return 'kind' in model.learner
    ? boostedProbability(model.learner, full)
    : candidateProbability(model.learner, full)
}

/** A normaliser over a prepared index and a fitted model (none: the untrained score). Internal. */
export function zhNormalizerFromModel(
  prepared: PreparedZhNormalizer,
  model: FittedZhModel | undefined,
): ZhNormalizer {
  const { settings, training, context, codesByName, abbreviations, names } = prepared
  const similarityAt = CANDIDATE_FEATURES.indexOf('clause_similarity')
  const containedAt = CANDIDATE_FEATURES.indexOf('contained')
  const score = (name: string, features: readonly number[]): number =>
    model === undefined
      ? settings.similarity * (features[similarityAt] ?? 0) +
        settings.contained * (features[containedAt] ?? 0)
      : zhModelProbability(model, name, features)

  return {
    dictionarySize: names.length,
    trainingPairs: training.length,
    settings,
    model: model?.learner,
    normalize(text) {
      const raw = expandAbbreviations(text, abbreviations)
      const expanded = cleanForMatching(raw)
      const ranked = generateCandidates(context, {
        text: expanded,
        clauses: splitClauses(expanded),
        raw,
      })
        .map((candidate): [string, number] => [
          candidate.name,
          score(candidate.name, candidate.features),
        ])
        .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
      const chosen = ranked
        .filter(([, value]) => value >= settings.threshold)
        .slice(0, settings.maxNames)
      const best = ranked[0]
      if (chosen.length === 0 && best !== undefined && best[1] >= settings.floor) chosen.push(best)
      return {
        names: chosen.map(([name]) => name),
        codes: chosen.map(([name]) => codesByName.get(name) ?? ''),
        scores: chosen.map(([, value]) => Math.round(value * 1000) / 1000),
      }
    },
  }
}

/** Micro precision, recall and F1 over names (each item's predicted and gold name sets). */
export interface NormalizationScore {
  n: number
  precision: number
  recall: number
  f1: number
}

/** Scores predicted name lists against gold lists, micro-averaged over names (CBLUE's metric). */
export function scoreNormalization(
  predicted: readonly (readonly string[])[],
  gold: readonly (readonly string[])[],
): NormalizationScore {
  let truePositives = 0
  let predictedCount = 0
  let goldCount = 0
  gold.forEach((names, index) => {
    const expected = new Set(names)
    const got = new Set(predicted[index] ?? [])
    predictedCount += got.size
    goldCount += expected.size
    for (const name of got) if (expected.has(name)) truePositives += 1
  })
  const precision = predictedCount === 0 ? 0 : truePositives / predictedCount
  const recall = goldCount === 0 ? 0 : truePositives / goldCount
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  const round = (value: number): number => Math.round(value * 10000) / 10000
  return { n: gold.length, precision: round(precision), recall: round(recall), f1: round(f1) }
}
