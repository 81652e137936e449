/**
 * The exam verifier: single-best-answer and multiple-response questions scored by exact answer
 * match (the report's Table 3, "Rules (Exact Answer Match)").
 */
import { type ExtractChoiceOptions, extractChoice } from './extract-choice.js'
import { makeResult, type VerifierResult } from './result.js'

/** Ground truth of an exam item: one letter, or the set of letters of a multiple-response item. */
export type ExamGroundTruth = { answer: string } | { answers: readonly string[] }

/**
 * Partial credit of multiple-response items:
 * - `none` (default): the exact set scores 1, anything else 0.
 * - `jaccard`: |chosen ∩ key| / |chosen ∪ key|.
 * - `proportional`: (right choices − wrong choices) / |key|, at least 0.
 */
export type PartialCreditPolicy = 'none' | 'jaccard' | 'proportional'

/** Options of {@link verifyExam}. */
export interface VerifyExamOptions {
  response: string
  groundTruth: ExamGroundTruth
  /** Option texts by letter (`{ "A": "Aspirin" }`), a list of texts (lettered A, B, ...), or omitted. */
  options?: Readonly<Record<string, string>> | readonly string[]
  partialCredit?: PartialCreditPolicy
  /** Use the lenient reading (evaluation only; see `extractChoice`). Default false. */
  lenient?: boolean
}

/** Option letters assumed when a question comes without its options. */
export const DEFAULT_OPTION_LETTERS: readonly string[] = 'ABCDEFGHIJ'.split('')

const LETTER = /^\s*[(（[]?\s*([A-Za-z])\s*[)）\]]?\s*\.?\s*$/

function normalizeKeyLetter(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (value.length === 1) {
    const code = value.charCodeAt(0)
    if (code >= 65 && code <= 90) return value
    if (code >= 97 && code <= 122) return value.toUpperCase()
  }
  const match = LETTER.exec(value)
  return match?.[1]?.toUpperCase()
}

function optionRecord(
  options: VerifyExamOptions['options'],
): Readonly<Record<string, string>> | undefined {
  if (options === undefined) return undefined
  if (Array.isArray(options)) {
    const record: Record<string, string> = {}
    const list = options as readonly string[]
    for (let index = 0; index < list.length && index < 26; index += 1) {
      record[String.fromCharCode(65 + index)] = String(list[index])
    }
    return record
  }
  return options as Readonly<Record<string, string>>
}

function lettersOf(record: Readonly<Record<string, string>>): string[] {
  const letters: string[] = []
  for (const key in record) {
    const letter = key.length === 1 ? key.toUpperCase() : key.trim().toUpperCase()
    if (letter.length === 1 && letter >= 'A' && letter <= 'Z') letters.push(letter)
  }
  return letters
}

function resolveKeyLetter(
  value: unknown,
  record: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const letter = normalizeKeyLetter(value)
  if (letter !== undefined) return letter
  if (typeof value === 'string' && record !== undefined) {
    const wanted = value.trim().toLowerCase()
    for (const [key, text] of Object.entries(record)) {
      if (typeof text === 'string' && text.trim().toLowerCase() === wanted) return key.toUpperCase()
    }
  }
  return undefined
}

function keyLetters(
  groundTruth: unknown,
  record: Readonly<Record<string, string>> | undefined,
): { letters: string[]; multiple: boolean } | { error: string } {
  if (typeof groundTruth !== 'object' || groundTruth === null) {
    return { error: 'exam: ground_truth must be an object with "answer" or "answers"' }
  }
  const truth = groundTruth as { answer?: unknown; answers?: unknown }
  if (truth.answers !== undefined) {
    if (!Array.isArray(truth.answers) || truth.answers.length === 0) {
      return {
        error: `exam: ground_truth.answers must be a non-empty list, got ${JSON.stringify(truth.answers)}`,
      }
    }
    const letters: string[] = []
    for (const value of truth.answers) {
      const letter = resolveKeyLetter(value, record)
      if (letter === undefined) {
        return {
          error: `exam: ground_truth.answers holds "${String(value)}", not an option letter`,
        }
      }
      letters.push(letter)
    }
    return { letters: [...new Set(letters)], multiple: true }
  }
  const letter = resolveKeyLetter(truth.answer, record)
  if (letter === undefined) {
    return {
      error: `exam: ground_truth.answer = ${JSON.stringify(truth.answer ?? null)} is not an option letter`,
    }
  }
  return { letters: [letter], multiple: false }
}

/**
 * Scores an exam response against its key. A wrong answer scores 0 with status `ok`; a response
 * that cannot be read (hedge, empty, truncated, letter not an option) scores 0 with
 * `format_error`; a refusal scores 0 with `abstain`; a malformed ground truth gives `error`.
 * Components: `correct` (1 when the chosen set equals the key) and `format` (1 when an answer was read).
 *
 * @example
 * verifyExam({ response: 'Final answer: C', groundTruth: { answer: 'C' } }).score // 1
 */
export function verifyExam(options: VerifyExamOptions): VerifierResult {
  const record = optionRecord(options.options)
  const key = keyLetters(options.groundTruth, record)
  if ('error' in key) return makeResult(0, 'error', key.error, { correct: 0, format: 0 })
  const optionLetters = record === undefined ? DEFAULT_OPTION_LETTERS : lettersOf(record)
  for (const letter of key.letters) {
    if (!optionLetters.includes(letter)) {
      return makeResult(
        0,
        'error',
        `exam: key "${letter}" is not among the options ${optionLetters.join(', ')}`,
        {
          correct: 0,
          format: 0,
        },
      )
    }
  }
  const extractOptions: ExtractChoiceOptions = {
    optionLetters,
    multiple: key.multiple,
    lenient: options.lenient === true,
  }
  if (record !== undefined) extractOptions.optionTexts = record
  const extraction = extractChoice(options.response, extractOptions)
  if (extraction.status !== 'ok') {
    return makeResult(0, extraction.status, `exam: ${extraction.reason}`, { correct: 0, format: 0 })
  }
  // Both lists hold distinct letters.
  const chosen = extraction.letters
  const truth = key.letters
  let right = 0
  for (const letter of chosen) if (truth.includes(letter)) right += 1
  const wrong = chosen.length - right
  const exact = right === truth.length && wrong === 0
  let score = exact ? 1 : 0
  if (!exact && key.multiple) {
    const policy = options.partialCredit ?? 'none'
    if (policy === 'jaccard') score = right / (truth.length + wrong)
    else if (policy === 'proportional') score = Math.max(0, (right - wrong) / truth.length)
  }
  const said = chosen.length === 1 ? (chosen[0] as string) : chosen.join(', ')
  const expected = truth.length === 1 ? (truth[0] as string) : truth.join(', ')
  const reason = exact
    ? `exam: correct, read "${said}" (${extraction.method})`
    : `exam: wrong, read "${said}" (${extraction.method}), key "${expected}"`
  return makeResult(score, 'ok', reason, { correct: exact ? 1 : 0, format: 1 })
}
