/**
 * The learned PHI tagger: a first-order structured perceptron (averaged weights, Viterbi
 * decoding under BIO constraints) over the features of `tagger-features.ts`. Pure TypeScript,
 * trained in seconds on a few thousand notes.
 */
import { InputError, safeParseJson } from '../errors.js'
import type { AnnotatedNote } from './annotated.js'
import { detectWithRules } from './detect.js'
import { type DeidDictionaries, loadDictionaries } from './dictionaries.js'
import { FeatureTable } from './feature-table.js'
import { phiTypeOfGold } from './gold-types.js'
import {
  AttributeEncoder,
  AttributeTable,
  FIELDS,
  featureCodes,
  featureKey,
  ruleTypesOf,
  TEMPLATES,
} from './tagger-features.js'
import { type BioSteps, bioSteps, TaggerScorer, viterbi, WEIGHT_SCALE } from './tagger-scorer.js'
import { caseStyle, type Token, tokenize } from './tokens.js'
import type { PhiSpan, PhiType } from './types.js'

/** The file format tag of a saved model. */
export const TAGGER_FORMAT = 'galen-deid-tagger'
const TAGGER_VERSION = 1

/** Settings of {@link trainTagger}. */
export interface TrainTaggerSettings {
  /** Passes over the notes (default 12). */
  epochs?: number
  /** Seed of the note order in each pass (default 1). */
  seed?: number
  /**
   * A word's own form becomes a feature when it appears in the notes of at least this many
   * training patients (default 3): recurring words are learned, one patient's names are not.
   */
  minPatients?: number
  /** Dictionaries (default the shipped ones). */
  dictionaries?: DeidDictionaries
  /**
   * Whether the rules' spans are features (default false): without them the tagger learns its
   * own evidence, so the union with the rules catches what the rules miss.
   */
  ruleFeatures?: boolean
  /** How much more a missed PHI token moves the weights than a false alarm (default 2). */
  missCost?: number
  /** Called after each pass with the number of token mistakes in it. */
  onEpoch?: (epoch: number, mistakes: number) => void
}

/** A trained tagger, ready to label notes. */
export interface DeidTagger {
  /** PHI types it can output. */
  readonly types: readonly PhiType[]
  /** Words whose own form the tagger learned (seen in the notes of several patients). */
  readonly vocabulary: ReadonlySet<string>
  /**
   * Words of the learned vocabulary that were never inside a gold span: known safe under the
   * `recall` policy.
   */
  readonly safeWords: ReadonlySet<string>
  /**
   * Labels a note's tokens. `bias` is added to every PHI label's score (default 0, rounded
   * to thousandths like the weights): higher values trade precision for recall.
   */
  tag(options: {
    tokens: readonly Token[]
    style: ReturnType<typeof caseStyle>
    ruleSpans: readonly PhiSpan[]
    bias?: number
  }): PhiSpan[]
  /** The model as JSON-serialisable data (see {@link loadTagger}). */
  toJSON(): SavedTagger
}

/** The saved form of a tagger (`galen deid train --out`). */
export interface SavedTagger {
  format: typeof TAGGER_FORMAT
  version: number
  labels: string[]
  attributes: string[]
  vocabulary: string[]
  /** The subset of `vocabulary` never seen inside a gold span. */
  safeWords: string[]
  /** Feature keys, in the order of `weights` rows. */
  features: number[]
  /** Row-major `features.length x labels.length`, rounded. */
  weights: number[]
  /** Row-major `(labels.length + 1) x labels.length`; the last row is the start of a note. */
  transitions: number[]
  trainedOn: { notes: number; patients: number; tokens: number; epochs: number }
  ruleFeatures: boolean
}

interface Labelled {
  /** Number of tokens in the note (the tokens themselves are dropped once encoded). */
  count: number
  /** `TEMPLATES` weight rows per token (every training feature has a row). */
  rows: Int32Array
  gold: Int32Array
}

/**
 * The largest weight or transition a model may hold (absolute value): scores are summed as
 * integers in thousandths, which must stay 32-bit (a trained model's weights stay far below:
 * about 260 on the PhysioNet dev half).
 */
const MAX_WEIGHT = 50_000

/** Labels: `O`, then `B-TYPE` and `I-TYPE` for every type. */
function labelsFor(types: readonly PhiType[]): string[] {
  return ['O', ...types.flatMap((type) => [`B-${type}`, `I-${type}`])]
}

