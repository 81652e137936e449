/**
 * Agreement between Galen's principle judge and a recorded reference judge (DISC-MedLLM's GPT-4
 * scores of CMB-Clin consultations). The two rubrics differ (Galen: Table 5's six dimensions 1-3
 * and overall 1-5; DISC: Proactivity, Accuracy, Helpfulness and Linguistic Quality 1-5), so each
 * comparison is a named pair of a Galen score and a reference score, fixed from the rubrics'
 * wording before any score was seen ({@link DEFAULT_AGREEMENT_PAIRS}). Per pair: Pearson and
 * Spearman correlation over the cases both judges scored, and the mean absolute difference after
 * mapping both scales onto [0, 1] (1-3 as (x - 1) / 2, 1-5 as (x - 1) / 4). Per model: the mean of
 * every score of both judges, and the model-level Spearman of the pairs' means.
 */
import { InputError } from '../errors.js'
import { DISC_DIMENSIONS, type DiscJudgement } from './benchmarks/disc-judge-scores.js'
import type { EvalRecord } from './record.js'
import { JUDGE_DIMENSIONS } from './scoring/judge.js'
import { roundTo } from './statistics.js'

/** A Galen score: one Table 5 dimension or `overall`. */
export type GalenScoreName = (typeof JUDGE_DIMENSIONS)[number] | 'overall'

/** A reference score: one DISC dimension or `mean` (the mean of the four). */
export type ReferenceScoreName = (typeof DISC_DIMENSIONS)[number] | 'mean'

/** One compared pair of scores. */
export interface AgreementPair {
  galen: GalenScoreName
  reference: ReferenceScoreName
}

/**
 * The pairs compared by default, from the rubrics' wording: overall with the mean of the four
 * DISC scores; honesty (no invented facts) with Accuracy (no factual errors); comprehensiveness
 * (covers what a clinician expects) with Helpfulness; formatting (clear, readable) with Linguistic
 * Quality; overall with Proactivity, which no Table 5 dimension measures (asking for missing
 * information).
 */
export const DEFAULT_AGREEMENT_PAIRS: readonly AgreementPair[] = [
  { galen: 'overall', reference: 'mean' },
  { galen: 'honesty', reference: 'Accuracy' },
  { galen: 'comprehensiveness', reference: 'Helpfulness' },
  { galen: 'formatting', reference: 'Linguistic Quality' },
  { galen: 'overall', reference: 'Proactivity' },
]

/** The Galen score names, for validating pairs. */
export const GALEN_SCORE_NAMES: readonly GalenScoreName[] = [...JUDGE_DIMENSIONS, 'overall']

/** The reference score names, for validating pairs. */
export const REFERENCE_SCORE_NAMES: readonly ReferenceScoreName[] = [...DISC_DIMENSIONS, 'mean']

/** One model's judged cases on both sides. */
export interface AgreementInput {
  /** The model whose consultations were judged (for the per-model rows). */
  model: string
  /** Galen's records of a judged replay (records without a judge verdict are left out). */
  records: readonly EvalRecord[]
  /** The reference judge's scores of the same cases, joined by id. */
  reference: readonly DiscJudgement[]
}

/** Correlation and distance of one pair over the joined cases. */
export interface PairAgreement {
  galen: GalenScoreName
  reference: ReferenceScoreName
  /** Cases both judges scored. */
  n: number
  /** Pearson correlation; null with fewer than 3 cases or a constant side. */
  pearson: number | null
  /** Spearman rank correlation (ties get their mean rank); null as for Pearson. */
  spearman: number | null
  /** Mean absolute difference of the two scores on [0, 1]; null without cases. */
  mean_absolute_difference: number | null
}

/** One model's means. */
export interface ModelAgreement {
  model: string
  /** Cases both judges scored. */
  n: number
  /** Galen records of this model without a verdict (judge errors), left out. */
  unjudged: number
  /** Galen record ids with no reference score, and reference ids with no Galen record. */
  unmatched: { galen: number; reference: number }
  galen: Record<GalenScoreName, number | null>
  reference: Record<ReferenceScoreName, number | null>
  /** Per-pair correlations within this model. */
  pairs: PairAgreement[]
}

