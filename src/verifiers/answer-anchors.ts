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
  seen: Set<number>,
  candidates: AnchorCandidate[],
): void {
  const from = Math.max(0, anchor - 48)
  const window = text.slice(from, anchor)
  const match = LETTER_BEFORE.exec(window)
  if (match === null) return
  const group = match[1] ?? ''
  const groupAt = from + match.index + match[0].indexOf(group)
  if (seen.has(groupAt) || isConditional(text, groupAt)) return
  if (groupAt > 0 && isAsciiWordCode(text.charCodeAt(groupAt - 1))) return
  const token = readLetterToken(text, groupAt)
  if (token === undefined) return
  seen.add(groupAt)
  candidates.push({
    position: groupAt,
    method: 'letter-first',
    reading: { kind: 'letters', letters: [token.letter], hedge: false, end: token.end },
  })
}

function jsonValueStart(text: string, lower: string, at: number): number | undefined {
  for (const prefix of JSON_PREFIXES) {
    const start = at - prefix.length
    if (start < 0 || !lower.startsWith(prefix, start)) continue
    JSON_TAIL.lastIndex = at
    const match = JSON_TAIL.exec(text)
    if (match !== null) return at + match[0].length
  }
  return undefined
}

/**
 * Collects JSON answer fields, English answer statements and letter-first statements
 * ("C is the correct answer"). `readJson` reads a JSON value that starts at an index.
 */
export function collectEnglishAnchors(
  text: string,
  context: OptionContext,
  readJson: (text: string, start: number) => SpanReading,
  candidates: AnchorCandidate[],
  from = 0,
): void {
  const lower = lowerSameLength(text)
  const seen = new Set<number>()
  for (const word of STATEMENT_WORDS) {
    for (let at = lower.indexOf(word, from); at >= 0; at = lower.indexOf(word, at + word.length)) {
      if (at > 0 && isAsciiWordCode(lower.charCodeAt(at - 1))) {
        // Part of a longer word, or a JSON key with a prefix ("final_answer").
        const valueAt = jsonValueStart(text, lower, at)
        if (valueAt !== undefined) {
          candidates.push({ position: at, method: 'json', reading: readJson(text, valueAt) })
        }
        continue
      }
      const valueAt = jsonValueStart(text, lower, at)
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
      if (word === 'answer' || word === 'option' || word === 'choice') {
        if (followOk(lower, at + word.length) || lower.startsWith('s', at + word.length)) {
          letterBefore(text, at, seen, candidates)
        }
      }
    }
  }
  for (const word of JUDGEMENT_WORDS) {
    for (let at = lower.indexOf(word, from); at >= 0; at = lower.indexOf(word, at + word.length)) {
      if (at > 0 && isAsciiWordCode(lower.charCodeAt(at - 1))) continue
      const end = at + word.length
      if (isAsciiWordCode(lower.charCodeAt(end))) continue
      if (!followOk(lower, end)) continue
      letterBefore(text, at, seen, candidates)
    }
  }
}