/** Gold label per token: the type of the gold span it overlaps, B at a span's first token. */
function goldLabels(
  tokens: readonly Token[],
  note: AnnotatedNote,
  labels: readonly string[],
): Int32Array {
  const result = new Int32Array(tokens.length)
  const index = new Map(labels.map((label, at) => [label, at]))
  const spans = note.gold
    .map((span) => ({ ...span, phi: phiTypeOfGold(span.type) }))
    .filter((span) => span.phi !== undefined)
    .sort((a, b) => a.start - b.start)
  let previousSpan = -1
  tokens.forEach((token, at) => {
    const spanIndex = spans.findIndex((span) => token.start < span.end && token.end > span.start)
    if (spanIndex < 0) {
      previousSpan = -1
      return
    }
    const span = spans[spanIndex]
    const prefix = spanIndex === previousSpan ? 'I' : 'B'
    result[at] = index.get(`${prefix}-${span?.phi}`) ?? 0
    previousSpan = spanIndex
  })
  return result
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

/** Weights and decoding of the perceptron while it trains (floating-point weights). */
class TrainingCore {
  /** Half full at most: training looks each feature up once per token, and mostly finds it. */
  readonly featureIndex = new FeatureTable(1024, 2)
  weights = new Float64Array(0)
  readonly transitions: Float64Array
  private readonly steps: BioSteps
  /** Scratch for one token's features (`featureCodes`). */
  private readonly codes = new Int32Array(TEMPLATES * 2)

  constructor(readonly labels: readonly string[]) {
    this.transitions = new Float64Array((labels.length + 1) * labels.length)
    this.steps = bioSteps(labels)
  }

  /**
   * Weight rows of every token's features, `TEMPLATES` per token, adding unseen features to
   * the table in order of first appearance.
   */
  addRows(attributes: Int32Array): Int32Array {
    const count = attributes.length / FIELDS
    const codes = this.codes
    const table = this.featureIndex
    const rows = new Int32Array(count * TEMPLATES)
    for (let at = 0; at < count; at += 1) {
      featureCodes(attributes, count, at, codes)
      for (let template = 0; template < TEMPLATES; template += 1) {
        const high = codes[2 * template] as number
        const low = codes[2 * template + 1] as number
        let row = table.get(high, low)
        if (row < 0) {
          row = table.size
          table.set(high, low, row)
        }
        rows[at * TEMPLATES + template] = row
      }
    }
    return rows
  }

  /** The best label path under the current weights, for a note's rows (see {@link addRows}). */
  decode(rows: Int32Array): Int32Array {
    const size = this.labels.length
    const count = rows.length / TEMPLATES
    const weights = this.weights
    const emission = new Float64Array(count * size)
    for (let at = 0; at < count; at += 1) {
      const base = at * size
      for (let template = 0; template < TEMPLATES; template += 1) {
        const offset = (rows[at * TEMPLATES + template] as number) * size
        for (let label = 0; label < size; label += 1)
          emission[base + label] =
            (emission[base + label] as number) + (weights[offset + label] as number)
      }
    }
    return viterbi(emission, size, size, this.transitions, this.steps)
  }
}

/** The index of the token ending at `end` (binary search), or -1. */
function lastTokenAt(tokens: readonly Token[], end: number): number {
  let low = 0
  let high = tokens.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const value = (tokens[middle] as Token).end
    if (value === end) return middle
    if (value < end) low = middle + 1
    else high = middle - 1
  }
  return -1
}

/** Turns a label path into spans (a name's possessive "'s" stays outside). */
function spansOf(tokens: readonly Token[], labels: readonly string[], path: Int32Array): PhiSpan[] {
  const spans: PhiSpan[] = []
  let open: PhiSpan | undefined
  for (let at = 0; at < tokens.length; at += 1) {
    const label = labels[path[at] ?? 0] ?? 'O'
    const token = tokens[at] as Token
    if (label === 'O') {
      open = undefined
      continue
    }
    const type = label.slice(2) as PhiType
    if (label.startsWith('I-') && open !== undefined && open.type === type) {
      open.end = token.end
      continue
    }
    open = { start: token.start, end: token.end, type, confidence: 0.7, source: 'tagger' }
    spans.push(open)
  }
  for (const span of spans) {
    if (span.type !== 'NAME') continue
    // the span's last token: tokens are ordered and never overlap, so ends are unique
    const last = tokens[lastTokenAt(tokens, span.end)]
    if (last?.lower.endsWith("'s") && last.text.length > 2) span.end -= 2
  }
  return spans
}