/** The agreement report. */
export interface JudgeAgreementReport {
  format: 'galen-judge-agreement/1'
  /** Cases both judges scored, all models together. */
  n: number
  /** Pairs over all models' cases together. */
  pairs: PairAgreement[]
  models: ModelAgreement[]
  /**
   * Model-level agreement per pair: correlations of the per-model means (null with fewer than
   * three models).
   */
  model_level: Array<{
    galen: GalenScoreName
    reference: ReferenceScoreName
    models: number
    pearson: number | null
    spearman: number | null
  }>
}

/** Pearson correlation; null with fewer than 3 values or when either side is constant. */
export function pearson(left: readonly number[], right: readonly number[]): number | null {
  const count = Math.min(left.length, right.length)
  if (count < 3) return null
  let sumLeft = 0
  let sumRight = 0
  for (let index = 0; index < count; index += 1) {
    sumLeft += left[index] as number
    sumRight += right[index] as number
  }
  const meanLeft = sumLeft / count
  const meanRight = sumRight / count
  let covariance = 0
  let varianceLeft = 0
  let varianceRight = 0
  for (let index = 0; index < count; index += 1) {
    const deltaLeft = (left[index] as number) - meanLeft
    const deltaRight = (right[index] as number) - meanRight
    covariance += deltaLeft * deltaRight
    varianceLeft += deltaLeft * deltaLeft
    varianceRight += deltaRight * deltaRight
  }
  if (varianceLeft === 0 || varianceRight === 0) return null
  return covariance / Math.sqrt(varianceLeft * varianceRight)
}

/** 1-based ranks, ties sharing their mean rank. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index }))
  order.sort((left, right) => left.value - right.value)
  const ranks = new Array<number>(values.length).fill(0)
  let start = 0
  while (start < order.length) {
    let end = start
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1
    const rank = (start + end) / 2 + 1
    for (let position = start; position <= end; position += 1) {
      ranks[order[position]?.index as number] = rank
    }
    start = end + 1
  }
  return ranks
}

/** Spearman rank correlation (Pearson of mean ranks); null as for {@link pearson}. */
export function spearman(left: readonly number[], right: readonly number[]): number | null {
  const count = Math.min(left.length, right.length)
  return pearson(averageRanks(left.slice(0, count)), averageRanks(right.slice(0, count)))
}

function galenScore(record: EvalRecord, name: GalenScoreName): number | undefined {
  if (name === 'overall') return record.judge?.overall
  return record.judge?.dimensions?.[name]
}

function galenUnit(name: GalenScoreName, value: number): number {
  return name === 'overall' ? (value - 1) / 4 : (value - 1) / 2
}

function referenceScore(judgement: DiscJudgement, name: ReferenceScoreName): number {
  if (name !== 'mean') return judgement.scores[name]
  return (
    DISC_DIMENSIONS.reduce((sum, key) => sum + judgement.scores[key], 0) / DISC_DIMENSIONS.length
  )
}

const round = (value: number | null): number | null => (value === null ? null : roundTo(value, 4))

interface JoinedCase {
  record: EvalRecord
  judgement: DiscJudgement
}

function pairAgreement(cases: readonly JoinedCase[], pair: AgreementPair): PairAgreement {
  const galen: number[] = []
  const reference: number[] = []
  let distance = 0
  for (const { record, judgement } of cases) {
    const value = galenScore(record, pair.galen)
    if (value === undefined) continue
    const other = referenceScore(judgement, pair.reference)
    galen.push(value)
    reference.push(other)
    distance += Math.abs(galenUnit(pair.galen, value) - (other - 1) / 4)
  }
  return {
    galen: pair.galen,
    reference: pair.reference,
    n: galen.length,
    pearson: round(pearson(galen, reference)),
    spearman: round(spearman(galen, reference)),
    mean_absolute_difference: galen.length === 0 ? null : round(distance / galen.length),
  }
}

function meanOf(values: readonly number[]): number | null {
  return values.length === 0
    ? null
    : roundTo(values.reduce((sum, value) => sum + value, 0) / values.length, 3)
}

/**
 * Joins each model's Galen records with the reference scores by id and reports the agreement.
 *
 * @throws InputError for a pair naming an unknown score, or no input.
 */
