/**
 * The diagnosis verifier (the report's "Rules (ICD Matching) + Model"): predicted diagnoses,
 * best first, are mapped to ICD-10-CM codes and scored against the key with hierarchy credit.
 */
import {
  beijingToIcd10,
  type DiagnosisCode,
  type DiseaseIndex,
  ICD10CM_CHAPTERS,
  normalizeIcdCode,
  phraseKey,
  type ZhDiseaseIndex,
} from '../terminology/index.js'
import { answerText } from './answer-text.js'
import { isNegatedDiagnosis, layDiagnosisName } from './diagnosis-wording.js'
import { readResponseItems } from './response-items.js'
import { makeResult, type VerifierResult } from './result.js'

/** Credit for a prediction that is not the key's code but shares part of its hierarchy. */
export interface HierarchyCredit {
  /** Same 3-character category (I21.9 for I21.4). Default 0.5. */
  category: number
  /** Same block (I25.10 for I21.4: both ischaemic heart diseases I20–I25). Default 0.25. */
  block: number
  /** Same chapter (I50.9 for I21.4: both circulatory). Default 0.1. */
  chapter: number
}

/** Defaults of the hierarchy credit; see docs/verifiers.md for the reasoning. */
export const DEFAULT_HIERARCHY_CREDIT: HierarchyCredit = {
  category: 0.5,
  block: 0.25,
  chapter: 0.1,
}

/** Ground truth of a diagnosis item. */
export interface DiagnosisGroundTruth {
  icd10?: readonly string[] | string
  names?: readonly string[]
}

/** Options of {@link verifyDiagnosis}. */
export interface VerifyDiagnosisOptions {
  response: string
  groundTruth: DiagnosisGroundTruth
  /** The ICD-10-CM index; without it only explicit codes and the key's names are matched. */
  diseases?: DiseaseIndex
  /**
   * Chinese diagnoses → codes (the ICD-10 Beijing clinical edition); without it Chinese
   * predictions are matched only to the key's names.
   */
  zhDiseases?: ZhDiseaseIndex
  credit?: {
    category?: number | undefined
    block?: number | undefined
    chapter?: number | undefined
  }
  /** Predictions considered (the rest are ignored). Default 5. */
  maxPredictions?: number
  /** k of recall@k. Default 3. */
  k?: number
  /** Lowest term-lookup score accepted as a mapping. Default 0.8. */
  minScore?: number
  /** Lowest n-gram similarity accepted for a Chinese name that is not exact. Default 0.6. */
  zhMinScore?: number
}

/** The rule outcome, with what the judge needs when the rules cannot decide. */
export interface DiagnosisRuleOutcome {
  result: VerifierResult
  /** True when some predictions could not be mapped and the key was not fully found. */
  inconclusive: boolean
  predictions: string[]
}

interface Prediction {
  text: string
  codes: DiagnosisCode[]
  /** 0-based rank; the parts of a hedge share the rank of the last part. */
  rank: number
}

const HAN = /[\u4e00-\u9fff]/

const HEDGE_SPLIT = /\s+(?:or|vs\.?|versus)\s+|\s+\/\s+|(?<=[a-z])\/(?=[A-Za-z])|\s*或\s*/i

function chapterNumber(code: string, diseases: DiseaseIndex | undefined): number | undefined {
  if (diseases !== undefined) return diseases.icd.chapterOf(code)?.number
  const category = code.slice(0, 3)
  return ICD10CM_CHAPTERS.find((chapter) => category >= chapter.first && category <= chapter.last)
    ?.number
}

/** Credit of a predicted code against a key code. A more specific code of the key counts as exact. */
export function hierarchyCredit(
  predicted: string,
  key: string,
  credit: HierarchyCredit,
  diseases?: DiseaseIndex,
): number {
  if (predicted === key || predicted.startsWith(key)) return 1
  if (predicted.slice(0, 3) === key.slice(0, 3)) return credit.category
  if (diseases !== undefined) {
    const block = diseases.icd.blockOf(predicted)
    if (block !== undefined && block === diseases.icd.blockOf(key)) return credit.block
  }
  const chapter = chapterNumber(predicted, diseases)
  if (chapter !== undefined && chapter === chapterNumber(key, diseases)) return credit.chapter
  return 0
}