/** A note's attributes; the case style is the tokens' own (`caseStyle`). */
function encodeNote(
  encoder: AttributeEncoder,
  tokens: readonly Token[],
  ruleSpans: readonly PhiSpan[] | undefined,
): Int32Array {
  return encoder.encode(
    tokens,
    caseStyle(tokens),
    ruleSpans === undefined ? [] : ruleTypesOf(tokens, ruleSpans),
  )
}

/** Weights in the model file's precision (thousandths). */
function rounded(value: number): number {
  return Number(value.toFixed(3))
}

/** The saved form of a trained model: features with a non-zero weight, in row order. */
function savedOf(
  core: TrainingCore,
  table: AttributeTable,
  rest: Pick<SavedTagger, 'vocabulary' | 'safeWords' | 'trainedOn' | 'ruleFeatures'>,
): SavedTagger {
  const size = core.labels.length
  const features: number[] = []
  const weights: number[] = []
  const entries = [...core.featureIndex.entries()].sort((a, b) => a[2] - b[2])
  for (const [high, low, row] of entries) {
    const slice = Array.from(core.weights.subarray(row * size, row * size + size), rounded)
    if (slice.every((value) => value === 0)) continue
    features.push(featureKey(high, low))
    weights.push(...slice)
  }
  return {
    format: TAGGER_FORMAT,
    version: TAGGER_VERSION,
    labels: [...core.labels],
    attributes: table.values.slice(1),
    vocabulary: rest.vocabulary,
    safeWords: rest.safeWords,
    features,
    weights,
    transitions: Array.from(core.transitions, rounded),
    trainedOn: rest.trainedOn,
    ruleFeatures: rest.ruleFeatures,
  }
}

/**
 * A tagger from its saved form: a freshly trained model and a loaded file label alike.
 *
 * @throws InputError (field `weights` or `transitions`) when a value is too large to score
 */
function createTagger(
  saved: SavedTagger,
  dictionaries: DeidDictionaries,
  source: string,
): DeidTagger {
  const table = new AttributeTable(saved.attributes)
  table.frozen = true
  const vocabulary = new Set(saved.vocabulary)
  const safeWords = new Set(saved.safeWords)
  const units = (value: number): number => Math.round(value * WEIGHT_SCALE)
  for (const field of ['weights', 'transitions'] as const) {
    const tooLarge = saved[field].find((value) => Math.abs(value) > MAX_WEIGHT)
    if (tooLarge !== undefined) {
      throw new InputError(
        `deid: ${source} is no usable Galen deid tagger: field "${field}" holds ${tooLarge} (at most ${MAX_WEIGHT} in absolute value)`,
        { field, value: tooLarge },
      )
    }
  }
  const scorer = new TaggerScorer({
    labels: saved.labels,
    features: saved.features,
    weights: saved.weights.map(units),
    transitions: saved.transitions.map(units),
  })
  const encoder = new AttributeEncoder({ table, vocabulary, dictionaries })
  const ruleFeatures = saved.ruleFeatures
  const types = saved.labels
    .filter((label) => label.startsWith('B-'))
    .map((label) => label.slice(2) as PhiType)
  return {
    types,
    vocabulary,
    safeWords,
    tag({ tokens, ruleSpans, bias }) {
      const attributes = encodeNote(encoder, tokens, ruleFeatures ? ruleSpans : undefined)
      const path = scorer.label(attributes, units(bias ?? 0))
      return spansOf(tokens, saved.labels, path)
    },
    toJSON() {
      return {
        ...saved,
        labels: [...saved.labels],
        attributes: [...saved.attributes],
        vocabulary: [...saved.vocabulary],
        safeWords: [...saved.safeWords],
        features: [...saved.features],
        weights: [...saved.weights],
        transitions: [...saved.transitions],
        trainedOn: { ...saved.trainedOn },
      }
    },
  }
}

/** Words seen in the notes of at least `minPatients` patients (their own form is learned). */
function learnVocabulary(
  notes: readonly { patient: string; tokens: readonly Token[] }[],
  minPatients: number,
): Set<string> {
  const patientsOf = new Map<string, Set<string>>()
  for (const note of notes) {
    for (const token of note.tokens) {
      if (token.kind !== 'word') continue
      let patients = patientsOf.get(token.base)
      if (patients === undefined) {
        patients = new Set()
        patientsOf.set(token.base, patients)
      }
      patients.add(note.patient)
    }
  }
  const vocabulary = new Set<string>()
  for (const [word, patients] of patientsOf) if (patients.size >= minPatients) vocabulary.add(word)
  return vocabulary
}

