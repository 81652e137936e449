/**
 * Grouped K-fold cross-validation of de-identification: notes are split by patient (or by
 * note), the tagger is trained on K-1 folds and the held-out fold is scored, under each policy.
 * Nothing learned from annotations sees the fold it is scored on.
 */
import { InputError } from '../errors.js'
import type { AnnotatedNote } from './annotated.js'
import { createDeidentifier } from './deidentifier.js'
import type { DeidDictionaries } from './dictionaries.js'
import { type DeidScore, type ScoredDocument, scoreDocuments } from './evaluate.js'
import type { DeidPolicy } from './policy.js'
import { type DeidTagger, type TrainTaggerSettings, trainTagger } from './tagger.js'

/** How notes are kept together when folds are made. */
export type FoldGrouping = 'patient' | 'note'

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  notes: readonly AnnotatedNote[]
  /** Number of folds (2 or more; default 5). */
  folds?: number
  /** Default `patient`: all notes of one patient fall in the same fold. */
  group?: FoldGrouping
  /** Policies to score (default both). */
  policies?: readonly DeidPolicy[]
  /** Whether to train the tagger on the other folds (default true); false scores the rules. */
  tagger?: boolean
  /** Seed of the fold assignment (default 1). */
  seed?: number
  train?: Omit<TrainTaggerSettings, 'dictionaries'>
  dictionaries?: DeidDictionaries
  /** Whether bare years are PHI (default true). */
  years?: boolean
  /** Called when a fold is done. */
  onFold?: (fold: FoldResult) => void
}

/** One held-out fold's scores. */
export interface FoldResult {
  fold: number
  notes: number
  groups: number
  trainSeconds: number
  scores: Partial<Record<DeidPolicy, DeidScore>>
}

/** Mean and spread of a figure over folds. */
export interface FoldSummary {
  mean: number | null
  min: number | null
  max: number | null
}

/** The result of {@link crossValidate}. */
export interface CrossValidationResult {
  folds: FoldResult[]
  /** Scores over all held-out predictions together (every note scored exactly once). */
  pooled: Partial<Record<DeidPolicy, DeidScore>>
  /** Per-fold span and token recall and precision, summarised. */
  summary: Partial<
    Record<
      DeidPolicy,
      {
        span_recall: FoldSummary
        span_precision: FoldSummary
        token_recall: FoldSummary
        token_precision: FoldSummary
      }
    >
  >
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

/**
 * Assigns groups to folds: groups in a seeded random order, largest first, each to the fold with
 * the fewest notes so far. Returns the fold of every note.
 */
export function assignFolds(
  notes: readonly AnnotatedNote[],
  folds: number,
  group: FoldGrouping,
  seed = 1,
): number[] {
  const groupOf = (note: AnnotatedNote): string => (group === 'patient' ? note.patient : note.id)
  const sizes = new Map<string, number>()
  for (const note of notes) sizes.set(groupOf(note), (sizes.get(groupOf(note)) ?? 0) + 1)
  if (sizes.size < folds) {
    throw new InputError(
      `deid: ${folds} folds need at least ${folds} groups; the notes have ${sizes.size}`,
      { field: 'cv', value: folds },
    )
  }
  const random = mulberry32(seed)
  const groups = [...sizes.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, size]) => ({ name, size, order: random() }))
    .sort((a, b) => b.size - a.size || a.order - b.order)
  const load = new Array<number>(folds).fill(0)
  const foldOf = new Map<string, number>()
  for (const entry of groups) {
    let target = 0
    for (let fold = 1; fold < folds; fold += 1)
      if ((load[fold] ?? 0) < (load[target] ?? 0)) target = fold
    foldOf.set(entry.name, target)
    load[target] = (load[target] ?? 0) + entry.size
  }
  return notes.map((note) => foldOf.get(groupOf(note)) ?? 0)
}

function summarise(values: readonly (number | null)[]): FoldSummary {
  const known = values.filter((value): value is number => value !== null)
  if (known.length === 0) return { mean: null, min: null, max: null }
  const mean = known.reduce((sum, value) => sum + value, 0) / known.length
  return {
    mean: Number(mean.toFixed(4)),
    min: Math.min(...known),
    max: Math.max(...known),
  }
}

