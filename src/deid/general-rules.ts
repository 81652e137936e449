/**
 * Rules over general classes of context that hold in any case (UPPER, lower, Title): a patient
 * label or word before a name, "FIRST LAST is a ...", names before a credential or a follower
 * ("maria keane rn", "lena brisco aware"), a relation before a name ("GIRLFRIEND JUNE", "SISTER &
 * DALE", "X (significant other)"), strong titles, universities' medical centres, employers,
 * multi-word towns after a movement cue, lists of years, zero-padded day numbers and phone
 * layouts with slashes or spaces; and the label rule: a field label ("MRN:", "DOB:") is never
 * inside a span. None of these is a string from any note: each is a class of context.
 */
import { CREDENTIALS, FUNCTION_WORDS, RELATIONS, STATES, STOP_WORDS, TITLES } from './context.js'
import type { DeidDictionaries } from './dictionaries.js'
import type { CaseStyle, Token } from './tokens.js'
import type { PhiSpan, PhiType } from './types.js'

/** Words that label a field; a label is never part of the value's span. */
const LABEL =
  /\b(?:MRN|MR#|DOB|D\.O\.B\.?|Name|Patient Name|SSN|Phone|Tel|Fax|Address|Addr|Age|Sex|Gender|Date|ID|Acct|Account|Unit No|Admission Date|Discharge Date|Attending|PCP|Provider)\s*(?=[:#])/gi

/**
 * Credentials and follower words that are never ordinary clinical words ("PA", "OT", "RT", "DO"
 * and "in", "at" are, so they do not count here).
 */
const NAME_ENDERS = new Set(
  'rn rrt md np lpn cna crna pharmd msw licsw lcsw aprn fnp acnp ccrn bsn msn aware notified paged updated informed'.split(
    ' ',
  ),
)

/** Titles that are also clinical shorthand ("MR" mitral regurgitation, "MS" mental status). */
const AMBIGUOUS_TITLES = new Set(['mr', 'ms', 'mrs', 'fr', 'rev', 'miss'])

/** Words after which a patient's name is written ("Patient: ...", "Pt SMITH, JOHN"). */
const PATIENT_CUES = new Set(['patient', 'pt', 'name', 'pt.', 'patient.'])

/** Verbs that follow a person described at the start of a sentence ("JOHN SMITH is a ..."). */
const PERSON_DESCRIBED = new Set(
  'is was has had presented presents denies denied reports reported states stated came arrived lives returned underwent'.split(
    ' ',
  ),
)

/** Words after which an employer is named. */
const EMPLOYER_CUES =
  /\b(?:works?|worked|working|employed|employee)\s+(?:for|at|by)\s+(?!home\b|nights?\b|days?\b|himself\b|herself\b|a\b|an\b|the\s+(?:house|home|night|day)\b)((?:the\s+)?[A-Za-z][A-Za-z&'-]*(?:\s+(?:&\s+)?[A-Za-z][A-Za-z&'-]*){0,3})/gi

/** Words that end an employer's name. */
const EMPLOYER_STOP = new Set(
  'and but as in on for since until who which where when while because with to from at part full time years year months'.split(
    ' ',
  ),
)

/** Movement and residence cues before a town. */
const PLACE_CUES = new Set(
  'returned moved relocated lives living resides resided went travelled traveled visiting vacationing vacation transferred transfer came home born raised grew'.split(
    ' ',
  ),
)

const UNIVERSITY =
  /\b(?:u|univ|university)\.?\s+of\s+[a-z]+(?:\s+[a-z]+)?\s+(?:med(?:ical)?\.?\s+(?:center|centre|ctr|school)|hospitals?|hosp|health(?:\s+system)?|clinics?)\b/gi

/** "11/02-11/03": a range of two month/day pairs. */
const DATE_RANGE =
  /(?<![\d/])((?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01]))\s*-\s*((?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01]))(?![\d/])/g

const PHONE_SHAPES =
  /(?<![\d/])(?:\d{3}\/\d{3}\/\d{4}|\d{3}\s\d{7}|\d{3}\s\d{3}\s\d{4}|\(\d{3}\)\s?\d{7})(?![\d/])/g

function span(
  start: number,
  end: number,
  type: PhiType,
  source: string,
  confidence = 0.75,
): PhiSpan {
  return { start, end, type, confidence, source }
}

function isWord(token: Token | undefined): token is Token {
  return token !== undefined && token.kind === 'word'
}

function listedName(token: Token): boolean {
  return token.firstNameRank > 0 || token.surnameRank > 0
}

/** Whether a token can be part of a name (not a function, cue or clinical word). */
function nameWord(token: Token | undefined): token is Token {
  return (
    isWord(token) &&
    !STOP_WORDS.has(token.base) &&
    !FUNCTION_WORDS.has(token.base) &&
    !TITLES.has(token.base) &&
    !CREDENTIALS.has(token.base) &&
    !RELATIONS.has(token.base) &&
    !STATES.has(token.base) &&
    !(token.clinical && !listedName(token))
  )
}