/**
 * Tokenises and encodes the training notes: the learned vocabulary, each note's feature rows
 * and gold labels, and the words seen inside gold spans. The tokens are not kept (memory).
 */
function encodeNotes(
  notes: readonly AnnotatedNote[],
  context: {
    table: AttributeTable
    dictionaries: DeidDictionaries
    labels: readonly string[]
    minPatients: number
    ruleFeatures: boolean
    /** Gets the rows of every note's features, in order of first appearance. */
    core: TrainingCore
  },
): { data: Labelled[]; vocabulary: Set<string>; phiWords: Set<string> } {
  const { table, dictionaries, labels } = context
  const tokenized = notes.map((note) => ({
    note,
    patient: note.patient,
    tokens: tokenize(note.text, dictionaries),
  }))
  const vocabulary = learnVocabulary(tokenized, context.minPatients)
  const encoder = new AttributeEncoder({ table, vocabulary, dictionaries })
  const phiWords = new Set<string>()
  const data = tokenized.map(({ note, tokens }): Labelled => {
    const ruleSpans = context.ruleFeatures
      ? detectWithRules(note.text, { dictionaries })
      : undefined
    const gold = goldLabels(tokens, note, labels)
    tokens.forEach((token, at) => {
      if ((gold[at] ?? 0) !== 0 && token.kind === 'word') phiWords.add(token.base)
    })
    return {
      count: tokens.length,
      // rows at once: the encoder reuses its buffer for the next note
      rows: context.core.addRows(encodeNote(encoder, tokens, ruleSpans)),
      gold,
    }
  })
  return { data, vocabulary, phiWords }
}

/**
 * Trains a tagger on annotated notes (the rules' spans are among its features, so it learns
 * where they are right and what they miss).
 *
 * @throws InputError when there are no notes or no gold span of a Safe Harbor type
 */
export function trainTagger(
  notes: readonly AnnotatedNote[],
  settings: TrainTaggerSettings = {},
): DeidTagger {
  const dictionaries = settings.dictionaries ?? loadDictionaries()
  const epochs = settings.epochs ?? 12
  const minPatients = settings.minPatients ?? 3
  const ruleFeatures = settings.ruleFeatures ?? false
  const missCost = settings.missCost ?? 2
  if (notes.length === 0) throw new InputError('deid: no notes to train on', { field: 'data' })
  const typeSet = new Set<PhiType>()
  for (const note of notes) {
    for (const span of note.gold) {
      const type = phiTypeOfGold(span.type)
      if (type !== undefined) typeSet.add(type)
    }
  }
  if (typeSet.size === 0) {
    throw new InputError('deid: the training notes have no gold PHI spans', { field: 'data' })
  }
  const types = [...typeSet].sort()
  const labels = labelsFor(types)
  const table = new AttributeTable()
  const core = new TrainingCore(labels)
  const { data, vocabulary, phiWords } = encodeNotes(notes, {
    table,
    dictionaries,
    labels,
    minPatients,
    ruleFeatures,
    core,
  })
  // the weights are sized once every feature is known
  core.weights = new Float64Array(core.featureIndex.size * labels.length)
  const size = labels.length
  // averaged perceptron: totals accumulate `step * update` so that average = w - totals / step
  const weightTotals = new Float64Array(core.weights.length)
  const transitionTotals = new Float64Array(core.transitions.length)
  const random = mulberry32(settings.seed ?? 1)
  const order = data.map((_, at) => at)
  let step = 1
  let tokensSeen = 0
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    for (let at = order.length - 1; at > 0; at -= 1) {
      const other = Math.floor(random() * (at + 1))
      ;[order[at], order[other]] = [order[other] as number, order[at] as number]
    }
    let mistakes = 0
    for (const noteIndex of order) {
      const item = data[noteIndex] as Labelled
      const rows = item.rows
      if (epoch === 1) tokensSeen += item.count
      const predicted = core.decode(rows)
      for (let token = 0; token < item.count; token += 1) {
        const gold = item.gold[token] ?? 0
        const guess = predicted[token] ?? 0
        const goldBefore = token === 0 ? size : (item.gold[token - 1] ?? 0)
        const guessBefore = token === 0 ? size : (predicted[token - 1] ?? 0)
        if (gold === guess && goldBefore === guessBefore) continue
        if (gold !== guess) {
          mistakes += 1
          // a missed PHI token costs more than a false alarm: the update is larger
          const amount = guess === 0 ? missCost : 1
          for (let template = 0; template < TEMPLATES; template += 1) {
            const offset = (rows[token * TEMPLATES + template] as number) * size
            core.weights[offset + gold] = (core.weights[offset + gold] ?? 0) + amount
            core.weights[offset + guess] = (core.weights[offset + guess] ?? 0) - amount
            weightTotals[offset + gold] = (weightTotals[offset + gold] ?? 0) + step * amount
            weightTotals[offset + guess] = (weightTotals[offset + guess] ?? 0) - step * amount
          }
        }
        const goldTransition = goldBefore * size + gold
        const guessTransition = guessBefore * size + guess
        core.transitions[goldTransition] = (core.transitions[goldTransition] ?? 0) + 1
        core.transitions[guessTransition] = (core.transitions[guessTransition] ?? 0) - 1
        transitionTotals[goldTransition] = (transitionTotals[goldTransition] ?? 0) + step
        transitionTotals[guessTransition] = (transitionTotals[guessTransition] ?? 0) - step
      }
      step += 1
    }
    settings.onEpoch?.(epoch, mistakes)
  }
  for (let at = 0; at < core.weights.length; at += 1)
    core.weights[at] = (core.weights[at] ?? 0) - (weightTotals[at] ?? 0) / step
  for (let at = 0; at < core.transitions.length; at += 1)
    core.transitions[at] = (core.transitions[at] ?? 0) - (transitionTotals[at] ?? 0) / step
  const safeWords = new Set([...vocabulary].filter((word) => !phiWords.has(word)))
  const saved = savedOf(core, table, {
    vocabulary: [...vocabulary].sort(),
    safeWords: [...safeWords].sort(),
    trainedOn: {
      notes: notes.length,
      patients: new Set(notes.map((note) => note.patient)).size,
      tokens: tokensSeen,
      epochs,
    },
    ruleFeatures,
  })
  return createTagger(saved, dictionaries, 'the trained model')
}

