/**
 * Finds explicit English answer statements fast: instead of running several large regular
 * expressions over the whole response, it looks for a few anchor words with `indexOf` on a
 * lower-cased copy and runs small sticky expressions only where an anchor occurs. This keeps
 * extraction at a few microseconds for kilobyte-long responses.
 */
import {
  type OptionContext,
  readAnswerSpan,
  readLetterToken,
  type SpanReading,
} from './choice-span.js'

/** One explicit answer found in the text. */
export interface AnchorCandidate {
  position: number
  method: string
  reading: SpanReading
}

/** "answer is", "answer:", "option would be", "answers are" ... at the anchor. */
const STATEMENT_TAIL =
  /(?:answer|option|choice)s?(?:\s+(?:choice|option|letter))?(?:\s+to\s+(?:this|the)\s+question)?\s*(?:\*\*|__)?\s*(?:(?:is|are|would\s+be|should\s+be|will\s+be|must\s+be|remains)(?![a-z'])|[=:：])/iy

/** A JSON answer key at the anchor (the opening quote and any prefix are checked separately). */
const JSON_TAIL = /(?:answer|option|choice)(?:s|_choice|_choices|_letter)?"\s*:\s*/iy

const JSON_PREFIXES = ['"', '"final_', '"correct_', '"selected_']

/** "C is the", "(C) would be the most", "Option C is" right before an anchor word. */
const LETTER_BEFORE =
  /(?:^|[^A-Za-z0-9'’])(?:[Oo]ption\s+|[Cc]hoice\s+|[Aa]nswer\s+)?([(（[]?[A-Z][)）\]]?)(?:\*\*|__)?\s+(?:is|seems\s+to\s+be|appears\s+to\s+be|would\s+be)\s+(?:the\s+|also\s+)?(?:(?:most|correct|right|best|final)\s+)?$/

/** Words that may follow "C is correct" without turning it into "C is the correct dose". */
const FOLLOW_WORDS = new Set([
  'because',
  'since',
  'as',
  'here',
  'given',
  'for',
  'so',
  'and',
  'in',
  'to',
])
const FOLLOW_NOUNS = new Set(['answer', 'option', 'choice', 'response', 'one'])

const CONDITIONAL_BEFORE =
  /(?:\bif|\bwhether|\bunless|\bsuppose|\bassuming|\bthat)\s+(?:the\s+)?(?:(?:correct|final|right|best)\s+)?$/i

const STATEMENT_WORDS = ['answer', 'option', 'choice']
const JUDGEMENT_WORDS = ['correct', 'right', 'best', 'appropriate']

/** Whether an explicit statement at `index` sits in a conditional ("if the answer is A, ..."). */
export function isConditional(text: string, index: number): boolean {
  return CONDITIONAL_BEFORE.test(text.slice(Math.max(0, index - 24), index))
}

function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)
}

/** Lower-cases ASCII letters only, so that indices match the original text. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length) return lower
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase())
}

function followOk(lower: string, end: number): boolean {
  let index = end
  while (lower.charCodeAt(index) === 32) index += 1
  const code = lower.charCodeAt(index)
  if (!(code >= 97 && code <= 122)) return true
  let wordEnd = index
  while (wordEnd < lower.length && isAsciiWordCode(lower.charCodeAt(wordEnd))) wordEnd += 1
  const word = lower.slice(index, wordEnd)
  if (FOLLOW_NOUNS.has(word)) return followOk(lower, wordEnd)
  return FOLLOW_WORDS.has(word)
}

function letterBefore(
  text: string,
  anchor: number,
  seen: number[],
  candidates: AnchorCandidate[],
): void {
  const from = Math.max(0, anchor - 48)
  const window = text.slice(from, anchor)
  // Cheap test first: the statement needs "is" or "be" before the anchor word.
  if (!window.includes(' is ') && !window.includes(' be ') && !window.includes('\nis ')) return
  const match = LETTER_BEFORE.exec(window)
  if (match === null) return
  const group = match[1] ?? ''
  const groupAt = from + match.index + match[0].indexOf(group)
  if (seen.includes(groupAt) || isConditional(text, groupAt)) return
  if (groupAt > 0 && isAsciiWordCode(text.charCodeAt(groupAt - 1))) return
  const token = readLetterToken(text, groupAt)
  if (token === undefined) return
  seen.push(groupAt)
  candidates.push({
    position: groupAt,
    method: 'letter-first',
    reading: { kind: 'letters', letters: [token.letter], hedge: false, end: token.end },
  })
}

/** The character code before `at`, read from the lower-cased window when it covers it. */
function codeBefore(text: string, lower: string, from: number, at: number): number {
  return at > from ? lower.charCodeAt(at - from - 1) : text.charCodeAt(at - 1)
}

function jsonValueStart(text: string, lower: string, base: number, at: number): number | undefined {
  for (const prefix of JSON_PREFIXES) {
    const start = at - prefix.length - base
    if (start < 0 || !lower.startsWith(prefix, start)) continue
    JSON_TAIL.lastIndex = at
    const match = JSON_TAIL.exec(text)
    if (match !== null) return at + match[0].length
  }
  return undefined
}

/**
 * Collects JSON answer fields, English answer statements and letter-first statements
 * ("C is the correct answer") that start at or after `from`. `readJson` reads a JSON value that
 * starts at an index.
 */
export function collectEnglishAnchors(
  text: string,
  context: OptionContext,
  readJson: (text: string, start: number) => SpanReading,
  candidates: AnchorCandidate[],
  from = 0,
): void {
  // Only the part searched is lower-cased; `lower` indices are offset by `from`.
  const lower = lowerSameLength(from === 0 ? text : text.slice(from))
  const seen: number[] = []
  for (const word of STATEMENT_WORDS) {
    for (
      let local = lower.indexOf(word);
      local >= 0;
      local = lower.indexOf(word, local + word.length)
    ) {
      const at = local + from
      if (at > 0 && isAsciiWordCode(codeBefore(text, lower, from, at))) {
        // Part of a longer word, or a JSON key with a prefix ("final_answer").
        const valueAt = jsonValueStart(text, lower, from, at)
        if (valueAt !== undefined) {
          candidates.push({ position: at, method: 'json', reading: readJson(text, valueAt) })
        }
        continue
      }
      const valueAt = jsonValueStart(text, lower, from, at)
      if (valueAt !== undefined) {
        candidates.push({ position: at, method: 'json', reading: readJson(text, valueAt) })
        continue
      }
      STATEMENT_TAIL.lastIndex = at
      const statement = STATEMENT_TAIL.exec(text)
      if (statement !== null && !isConditional(text, at)) {
        candidates.push({
          position: at,
          method: 'statement',
          reading: readAnswerSpan(text, at + statement[0].length, context),
        })
      }
      if (followOk(lower, local + word.length) || lower.startsWith('s', local + word.length)) {
        letterBefore(text, at, seen, candidates)
      }
    }
  }
  // Letter-first statements need "is" or "be" ("C is correct", "C would be the best").
  if (!lower.includes(' is ') && !lower.includes(' be ') && !lower.includes('\nis ')) return
  for (const word of JUDGEMENT_WORDS) {
    for (
      let local = lower.indexOf(word);
      local >= 0;
      local = lower.indexOf(word, local + word.length)
    ) {
      const at = local + from
      if (at > 0 && isAsciiWordCode(codeBefore(text, lower, from, at))) continue
      const end = local + word.length
      if (isAsciiWordCode(lower.charCodeAt(end))) continue
      if (!followOk(lower, end)) continue
      letterBefore(text, at, seen, candidates)
    }
  }
}