async function predict(
  notes: readonly AnnotatedNote[],
  settings: {
    tagger?: DeidTagger
    policy: DeidPolicy
    years?: boolean
    dictionaries?: DeidDictionaries
  },
): Promise<ScoredDocument[]> {
  const deidentifier = createDeidentifier({
    policy: settings.policy,
    ...(settings.tagger === undefined ? {} : { tagger: settings.tagger }),
    ...(settings.years === undefined ? {} : { years: settings.years }),
  })
  const byPatient = new Map<string, AnnotatedNote[]>()
  for (const note of notes)
    byPatient.set(note.patient, [...(byPatient.get(note.patient) ?? []), note])
  const documents: ScoredDocument[] = []
  for (const [patient, patientNotes] of byPatient) {
    const predicted = await deidentifier.detectMany({
      texts: patientNotes.map((note) => note.text),
      patientId: patient,
    })
    patientNotes.forEach((note, index) => {
      documents.push({
        id: note.id,
        text: note.text,
        gold: note.gold,
        predicted: predicted[index] ?? [],
      })
    })
  }
  return documents
}

/**
 * Runs grouped K-fold cross-validation.
 *
 * @example
 * const result = await crossValidate({ notes: readAnnotatedNotes({ format: 'physionet', data }) })
 * result.summary.balanced?.span_recall.mean
 * @throws InputError when there are fewer groups than folds
 */
export async function crossValidate(options: CrossValidateOptions): Promise<CrossValidationResult> {
  const folds = options.folds ?? 5
  if (!Number.isInteger(folds) || folds < 2) {
    throw new InputError(`deid: --cv must be a whole number >= 2, got ${folds}`, {
      field: 'cv',
      value: folds,
    })
  }
  const group = options.group ?? 'patient'
  const policies = options.policies ?? ['balanced', 'recall']
  const foldOf = assignFolds(options.notes, folds, group, options.seed ?? 1)
  const results: FoldResult[] = []
  const pooledDocuments = new Map<DeidPolicy, ScoredDocument[]>()
  for (let fold = 0; fold < folds; fold += 1) {
    const held = options.notes.filter((_, index) => foldOf[index] === fold)
    const rest = options.notes.filter((_, index) => foldOf[index] !== fold)
    const started = performance.now()
    const tagger =
      options.tagger === false
        ? undefined
        : trainTagger(rest, {
            ...options.train,
            ...(options.dictionaries === undefined ? {} : { dictionaries: options.dictionaries }),
          })
    const trainSeconds = Number(((performance.now() - started) / 1000).toFixed(2))
    const scores: FoldResult['scores'] = {}
    for (const policy of policies) {
      const documents = await predict(held, {
        policy,
        ...(tagger === undefined ? {} : { tagger }),
        ...(options.years === undefined ? {} : { years: options.years }),
      })
      scores[policy] = scoreDocuments(documents)
      pooledDocuments.set(policy, [...(pooledDocuments.get(policy) ?? []), ...documents])
    }
    const result: FoldResult = {
      fold: fold + 1,
      notes: held.length,
      groups: new Set(held.map((note) => (group === 'patient' ? note.patient : note.id))).size,
      trainSeconds,
      scores,
    }
    results.push(result)
    options.onFold?.(result)
  }
  const pooled: CrossValidationResult['pooled'] = {}
  const summary: CrossValidationResult['summary'] = {}
  for (const policy of policies) {
    pooled[policy] = scoreDocuments(pooledDocuments.get(policy) ?? [])
    const of = (pick: (score: DeidScore) => number | null): FoldSummary =>
      summarise(
        results.map((result) => {
          const score = result.scores[policy]
          return score === undefined ? null : pick(score)
        }),
      )
    summary[policy] = {
      span_recall: of((score) => score.span.recall),
      span_precision: of((score) => score.span.precision),
      token_recall: of((score) => score.token.recall),
      token_precision: of((score) => score.token.precision),
    }
  }
  return { folds: results, pooled, summary }
}
