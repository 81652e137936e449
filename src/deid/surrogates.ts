/**
 * Surrogate generation: realistic replacements that are consistent within a document (the same
 * name always gets the same surrogate) and date shifting that keeps intervals (every date of a
 * patient moves by the same number of days).
 */
import { createHash } from 'node:crypto'
import type { DeidDictionaries } from './dictionaries.js'
import { placeSurrogate } from './surrogate-places.js'
import type { PhiSpan, PhiType } from './types.js'
import { chineseSurrogate } from './zh/surrogates-zh.js'

/** A stable 32-bit number from strings (SHA-256 based, so the seed stays secret-ish). */
export function stableHash(...parts: string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest()
  return digest.readUInt32BE(0)
}

/** Days a patient's dates move by: between 365 and 3,000 days into the past, from the seed. */
export function dateShiftDays(seed: string, patientId: string): number {
  return -(365 + (stableHash(seed, 'date-shift', patientId) % 2636))
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const REFERENCE_YEAR = 2001

function matchCase(template: string, value: string): string {
  if (template.length > 1 && template === template.toUpperCase() && /[A-Z]/.test(template)) {
    return value.toUpperCase()
  }
  if (template === template.toLowerCase()) return value.toLowerCase()
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase()
}

function shiftDate(year: number, month: number, day: number, days: number): Date {
  const date = new Date(Date.UTC(year, month - 1, Math.min(day, 28)))
  date.setUTCDate(date.getUTCDate() + days + Math.max(0, day - 28))
  return date
}

function expandYear(text: string): number {
  const digits = Number(text.replace(/\D/g, ''))
  if (text.replace(/\D/g, '').length === 4) return digits
  return digits < 30 ? 2000 + digits : 1900 + digits
}

function formatYear(template: string, year: number): string {
  const digits = template.replace(/\D/g, '')
  const text = digits.length === 4 ? String(year) : String(year % 100).padStart(2, '0')
  return template.startsWith("'") ? `'${text}` : template.endsWith("'") ? `${text}'` : text
}

/** Two digits when the date writes its fields zero-padded ("07/22"), else as few as needed. */
function pad(template: string, value: number, padded: boolean): string {
  return template.length === 2 && padded ? String(value).padStart(2, '0') : String(value)
}

/**
 * Shifts a date written in one of the detected forms by `days`, keeping its layout. Returns
 * undefined when the text is not a date it can parse (the caller then writes a tag).
 */
export function shiftDateText(text: string, days: number): string | undefined {
  const numeric = /^(\d{1,2})([/.-])(\d{1,2})(?:([/.-])(\d{2}|\d{4}))?$/.exec(text)
  if (numeric) {
    const [, monthText = '', separator = '/', dayText = '', separator2, yearText] = numeric
    const year = yearText === undefined ? REFERENCE_YEAR : expandYear(yearText)
    const shifted = shiftDate(year, Number(monthText), Number(dayText), days)
    const padded = /(?:^|\D)0\d/.test(text)
    const month = pad(monthText, shifted.getUTCMonth() + 1, padded)
    const day = pad(dayText, shifted.getUTCDate(), padded)
    const tail =
      yearText === undefined ? '' : `${separator2}${formatYear(yearText, shifted.getUTCFullYear())}`
    return `${month}${separator}${day}${tail}`
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  if (iso) {
    const shifted = shiftDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), days)
    const padded = /-0\d/.test(text)
    return `${shifted.getUTCFullYear()}-${pad(iso[2] ?? '', shifted.getUTCMonth() + 1, padded)}-${pad(iso[3] ?? '', shifted.getUTCDate(), padded)}`
  }
  const monthYear = /^(\d{1,2})\/(\d{2})$/.exec(text)
  if (monthYear) {
    const shifted = shiftDate(expandYear(monthYear[2] ?? ''), Number(monthYear[1]), 15, days)
    return `${shifted.getUTCMonth() + 1}/${formatYear(monthYear[2] ?? '', shifted.getUTCFullYear())}`
  }
  const year = /^'?(\d{2}|\d{4})'?$/.exec(text)
  if (year) {
    const shifted = shiftDate(expandYear(year[1] ?? ''), 7, 1, days)
    return formatYear(text, shifted.getUTCFullYear())
  }
  // "Jan 3rd, 2019", "July 29th", "nov", "3 January"
  const named =
    /^([A-Za-z]+)(\.?)(\s*,?\s*)(?:(\d{1,2})(st|nd|rd|th)?)?(?:(\s*,?\s*(?:of\s+)?)('?\d{2}|\d{4}))?$/i.exec(
      text,
    )
  const dayFirst =
    /^(\d{1,2})(st|nd|rd|th)?(\s+of\s+|\s*[-\s]\s*)([A-Za-z]+)(\.?)(?:(\s*,?\s*)('?\d{2}|\d{4}))?$/i.exec(
      text,
    )
  const parts = named
    ? {
        monthWord: named[1] ?? '',
        dot: named[2] ?? '',
        day: named[4],
        suffix: named[5],
        yearGap: named[6] ?? ' ',
        year: named[7],
        gap: named[3] ?? ' ',
        dayFirst: false,
      }
    : dayFirst
      ? {
          monthWord: dayFirst[4] ?? '',
          dot: dayFirst[5] ?? '',
          day: dayFirst[1],
          suffix: dayFirst[2],
          yearGap: dayFirst[6] ?? ' ',
          year: dayFirst[7],
          gap: dayFirst[3] ?? ' ',
          dayFirst: true,
        }
      : undefined
  if (parts === undefined) return undefined
  const monthIndex = MONTHS.indexOf(parts.monthWord.slice(0, 3).toLowerCase())
  if (monthIndex < 0) return undefined
  const baseYear = parts.year === undefined ? REFERENCE_YEAR : expandYear(parts.year)
  const shifted = shiftDate(
    baseYear,
    monthIndex + 1,
    parts.day === undefined ? 15 : Number(parts.day),
    days,
  )
  const fullName = MONTH_NAMES[shifted.getUTCMonth()] ?? 'January'
  const monthText = matchCase(
    parts.monthWord,
    parts.monthWord.length <= 4 ? fullName.slice(0, parts.monthWord.length) : fullName,
  )
  const dayValue = shifted.getUTCDate()
  const ordinal = parts.suffix === undefined ? '' : ordinalSuffix(dayValue, parts.suffix)
  const dayText = parts.day === undefined ? '' : `${dayValue}${ordinal}`
  const yearText =
    parts.year === undefined
      ? ''
      : `${parts.yearGap}${formatYear(parts.year, shifted.getUTCFullYear())}`
  if (parts.dayFirst) return `${dayText}${parts.gap}${monthText}${parts.dot}${yearText}`
  return `${monthText}${parts.dot}${parts.day === undefined ? '' : `${parts.gap}${dayText}`}${yearText}`
}

function ordinalSuffix(day: number, template: string): string {
  const suffix =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th'
  return template === template.toUpperCase() ? suffix.toUpperCase() : suffix
}

function pick<T>(list: readonly T[], hash: number): T | undefined {
  return list.length === 0 ? undefined : list[hash % list.length]
}

function replaceDigits(text: string, hash: number): string {
  let state = hash || 1
  return text.replace(/\d/g, () => {
    state = (state * 1103515245 + 12345) >>> 0
    return String((state >>> 16) % 10)
  })
}

function replaceLetters(text: string, hash: number): string {
  let state = hash || 7
  return text.replace(/[A-Za-z]/g, (letter) => {
    state = (state * 1103515245 + 12345) >>> 0
    const next = String.fromCharCode(97 + ((state >>> 16) % 26))
    return letter === letter.toUpperCase() ? next.toUpperCase() : next
  })
}

const FACILITY_WORD =
  /\b(?:hospital|hosp|medical|med|center|centre|ctr|clinic|rehab|memorial|health|nursing|university|univ)\b/i
const ORGANISATION_WORD =
  /\b(?:inc|llc|corp|co|company|logistics|group|services|industries|bank|school|college)\b/i

/** Makes surrogates for one document; the same original text always maps to the same value. */
export interface SurrogateMaker {
  surrogate(span: PhiSpan, text: string): string
}

/** Creates a surrogate maker for one document (or one patient's documents). */
export function createSurrogateMaker(options: {
  seed: string
  patientId: string
  dictionaries: DeidDictionaries
}): SurrogateMaker {
  const { seed, patientId, dictionaries } = options
  const shift = dateShiftDays(seed, patientId)
  const firstNames = [...dictionaries.firstNames.keys()].slice(0, 2000)
  const surnames = [...dictionaries.surnames.keys()].slice(0, 5000)
  const cities = [...dictionaries.cities.keys()].slice(0, 3000)
  const memory = new Map<string, string>()
  const wordSurrogate = (word: string, type: PhiType): string => {
    const lower = word.toLowerCase()
    const key = `${type}:${lower}`
    const known = memory.get(key)
    if (known !== undefined) return matchCase(word, known)
    const hash = stableHash(seed, patientId, key)
    let value: string
    if (word.length === 1) value = String.fromCharCode(65 + (hash % 26))
    else if (type === 'NAME') {
      const firstRank = dictionaries.firstNames.get(lower) ?? Number.POSITIVE_INFINITY
      const lastRank = dictionaries.surnames.get(lower) ?? Number.POSITIVE_INFINITY
      const isFirst = firstRank < 2000 || firstRank < lastRank
      value = pick(isFirst ? firstNames : surnames, hash) ?? 'smith'
    } else if (type === 'LOCATION') value = pick(cities, hash) ?? 'springfield'
    else value = pick(surnames, hash) ?? 'lincoln'
    memory.set(key, value)
    return matchCase(word, value)
  }
  // word by word, so "Mary Smith" and "Smith" stay consistent; facility words stay
  const wordByWord = (text: string, type: PhiType): string =>
    text.replace(/[A-Za-z]+(?:'[A-Za-z]+)?/g, (word) =>
      /^(?:hospital|hosp|medical|center|clinic|rehab|memorial|regional|general|house|st|saint|of|the|university)$/i.test(
        word,
      )
        ? word
        : wordSurrogate(word, type),
    )
  return {
    surrogate(span, text) {
      const hash = stableHash(seed, patientId, span.type, text.toLowerCase())
      const chinese = chineseSurrogate(span.type, text, hash, shift)
      if (chinese !== undefined) return chinese
      switch (span.type) {
        case 'DATE':
          return shiftDateText(text, shift) ?? '[DATE]'
        case 'AGE':
          return '90+'
        case 'ADDRESS':
          return placeSurrogate('ADDRESS', text, hash) ?? text
        case 'LOCATION':
        case 'HOSPITAL':
          // an abbreviation ("GH") or an employer becomes an institution or a company of the
          // shipped lists; a named facility keeps its structure ("Calvert Hospital")
          if (
            !FACILITY_WORD.test(text) &&
            (span.type === 'HOSPITAL' || ORGANISATION_WORD.test(text))
          )
            return placeSurrogate(span.type, text, hash) ?? text
          return wordByWord(text, span.type)
        case 'NAME':
          return wordByWord(text, span.type)
        case 'EMAIL':
          return `${replaceLetters(text.split('@')[0] ?? 'user', hash)}@example.org`
        case 'URL':
          return 'https://example.org/'
        case 'IP_ADDRESS':
          return text.includes(':') ? '2001:db8::1' : `192.0.2.${(hash % 250) + 1}`
        default:
          return replaceLetters(replaceDigits(text, hash), hash)
      }
    },
  }
}