function numberArray(value: unknown): value is number[] {
  return (
    Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))
  )
}

function stringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/**
 * Loads a saved tagger from its JSON text (untrusted: every field is checked). Files written
 * before the fast scoring path load unchanged and label as before.
 *
 * @throws InputError naming the field that is missing or malformed, or a weight or transition
 *   beyond 50,000 in absolute value
 */
export function loadTagger(
  json: string,
  options: { source?: string; dictionaries?: DeidDictionaries } = {},
): DeidTagger {
  const source = options.source ?? 'model'
  const parsed = safeParseJson(json, source)
  if (!parsed.ok) throw parsed.error
  const saved = parsed.value as Partial<Record<keyof SavedTagger, unknown>> | null
  const fail = (field: string, value?: unknown): InputError =>
    new InputError(`deid: ${source} is no Galen deid tagger: field "${field}" is invalid`, {
      field,
      value,
    })
  if (typeof saved !== 'object' || saved === null || saved.format !== TAGGER_FORMAT)
    throw fail('format', saved?.format)
  if (saved.version !== TAGGER_VERSION) throw fail('version', saved.version)
  const { labels, attributes, vocabulary, safeWords, features, weights, transitions } = saved
  if (!stringArray(labels) || labels[0] !== 'O') throw fail('labels')
  if (!stringArray(attributes)) throw fail('attributes')
  if (!stringArray(vocabulary)) throw fail('vocabulary')
  if (!stringArray(safeWords)) throw fail('safeWords')
  if (!numberArray(features)) throw fail('features')
  if (!numberArray(weights) || weights.length !== features.length * labels.length)
    throw fail('weights')
  if (!numberArray(transitions) || transitions.length !== (labels.length + 1) * labels.length)
    throw fail('transitions')
  const trained = saved.trainedOn as SavedTagger['trainedOn'] | undefined
  return createTagger(
    {
      format: TAGGER_FORMAT,
      version: TAGGER_VERSION,
      labels,
      attributes,
      vocabulary,
      safeWords,
      features,
      weights,
      transitions,
      trainedOn: trained ?? { notes: 0, patients: 0, tokens: 0, epochs: 0 },
      ruleFeatures: saved.ruleFeatures === true,
    },
    options.dictionaries ?? loadDictionaries(),
    source,
  )
}
