/**
 * The format verifier: the response follows a required structure (a JSON object matching a
 * schema, reasoning followed by a final answer, required sections in order, a length limit).
 */
import { safeParseJson } from '../errors.js'
import { answerText } from './answer-text.js'
import { checkJsonSchema } from './json-schema.js'
import { makeResult, type VerifierResult } from './result.js'

/** What a format item requires. At least one requirement must be given. */
export interface FormatGroundTruth {
  /** `json` (the answer part is one JSON value), `reasoning_then_answer` or `answer_only`. */
  structure?: 'json' | 'reasoning_then_answer' | 'answer_only'
  /** JSON schema the answer must match (implies `json`). */
  schema?: Record<string, unknown>
  /** Headings that must appear, in this order ("Assessment", "Plan"). */
  sections?: readonly string[]
  /** Most characters of the answer part (reasoning blocks excluded). */
  max_length?: number
}

/** Options of {@link verifyFormat}. */
export interface VerifyFormatOptions {
  response: string
  groundTruth: FormatGroundTruth
}

const FINAL_ANSWER =
  /(?:^|\n)\s*[#*_ ]*(?:final\s+answer|answer|conclusion|diagnosis|最终答案|答案|结论)\s*[*_ ]*[:：]|\\boxed\s*\{/i

function stripFence(text: string): string {
  const fence = /^\s*```(?:json|JSON)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text)
  return fence?.[1] ?? text
}

/**
 * Checks each requirement; the score is the share passed, and the status is `format_error`
 * unless all pass. Components: one per requirement checked (`json`, `schema`, `reasoning`,
 * `final_answer`, `sections`, `length`) plus `format`.
 */
export function verifyFormat(options: VerifyFormatOptions): VerifierResult {
  const truth = options.groundTruth as FormatGroundTruth | null
  if (typeof truth !== 'object' || truth === null) {
    return makeResult(0, 'error', 'format: ground_truth must be an object', { format: 0 })
  }
  const structure = truth.schema !== undefined ? 'json' : truth.structure
  if (structure === undefined && truth.sections === undefined && truth.max_length === undefined) {
    return makeResult(
      0,
      'error',
      'format: ground_truth names no requirement (structure, schema, sections, max_length)',
      { format: 0 },
    )
  }
  if (
    structure !== undefined &&
    !['json', 'reasoning_then_answer', 'answer_only'].includes(structure)
  ) {
    return makeResult(0, 'error', `format: unknown structure "${String(structure)}"`, { format: 0 })
  }
  if (typeof options.response !== 'string') {
    return makeResult(0, 'format_error', 'format: response is not a string', { format: 0 })
  }
  const thinkClosed = /<\/(?:think|thinking|reasoning)>/.test(options.response)
  const prepared = answerText(options.response)
  if (!prepared.ok)
    return makeResult(0, 'format_error', `format: ${prepared.reason}`, { format: 0 })
  const answer = prepared.text.trim()
  const checks: Record<string, number> = {}
  const failures: string[] = []
  const check = (name: string, passed: boolean, why: string): void => {
    checks[name] = passed ? 1 : 0
    if (!passed) failures.push(why)
  }
  if (structure === 'json') {
    const parsed = safeParseJson(stripFence(answer), 'response')
    check('json', parsed.ok, 'the answer is not one JSON value')
    if (truth.schema !== undefined) {
      const errors = parsed.ok ? checkJsonSchema(parsed.value, truth.schema) : ['not JSON']
      check('schema', errors.length === 0, `schema: ${errors.join('; ')}`)
    }
  } else if (structure === 'reasoning_then_answer') {
    const beforeAnswer = answer.search(FINAL_ANSWER)
    const reasoningText = thinkClosed
      ? 'x'.repeat(40)
      : beforeAnswer > 0
        ? answer.slice(0, beforeAnswer)
        : ''
    check('reasoning', reasoningText.trim().length >= 20, 'no reasoning before the final answer')
    const matches = [...answer.matchAll(new RegExp(FINAL_ANSWER.source, 'gi'))]
    const last = matches[matches.length - 1]
    const tail = last === undefined ? '' : answer.slice((last.index ?? 0) + last[0].length)
    check(
      'final_answer',
      last !== undefined && tail.trim().length > 0 && tail.trim().length <= 400,
      last === undefined
        ? 'no final answer line'
        : 'the final answer is empty or followed by more text',
    )
  } else if (structure === 'answer_only') {
    check(
      'answer_only',
      !thinkClosed && answer.length > 0 && answer.length <= 200 && !answer.includes('\n\n'),
      'the response is more than a short answer',
    )
  }
  if (truth.sections !== undefined) {
    let position = 0
    const lower = answer.toLowerCase()
    const missing: string[] = []
    for (const section of truth.sections) {
      const at = lower.indexOf(String(section).toLowerCase(), position)
      if (at < 0) missing.push(String(section))
      else position = at + String(section).length
    }
    check(
      'sections',
      missing.length === 0,
      `missing or out-of-order sections: ${missing.join(', ')}`,
    )
  }
  if (truth.max_length !== undefined) {
    check(
      'length',
      answer.length <= truth.max_length,
      `answer longer than ${truth.max_length} characters (${answer.length})`,
    )
  }
  const names = Object.keys(checks)
  const passed = names.filter((name) => checks[name] === 1).length
  const score = names.length === 0 ? 0 : passed / names.length
  const allPassed = passed === names.length
  return makeResult(
    score,
    allPassed ? 'ok' : 'format_error',
    allPassed ? `format: all ${names.length} requirement(s) met` : `format: ${failures.join('; ')}`,
    { ...checks, format: allPassed ? 1 : 0 },
  )
}
