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
  AttributeTable,
  featureKeys,
  ruleTypesOf,
  type TokenAttributes,
  tokenAttributes,
} from './tagger-features.js'
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
   * Labels a note's tokens. `bias` is added to every PHI label's score (default 0): higher
   * values trade precision for recall.
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
  tokens: Token[]
  keys: number[][]
  gold: Int32Array
}

/** Labels: `O`, then `B-TYPE` and `I-TYPE` for every type. */
function labelsFor(types: readonly PhiType[]): string[] {
  return ['O', ...types.flatMap((type) => [`B-${type}`, `I-${type}`])]
}

function allowed(labels: readonly string[], previous: number, next: number): boolean {
  const label = labels[next] ?? 'O'
  if (!label.startsWith('I-')) return true
  if (previous < 0) return false
  const before = labels[previous] ?? 'O'
  return before !== 'O' && before.slice(2) === label.slice(2)
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

/** Weights and decoding shared by training and use. */
class TaggerCore {
  readonly featureIndex = new FeatureTable()
  weights: Float64Array
  transitions: Float64Array

  /** `(labels + 1) x labels`: 1 where the BIO scheme allows the step (last row: the start). */
  readonly steps: Uint8Array

  constructor(
    readonly labels: readonly string[],
    capacity: number,
  ) {
    const size = labels.length
    this.weights = new Float64Array(capacity * size)
    this.transitions = new Float64Array((size + 1) * size)
    this.steps = new Uint8Array((size + 1) * size)
    for (let from = 0; from <= size; from += 1)
      for (let to = 0; to < size; to += 1)
        this.steps[from * size + to] = allowed(labels, from === size ? -1 : from, to) ? 1 : 0
  }

  rows(keys: readonly number[]): number[] {
    const rows: number[] = []
    for (const key of keys) {
      const row = this.featureIndex.get(key)
      if (row >= 0) rows.push(row)
    }
    return rows
  }

  /** Viterbi over emission scores with `bias` added to PHI labels. */
  decode(rowsPerToken: readonly (readonly number[])[], bias: number): Int32Array {
    const size = this.labels.length
    const count = rowsPerToken.length
    const path = new Int32Array(count)
    if (count === 0) return path
    // locals, not `this.`, in the hot loops
    const weights = this.weights
    const transitions = this.transitions
    const steps = this.steps
    const score = new Float64Array(count * size)
    const back = new Int32Array(count * size)
    const emission = new Float64Array(size)
    for (let at = 0; at < count; at += 1) {
      emission.fill(0)
      const rows = rowsPerToken[at] as readonly number[]
      for (let index = 0; index < rows.length; index += 1) {
        const offset = (rows[index] as number) * size
        for (let label = 0; label < size; label += 1)
          emission[label] = (emission[label] as number) + (weights[offset + label] as number)
      }
      for (let label = 1; label < size; label += 1)
        emission[label] = (emission[label] as number) + bias
      const previous = (at - 1) * size
      for (let label = 0; label < size; label += 1) {
        let best = Number.NEGATIVE_INFINITY
        let bestFrom = 0
        if (at === 0) {
          if (steps[size * size + label] === 1) best = transitions[size * size + label] as number
        } else {
          for (let from = 0; from < size; from += 1) {
            if (steps[from * size + label] !== 1) continue
            const value =
              (score[previous + from] as number) + (transitions[from * size + label] as number)
            if (value > best) {
              best = value
              bestFrom = from
            }
          }
        }
        score[at * size + label] = best + (emission[label] as number)
        back[at * size + label] = bestFrom
      }
    }
    let best = 0
    const last = (count - 1) * size
    for (let label = 1; label < size; label += 1)
      if ((score[last + label] as number) > (score[last + best] as number)) best = label
    for (let at = count - 1; at >= 0; at -= 1) {
      path[at] = best
      best = back[at * size + best] as number
    }
    return path
  }
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
    const last = tokens.find((token) => token.end === span.end)
    if (
      span.type === 'NAME' &&
      last !== undefined &&
      last.lower.endsWith("'s") &&
      last.text.length > 2
    )
      span.end -= 2
  }
  return spans
}

function prepare(
  tokens: readonly Token[],
  ruleSpans: readonly PhiSpan[] | undefined,
  context: {
    table: AttributeTable
    vocabulary: ReadonlySet<string>
    dictionaries: DeidDictionaries
  },
): number[][] {
  const style = caseStyle(tokens)
  const attributes: TokenAttributes[] = tokenAttributes(
    tokens,
    style,
    ruleSpans === undefined ? [] : ruleTypesOf(tokens, ruleSpans),
    context,
  )
  return tokens.map((_, at) => featureKeys(attributes, at))
}