function initial(tokens: readonly Token[], index: number): number {
  const token = tokens[index]
  if (!isWord(token) || token.text.length !== 1 || !/[A-Za-z]/.test(token.text)) return 0
  const dot = tokens[index + 1]
  return dot?.text === '.' && dot.start === token.end ? 2 : 1
}

/**
 * A name run starting at `index`: name words and initials, and "SURNAME, GIVEN" when
 * `allowComma`. Returns the last token index, or -1.
 */
function nameRun(
  tokens: readonly Token[],
  index: number,
  options: { allowComma: boolean; maxWords: number; labelled?: boolean },
): { last: number; words: number; listed: number; unknown: number } | undefined {
  let at = index
  let last = -1
  let words = 0
  let listed = 0
  let unknown = 0
  let commas = 0
  while (at < tokens.length && words < options.maxWords) {
    const skip = initial(tokens, at)
    const token = tokens[at] as Token
    if (skip > 0 && (words > 0 || tokens[at + skip] !== undefined)) {
      last = at + skip - 1
      at += skip
      words += 1
      continue
    }
    const symbol = token.text
    // after a field label (or in "SURNAME, GIVEN") a listed name counts even when it is also a
    // place ("Patient: BRAZIL, MARY", "Name: Georgia Smith")
    const loose =
      (options.labelled || (commas > 0 && words === 1)) &&
      isWord(token) &&
      listedName(token) &&
      !STOP_WORDS.has(token.base) &&
      !FUNCTION_WORDS.has(token.base)
    if (!loose && !nameWord(token)) {
      if (
        options.allowComma &&
        commas === 0 &&
        symbol === ',' &&
        words === 1 &&
        isWord(tokens[at + 1]) &&
        !STOP_WORDS.has((tokens[at + 1] as Token).base) &&
        listedName(tokens[at + 1] as Token)
      ) {
        commas += 1
        at += 1
        continue
      }
      break
    }
    if (token.english && !listedName(token) && words > 0) break
    if (token.english && !listedName(token)) return undefined
    if (listedName(token)) listed += 1
    else if (!token.english) unknown += 1
    last = at
    words += 1
    at += 1
  }
  return last < 0 ? undefined : { last, words, listed, unknown }
}

function runSpan(tokens: readonly Token[], first: number, last: number, source: string): PhiSpan {
  const start = (tokens[first] as Token).start
  const lastToken = tokens[last] as Token
  let end = lastToken.end
  if (lastToken.text === '.') end = (tokens[last - 1] as Token).end
  return span(start, end, 'NAME', source)
}

