/**
 * Date detection: every date element (day, month, and the year too unless years are kept),
 * in numeric ("7/22", "07-22-2019", "2019-07-22", "11/21.93"), named ("Jan 3rd", "the 3rd of
 * January", "21 Apr, 21", "sept.") and year-only forms ("'92", "MI in 84", "in 1993", "1980s").
 * Relative dates ("2 days ago", "POD 3") are not identifiers and stay.
 */
import type { PhiSpan } from './types.js'

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const DAY = '(?:[12]\\d|3[01]|0?[1-9])'
const ORDINAL_SUFFIX = '(?:st|nd|rd|th)'
const YEAR = "(?:'?\\d{2}|\\d{4})"

// "Jan 3rd, 2019", "January 3", "Jan. 3 '92", "JULY 29TH", "March of 1993", "nov, 96", "sept."
const MONTH_FIRST = new RegExp(
  `\\b${MONTH}\\b\\.?(?:\\s*,?\\s*(?:the\\s+)?${DAY}${ORDINAL_SUFFIX}?\\b)?(?:\\s*,?\\s*(?:of\\s+)?${YEAR}\\b)?`,
  'gi',
)
// "3 January 2019", "21 Apr, 21", "3rd of January", "the 3rd of Jan"
const DAY_FIRST = new RegExp(
  `\\b(?:${DAY}${ORDINAL_SUFFIX}?\\s*(?:-|->|to|&|and|through|thru)\\s*)?${DAY}${ORDINAL_SUFFIX}?(?:\\s+of)?\\s*[-\\s]\\s*${MONTH}\\b\\.?(?:\\s*,?\\s*${YEAR}\\b)?`,
  'gi',
)
// Numeric dates: m/d, m/d/yy, m/d/yyyy, m-d-yy, m.d.yy, m/d.yy and ISO yyyy-mm-dd.
const NUMERIC =
  /(?<![\d/.]|\d:)(?<!\d-)(\d{1,2})([/.-])(\d{1,2})(?:([/.-])(\d{4}|\d{2}))?(?![\d/]|:\d|\.\d|-\d)/g
const ISO =
  /\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g
