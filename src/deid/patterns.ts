/**
 * Pattern detectors: identifiers with a recognisable shape (e-mail, URL, IP address, SSN, phone
 * and fax numbers, record and account numbers, ZIP codes, street addresses, ages over 89).
 * Dates live in `dates.ts`; names and places in `names.ts` and `places.ts`.
 */
import type { PhiSpan, PhiType } from './types.js'

function push(
  spans: PhiSpan[],
  start: number,
  end: number,
  type: PhiType,
  confidence: number,
  source: string,
): void {
  if (end > start) spans.push({ start, end, type, confidence, source })
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const URL_PATTERN =
  /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|info|biz|us|uk|de|fr)\b(?:\/[^\s<>"')\]]*)?/gi
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g
const IPV6 =
  /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){0,6}[0-9a-f]{1,4}\b/gi
const SSN = /\b(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}\b/g
const SSN_CUED =
  /\b(?:ssn|social security(?: number| no\.?)?|ss#)\s*[:#]?\s*(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b/gi
// 10-digit North American numbers in their usual layouts, optionally with +1 and an extension.
const PHONE =
  /(?:\+?1[\s.-]?)?(?:\(\s*\d{3}\s*\)\s*|\b\d{3}\s*[-.\s/]\s*)\d{3}\s*[-.\s]\s*\d{4,5}\b(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?/gi
// Ten digits written with one dash in an unusual place: "(240444-1243)", "410-5551234"
const PHONE_RUN = /(?<![\d-])\(?(?:\d{6}-\d{4}|\d{3}-\d{7})\)?(?![\d-])/g
const PHONE_INTERNATIONAL = /\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b/g
// Short numbers behind a phone cue: "pager 54321", "beeper # 5503", "x4321", "cell# 555-1234".
const PHONE_CUED =
  /\b(?:pager|beeper|beep|pgr|pg|page|cell|cellphone|mobile|phone|tel|telephone|fax|ext|extension|home|work|office|number|#)\s*(?:#|no\.?|number|:)?\s*(?:#\s*)?(\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{3,5}|\d{3}[-.\s]\d{4}|\d{4,6})\b/gi
// Any dialling layout behind a phone word: "Phone: 0496 46 46 70", "desk: (898)666-3621x0135"
const PHONE_LABELLED =
  /\b(?:phone|tel|telephone|mobile|cell|desk|fax|office|home|work|registered|contact|number)\s*(?:#|no\.?|number)?\s*[:#]?\s*(\+?\(?\d[\d\s().-]{5,18}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?)(?![\d/])/gi
const ID_CUED =
  /\b(?:mrn|mr#|mr\s*no\.?|medical record(?: number| no\.?| #)?|record\s*#|acct|account(?: number| no\.?)?|licen[cs]e(?: number| no\.?)?|lic|dea|npi|device|serial(?: number| no\.?)?|s\/n|sn|plan|member|policy|insurance|ins|group|claim|case|ref|reference|unit(?: number| no\.?)|id|identifier|patient id|pt id|health plan|beneficiary|certificate|vin|passport|driver'?s licen[cs]e|dl)\s*(?:number|no\.?|num|#|:)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,}[0-9][A-Z0-9-]*|[0-9]{3,}[A-Z0-9-]*)/gi
const HASH_ID = /#\s?([A-Za-z]{0,3}\d{3,}[A-Za-z0-9-]*|[A-Za-z]{1,3}\d{1,}[A-Za-z0-9-]*)/g
const CREDIT_CARD = /\b(?:\d{4}[- ]?){3}\d{1,4}\b|\b\d{4}[- ]?\d{6}[- ]?\d{5}\b/g
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g
const LONG_NUMBER = /\b\d{7,}\b/g
const STREET_SUFFIX_WORDS =
  'street st avenue ave av road rd boulevard blvd lane ln drive dr court ct way place pl terrace ter parkway pkwy highway hwy circle cir square sq trail trl alley plaza route rte row walk crescent close pike turnpike tpke'.split(
    ' ',
  )
// Capitalized or upper case only: "19 Clover St.", "1 MAIN STREET" (not "10 am ... av")
const STREET_SUFFIX = `(?:${STREET_SUFFIX_WORDS.flatMap((word) => [
  word.charAt(0).toUpperCase() + word.slice(1),
  word.toUpperCase(),
]).join('|')})`
const ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s+(?:(?:[NSEW]|North|South|East|West|NORTH|SOUTH|EAST|WEST)\\.?\\s+)?(?:[A-Z][A-Za-z'.-]*\\s+|\\d{1,3}(?:st|nd|rd|th)\\s+){1,4}${STREET_SUFFIX}\\b\\.?(?:,?\\s*(?:[Aa]pt|APT|[Aa]partment|[Ss]uite|SUITE|[Ss]te|[Uu]nit|#)\\.?\\s*#?\\s*[A-Za-z0-9-]+)?`,
  'g',
)
const PO_BOX = /\b(?:p\.?\s?o\.?\s?box|post office box)\s*\d+\b/gi
const APARTMENT = /\b(?:apt|apartment|suite|ste)\.?\s*#?\s*\d+[A-Za-z]?\b/gi
const STATE_ABBREVIATIONS =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY'
const ZIP_AFTER_STATE = new RegExp(
  `\\b(?:${STATE_ABBREVIATIONS})\\.?,?\\s+(\\d{5}(?:-\\d{4})?)\\b`,
  'g',
)
const ZIP_CUED = /\b(?:zip|zip code|zipcode|postal code)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b/gi
const ZIP_PLUS_FOUR = /\b\d{5}-\d{4}\b/g
// Ages 90 and over: "92 yo", "95 year old", "age 91", "aged 100", "93-year-old", "98F".
const AGE_OVER_89 =
  /\b(9\d|1[0-2]\d)(?:\s*|-)(?:y\/o|y\.o\.?|yo|yr?s?\.?(?:\s*|-)old|years?(?:\s*|-)old|yo[mf]|y|[mf]\b|year)(?![a-z])/gi
const AGE_CUED = /\b(?:age|aged|ages)\s*[:=]?\s*(9\d|1[0-2]\d)\b/gi
const AGE_WORDS =
  /\b(?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?(?:[- ]?years?[- ]old|[- ]?y\/?o)\b/gi
const AGE_DECADE = /\b(?:in (?:his|her|their) )(?:90'?s|nineties)\b/gi

/** Words that never sit between a house number and a street suffix. */
const NOT_STREET_WORDS = new Set(
  (
    'per by for in of and with to at on not no the or from as is was are x mg mcg ml cc l g kg meq mmol ' +
    'units unit u mm cm hr hrs min times episodes episode beat beats runs way degree mmhg given'
  ).split(' '),
)
/** Abbreviated suffixes that are also clinical shorthand or titles in notes ("DR", "ST", "CT", "AV"). */
const SHORT_SUFFIXES = new Set([
  'dr',
  'st',
  'ct',
  'av',
  'pl',
  'ln',
  'sq',
  'ter',
  'cir',
  'rd',
  'row',
  'way',
])

/**
 * Whether an address-shaped match is a street address: no decimal or ordinal number ("4.0 KCL",
 * "1 ST DEGREE"), no function word or unit between the number and the suffix ("120 PER DR"), and
 * a short suffix in capitals only where a comma, line end or place follows, not a name ("DR.
 * POWELL").
 */
function plausibleAddress(text: string, match: RegExpExecArray): boolean {
  const value = match[0].trimEnd()
  const start = match.index
  if (/[\d.,@#]/.test(text.charAt(start - 1)) || /\d[.,]$/.test(text.slice(start - 2, start)))
    return false
  const words = value.match(/[A-Za-z]+/g) ?? []
  if (words.length < 2) return false
  const suffix = (words[words.length - 1] ?? '').toLowerCase()
  const middle = words.slice(0, -1).map((word) => word.toLowerCase())
  if (/^\d+\s*(?:st|nd|rd|th|s)\b/i.test(value)) return false
  if (middle.some((word) => NOT_STREET_WORDS.has(word))) return false
  if (SHORT_SUFFIXES.has(suffix)) {
    const after = text.slice(start + value.length, start + value.length + 20)
    // "Dr. Powell", "ST IN 130'S": a title or a rhythm, not a street
    if (
      /^\.?\s*[A-Z][A-Za-z]/.test(after) &&
      !/^\.?\s*(?:Apt|APT|Suite|SUITE|Unit|UNIT)\b/.test(after)
    ) {
      if (!/^\.?\s*(?:in|IN)\s+[A-Z][a-z]/.test(after)) return false
    }
    if (/^\s+(?:IN|AND|TO|WITH|FOR)\b/.test(after)) return false
  }
  return true
}

function luhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
    double = !double
  }
  return sum % 10 === 0
}

function groupSpan(match: RegExpExecArray, group: number): [number, number] | undefined {
  const value = match[group]
  if (value === undefined) return undefined
  const offset = match[0].lastIndexOf(value)
  return [match.index + offset, match.index + offset + value.length]
}

/** Finds the shape-based identifiers in a text. */
export function detectPatterns(text: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(EMAIL)) {
    push(spans, match.index, match.index + match[0].length, 'EMAIL', 0.99, 'email')
  }
  for (const match of text.matchAll(URL_PATTERN)) {
    const value = match[0].replace(/[.,;:]+$/, '')
    const before = text[match.index - 1]
    if (before === '@') continue
    push(spans, match.index, match.index + value.length, 'URL', 0.95, 'url')
  }
  for (const match of text.matchAll(IPV4)) {
    push(spans, match.index, match.index + match[0].length, 'IP_ADDRESS', 0.9, 'ipv4')
  }
  for (const match of text.matchAll(IPV6)) {
    if (!/[0-9]/.test(match[0]) || match[0].length < 8) continue
    push(spans, match.index, match.index + match[0].length, 'IP_ADDRESS', 0.85, 'ipv6')
  }
  for (const match of text.matchAll(SSN)) {
    push(spans, match.index, match.index + match[0].length, 'SSN', 0.9, 'ssn')
  }
  for (const match of text.matchAll(SSN_CUED)) {
    const range = groupSpan(match, 1)
    if (range) push(spans, range[0], range[1], 'SSN', 0.95, 'ssn-cued')
  }
  for (const match of text.matchAll(CREDIT_CARD)) {
    const digits = match[0].replace(/\D/g, '')
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) {
      push(spans, match.index, match.index + match[0].length, 'ID', 0.9, 'card')
    }
  }
  for (const match of text.matchAll(IBAN)) {
    if (match[0].replace(/\s/g, '').length >= 15) {
      push(spans, match.index, match.index + match[0].length, 'ID', 0.85, 'iban')
    }
  }
  for (const match of text.matchAll(PHONE)) {
    const value = match[0]
    // "120/80 100" and similar vital-sign runs are not phone numbers
    if (/^\d{2,3}\/\d/.test(value.trim())) continue
    push(spans, match.index, match.index + value.length, 'PHONE', 0.9, 'phone')
  }
  for (const match of text.matchAll(PHONE_RUN)) {
    push(spans, match.index, match.index + match[0].length, 'PHONE', 0.75, 'phone-run')
  }
  for (const match of text.matchAll(PHONE_INTERNATIONAL)) {
    push(spans, match.index, match.index + match[0].length, 'PHONE', 0.8, 'phone-international')
  }
  for (const match of text.matchAll(PHONE_CUED)) {
    const range = groupSpan(match, 1)
    if (range === undefined) continue
    const cue = match[0].slice(0, range[0] - match.index).toLowerCase()
    // "home 5 days", "work 2000" are too weak on their own: need a number sign or 7+ digits
    const digits = (match[1] ?? '').replace(/\D/g, '').length
    if (/^(home|work|office|number|page)\b/.test(cue.trim()) && digits < 7 && !cue.includes('#'))
      continue
    push(spans, range[0], range[1], 'PHONE', 0.8, 'phone-cued')
  }
  for (const match of text.matchAll(PHONE_LABELLED)) {
    const range = groupSpan(match, 1)
    if (range === undefined) continue
    const digits = (match[1] ?? '').replace(/\D/g, '').length
    if (digits < 7 || digits > 15) continue
    const value = (match[1] ?? '').trimEnd()
    push(spans, range[0], range[0] + value.length, 'PHONE', 0.85, 'phone-labelled')
  }
  for (const match of text.matchAll(ID_CUED)) {
    const range = groupSpan(match, 1)
    if (range === undefined) continue
    const value = match[1] ?? ''
    if (!/\d/.test(value)) continue
    push(spans, range[0], range[1], 'ID', 0.85, 'id-cued')
  }
  for (const match of text.matchAll(HASH_ID)) {
    const range = groupSpan(match, 1)
    if (range === undefined) continue
    // "#2 ETT", "x #3" are counts, not identifiers: need 3+ digits or letters with digits
    push(spans, range[0] - 1, range[1], 'ID', 0.6, 'hash-id')
  }
  for (const match of text.matchAll(LONG_NUMBER)) {
    push(spans, match.index, match.index + match[0].length, 'ID', 0.6, 'long-number')
  }
  for (const match of text.matchAll(ADDRESS)) {
    if (!plausibleAddress(text, match)) continue
    push(spans, match.index, match.index + match[0].trimEnd().length, 'ADDRESS', 0.85, 'address')
  }
  for (const match of text.matchAll(PO_BOX)) {
    push(spans, match.index, match.index + match[0].length, 'ADDRESS', 0.9, 'po-box')
  }
  for (const match of text.matchAll(APARTMENT)) {
    push(spans, match.index, match.index + match[0].length, 'ADDRESS', 0.6, 'apartment')
  }
  for (const match of text.matchAll(ZIP_AFTER_STATE)) {
    const range = groupSpan(match, 1)
    if (range) push(spans, range[0], range[1], 'ZIP', 0.9, 'zip-after-state')
  }
  for (const match of text.matchAll(ZIP_CUED)) {
    const range = groupSpan(match, 1)
    if (range) push(spans, range[0], range[1], 'ZIP', 0.9, 'zip-cued')
  }
  for (const match of text.matchAll(ZIP_PLUS_FOUR)) {
    push(spans, match.index, match.index + match[0].length, 'ZIP', 0.7, 'zip-plus-four')
  }
  for (const match of text.matchAll(AGE_OVER_89)) {
    const range = groupSpan(match, 1)
    if (range) push(spans, range[0], range[1], 'AGE', 0.9, 'age')
  }
  for (const match of text.matchAll(AGE_CUED)) {
    const range = groupSpan(match, 1)
    if (range) push(spans, range[0], range[1], 'AGE', 0.9, 'age-cued')
  }
  for (const match of text.matchAll(AGE_WORDS)) {
    push(spans, match.index, match.index + match[0].length, 'AGE', 0.85, 'age-words')
  }
  for (const match of text.matchAll(AGE_DECADE)) {
    push(spans, match.index, match.index + match[0].length, 'AGE', 0.7, 'age-decade')
  }
  return spans
}
