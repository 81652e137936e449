/**
 * The composite verifier: reads one record (`{ task, response, ground_truth, prompt?, options? }`),
 * runs the task's rules, consults the judge where configured, and combines correctness and
 * format with the task's weights. Batches never fail because of one item, and every result of a
 * batch has the same component keys.
 */
import { describeError } from '../errors.js'
import type { Terminology } from '../terminology/index.js'
import { shippedTestLexicon, type TestLexicon } from '../terminology/index.js'
import { scoreDiagnosisRules } from './diagnosis.js'
import { scoreDrugRules } from './drug.js'
import { verifyExam } from './exam.js'
import { verifyFormat } from './format.js'
import type { Judge } from './judge.js'
import { alignComponents, makeResult, type VerifierResult } from './result.js'
import {
  DEFAULT_WEIGHTS,
  VERIFIER_TASKS,
  type VerifierSettings,
  type VerifierTask,
} from './settings.js'
import { verifyTestOrdering } from './test-ordering.js'

/** One record to verify. */
export interface VerifyItem {
  task: VerifierTask
  response: string
  groundTruth: unknown
  prompt?: string
  /** Exam option texts (`{ "A": "..." }` or a list). */
  options?: unknown
}

/** The outcome of reading an untrusted record. */
export type ParsedItem = { ok: true; item: VerifyItem } | { ok: false; error: string }

const TASKS: ReadonlySet<string> = new Set(VERIFIER_TASKS)

/** Reads a record from untrusted JSON (`ground_truth` or `groundTruth`). Never throws. */
export function parseVerifyItem(value: unknown, field = 'item'): ParsedItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `${field}: expected an object with task, response and ground_truth` }
  }
  const record = value as Record<string, unknown>
  const task = record.task
  if (typeof task !== 'string' || !TASKS.has(task)) {
    return {
      ok: false,
      error: `${field}: unknown task ${JSON.stringify(task ?? null)} (expected ${VERIFIER_TASKS.join(', ')})`,
    }
  }
  const response = record.response
  if (typeof response !== 'string') {
    return {
      ok: false,
      error: `${field}: "response" must be a string, got ${response === null ? 'null' : typeof response}`,
    }
  }
  const groundTruth = record.ground_truth ?? record.groundTruth
  if (typeof groundTruth !== 'object' || groundTruth === null || Array.isArray(groundTruth)) {
    return { ok: false, error: `${field}: "ground_truth" must be an object` }
  }
  const item: VerifyItem = { task: task as VerifierTask, response, groundTruth }
  if (typeof record.prompt === 'string') item.prompt = record.prompt
  if (record.options !== undefined && record.options !== null) item.options = record.options
  return { ok: true, item }
}

/** What a verifier needs at run time. */
export interface VerifierRuntime {
  terminology?: Terminology
  judge?: Judge
  settings?: VerifierSettings
  /** Test lexicon; default the terminology's (or the shipped one). */
  tests?: TestLexicon
}

/** Verifies records. */
export interface ItemVerifier {
  /** Verifies one parsed record; synchronous unless the judge is consulted. Never throws. */
  verify(
    item: VerifyItem,
    options?: { signal?: AbortSignal },
  ): VerifierResult | Promise<VerifierResult>
  /**
   * Verifies raw records (untrusted JSON values): malformed ones, and `{ invalid: "why" }`
   * placeholders, get status `error`; the rest are scored; components are aligned across the
   * batch. Never throws.
   */
  verifyBatch(
    values: readonly unknown[],
    options?: { signal?: AbortSignal },
  ): Promise<VerifierResult[]>
  /** Whether the judge is used at all. */
  readonly usesJudge: boolean
}

function errorResult(error: string): VerifierResult {
  return makeResult(0, 'error', error, { correctness: 0, format: 0 })
}

function optionsOf(
  value: unknown,
): Readonly<Record<string, string>> | readonly string[] | undefined {
  if (Array.isArray(value)) return value.map((entry) => String(entry))
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  for (const key in record) {
    if (typeof record[key] !== 'string') {
      // Keep only the text options of a record that mixes in other values.
      const texts: Record<string, string> = {}
      for (const [name, text] of Object.entries(record))
        if (typeof text === 'string') texts[name] = text
      return texts
    }
  }
  return record as Record<string, string>
}

function describeReference(
  task: VerifierTask,
  groundTruth: unknown,
  terminology: Terminology | undefined,
): string {
  const truth = groundTruth as Record<string, unknown>
  if (task === 'diagnosis') {
    const codes = Array.isArray(truth.icd10)
      ? truth.icd10
      : typeof truth.icd10 === 'string'
        ? [truth.icd10]
        : []
    const parts = codes.map((code) => {
      const title = typeof code === 'string' ? terminology?.icd?.lookup(code)?.title : undefined
      return title === undefined ? String(code) : `${title} (${String(code)})`
    })
    const names = Array.isArray(truth.names) ? truth.names.map(String) : []
    return [...names, ...parts].join('; ')
  }
  if (task === 'drug')
    return Array.isArray(truth.drugs) ? truth.drugs.map(String).join(', ') : JSON.stringify(truth)
  return JSON.stringify(truth)
}