const DATE_CHAIN = /(?<![\d/.])(\d{1,2})\/(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?![\d/])/g
// "on the 11th", "it's the 3rd", "until the 22nd"
const ORDINAL_DAY = new RegExp(
  `\\b(?:on|the|by|until|till|since|from|before|after|of)\\s+(?:the\\s+)?(${DAY}${ORDINAL_SUFFIX})\\b(?!\\s*(?:grade|step|ventricle|rib|ics|intercostal|percentile|day|days|hour|hours|time|times|floor|toe|finger|nerve|degree|dose|attempt|try|lumbar|cervical|thoracic|week|month|year|line|unit|bag|liter|set|round|cycle|episode|page|cpap|bipap|trial|shift|bottle|culture|specimen|generation|opinion|look|place|floor|visit|call)\\b)`,
  'gi',
)
// Years: "'92", "92'" after an event, "1980s", "in 1993", "of 1993"
const APOSTROPHE_YEAR = /(?<![\w'])'(\d{2})\b(?![/.]\d)/g
const DECADE = /\b(?:19|20)\d0'?s\b/gi
const FOUR_DIGIT_YEAR = /\b(19\d{2}|20[0-4]\d)\b/g
// Events a history lists with a year: "MI 92", "CABG 84", "s/p CVA in 94 and 00".
const EVENT_YEAR =
  /\b(?:mi|cabg|cva|tia|avr|mvr|ptca|pci|stent|stents|cath|repair|ablation|cardioversion|pacer|ppm|aicd|icd|redo|surgery|transplant|tah|bso|chole|cholecystectomy|appy|appendectomy|hysterectomy|mastectomy|lobectomy|nephrectomy|thr|tkr|orif|fx|dx|dx'd|diagnosed|pe|dvt|chf|ca|cancer|xrt|chemo|turp|laminectomy|amputation|bypass|valve|angioplasty|hernia|stroke)(?:\s*x\s*\d)?(?:\s+(?:in|on))?\s+'?(\d{2})'?(?:\s+and\s+'?(\d{2})'?)?(?![\d/.%:]|\s*(?:%|mg|mcg|cc|ml|units?|u\b|hrs?|min|mm|cm|kg|lbs?|bpm|beats|x\b|times|yo|y\/o|yr|year|s\b|'s))/gi

const MONTH_WORD = new RegExp(`^${MONTH}$`, 'i')

function validMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

function add(spans: PhiSpan[], start: number, end: number, confidence: number, source: string) {
  if (end > start) spans.push({ start, end, type: 'DATE', confidence, source })
}

function isYear(value: string): boolean {
  return /^(?:\d{4}|'?\d{2})$/.test(value)
}

/** Words before a number that make "5/10" a score or ratio, not a date. */
const RATIO_CUES =
  /(?:^|[^a-z])(?:pain|score|scale|rate|ratio|psv|rales|crackles|wheezes|drop|bp|b\/p|abp|nbp|map|sbp|dbp|pap|pa|cvp|rass|gcs|strength|motor|x|of|rated|ie|i:e|peep|ps|cpap|bipap|vent|settings|simv|grade|murmur|reflexes|power|tabs?|mg|mcg|flowby|up)\s*[:=-]?\s*$/i
/** Ventilator modes shortly before a pair: "SIMV/PS, 40%, 600X4, & 5/10". */
const VENT_SETTING_NEAR = /\b(?:cpap|bipap|bi-pap|psv|peep|simv|imv|ps|ips|a\/c|prvc)\b/i
/** A ventilator word right before or after a pair: "peep 5/5", "10/5 BIPAP". */
const VENT_BEFORE =
  /\b(?:cpap|bipap|bi-pap|psv|peep|ps|ips|ventilation|vent|settings?)\s*(?:of|at|on|to)?\s*[:=]?\s*$/i
const VENT_AFTER = /^\s*(?:cpap|bipap|bi-pap|psv|peep|ps|ips|ps\/peep|psv\/cpap|ips\/cpap)\b/i
/** Pain words near "n/10" make it a pain score: "CP 4/10", "5/10 incisional pain". */
const PAIN_CONTEXT =
  /\b(?:pain|painful|cp|c\/o|complains?|discomfort|angina|pressure|ache|aching|hurts?|rated|rates|scale|sore|soreness|tender|headache|h\/a|cramps?|cramping)\b/i
/** Words after "n/6" that make it a murmur grade: "3/6 SEM". */
const MURMUR_AFTER = /^\s*(?:sem|sm|hsm|dm|murmur|systolic|diastolic|holosystolic|m\b)/i
/** Cues before a pair that make it a date even in a ventilator note: "extubated 8/5". */
const DATE_STRONG_CUE_BEFORE =
  /\b(?:since|from|until|till|thru|through|dated?|dos|admitted|adm|born|dob|placed|inserted|changed|started|extubated|intubated|reintubated|trached|on\s+the|of|last|next)\s*[:]?\s*$/i
/** A clock time after a pair: "1/3 0700", "8/5 @ 1400", "8/5 at 9am". */
const TIME_AFTER =
  /^\s*(?:@\s*|at\s+)?(?:(?:[01]\d|2[0-3])[0-5]\d\b(?!\s*\/)|(?:[01]?\d|2[0-3]):[0-5]\d|(?:[01]?\d)\s*(?:am|pm)\b)/i
/** Words before a pair that make it a date anyway: "on 1/2", "since 3/4". */
const DATE_CUE_BEFORE =
  /\b(?:on|in|since|from|until|till|thru|through|dated?|dos|admitted|adm|born|dob|of|by|last|next|starting|started|ending|ended|placed|inserted|changed|done|performed)\s*[:]?\s*$/i

/**
 * Finds dates in a text. Years standing alone are reported unless `years` is false (Safe Harbor
 * allows keeping them); years inside a full date are always part of that date.
 */
export function detectDates(text: string, options: { years?: boolean } = {}): PhiSpan[] {
  const years = options.years ?? true
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(MONTH_FIRST)) {
    const value = match[0]
    const monthWord = /^[a-z]+/i.exec(value)?.[0] ?? ''
    const hasDay = /\d/.test(value)
    const lower = monthWord.toLowerCase()
    // Month words that are also ordinary words need a day or year beside them.
    if (!hasDay) {
      if (
        lower === 'may' ||
        lower === 'march' ||
        lower === 'mar' ||
        lower === 'jan' ||
        lower === 'dec'
      )
        continue
      if (lower === 'dec' || lower === 'june' || lower === 'jun' || lower === 'aug') {
        if (!/^[A-Z]/.test(value)) continue
      }
      if (lower === 'sept' || lower === 'sep' || lower === 'oct' || lower === 'nov') {
        // "oct" and "sep" are rarely words; accept
      }
    }
    if (lower === 'may' && !/\d/.test(value)) continue
    if (!MONTH_WORD.test(monthWord)) continue
    let end = match.index + value.length
    // a trailing year alone ("nov, 96") is kept only with the month
    const tail = value.slice(monthWord.length)
    if (!years && /^\.?\s*,?\s*(?:of\s+)?'?\d{2,4}$/.test(tail) && !/\d{1,2}\s*,/.test(tail)) {
      end = match.index + monthWord.length
    }
    add(spans, match.index, end, hasDay ? 0.95 : 0.8, 'date-month-name')
  }
  for (const match of text.matchAll(DAY_FIRST)) {
    add(spans, match.index, match.index + match[0].length, 0.95, 'date-day-month')
  }
  for (const match of text.matchAll(DATE_CHAIN)) {
    const [a, b, c, d] = [match[1], match[2], match[3], match[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ]
    if (validMonthDay(a, b) && validMonthDay(c, d)) {
      add(spans, match.index, match.index + match[0].length, 0.8, 'date-pair')
    }
  }
  for (const match of text.matchAll(ISO)) {
    const month = Number(match[2])
    const day = Number(match[3])
    if (validMonthDay(month, day)) {
      add(spans, match.index, match.index + match[0].length, 0.95, 'date-iso')
    }
  }
  for (const match of text.matchAll(NUMERIC)) {
    const month = Number(match[1])
    const separator = match[2]
    const day = Number(match[3])
    const start = match.index
    // one separator throughout ("7/22/19", "7-22-19"; "11/21.93" too), not "3-4/10"
    if (
      match[4] !== undefined &&
      match[4] !== separator &&
      !(separator === '/' && match[4] === '.')
    )
      continue
    const yearPart = match[5]
    // "11/92", "8/87": month and year
    if (
      separator === '/' &&
      yearPart === undefined &&
      month >= 1 &&
      month <= 12 &&
      day > 31 &&
      match[3]?.length === 2 &&
      !/^(?:%|'s|s\b)/.test(text.slice(start + match[0].length, start + match[0].length + 2))
    ) {
      add(spans, start, start + match[0].length, 0.7, 'date-month-year')
      continue
    }
    if (!validMonthDay(month, day)) continue
    const before = text.slice(Math.max(0, start - 16), start)
    if (separator === '.') {
      // "7.22.19" only with a year; "3.5" is a number
      if (yearPart === undefined || match[4] !== '.') continue
    }
    const afterText = text.slice(start + match[0].length, start + match[0].length + 12)
    if (yearPart === undefined && /^[A-Za-z]/.test(afterText)) continue
    if (
      yearPart === undefined &&
      /^\s*(?:units?|u\b|hours?|hrs?|amps?|cp\b|pain|l\b|lpm|liters?|mg|mcg|ml|cc|times|x\b|days?|weeks?|min)/i.test(
        afterText,
      )
    )
      continue
    if (separator === '-' && yearPart === undefined) {
      // "2-3 L", "5-10 mg": a dash pair is a date only after "on" or "from ... to" cues
      if (!/\b(?:on|since|dated?|from|until|thru|through)\s+$/i.test(before)) continue
    }
    if (yearPart === undefined && separator === '/') {
      if (RATIO_CUES.test(before)) continue
      // "CO/CI 5/3", "I/O 3/1": values after a slash-joined label
      if (/(?:^|[^A-Za-z])[A-Za-z]{2,3}\/[A-Za-z]{2,3}\s*[:=]?\s*$/.test(before)) continue
      const afterPair = text.slice(start + match[0].length, start + match[0].length + 30)
      // ventilator settings: "peep 5/5", "10/5 BIPAP", "tried on 5/5" in a weaning note
      if (VENT_BEFORE.test(before) || VENT_AFTER.test(afterPair)) continue
      if (
        month <= 25 &&
        day <= 25 &&
        !DATE_STRONG_CUE_BEFORE.test(before) &&
        !TIME_AFTER.test(afterPair) &&
        VENT_SETTING_NEAR.test(text.slice(Math.max(0, start - 30), start))
      )
        continue

      // pain scores "4/10", "3-4/10" and murmur grades "+3/6 SEM"
      if (
        day === 10 &&
        month <= 10 &&
        !/\b(?:on|since|from|until)\s*$/i.test(before) &&
        (PAIN_CONTEXT.test(text.slice(Math.max(0, start - 40), start)) ||
          PAIN_CONTEXT.test(afterPair) ||
          /#\s*$/.test(text.slice(Math.max(0, start - 2), start)))
      )
        continue
      if (day === 6 && (MURMUR_AFTER.test(afterPair) || /[+]\s*$/.test(before))) continue
      // fractions "1/2", "1/3", "2/3", "1/4" unless a date cue comes before, the pair starts a
      // line (a dated entry) or a time follows ("1/3 0700")
      if (
        month < day &&
        day <= 4 &&
        !(month === 2 && day === 4) &&
        !(month === 3 && day === 4) &&
        !DATE_CUE_BEFORE.test(before) &&
        /^\s*(?:[A-Za-z^]|$)/.test(afterPair) &&
        !TIME_AFTER.test(afterPair) &&
        !/(?:^|\n)\s*$/.test(before)
      )
        continue
      const after = text.slice(start + match[0].length, start + match[0].length + 12)
      // "1/2 NS", "1/2 tab", "3/4 rails", "2/2 sets"
      if (
        /^\s*(?:ns|up\b|str\b|tab|tabs|strength|rails?|sets?|of\b|cm|mm|inch|in\b(?!\s+(?:which|the|a|an|his|her|that|this|when|where))|mg|mcg|ml|cc|l\b|lpm|units?|x\b|scale|normal|way|times|bpm|%)/i.test(
          after,
        )
      )
        continue
      if (/^\/\d/.test(after) || /^\d/.test(after)) continue
    }
    if (text[start + match[0].length] === '%') continue
    add(spans, start, start + match[0].length, yearPart === undefined ? 0.75 : 0.95, 'date-numeric')
  }
  for (const match of text.matchAll(ORDINAL_DAY)) {
    const value = match[1] ?? ''
    const offset = match[0].lastIndexOf(value)
    add(spans, match.index + offset, match.index + offset + value.length, 0.6, 'date-ordinal')
  }
  if (!years) return spans
  for (const match of text.matchAll(APOSTROPHE_YEAR)) {
    add(spans, match.index, match.index + match[0].length, 0.8, 'year-apostrophe')
  }
  for (const match of text.matchAll(DECADE)) {
    add(spans, match.index, match.index + match[0].length, 0.7, 'year-decade')
  }
  for (const match of text.matchAll(FOUR_DIGIT_YEAR)) {
    const start = match.index
    const end = start + match[0].length
    const before = text.slice(Math.max(0, start - 20), start)
    const after = text.slice(end, end + 12)
    // military times ("at 1930", "1900 - 0700") and quantities are not years
    if (
      /(?:@|\bat|\bby|\bsince|\buntil|\btill|-|>|\bfrom|\bto|\bbegin|\bstart(?:ed)?)\s*$/i.test(
        before,
      )
    )
      continue
    if (
      /^\s*(?:-|to\b|->|>|hrs?\b|h\b|pm|am|mg|mcg|cc|ml|units?|u\b|kcal|cal|g\b|gm|kg|lbs?|\/|:|%)/i.test(
        after,
      )
    )
      continue
    const cue =
      /\b(?:in|of|year|yr|since|during|summer|winter|spring|fall|autumn|born|b\.|dob|mi|cabg|cva|dx|diagnosed|s\/p|hx|history|circa|ca\.|is|was|until|before|after|early|late|mid)\s*[,:]?\s*$/i.test(
        before,
      ) ||
      (/^\s*[),.;]/.test(after) && /\b(?:pmh|pmhx|hx|s\/p)\b/i.test(before))
    if (!cue) continue
    add(spans, start, end, 0.7, 'year-four-digit')
  }
  for (const match of text.matchAll(EVENT_YEAR)) {
    for (const group of [1, 2]) {
      const value = match[group]
      if (value === undefined || !isYear(value)) continue
      const offset =
        group === 1
          ? match[0].search(/\d{2}'?(?:\s+and\s+'?\d{2}'?)?$/)
          : match[0].lastIndexOf(value)
      if (offset < 0) continue
      const start = match.index + offset
      add(spans, start, start + 2, 0.6, 'year-event')
    }
  }
  return spans
}
