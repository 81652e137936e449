/**
 * Reads the answer that follows an explicit statement ("The answer is", "答案是", "\boxed{"):
 * a letter, a group of letters joined by "and"/"or"/"/", or the start of an option's text.
 * A small hand-written scanner: it never reads a capital letter inside a word ("Let's" is not
 * "L"), it notices negations ("is not A") and cut-off statements, and it marks "or" and "/"
 * joins as hedges.
 */

/** What follows an answer statement. */
export type SpanReading =
  | { kind: 'letters'; letters: string[]; hedge: boolean; end: number }
  | { kind: 'negated' }
  | { kind: 'none' }
  | { kind: 'cutoff' }

/** One option's text; `phrase` (its normalised form) is filled in on first use. */
export interface OptionText {
  letter: string
  lower: string
  phrase: string | undefined
}

/** Option data prepared once per question. */
export interface OptionContext {
  /** Option letters, upper case. */
  letters: ReadonlySet<string>
  /** Lower-cased option texts with their letters, longest first. */
  texts: readonly OptionText[]
  /** Length of the longest option text. */
  longest: number
}

const FILLER_WORDS = new Set([
  'therefore',
  'thus',
  'hence',
  'so',
  'likely',
  'probably',
  'most',
  'definitely',
  'clearly',
  'certainly',
  'obviously',
  'option',
  'options',
  'choice',
  'choices',
  'letter',
  'answer',
  'the',
  'is',
  'be',
  'simply',
  'indeed',
  'then',
  'correct',
  'final',
  'choose',
  'select',
  'would',
  'should',
])

const NEGATION_WORDS = new Set(['not', 'neither', 'none', 'nor', 'never', 'isn'])

const I_FOLLOWERS = new Set([
  'think',
  'believe',
  'would',
  'will',
  'am',
  'feel',
  'guess',
  'suspect',
  'cannot',
  'can',
  'do',
  'don',
  'have',
  'need',
  'must',
  'should',
  'chose',
  'choose',
  'pick',
  'select',
  'was',
  'could',
  'might',
  'also',
  'just',
  'really',
])

/** Characters skipped before the answer: blanks, markdown, quotes and separators. */
function isLeadSkip(code: number): boolean {
  return (
    code === 32 || // space
    code === 9 || // tab
    code === 13 || // carriage return
    code === 0xa0 || // no-break space
    code === 0x3000 || // ideographic space
    code === 42 || // *
    code === 95 || // _
    code === 34 || // "
    code === 39 || // '
    code === 96 || // `
    code === 58 || // :
    code === 0xff1a || // ：
    code === 61 || // =
    code === 45 || // -
    code === 0x2014 || // —
    code === 0x2013 || // –
    code === 35 || // #
    code === 62 || // >
    code === 0x201c || // “
    code === 0x201d || // ”
    code === 0x2018 || // ‘
    code === 0x2019 || // ’
    code === 0x300c || // 「
    code === 0x300d // 」
  )
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90
}

function isLower(code: number): boolean {
  return code >= 97 && code <= 122
}

function isWordChar(code: number): boolean {
  return (
    isUpper(code) ||
    isLower(code) ||
    (code >= 48 && code <= 57) ||
    code === 39 ||
    code === 0x2019 ||
    (code >= 0xc0 && code <= 0x24f)
  )
}

function isOpenBracket(code: number): boolean {
  return code === 40 || code === 91 || code === 0xff08 || code === 0x3010
}

function isCloseBracket(code: number): boolean {
  return code === 41 || code === 93 || code === 0xff09 || code === 0x3011
}

/**
 * Reads one letter token at `start`: `C`, `(C)`, `[C]`, `C)`, `（C）`, or a lower-case letter
 * when it is bracketed or ends the text (`answer: c`). Returns the letter (upper case) and the
 * index after it, or undefined.
 */