function createTagger(
  core: TaggerCore,
  table: AttributeTable,
  vocabulary: ReadonlySet<string>,
  safeWords: ReadonlySet<string>,
  dictionaries: DeidDictionaries,
  types: readonly PhiType[],
  trainedOn: SavedTagger['trainedOn'],
  ruleFeatures: boolean,
): DeidTagger {
  table.frozen = true
  return {
    types,
    vocabulary,
    safeWords,
    tag({ tokens, ruleSpans, bias }) {
      const keys = prepare(tokens, ruleFeatures ? ruleSpans : undefined, {
        table,
        vocabulary,
        dictionaries,
      })
      const path = core.decode(
        keys.map((row) => core.rows(row)),
        bias ?? 0,
      )
      return spansOf(tokens, core.labels, path)
    },
    toJSON() {
      const size = core.labels.length
      const features: number[] = []
      const weights: number[] = []
      for (const [key, row] of core.featureIndex.entries()) {
        const slice = Array.from(core.weights.subarray(row * size, row * size + size), (value) =>
          Number(value.toFixed(3)),
        )
        if (slice.every((value) => value === 0)) continue
        features.push(key)
        weights.push(...slice)
      }
      return {
        format: TAGGER_FORMAT,
        version: TAGGER_VERSION,
        labels: [...core.labels],
        attributes: table.values.slice(1),
        vocabulary: [...vocabulary].sort(),
        safeWords: [...safeWords].sort(),
        features,
        weights,
        transitions: Array.from(core.transitions, (value) => Number(value.toFixed(3))),
        trainedOn,
        ruleFeatures,
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
  const tokenized = notes.map((note) => ({
    note,
    patient: note.patient,
    tokens: tokenize(note.text, dictionaries),
  }))
  const vocabulary = learnVocabulary(tokenized, minPatients)
  const table = new AttributeTable()
  const data: Labelled[] = tokenized.map(({ note, tokens }) => {
    const ruleSpans = ruleFeatures ? detectWithRules(note.text, { dictionaries }) : undefined
    return {
      tokens,
      keys: prepare(tokens, ruleSpans, { table, vocabulary, dictionaries }),
      gold: goldLabels(tokens, note, labels),
    }
  })
  const featureIndex = new Map<number, number>()
  for (const item of data)
    for (const row of item.keys)
      for (const key of row) if (!featureIndex.has(key)) featureIndex.set(key, featureIndex.size)
  const core = new TaggerCore(labels, featureIndex.size)
  for (const [key, row] of featureIndex) core.featureIndex.set(key, row)
  const size = labels.length
  // averaged perceptron: totals accumulate `step * update` so that average = w - totals / step
  const weightTotals = new Float64Array(core.weights.length)
  const transitionTotals = new Float64Array(core.transitions.length)
  const rowsOf = data.map((item) => item.keys.map((row) => core.rows(row)))
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
      const rows = rowsOf[noteIndex] as number[][]
      if (epoch === 1) tokensSeen += item.tokens.length
      const predicted = core.decode(rows, 0)
      for (let token = 0; token < item.tokens.length; token += 1) {
        const gold = item.gold[token] ?? 0
        const guess = predicted[token] ?? 0
        const goldBefore = token === 0 ? size : (item.gold[token - 1] ?? 0)
        const guessBefore = token === 0 ? size : (predicted[token - 1] ?? 0)
        if (gold === guess && goldBefore === guessBefore) continue
        if (gold !== guess) {
          mistakes += 1
          // a missed PHI token costs more than a false alarm: the update is larger
          const amount = guess === 0 ? missCost : 1
          for (const row of rows[token] ?? []) {
            const offset = row * size
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
  const phiWords = new Set<string>()
  for (const item of data) {
    item.tokens.forEach((token, at) => {
      if ((item.gold[at] ?? 0) !== 0 && token.kind === 'word') phiWords.add(token.base)
    })
  }
  const safeWords = new Set([...vocabulary].filter((word) => !phiWords.has(word)))
  return createTagger(
    core,
    table,
    vocabulary,
    safeWords,
    dictionaries,
    types,
    {
      notes: notes.length,
      patients: new Set(notes.map((note) => note.patient)).size,
      tokens: tokensSeen,
      epochs,
    },
    ruleFeatures,
  )
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
 * Loads a saved tagger from its JSON text (untrusted: every field is checked).
 *
 * @throws InputError naming the field that is missing or malformed
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
  const types = labels
    .filter((label) => label.startsWith('B-'))
    .map((label) => label.slice(2) as PhiType)
  const core = new TaggerCore(labels, features.length)
  features.forEach((key, row) => {
    core.featureIndex.set(key, row)
  })
  core.weights.set(weights)
  core.transitions.set(transitions)
  const trained = saved.trainedOn as SavedTagger['trainedOn'] | undefined
  return createTagger(
    core,
    new AttributeTable(attributes),
    new Set(vocabulary),
    new Set(safeWords),
    options.dictionaries ?? loadDictionaries(),
    types,
    trained ?? { notes: 0, patients: 0, tokens: 0, epochs: 0 },
    saved.ruleFeatures === true,
  )
}
