/**
 * Reading MedCalc-Bench answers: the value inside a JSON reply, numbers, dates and
 * weeks-and-days tuples, following the benchmark's official extraction rules.
 */
import { safeParseJson } from '../../errors.js'

/** A gestational age as whole weeks and days. */
export interface WeeksDays {
  weeks: number
  days: number
}

/**
 * Parses `('35 weeks', '4 days')`, `(35, 4)`, `[35, 4]`, `35 weeks and 4 days`, `35 weeks, 4 days`.
 * Returns undefined when no pair of whole numbers is found.
 */
export function parseWeeksDays(text: string): WeeksDays | undefined {
  const cleaned = text
    .replace(/[[\]]/g, (bracket) => (bracket === '[' ? '(' : ')'))
    .replace(/["']/g, '')
  const match = /(\d+)\s*(?:weeks?|wks?)?\s*(?:,|and)?\s*(\d+)\s*(?:days?)?/i.exec(cleaned)
  if (match === null) return undefined
  return { weeks: Number(match[1]), days: Number(match[2]) }
}

/** A calendar date. */
export interface CalendarDate {
  month: number
  day: number
  year: number
}

/** Parses the first `M/D/YYYY` date of the text (must be a real calendar date). */
export function parseDate(text: string): CalendarDate | undefined {
  const match = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text)
  if (match === null) return undefined
  const month = Number(match[1])
  const day = Number(match[2])
  const year = Number(match[3])
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day
  ) {
    return undefined
  }
  return { month, day, year }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g

/** Every number written in the text (`-?digits[.digits]`), in order. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((match) => Number(match[0]))
}

/** Rounds half to even, as Python's `round()` does (the official scorer's integer rule). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value)
  const fraction = value - floor
  if (Math.abs(fraction - 0.5) < 1e-12) return floor % 2 === 0 ? floor : floor + 1
  return Math.round(value)
}

/**
 * The answer text of a reply: the `answer` field when the reply is a JSON object (or contains
 * `"answer": ...`), otherwise the whole reply, trimmed.
 */
export function answerText(response: string): string {
  const trimmed = response.trim()
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(trimmed)
  const candidate = fenced?.[1] ?? trimmed
  const start = candidate.indexOf('{')
  const end = candidate.lastIndexOf('}')
  if (start >= 0 && end > start) {
    const parsed = safeParseJson(candidate.slice(start, end + 1), 'answer')
    if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
      const record = parsed.value as Record<string, unknown>
      const value = record.answer ?? record.Answer
      if (typeof value === 'string') return value.trim()
      if (typeof value === 'number') return String(value)
      if (Array.isArray(value)) return `(${value.join(', ')})`
    }
  }
  const matches = [...candidate.matchAll(/[Aa]nswer"\s*:\s*(.*?)\}/g)]
  const last = matches.at(-1)?.[1]
  if (last !== undefined) return last.trim().replace(/^"|"$/g, '')
  return trimmed
}