export function readLetterToken(
  text: string,
  start: number,
): { letter: string; end: number } | undefined {
  let index = start
  let open = false
  if (isOpenBracket(text.charCodeAt(index))) {
    open = true
    index += 1
    while (text.charCodeAt(index) === 32) index += 1
  }
  const code = text.charCodeAt(index)
  const upper = isUpper(code)
  if (!upper && !isLower(code)) return undefined
  index += 1
  const next = text.charCodeAt(index)
  if (isWordChar(next)) return undefined
  if (open) {
    while (text.charCodeAt(index) === 32) index += 1
    if (!isCloseBracket(text.charCodeAt(index))) return undefined
    index += 1
  } else if (isCloseBracket(next)) {
    index += 1
  } else if (!upper) {
    // A bare lower-case letter counts only at the very end of the statement ("answer: c.").
    let look = index
    while (look < text.length) {
      const after = text.charCodeAt(look)
      if (after === 46 || after === 42 || after === 32 || after === 13) look += 1
      else break
    }
    if (look < text.length && text.charCodeAt(look) !== 10) return undefined
  }
  const letter = String.fromCharCode(upper ? code : code - 32)
  if (letter === 'I' && !open && next === 32) {
    // "I think ..." is a pronoun, not option I.
    const word = /^[a-z]+/.exec(text.slice(index + 1, index + 12))
    if (word !== null && I_FOLLOWERS.has(word[0])) return undefined
  }
  return { letter, end: index }
}

function readWord(text: string, start: number): string {
  let end = start
  while (end < text.length && isWordChar(text.charCodeAt(end))) end += 1
  return text.slice(start, end)
}

/** Index of the option text that starts at `start`, if any (case-insensitive, whole words). */
function matchOptionText(
  text: string,
  start: number,
  context: OptionContext,
): { letter: string; end: number } | undefined {
  for (const option of context.texts) {
    const length = option.lower.length
    if (length === 0 || start + length > text.length) continue
    const head = text.charCodeAt(start)
    const lowerHead = head >= 65 && head <= 90 ? head + 32 : head
    if (lowerHead !== option.lower.charCodeAt(0)) continue
    if (text.slice(start, start + length).toLowerCase() !== option.lower) continue
    if (
      isWordChar(text.charCodeAt(start + length)) &&
      isWordChar(text.charCodeAt(start + length - 1))
    )
      continue
    return { letter: option.letter, end: start + length }
  }
  return undefined
}

type Join = 'and' | 'or' | undefined

/** Reads a connector after a letter token: `,` `、` `&` `+` `and` `和` (and), `/` `or` `或` (or). */
function readJoin(text: string, start: number): { join: Join; end: number } {
  let index = start
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === 32 || code === 42 || code === 95 || code === 9) index += 1
    else break
  }
  const code = text.charCodeAt(index)
  if (
    code === 44 ||
    code === 0x3001 ||
    code === 0xff0c ||
    code === 38 ||
    code === 43 ||
    code === 59
  ) {
    return { join: 'and', end: index + 1 }
  }
  if (code === 47 || code === 124) {
    return { join: 'or', end: index + 1 }
  }
  if (code === 0x548c || code === 0x53ca || code === 0x4e0e) return { join: 'and', end: index + 1 }
  if (code === 0x6216) {
    // 或 / 或者
    return { join: 'or', end: text.charCodeAt(index + 1) === 0x8005 ? index + 2 : index + 1 }
  }
  const word = readWord(text, index).toLowerCase()
  if (word === 'and') {
    if (text.startsWith('/or', index + 3)) return { join: 'or', end: index + 6 }
    return { join: 'and', end: index + 3 }
  }
  if (word === 'or') return { join: 'or', end: index + 2 }
  return { join: undefined, end: start }
}

function skipJoinFiller(text: string, start: number): number {
  let index = start
  for (;;) {
    while (index < text.length) {
      const code = text.charCodeAt(index)
      if (code === 32 || code === 42 || code === 95 || code === 9) index += 1
      else break
    }
    const word = readWord(text, index).toLowerCase()
    if (word === 'option' || word === 'options' || word === 'choice' || word === 'also') {
      index += word.length
      continue
    }
    return index
  }
}

/**
 * Reads the answer that starts at `start` (just after an answer statement). Leading blanks,
 * markdown, a colon and filler words ("therefore", "option") are skipped; the reading stops at
 * the end of the line once something was read.
 */