function sentenceStart(tokens: readonly Token[], index: number): boolean {
  const previous = tokens[index - 1]
  return (
    previous === undefined ||
    (tokens[index] as Token).lineStart ||
    (previous.kind === 'symbol' && /[.!?:;*>\-(]/.test(previous.text))
  )
}

function personRules(tokens: readonly Token[], style: CaseStyle): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    // "Patient: Eleanor Whitcombe", "Pt: SMITH, JOHN", "patient robert brown", "Patient John Q. Public"
    if (isWord(token) && PATIENT_CUES.has(token.base)) {
      let at = index + 1
      const labelled = tokens[at]?.text === ':'
      if (labelled) at += 1
      const run = nameRun(tokens, at, { allowComma: labelled, maxWords: 4, labelled })
      const first = tokens[at]
      if (run !== undefined && first !== undefined) {
        const strongFirst =
          isWord(first) &&
          first.text.length > 1 &&
          ((first.firstNameRank > 0 && !first.english) ||
            (style === 'mixed' && first.capitalized && !first.allCaps))
        // "patient john smith": a common first name, then surnames only
        const givenThenSurname =
          isWord(first) &&
          first.firstNameRank > 0 &&
          first.firstNameRank <= 2000 &&
          tokens
            .slice(at + 1, run.last + 1)
            .every((word) => word.kind !== 'word' || word.text.length === 1 || word.surnameRank > 0)
        if (
          (labelled && run.listed + run.unknown >= 1) ||
          (run.words >= 2 && (strongFirst || givenThenSurname))
        )
          spans.push(runSpan(tokens, at, run.last, 'name-patient-cue'))
      }
    }
    // "JOHN SMITH is a 45 yo M": a first name and a surname opening a sentence about a person
    if (
      isWord(token) &&
      token.firstNameRank > 0 &&
      token.firstNameRank <= 5000 &&
      !STOP_WORDS.has(token.base) &&
      sentenceStart(tokens, index)
    ) {
      const run = nameRun(tokens, index, { allowComma: false, maxWords: 3 })
      const next = run === undefined ? undefined : tokens[run.last + 1]
      if (
        run !== undefined &&
        run.words >= 2 &&
        isWord(tokens[run.last]) &&
        (tokens[run.last] as Token).surnameRank > 0 &&
        isWord(next) &&
        PERSON_DESCRIBED.has(next.base)
      )
        spans.push(runSpan(tokens, index, run.last, 'name-described'))
    }
    // "maria keane rn", "lena brisco aware", "K. HARLOW AWARE": names before a credential or follower
    if (isWord(token) && NAME_ENDERS.has(token.base)) {
      const previous = tokens[index - 1]
      const before = tokens[index - 2]
      if (nameWord(previous) && !previous.english && (listedName(previous) || !previous.clinical)) {
        let first = index - 1
        if (nameWord(before) && before.firstNameRank > 0 && (!before.english || listedName(before)))
          first = index - 2
        else if (before?.text === '.' && initial(tokens, index - 3) === 2) first = index - 3
        else if (isWord(before) && before.text.length === 1) first = index - 2
        if (first < index - 1 || listedName(previous) || CREDENTIALS.has(token.base))
          spans.push(runSpan(tokens, first, index - 1, 'name-before-credential'))
      }
    }
    // "GIRLFRIEND JUNE", "SISTER & DALE", "wife: Mary", "son - Ed"
    if (isWord(token) && RELATIONS.has(token.base)) {
      let at = index + 1
      while (at < tokens.length && /^[&:,\-/]$/.test((tokens[at] as Token).text) && at < index + 3)
        at += 1
      const next = tokens[at]
      // right after the relation a listed first name wins over shorthand ("wife MAE")
      if (
        isWord(next) &&
        next.firstNameRank > 0 &&
        !STOP_WORDS.has(next.base) &&
        (!next.clinical || at === index + 1)
      ) {
        const run = nameRun(tokens, at, { allowComma: false, maxWords: 3 })
        spans.push(runSpan(tokens, at, run?.last ?? at, 'name-relation-general'))
      }
    }
    // "DALE (SIGNIFICANT OTHER)", "Ann (wife)", "Ed (son)"
    if (token.text === '(' && isWord(tokens[index + 1])) {
      const inside = tokens[index + 1] as Token
      const relation =
        RELATIONS.has(inside.base) ||
        (inside.base === 'significant' && tokens[index + 2]?.base === 'other') ||
        inside.base === 'so'
      const previous = tokens[index - 1]
      if (relation && nameWord(previous) && listedName(previous))
        spans.push(span(previous.start, previous.end, 'NAME', 'name-relation-after'))
    }
    // strong titles: "Dr. X", "DR X", "dr x" whatever X is, unless a function word
    if (isWord(token) && TITLES.has(token.base)) {
      let at = index + 1
      if (tokens[at]?.text === '.') at += 1
      const next = tokens[at]
      const ambiguous = AMBIGUOUS_TITLES.has(token.base)
      // an initial with its dot ("Dr. A. Smith") even when it reads as a word ("A")
      const dottedInitial = isWord(next) && next.text.length === 1 && initial(tokens, at) === 2
      if (
        isWord(next) &&
        (dottedInitial ||
          (nameWord(next) &&
            (listedName(next) || !next.english) &&
            (!ambiguous || (next.text.length > 1 && !next.clinical && !next.english))))
      ) {
        let last = at
        // "Dr. A. Smith", "Dr A Smith", "Dr Mary Smith": an initial or a first name, then more
        const skip = next.text.length === 1 ? initial(tokens, at) : 1
        const following = tokens[at + skip]
        // after a title and a given name, a listed surname counts even when it is also a place
        // or a word ("Dr. Mary Wales")
        if (
          isWord(following) &&
          !STOP_WORDS.has(following.base) &&
          !FUNCTION_WORDS.has(following.base) &&
          !CREDENTIALS.has(following.base) &&
          (listedName(following) || (!following.english && !following.clinical)) &&
          (next.text.length === 1 || next.firstNameRank > 0)
        )
          last = at + skip
        spans.push(runSpan(tokens, at, last, 'name-title-general'))
      }
    }
  }
  return spans
}

