/**
 * Calendar arithmetic on `YYYY-MM-DD` dates in UTC (no time zone or daylight-saving drift).
 */

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function toDayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number)
  return Math.round(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) / DAY_MS)
}

/** The `YYYY-MM-DD` date of a day number. */
export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

/** `date` plus `days` (negative to subtract). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days)
}

/** MedCalc-Bench's menstrual-date entities: `Last menstrual date` and `cycle length`. */
export const MENSTRUAL_ENTITY_MAP = {
  'Last menstrual date': 'lastMenstrualPeriod',
  'cycle length': 'cycleLength',
  'Current Date': 'currentDate',
} as const