export function readAnswerSpan(
  text: string,
  start: number,
  context: OptionContext,
  compact = false,
): SpanReading {
  const limit = Math.min(text.length, start + 400)
  let index = start
  let newlines = 0
  let fillers = 0
  while (index < limit) {
    const code = text.charCodeAt(index)
    if (code === 10) {
      newlines += 1
      if (newlines > 2) return { kind: 'none' }
      index += 1
      continue
    }
    if (isLeadSkip(code)) {
      index += 1
      continue
    }
    const token = readLetterToken(text, index)
    if (token !== undefined) {
      // A letter wins over an option text that merely starts with the same letter ("C. C-reactive").
      return readLetterGroup(text, token)
    }
    if (compact) {
      const run = readLetterRun(text, index, context)
      if (run !== undefined) return run
    }
    const option = context.texts.length > 0 ? matchOptionText(text, index, context) : undefined
    if (option !== undefined) {
      return { kind: 'letters', letters: [option.letter], hedge: false, end: option.end }
    }
    if (isUpper(code) || isLower(code)) {
      const word = readWord(text, index).toLowerCase()
      if (NEGATION_WORDS.has(word) || word.startsWith('isn') || word === "doesn't") {
        return { kind: 'negated' }
      }
      if (FILLER_WORDS.has(word) && fillers < 5) {
        fillers += 1
        index += word.length
        continue
      }
      return { kind: 'none' }
    }
    // CJK fillers: 是 为 选 项 应 该 故 即 the full-width colon was skipped above.
    if (
      code === 0x662f ||
      code === 0x4e3a ||
      code === 0x9009 ||
      code === 0x9879 ||
      code === 0x5e94 ||
      code === 0x8be5 ||
      code === 0x5373
    ) {
      index += 1
      continue
    }
    if (code === 0x4e0d || code === 0x975e) return { kind: 'negated' } // 不, 非
    return { kind: 'none' }
  }
  return index >= text.length ? { kind: 'cutoff' } : { kind: 'none' }
}

/**
 * Reads letters written together as one answer set ("ACE", "(ABD)", "【AC】"), the way Chinese
 * multiple-answer keys are written: two or more distinct upper-case option letters, optionally
 * bracketed, not followed by another Latin letter or digit. Undefined when the run is anything
 * else (a word such as "ACEI", or a letter that is not an option).
 */
export function readLetterRun(
  text: string,
  start: number,
  context: OptionContext,
): SpanReading | undefined {
  let index = start
  const open = isOpenBracket(text.charCodeAt(index))
  if (open) index += 1
  const letters: string[] = []
  while (isUpper(text.charCodeAt(index))) {
    letters.push(text.charAt(index))
    index += 1
  }
  if (letters.length < 2 || isWordChar(text.charCodeAt(index))) return undefined
  if (open) {
    if (!isCloseBracket(text.charCodeAt(index))) return undefined
    index += 1
  }
  if (new Set(letters).size !== letters.length) return undefined
  if (!letters.every((letter) => context.letters.has(letter))) return undefined
  return { kind: 'letters', letters, hedge: false, end: index }
}

/**
 * Reads a letter group ("C", "A, C", "A or C") that starts exactly at `start`, without skipping
 * any words first; undefined when no letter token starts there.
 */
export function readLetterSequence(text: string, start: number): SpanReading | undefined {
  const token = readLetterToken(text, start)
  return token === undefined ? undefined : readLetterGroup(text, token)
}

function readLetterGroup(text: string, first: { letter: string; end: number }): SpanReading {
  const letters = [first.letter]
  let hedge = false
  let end = first.end
  for (let guard = 0; guard < 26; guard += 1) {
    const join = readJoin(text, end)
    if (join.join === undefined) break
    const next = readLetterToken(text, skipJoinFiller(text, join.end))
    if (next === undefined) break
    if (join.join === 'or') hedge = true
    letters.push(next.letter)
    end = next.end
  }
  return { kind: 'letters', letters, hedge, end }
}