function placeRules(
  text: string,
  tokens: readonly Token[],
  dictionaries: DeidDictionaries,
): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(UNIVERSITY))
    spans.push(span(match.index, match.index + match[0].length, 'HOSPITAL', 'place-university'))
  for (const match of text.matchAll(EMPLOYER_CUES)) {
    const words = (match[1] ?? '').split(/\s+/)
    const kept: string[] = []
    for (const word of words) {
      if (EMPLOYER_STOP.has(word.toLowerCase())) break
      kept.push(word)
    }
    if (kept.length === 0) continue
    const value = kept.join(' ')
    const start = match.index + match[0].length - (match[1] ?? '').length
    spans.push(span(start, start + value.length, 'LOCATION', 'place-employer', 0.6))
  }
  // "returned to san mateo", "lives in new haven": multi-word towns after a movement cue
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    if (!isWord(token) || !PLACE_CUES.has(token.base)) continue
    const preposition = tokens[index + 1]
    if (!isWord(preposition) || !/^(?:to|in|from|at|near|into)$/.test(preposition.base)) continue
    for (let length = 3; length >= 1; length -= 1) {
      const words = tokens.slice(index + 2, index + 2 + length)
      if (words.length < length || !words.every(isWord)) continue
      const name = words.map((word) => word.base).join(' ')
      const rank = dictionaries.cities.get(name)
      if (rank === undefined || STATES.has(name)) continue
      if (length === 1 && (words[0]?.english || words[0]?.clinical)) continue
      spans.push(
        span((words[0] as Token).start, (words[length - 1] as Token).end, 'LOCATION', 'place-town'),
      )
      break
    }
  }
  return spans
}

function numberRules(text: string, tokens: readonly Token[]): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(PHONE_SHAPES))
    spans.push(span(match.index, match.index + match[0].length, 'PHONE', 'phone-shape', 0.8))
  for (const match of text.matchAll(DATE_RANGE)) {
    const first = match[1] ?? ''
    const second = match[2] ?? ''
    // "1/3-1/2" is a range of fractions
    const fraction = (value: string): boolean => {
      const [top, bottom] = value.split('/').map(Number)
      return (top ?? 0) < (bottom ?? 0) && (bottom ?? 0) <= 8
    }
    if (fraction(first) && fraction(second)) continue
    spans.push(span(match.index, match.index + first.length, 'DATE', 'date-range', 0.7))
    const end = match.index + match[0].length
    spans.push(span(end - second.length, end, 'DATE', 'date-range', 0.7))
  }
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    if (token.kind !== 'number') continue
    const previous = tokens[index - 1]
    // "CABG 1964, 1982": a year in a list that follows a year
    if (
      /^(?:19|20)\d\d$/.test(token.text) &&
      previous !== undefined &&
      /^(?:,|&|and)$/.test(previous.lower) &&
      /^(?:19|20)\d\d$/.test(tokens[index - 2]?.text ?? '')
    )
      spans.push(span(token.start, token.end, 'DATE', 'date-year-list', 0.7))
  }
  return spans
}

/** Runs the general-class rules over a tokenized text. */
export function detectGeneralRules(
  text: string,
  tokens: readonly Token[],
  style: CaseStyle,
  dictionaries: DeidDictionaries,
): PhiSpan[] {
  return [
    ...personRules(tokens, style),
    ...placeRules(text, tokens, dictionaries),
    ...numberRules(text, tokens),
  ]
}

/**
 * Cuts field labels ("MRN:", "DOB:", "Name:") out of spans: a span that covers a label is split
 * around it, so the label stays readable and the value is still redacted.
 */
export function withoutLabels(text: string, spans: readonly PhiSpan[]): PhiSpan[] {
  const labels: Array<[number, number]> = []
  for (const match of text.matchAll(LABEL))
    labels.push([match.index, match.index + match[0].length])
  if (labels.length === 0) return [...spans]
  const result: PhiSpan[] = []
  for (const original of spans) {
    let pieces: PhiSpan[] = [original]
    for (const [start, end] of labels) {
      const next: PhiSpan[] = []
      for (const piece of pieces) {
        if (piece.end <= start || piece.start >= end) {
          next.push(piece)
          continue
        }
        if (piece.start < start) next.push({ ...piece, end: start })
        if (piece.end > end) next.push({ ...piece, start: end })
      }
      pieces = next
    }
    for (const piece of pieces) {
      // trim the whitespace a cut leaves at the edges
      let { start, end } = piece
      while (start < end && /\s|[:#]/.test(text[start] ?? '')) start += 1
      while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1
      if (end > start && /[A-Za-z0-9]/.test(text.slice(start, end)))
        result.push({ ...piece, start, end })
    }
  }
  return result
}

/**
 * Zero-padded day numbers after a word ("NQWMI 09"): often a day, as often a time or "O2"
 * written with a zero, so only the recall policy uses them.
 */
export function detectPaddedDays(tokens: readonly Token[]): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    const previous = tokens[index - 1]
    const next = tokens[index + 1]
    if (
      token.kind === 'number' &&
      /^0[1-9]$/.test(token.text) &&
      isWord(previous) &&
      previous.end < token.start &&
      (next === undefined ||
        (next.start > token.end && next.kind !== 'number') ||
        /^[.,;)]$/.test(next.text))
    )
      spans.push(span(token.start, token.end, 'DATE', 'date-padded-day', 0.4))
  }
  return spans
}