/** Creates the composite verifier. */
export function createItemVerifier(runtime: VerifierRuntime = {}): ItemVerifier {
  const settings = runtime.settings ?? {}
  const terminology = runtime.terminology
  const tests = runtime.tests ?? terminology?.tests ?? shippedTestLexicon()
  const judge = runtime.judge
  const mode = judge === undefined ? 'never' : (settings.judge?.mode ?? 'inconclusive')
  const weights = { ...DEFAULT_WEIGHTS, ...settings.weights }
  const examPartial = settings.exam?.partialCredit ?? 'none'
  const examLenient = settings.exam?.lenient === true
  const diagnosisOptions = settings.diagnosis ?? {}

  const combine = (task: VerifierTask, result: VerifierResult): VerifierResult => {
    const correctness = result.score
    const format = result.components.format ?? (result.status === 'ok' ? 1 : 0)
    const weight = weights[task] ?? DEFAULT_WEIGHTS[task]
    const total = weight.correctness + weight.format
    const score =
      result.status === 'ok'
        ? (weight.correctness * correctness + weight.format * format) / total
        : task === 'format'
          ? correctness
          : 0
    return {
      score: Math.round(Math.min(1, Math.max(0, score)) * 1e9) / 1e9,
      status: result.status,
      components: { ...result.components, correctness, format },
      reason: result.reason,
    }
  }

  const withJudge = async (
    item: VerifyItem,
    rules: VerifierResult,
    signal: AbortSignal | undefined,
  ): Promise<VerifierResult> => {
    if (judge === undefined) return rules
    const verdict = await judge.judge(
      {
        task: item.task,
        ...(item.prompt === undefined ? {} : { question: item.prompt }),
        reference: describeReference(item.task, item.groundTruth, terminology),
        response: item.response,
      },
      signal === undefined ? {} : { signal },
    )
    const components = { ...rules.components, judge: verdict.components.judge ?? 0 }
    if (verdict.status === 'ok') {
      const score = Math.max(rules.status === 'ok' ? rules.score : 0, verdict.score)
      return makeResult(score, 'ok', `${rules.reason} | ${verdict.reason}`, components)
    }
    // A failed or late judge never turns into a plain 0: its status is reported.
    return makeResult(
      rules.status === 'ok' ? rules.score : 0,
      verdict.status,
      `${rules.reason} | ${verdict.reason}`,
      components,
    )
  }

  const verifyRaw = (
    item: VerifyItem,
    signal: AbortSignal | undefined,
  ): VerifierResult | Promise<VerifierResult> => {
    switch (item.task) {
      case 'exam': {
        const options = optionsOf(item.options)
        return verifyExam({
          response: item.response,
          groundTruth: item.groundTruth as never,
          ...(options === undefined ? {} : { options }),
          partialCredit: examPartial,
          lenient: examLenient,
        })
      }
      case 'diagnosis': {
        const outcome = scoreDiagnosisRules({
          response: item.response,
          groundTruth: item.groundTruth as never,
          ...(terminology?.diseases === undefined ? {} : { diseases: terminology.diseases }),
          ...(terminology?.zhDiseases === undefined ? {} : { zhDiseases: terminology.zhDiseases }),
          ...(diagnosisOptions.credit === undefined ? {} : { credit: diagnosisOptions.credit }),
          ...(diagnosisOptions.k === undefined ? {} : { k: diagnosisOptions.k }),
          ...(diagnosisOptions.maxPredictions === undefined
            ? {}
            : { maxPredictions: diagnosisOptions.maxPredictions }),
          ...(diagnosisOptions.minScore === undefined
            ? {}
            : { minScore: diagnosisOptions.minScore }),
        })
        const ask =
          mode === 'always'
            ? outcome.result.status !== 'error' && outcome.result.score < 1
            : mode === 'inconclusive' && outcome.inconclusive
        return ask ? withJudge(item, outcome.result, signal) : outcome.result
      }
      case 'drug': {
        const outcome = scoreDrugRules({
          response: item.response,
          groundTruth: item.groundTruth as never,
          ...(terminology === undefined ? {} : { vocabulary: terminology.drugs }),
        })
        const ask =
          mode === 'always'
            ? outcome.result.status !== 'error' && outcome.result.score < 1
            : mode === 'inconclusive' && outcome.inconclusive
        return ask ? withJudge(item, outcome.result, signal) : outcome.result
      }
      case 'test_ordering':
        return verifyTestOrdering({
          response: item.response,
          groundTruth: item.groundTruth as never,
          lexicon: tests,
        })
      case 'format':
        return verifyFormat({ response: item.response, groundTruth: item.groundTruth as never })
    }
  }

  const verify = (
    item: VerifyItem,
    options: { signal?: AbortSignal } = {},
  ): VerifierResult | Promise<VerifierResult> => {
    try {
      const raw = verifyRaw(item, options.signal)
      if (raw instanceof Promise) {
        return raw.then(
          (result) => combine(item.task, result),
          (error: unknown) => errorResult(`${item.task}: ${describeError(error)}`),
        )
      }
      return combine(item.task, raw)
    } catch (error) {
      return errorResult(`${item.task}: ${describeError(error)}`)
    }
  }

  return {
    usesJudge: mode !== 'never',
    verify,
    async verifyBatch(values, options = {}) {
      const results: Array<VerifierResult | Promise<VerifierResult>> = values.map(
        (value, index) => {
          // Callers mark records they could not read (`{ invalid: "why" }`) to keep their place.
          const invalid = (value as { invalid?: unknown } | null)?.invalid
          if (typeof invalid === 'string' && (value as { task?: unknown }).task === undefined) {
            return errorResult(invalid)
          }
          const parsed = parseVerifyItem(value, `item ${index + 1}`)
          return parsed.ok ? verify(parsed.item, options) : errorResult(parsed.error)
        },
      )
      const settled = results.some((result) => result instanceof Promise)
        ? await Promise.all(results)
        : (results as VerifierResult[])
      return alignComponents(settled)
    },
  }
}
