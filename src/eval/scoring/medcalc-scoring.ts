/**
 * MedCalc-Bench's official scoring rules, reimplemented: decimal answers are correct when they
 * lie within the row's Lower and Upper Limit (inclusive); integer answers are rounded half to
 * even (Python's `round`) and must equal the ground truth; dates must be the same calendar day;
 * gestational ages must match in weeks and days.
 *
 * Extraction follows the official rules too: the `answer` field of a JSON reply; for integers
 * "N out of M" gives N and a list "a, b, c" gives its length, otherwise the last number; for
 * decimals "x mL/min/1.73" gives x, a percentage gives x/100, otherwise the last number. One
 * official rule is left out on purpose: replies holding `str(expression)` are not evaluated as
 * Python (reported as format_error).
 */
import type { BenchmarkItem } from '../item.js'
import {
  answerText,
  numbersIn,
  parseDate,
  parseWeeksDays,
  roundHalfEven,
} from './medcalc-values.js'
import { type ScoredAnswer, unread } from './scored-answer.js'

const NOT_FOUND = new Set(['not found', 'n/a', 'na', 'none', ''])

function readInteger(text: string): number | undefined {
  const outOf = /(\d+) out of/.exec(text)
  if (outOf !== null) return Number(outOf[1])
  const list = /-?\d+(?:, ?-?\d+)+/.exec(text)
  if (list !== null) return list[0].split(',').length
  return numbersIn(text).at(-1)
}

function readDecimal(text: string): number | undefined {
  const gfr = /(-?\d+(?:\.\d+)?)\s*mL\/min\/1.73/.exec(text)
  if (gfr !== null) return Number(gfr[1])
  const percents = [...text.matchAll(/(-?\d+(?:\.\d+)?)%/g)]
  const lastPercent = percents.at(-1)?.[1]
  if (lastPercent !== undefined) return Number(lastPercent) / 100
  return numbersIn(text).at(-1)
}

/**
 * Scores a MedCalc-Bench response (a raw reply, or an answer already extracted) against the
 * item's ground truth and limits.
 */
export function scoreCalculation(item: BenchmarkItem, response: string): ScoredAnswer {
  const target = item.calculation
  const gold = item.gold[0] ?? ''
  if (target === undefined) return unread('format_error', 'item has no calculation target')
  const text = answerText(response)
  if (NOT_FOUND.has(text.toLowerCase())) return unread('format_error', `no answer ("${text}")`)
  switch (target.outputType) {
    case 'date': {
      const answer = parseDate(text)
      const expected = parseDate(gold)
      if (answer === undefined) return unread('format_error', 'no M/D/YYYY date in the answer')
      const parsed = `${String(answer.month).padStart(2, '0')}/${String(answer.day).padStart(2, '0')}/${answer.year}`
      const correct =
        expected !== undefined &&
        answer.year === expected.year &&
        answer.month === expected.month &&
        answer.day === expected.day
      return {
        parsed,
        status: 'ok',
        correct,
        score: correct ? 1 : 0,
        reason: `date ${parsed} vs ${gold}`,
        method: 'date',
      }
    }
    case 'weeks-days': {
      const answer = parseWeeksDays(text)
      const expected = parseWeeksDays(gold)
      if (answer === undefined) return unread('format_error', 'no (weeks, days) pair in the answer')
      const parsed = `(${answer.weeks}, ${answer.days})`
      const correct =
        expected !== undefined && answer.weeks === expected.weeks && answer.days === expected.days
      return {
        parsed,
        status: 'ok',
        correct,
        score: correct ? 1 : 0,
        reason: `${parsed} vs ${gold}`,
        method: 'weeks-days',
      }
    }
    case 'integer': {
      if (/str\(/.test(text)) return unread('format_error', 'answer is an unevaluated expression')
      const value = readInteger(text)
      if (value === undefined) return unread('format_error', 'no number in the answer')
      const rounded = roundHalfEven(value)
      const correct = rounded === Number(gold)
      return {
        parsed: String(value),
        status: 'ok',
        correct,
        score: correct ? 1 : 0,
        reason: `round(${value}) = ${rounded} vs ${gold}`,
        method: 'integer',
      }
    }
    case 'decimal': {
      if (/str\(/.test(text)) return unread('format_error', 'answer is an unevaluated expression')
      const value = readDecimal(text)
      if (value === undefined) return unread('format_error', 'no number in the answer')
      const lower = Number(target.lowerLimit)
      const upper = Number(target.upperLimit)
      const correct = value >= lower && value <= upper
      return {
        parsed: String(value),
        status: 'ok',
        correct,
        score: correct ? 1 : 0,
        reason: `${value} ${correct ? 'within' : 'outside'} [${target.lowerLimit}, ${target.upperLimit}]`,
        method: 'decimal',
      }
    }
  }
}