function keyCodes(groundTruth: unknown): { codes: string[]; names: string[] } | { error: string } {
  if (typeof groundTruth !== 'object' || groundTruth === null) {
    return { error: 'diagnosis: ground_truth must be an object with "icd10" and/or "names"' }
  }
  const truth = groundTruth as { icd10?: unknown; names?: unknown }
  const rawCodes = typeof truth.icd10 === 'string' ? [truth.icd10] : (truth.icd10 ?? [])
  if (!Array.isArray(rawCodes)) {
    return {
      error: `diagnosis: ground_truth.icd10 must be a list of codes, got ${JSON.stringify(truth.icd10)}`,
    }
  }
  const codes: string[] = []
  for (const raw of rawCodes) {
    // ICD-10-CM codes and ICD-10 Beijing clinical edition codes (I21.001, I10xx02) are both keys.
    const code =
      typeof raw !== 'string'
        ? undefined
        : /^[A-Z]\d{2}\.?x/i.test(raw.trim())
          ? beijingToIcd10(raw)
          : (normalizeIcdCode(raw) ?? beijingToIcd10(raw))
    if (code === undefined) {
      return {
        error: `diagnosis: ground_truth.icd10 holds "${String(raw)}", not an ICD-10 code`,
      }
    }
    if (!codes.includes(code)) codes.push(code)
  }
  const rawNames = truth.names ?? []
  if (!Array.isArray(rawNames) || rawNames.some((name) => typeof name !== 'string')) {
    return {
      error: `diagnosis: ground_truth.names must be a list of strings, got ${JSON.stringify(truth.names)}`,
    }
  }
  const names = (rawNames as string[]).filter((name) => name.trim() !== '')
  if (codes.length === 0 && names.length === 0) {
    return { error: 'diagnosis: ground_truth has neither "icd10" codes nor "names"' }
  }
  return { codes, names }
}

const COMPONENTS_ZERO = {
  top1: 0,
  top1_credit: 0,
  recall_at_k: 0,
  list_score: 0,
  format: 0,
  resolved: 0,
}

/**
 * Scores a diagnosis response by rules alone. The score is the list score: a rank-discounted
 * (nDCG-style) sum of each key diagnosis's best credit, so the right diagnosis ranked first
 * scores 1. Components: `top1` (exact at rank 1), `top1_credit`, `recall_at_k`, `list_score`,
 * `format` (a list was read) and `resolved` (share of predictions mapped to codes).
 */