export function computeJudgeAgreement(options: {
  inputs: readonly AgreementInput[]
  pairs?: readonly AgreementPair[]
}): JudgeAgreementReport {
  const pairs = options.pairs ?? DEFAULT_AGREEMENT_PAIRS
  if (options.inputs.length === 0)
    throw new InputError('eval: agreement needs at least one scored model', {
      field: 'scores',
      value: '',
    })
  for (const pair of pairs) {
    if (!GALEN_SCORE_NAMES.includes(pair.galen))
      throw new InputError(
        `eval: unknown Galen judge score "${pair.galen}" (expected ${GALEN_SCORE_NAMES.join(', ')})`,
        { field: 'pair', value: pair.galen },
      )
    if (!REFERENCE_SCORE_NAMES.includes(pair.reference))
      throw new InputError(
        `eval: unknown reference score "${pair.reference}" (expected ${REFERENCE_SCORE_NAMES.join(', ')})`,
        { field: 'pair', value: pair.reference },
      )
  }
  const all: JoinedCase[] = []
  const models: ModelAgreement[] = []
  for (const input of options.inputs) {
    const byId = new Map(input.reference.map((judgement) => [judgement.id, judgement]))
    const latest = new Map<string, EvalRecord>()
    for (const record of input.records) if (record.sample === 0) latest.set(record.id, record)
    const cases: JoinedCase[] = []
    let unjudged = 0
    let unmatchedGalen = 0
    for (const record of latest.values()) {
      const judgement = byId.get(record.id)
      if (judgement === undefined) {
        unmatchedGalen += 1
        continue
      }
      if (record.judge?.overall === undefined) {
        unjudged += 1
        continue
      }
      cases.push({ record, judgement })
    }
    const unmatchedReference = input.reference.filter(
      (judgement) => !latest.has(judgement.id),
    ).length
    const galen = {} as Record<GalenScoreName, number | null>
    for (const name of GALEN_SCORE_NAMES) {
      galen[name] = meanOf(
        cases.flatMap(({ record }) => {
          const value = galenScore(record, name)
          return value === undefined ? [] : [value]
        }),
      )
    }
    const reference = {} as Record<ReferenceScoreName, number | null>
    for (const name of REFERENCE_SCORE_NAMES) {
      reference[name] = meanOf(cases.map(({ judgement }) => referenceScore(judgement, name)))
    }
    models.push({
      model: input.model,
      n: cases.length,
      unjudged,
      unmatched: { galen: unmatchedGalen, reference: unmatchedReference },
      galen,
      reference,
      pairs: pairs.map((pair) => pairAgreement(cases, pair)),
    })
    all.push(...cases)
  }
  const modelLevel = pairs.map((pair) => {
    const rows = models.filter(
      (model) => model.galen[pair.galen] !== null && model.reference[pair.reference] !== null,
    )
    const left = rows.map((model) => model.galen[pair.galen] as number)
    const right = rows.map((model) => model.reference[pair.reference] as number)
    return {
      galen: pair.galen,
      reference: pair.reference,
      models: rows.length,
      pearson: round(pearson(left, right)),
      spearman: round(spearman(left, right)),
    }
  })
  return {
    format: 'galen-judge-agreement/1',
    n: all.length,
    pairs: pairs.map((pair) => pairAgreement(all, pair)),
    models,
    model_level: modelLevel,
  }
}

/**
 * Reads a pair written `galen=reference` (`honesty=Accuracy`, `overall=mean`).
 *
 * @throws InputError when it is not two known names joined by `=`.
 */
export function parseAgreementPair(text: string): AgreementPair {
  const [galen, reference, extra] = text.split('=').map((part) => part.trim())
  if (
    galen === undefined ||
    reference === undefined ||
    extra !== undefined ||
    !GALEN_SCORE_NAMES.includes(galen as GalenScoreName) ||
    !REFERENCE_SCORE_NAMES.includes(reference as ReferenceScoreName)
  ) {
    throw new InputError(
      `eval: pair "${text}" must be GALEN=REFERENCE with GALEN one of ${GALEN_SCORE_NAMES.join(', ')} and REFERENCE one of ${REFERENCE_SCORE_NAMES.join(', ')}`,
      { field: 'pair', value: text },
    )
  }
  return { galen: galen as GalenScoreName, reference: reference as ReferenceScoreName }
}