export function scoreDiagnosisRules(options: VerifyDiagnosisOptions): DiagnosisRuleOutcome {
  const key = keyCodes(options.groundTruth)
  if ('error' in key)
    return {
      result: makeResult(0, 'error', key.error, COMPONENTS_ZERO),
      inconclusive: false,
      predictions: [],
    }
  const prepared = answerText(options.response)
  if (!prepared.ok) {
    return {
      result: makeResult(0, 'format_error', `diagnosis: ${prepared.reason}`, COMPONENTS_ZERO),
      inconclusive: false,
      predictions: [],
    }
  }
  const read = readResponseItems(prepared.text, [
    'diagnoses',
    'differential_diagnosis',
    'differential',
    'ranked_diagnoses',
    'final_diagnosis',
    'diagnosis',
    'answer',
  ])
  const maxPredictions = options.maxPredictions ?? 5
  // A diagnosis the response rules out ("Not a myocardial infarction", "排除心梗", "不考虑肺炎") is
  // never a prediction.
  const negated: string[] = []
  const items = read.items.filter((item) => {
    if (item.text === '' && item.code === undefined) return false
    if (item.text !== '' && isNegatedDiagnosis(item.text)) {
      negated.push(item.text)
      return false
    }
    return true
  })
  if (items.length === 0) {
    return {
      result: makeResult(
        0,
        'format_error',
        negated.length > 0
          ? `diagnosis: every diagnosis in the response is ruled out (${negated.map((text) => `"${text}"`).join(', ')})`
          : 'diagnosis: no diagnosis found in the response',
        COMPONENTS_ZERO,
      ),
      inconclusive: false,
      predictions: [],
    }
  }
  // "X or Y" (also "X / Y", "X vs Y") is a hedge: its parts become separate predictions that all
  // take the rank of the last part, so hedging costs rank and never counts as a top-1 answer.
  const expanded: Array<{ text: string; code?: string; rank: number }> = []
  let nextRank = 0
  for (const item of items) {
    const parts =
      item.code === undefined
        ? item.text
            .split(HEDGE_SPLIT)
            .map((part) => part.trim())
            .filter((part) => part.length >= 2)
        : []
    if (parts.length > 1) {
      const rank = nextRank + parts.length - 1
      for (const part of parts) expanded.push({ text: part, rank })
      nextRank += parts.length
    } else {
      expanded.push(
        item.code === undefined
          ? { text: item.text, rank: nextRank }
          : { text: item.text, code: item.code, rank: nextRank },
      )
      nextRank += 1
    }
  }
  const considered = expanded.filter((item) => item.rank < maxPredictions)
  const credit: HierarchyCredit = {
    category: options.credit?.category ?? DEFAULT_HIERARCHY_CREDIT.category,
    block: options.credit?.block ?? DEFAULT_HIERARCHY_CREDIT.block,
    chapter: options.credit?.chapter ?? DEFAULT_HIERARCHY_CREDIT.chapter,
  }
  const nameKey = (text: string): string =>
    HAN.test(text) && options.zhDiseases !== undefined
      ? options.zhDiseases.nameKey(text)
      : HAN.test(text)
        ? text.replace(/[\s，,。.;；:：、]+/g, '')
        : phraseKey(text)
  const keyNames = key.names.map((name) => nameKey(name))
  const predictions: Prediction[] = considered.map((item) => {
    const codes: DiagnosisCode[] = []
    const explicit = item.code === undefined ? undefined : normalizeIcdCode(item.code)
    if (explicit !== undefined) {
      codes.push({ code: explicit, title: '', score: 1, via: 'code', phrase: item.code ?? '' })
    } else if (HAN.test(item.text) && options.zhDiseases !== undefined) {
      codes.push(
        ...options.zhDiseases.resolve(item.text, { minScore: options.zhMinScore ?? 0.6, limit: 1 }),
      )
    } else if (options.diseases !== undefined) {
      codes.push(
        ...options.diseases.resolve(layDiagnosisName(item.text), {
          minScore: options.minScore ?? 0.8,
          limit: 1,
        }),
      )
    } else {
      const written = /\b([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b/.exec(item.text)
      const code = written?.[1] === undefined ? undefined : normalizeIcdCode(written[1])
      if (code !== undefined)
        codes.push({ code, title: '', score: 1, via: 'code', phrase: written?.[1] ?? '' })
    }
    return { text: item.text, codes, rank: item.rank }
  })
  // Credit matrix: prediction × key item (codes, then names for keys given by name only).
  const keys: Array<{ code?: string; name?: string }> =
    key.codes.length > 0 ? key.codes.map((code) => ({ code })) : keyNames.map((name) => ({ name }))
  const creditOf = (prediction: Prediction, keyItem: { code?: string; name?: string }): number => {
    const text = nameKey(prediction.text)
    if (keyNames.length > 0 && keyNames.includes(text)) return 1
    if (keyItem.code === undefined) return 0
    let best = 0
    for (const code of prediction.codes) {
      best = Math.max(best, hierarchyCredit(code.code, keyItem.code, credit, options.diseases))
    }
    return best
  }
  const matrix = predictions.map((prediction) =>
    keys.map((keyItem) => creditOf(prediction, keyItem)),
  )
  // Greedy one-to-one assignment by discounted credit.
  const pairs: Array<{ rank: number; keyIndex: number; gain: number; credit: number }> = []
  matrix.forEach((row, position) => {
    const rank = (predictions[position] as Prediction).rank
    row.forEach((value, keyIndex) => {
      if (value > 0) {
        pairs.push({ rank: position, keyIndex, gain: value / Math.log2(rank + 2), credit: value })
      }
    })
  })
  pairs.sort((left, right) => right.gain - left.gain || left.rank - right.rank)
  const usedPredictions = new Set<number>()
  const usedKeys = new Set<number>()
  let gain = 0
  for (const pair of pairs) {
    if (usedPredictions.has(pair.rank) || usedKeys.has(pair.keyIndex)) continue
    usedPredictions.add(pair.rank)
    usedKeys.add(pair.keyIndex)
    gain += pair.gain
  }
  let ideal = 0
  for (let index = 0; index < keys.length; index += 1) ideal += 1 / Math.log2(index + 2)
  const listScore = ideal === 0 ? 0 : gain / ideal
  const k = options.k ?? 3
  const found = keys.filter((_, keyIndex) =>
    matrix.some(
      (row, position) =>
        (predictions[position] as Prediction).rank < k && (row[keyIndex] ?? 0) >= 1,
    ),
  ).length
  const recall = keys.length === 0 ? 0 : found / keys.length
  let top1Credit = 0
  matrix.forEach((row, position) => {
    if ((predictions[position] as Prediction).rank === 0) top1Credit = Math.max(top1Credit, ...row)
  })
  const resolvedCount = predictions.filter((prediction) => prediction.codes.length > 0).length
  const unresolved = predictions.filter(
    (prediction) => prediction.codes.length === 0 && !keyNames.includes(nameKey(prediction.text)),
  )
  const components = {
    top1: top1Credit >= 1 ? 1 : 0,
    top1_credit: top1Credit,
    recall_at_k: recall,
    list_score: listScore,
    format: read.layout === 'line' || read.layout === 'none' ? 0.5 : 1,
    resolved: predictions.length === 0 ? 0 : resolvedCount / predictions.length,
  }
  const shown = predictions
    .slice(0, 3)
    .map(
      (prediction) =>
        `"${prediction.text}"${prediction.codes[0] ? ` → ${prediction.codes[0].code}` : ' → ?'}`,
    )
    .join(', ')
  const keyShown = key.codes.length > 0 ? key.codes.join(', ') : key.names.join(', ')
  const inconclusive = unresolved.length > 0 && recall < 1
  const extra =
    expanded.length > considered.length
      ? ` (only the first ${maxPredictions} ranks of ${expanded.length} predictions read)`
      : ''
  const hedged = expanded.some(
    (item, index) => index > 0 && (expanded[index - 1] as { rank: number }).rank === item.rank,
  )
  if (inconclusive && resolvedCount === 0) {
    return {
      result: makeResult(
        0,
        'abstain',
        `diagnosis: could not map ${unresolved
          .map((prediction) => `"${prediction.text}"`)
          .slice(0, 3)
          .join(
            ', ',
          )} to ICD-10${HAN.test(unresolved[0]?.text ?? '') ? ' (Chinese names need the ICD-10 Beijing clinical edition: --terminology <its folder>)' : '-CM'}; key ${keyShown}`,
        components,
      ),
      inconclusive: true,
      predictions: predictions.map((prediction) => prediction.text),
    }
  }
  return {
    result: makeResult(
      listScore,
      'ok',
      `diagnosis: list score ${listScore.toFixed(3)}, top-1 credit ${top1Credit}, recall@${k} ${recall.toFixed(2)}; read ${shown}${extra}${hedged ? '; hedged alternatives share the rank of the last one' : ''}; key ${keyShown}${unresolved.length > 0 ? `; ${unresolved.length} unmapped` : ''}${negated.length > 0 ? `; ruled out and not counted: ${negated.map((text) => `"${text}"`).join(', ')}` : ''}`,
      components,
    ),
    inconclusive,
    predictions: predictions.map((prediction) => prediction.text),
  }
}

/** Scores a diagnosis response by rules (see {@link scoreDiagnosisRules}). */
export function verifyDiagnosis(options: VerifyDiagnosisOptions): VerifierResult {
  return scoreDiagnosisRules(options).result
}
