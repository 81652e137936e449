/**
 * Reads the final answer of a multiple-choice response the way a careful examiner would.
 *
 * Strict reading (the default, used for rewards) accepts only explicit answers: a JSON answer
 * field, an answer statement in English or Chinese ("The answer is C", "答案是C", "故选C"),
 * "C is the correct answer", `\boxed{C}`, a bold letter on its own line, a response that is only
 * a letter (optionally followed by that option's text), or an option's full text. The last
 * explicit answer wins. Lenient reading (for evaluation) adds documented fallbacks.
 */
import { safeParseJson } from '../errors.js'
import { collectEnglishAnchors, isConditional } from './answer-anchors.js'
import { answerText, normalizePhrase } from './answer-text.js'
import {
  type OptionContext,
  type OptionText,
  readAnswerSpan,
  readLetterSequence,
  readLetterToken,
  type SpanReading,
} from './choice-span.js'

/** Options of {@link extractChoice}. */
export interface ExtractChoiceOptions {
  /** The option letters of the question, for example `['A', 'B', 'C', 'D']` (case-insensitive). */
  optionLetters: readonly string[]
  /** Option texts by letter; lets "The answer is aspirin" and a bare option text count. */
  optionTexts?: Readonly<Record<string, string>>
  /** True for a multiple-response question (several letters are a valid answer). Default false. */
  multiple?: boolean
  /**
   * Adds fallbacks for evaluation (never for rewards): a lone letter on the last line, a first
   * line that starts with a letter label, the last bold letter, and the only option text named in
   * the last paragraph. Default false.
   */
  lenient?: boolean
}

/** The answer read from a response. */
export interface ChoiceExtraction {
  /** The letters read, upper case, in the order written (empty unless `status` is `ok`). */
  letters: string[]
  status: 'ok' | 'format_error' | 'abstain'
  /** Why, in words (quotes what was read). */
  reason: string
  /** Which rule read the answer (`json`, `statement`, `boxed`, ...) or `none`. */
  method: string
}

interface Candidate {
  position: number
  method: string
  reading: SpanReading
}

const ZH_STATEMENT =
  /(?:答案|答)"?\s*(?:应该?(?:是|为|选)|是|为|选|[:：])|(?:选择|选)(?:的是|为|是)?(?=\s*[:：]?\s*[(（【[]?[A-Za-z](?![a-z]))|(?:正确|最佳|最合适的?|应选的?)?选项\s*(?:应?(?:是|为)|[:：])|答案(?=\s*[(（【[]?[A-Z](?![a-z]))/g

const ZH_LETTER_FIRST =
  /(?<![A-Za-z])([A-Z])\s*(?:选项|项)?\s*(?:是|为)?\s*(?:正确|对的|最佳|最合适|最恰当)/g

const CJK = /[\u4e00-\u9fff]/g

const BOXED = /\\boxed\s*\{\s*(?:\\(?:text|mathrm|textbf|mathbf)\s*\{\s*)?/g

const BOLD_LETTER = /(?:\*\*|__)\s*(?:[Oo]ption\s+)?[(（[]?([A-Z])[)）\]]?\s*[.:)]?\s*(?:\*\*|__)/g

const ABSTAIN =
  /\b(?:i\s+(?:do\s+not|don't|cannot|can't|am\s+unable\s+to)\s+(?:know|determine|answer|tell|say)|cannot\s+be\s+determined|can(?:no|')t\s+(?:be\s+)?determined?|unable\s+to\s+(?:determine|answer)|(?:insufficient|not\s+enough)\s+information|no\s+correct\s+answer|none\s+of\s+the\s+(?:above|options))|无法(?:确定|判断|回答)|不确定|不知道/i

/** Builds (and caches) the option context of a question. */
const letterSets = new Map<string, ReadonlySet<string>>()

function letterSet(optionLetters: readonly string[]): ReadonlySet<string> {
  const key = optionLetters.join('')
  let set = letterSets.get(key)
  if (set === undefined) {
    set = new Set(optionLetters.map((letter) => letter.trim().toUpperCase()))
    if (letterSets.size < 1000) letterSets.set(key, set)
  }
  return set
}

/** Option data whose texts are prepared only when a reader needs them. */
class LazyOptionContext implements OptionContext {
  readonly letters: ReadonlySet<string>
  private prepared: OptionText[] | undefined
  private longestText = 0

  constructor(
    optionLetters: readonly string[],
    private readonly source: Readonly<Record<string, string>> | undefined,
  ) {
    this.letters = letterSet(optionLetters)
  }

  get texts(): readonly OptionText[] {
    if (this.prepared === undefined) {
      const list: OptionText[] = []
      const source = this.source
      if (source !== undefined) {
        for (const letter in source) {
          const text = source[letter]
          if (typeof text !== 'string') continue
          const lower = foldFullWidth(text.trim()).toLowerCase()
          if (lower.length === 0) continue
          list.push({
            letter: letter.length === 1 ? letter.toUpperCase() : letter.trim().toUpperCase(),
            lower,
            phrase: undefined,
          })
          if (lower.length > this.longestText) this.longestText = lower.length
        }
        if (list.length > 1) list.sort(byLengthDescending)
      }
      this.prepared = list
    }
    return this.prepared
  }

  get longest(): number {
    if (this.prepared === undefined) void this.texts
    return this.longestText
  }

  /** Whether any option text exists, without preparing them. */
  get hasTexts(): boolean {
    return (
      this.source !== undefined && (this.prepared === undefined ? true : this.prepared.length > 0)
    )
  }
}

function optionContext(options: ExtractChoiceOptions): LazyOptionContext {
  return new LazyOptionContext(options.optionLetters, options.optionTexts)
}

/**
 * Folds full-width ASCII forms (Ａ-Ｚ, ａ-ｚ, ０-９, （）：．，) to their half-width letters one code
 * unit for one, so positions stay the same and "答案：Ｃ" reads like "答案:C".
 */
export function foldFullWidth(text: string): string {
  if (!/[\uff01-\uff5e]/.test(text)) return text
  return text.replace(/[\uff01-\uff5e]/g, (character) =>
    String.fromCharCode(character.charCodeAt(0) - 0xfee0),
  )
}

function byLengthDescending(left: OptionText, right: OptionText): number {
  return right.lower.length - left.lower.length
}

function collectMatches(
  text: string,
  pattern: RegExp,
  method: string,
  context: OptionContext,
  candidates: Candidate[],
  from = 0,
  compact = false,
): void {
  pattern.lastIndex = from
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (isConditional(text, match.index)) continue
    candidates.push({
      position: match.index,
      method,
      reading: readAnswerSpan(text, match.index + match[0].length, context, compact),
    })
  }
}

function collectLetterFirst(
  text: string,
  pattern: RegExp,
  method: string,
  candidates: Candidate[],
  from = 0,
): void {
  pattern.lastIndex = from
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const group = match[1] ?? ''
    const groupAt = match.index + match[0].indexOf(group)
    if (isConditional(text, groupAt)) continue
    const token = readLetterToken(text, groupAt)
    if (token === undefined) continue
    candidates.push({
      position: groupAt,
      method,
      reading: { kind: 'letters', letters: [token.letter], hedge: false, end: token.end },
    })
  }
}

function readJsonValue(
  text: string,
  start: number,
  context: OptionContext,
  compact = false,
): SpanReading {
  const first = text.charCodeAt(start)
  if (first === 34) {
    // A string literal: find its closing quote, decode it, read it like a statement.
    let index = start + 1
    while (index < text.length) {
      const code = text.charCodeAt(index)
      if (code === 92) index += 2
      else if (code === 34) break
      else index += 1
    }
    if (index >= text.length) return { kind: 'cutoff' }
    let value: string
    const literal = text.slice(start + 1, index)
    if (!literal.includes('\\')) value = literal
    else {
      const decoded = safeParseJson(text.slice(start, index + 1), 'answer field')
      if (!decoded.ok || typeof decoded.value !== 'string') return { kind: 'none' }
      value = decoded.value
    }
    if (value.trim() === '') return { kind: 'none' }
    return readAnswerSpan(foldFullWidth(value), 0, context, compact)
  }
  if (first === 91) {
    const close = text.indexOf(']', start)
    if (close < 0) return { kind: 'cutoff' }
    const decoded = safeParseJson(text.slice(start, close + 1), 'answer field')
    if (!decoded.ok || !Array.isArray(decoded.value)) return { kind: 'none' }
    const letters: string[] = []
    for (const element of decoded.value) {
      if (typeof element !== 'string') return { kind: 'none' }
      const reading = readAnswerSpan(element, 0, context)
      if (reading.kind !== 'letters') return { kind: 'none' }
      letters.push(...reading.letters)
      if (reading.hedge) return { kind: 'letters', letters, hedge: true, end: close + 1 }
    }
    if (letters.length === 0) return { kind: 'none' }
    return { kind: 'letters', letters, hedge: false, end: close + 1 }
  }
  return readAnswerSpan(text, start, context)
}

/** Whether what follows a letter label on its line is empty or that option's text. */
function restOfLineFits(
  rest: string,
  letters: readonly string[],
  options: ExtractChoiceOptions,
  lenient: boolean,
): boolean {
  const trimmed = rest.replace(/^[\s.:)*_\-–—、]+/, '').replace(/[\s.*_。]+$/, '')
  if (trimmed === '') return true
  if (lenient) return true
  const letter = letters[0]
  if (letters.length !== 1 || letter === undefined || options.optionTexts === undefined)
    return false
  const optionText = options.optionTexts[letter] ?? options.optionTexts[letter.toLowerCase()]
  if (typeof optionText !== 'string') return false
  const said = normalizePhrase(trimmed)
  const expected = normalizePhrase(optionText)
  return expected.length > 0 && (said === expected || said.startsWith(expected))
}

const LABEL_LINE = /^[ \t>*_#-]*[(（[]?([A-Z])[)）\].:]/gm

/** Whether the text lays out several options line by line (a restated option list, not an answer). */
function listsOptions(text: string): boolean {
  LABEL_LINE.lastIndex = 0
  let first: string | undefined
  for (let match = LABEL_LINE.exec(text); match !== null; match = LABEL_LINE.exec(text)) {
    const letter = match[1]
    if (first === undefined) first = letter
    else if (letter !== first) return true
  }
  return false
}

/** A line that is only a letter (or a letter label plus that option's text). */
function readLabelLine(
  text: string,
  lineStart: number,
  lineEnd: number,
  options: ExtractChoiceOptions,
  lenient: boolean,
): SpanReading | undefined {
  let index = lineStart
  while (index < lineEnd) {
    const code = text.charCodeAt(index)
    if (code === 32 || code === 9 || code === 42 || code === 95 || code === 62 || code === 35)
      index += 1
    else break
  }
  const line = text.slice(index, lineEnd)
  const reading = readLetterSequence(line, 0)
  if (reading === undefined || reading.kind !== 'letters') return undefined
  // A label is followed by punctuation or nothing: "D." "D)" "D:" but not "I lean to ...";
  // a bracketed label ("(C) Lisinopril", "（C）赖诺普利") may be followed by the option's text.
  const bracketed = /^[(（[【]/.test(line)
  if (!bracketed && !/^[\s*_]*(?:$|[.:)）\-–—、])/.test(line.slice(reading.end))) return undefined
  if (!restOfLineFits(line.slice(reading.end), reading.letters, options, lenient)) return undefined
  return reading
}

function phraseOf(option: OptionText): string {
  if (option.phrase === undefined) option.phrase = normalizePhrase(option.lower)
  return option.phrase
}

/** A response (or its last line) that is exactly one option's text. */
function collectOptionText(text: string, context: OptionContext, candidates: Candidate[]): void {
  if (context.texts.length === 0) return
  const bound = context.longest * 2 + 40
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end -= 1
  const lastBreak = text.lastIndexOf('\n', end - 1)
  const whole = end <= bound ? normalizePhrase(text.slice(0, end)) : undefined
  const lastLine =
    lastBreak >= 0 && end - lastBreak <= bound
      ? normalizePhrase(text.slice(lastBreak + 1, end))
      : undefined
  if (whole === undefined && lastLine === undefined) return
  for (const option of context.texts) {
    const expected = phraseOf(option)
    if (expected === '') continue
    const position = whole === expected ? 0 : lastLine === expected ? lastBreak + 1 : -1
    if (position < 0) continue
    candidates.push({
      position,
      method: 'option-text',
      reading: { kind: 'letters', letters: [option.letter], hedge: false, end: text.length },
    })
    return
  }
}

function collectBold(
  text: string,
  options: ExtractChoiceOptions,
  candidates: Candidate[],
  lenient: boolean,
  from = 0,
): void {
  if (!text.includes('**', from) && !text.includes('__', from)) return
  BOLD_LETTER.lastIndex = from
  let last: Candidate | undefined
  for (let match = BOLD_LETTER.exec(text); match !== null; match = BOLD_LETTER.exec(text)) {
    const letter = match[1] ?? ''
    const lineStart = text.lastIndexOf('\n', match.index) + 1
    const before = text.slice(lineStart, match.index)
    const lineEndAt = text.indexOf('\n', match.index)
    const lineEnd = lineEndAt < 0 ? text.length : lineEndAt
    const after = text.slice(match.index + match[0].length, lineEnd)
    const reading: SpanReading = { kind: 'letters', letters: [letter], hedge: false, end: lineEnd }
    const ownLine = /^[\s>#*_-]*$/.test(before) && restOfLineFits(after, [letter], options, false)
    if (ownLine) {
      candidates.push({ position: match.index, method: 'bold', reading })
    } else if (lenient) {
      last = { position: match.index, method: 'last-bold', reading }
    }
  }
  if (last !== undefined) candidates.push(last)
}

function isUnknownLetter(this: OptionContext, letter: string): boolean {
  return !this.letters.has(letter)
}

function finish(
  candidate: Candidate,
  options: ExtractChoiceOptions,
  context: OptionContext,
): ChoiceExtraction {
  const reading = candidate.reading
  const method = candidate.method
  if (reading.kind === 'cutoff') {
    return {
      letters: [],
      status: 'format_error',
      reason: 'the final answer statement is cut off (truncated output)',
      method,
    }
  }
  if (reading.kind !== 'letters') {
    return { letters: [], status: 'format_error', reason: 'no explicit final answer', method }
  }
  const letters = reading.letters.length === 1 ? reading.letters : [...new Set(reading.letters)]
  const shown = letters.join(reading.hedge ? ' or ' : ', ')
  if (reading.hedge && letters.length > 1) {
    return {
      letters: [],
      status: 'format_error',
      reason: `hedged answer: "${shown}" names alternatives instead of committing`,
      method,
    }
  }
  const unknown = letters.filter(isUnknownLetter, context)
  if (unknown.length > 0) {
    return {
      letters: [],
      status: 'format_error',
      reason: `answer "${unknown.join(', ')}" is not an option (options ${[...context.letters].join(', ')})`,
      method,
    }
  }
  if (letters.length > 1 && letters.length === context.letters.size) {
    return {
      letters: [],
      status: 'format_error',
      reason: `answer lists every option (${shown})`,
      method,
    }
  }
  if (letters.length > 1 && options.multiple !== true) {
    return {
      letters: [],
      status: 'format_error',
      reason: `several answers (${shown}) for a single-answer question`,
      method,
    }
  }
  const said = letters.length === 1 ? (letters[0] as string) : letters.join(', ')
  return { letters, status: 'ok', reason: `read "${said}" (${method})`, method }
}

/**
 * Windows at the end of a response read in turn (characters); the whole text is read only when
 * the tails hold no decisive answer (see {@link extractChoice}).
 */
const TAIL_WINDOWS = [112, 640, Number.POSITIVE_INFINITY]

function isDecisive(candidate: Candidate): boolean {
  return candidate.reading.kind === 'letters' || candidate.reading.kind === 'cutoff'
}

function collectExplicit(
  text: string,
  context: OptionContext,
  options: ExtractChoiceOptions,
  from: number,
  candidates: Candidate[],
): void {
  collectEnglishAnchors(
    text,
    context,
    (source, start) => readJsonValue(source, start, context, options.multiple === true),
    candidates,
    from,
  )
  CJK.lastIndex = from
  if (CJK.test(text)) {
    // Chinese keys write answer sets together ("答案：ACE"), so letter runs count there.
    collectMatches(text, ZH_STATEMENT, 'statement-zh', context, candidates, from, true)
    collectLetterFirst(text, ZH_LETTER_FIRST, 'letter-first-zh', candidates, from)
  }
  if (text.includes('\\boxed', from)) {
    collectMatches(text, BOXED, 'boxed', context, candidates, from)
  }
  collectBold(text, options, candidates, false, from)
}

/**
 * Extracts the chosen option letter(s) from a model response. Never throws.
 *
 * @example
 * extractChoice('<think>maybe A</think>The answer is **C**.', { optionLetters: ['A', 'B', 'C', 'D'] })
 * // → { letters: ['C'], status: 'ok', reason: 'read "C" (statement)', method: 'statement' }
 */
export function extractChoice(response: string, options: ExtractChoiceOptions): ChoiceExtraction {
  const prepared = answerText(response)
  if (!prepared.ok) {
    return { letters: [], status: 'format_error', reason: prepared.reason, method: 'none' }
  }
  const text = foldFullWidth(prepared.text)
  const context = optionContext(options)
  const lenient = options.lenient === true
  const candidates: Candidate[] = []

  // The last explicit answer wins, so the tail is read first; the whole text only when the tail
  // holds no decisive answer.
  for (const window of TAIL_WINDOWS) {
    const from = text.length > window ? text.length - window : 0
    candidates.length = 0
    collectExplicit(text, context, options, from, candidates)
    if (from === 0 || candidates.some(isDecisive)) break
  }

  // A response that is only a letter, or whose first line is a letter label with that option's
  // text ("C. Generation of free radicals"), unless the text restates the whole option list.
  const start = text.length - text.trimStart().length
  const firstBreak = text.indexOf('\n', start)
  const firstLineEnd = firstBreak < 0 ? text.length : firstBreak
  const first = readLabelLine(text, start, firstLineEnd, options, false)
  let optionList: boolean | undefined
  if (first !== undefined) {
    optionList = listsOptions(text)
    if (!optionList) candidates.push({ position: start, method: 'bare-letter', reading: first })
  }
  // An option's full text as the whole response or its last line, unless an explicit answer
  // already sits on or after that line.
  if (context.hasTexts) {
    let end = text.length
    while (end > 0 && text.charCodeAt(end - 1) <= 32) end -= 1
    const lastLineStart = text.lastIndexOf('\n', end - 1) + 1
    if (
      !candidates.some((candidate) => isDecisive(candidate) && candidate.position >= lastLineStart)
    ) {
      collectOptionText(text, context, candidates)
    }
  }

  const decisive = candidates.filter(isDecisive)
  let chosen = pickLast(decisive)

  if (chosen === undefined && lenient) {
    const listed = optionList ?? listsOptions(text)
    chosen = lenientFallback(text, context, options, listed, start, firstLineEnd)
  }
  if (chosen === undefined) {
    if (ABSTAIN.test(text)) {
      return {
        letters: [],
        status: 'abstain',
        reason: 'the response declines to choose an option',
        method: 'none',
      }
    }
    const negated = candidates.some((candidate) => candidate.reading.kind === 'negated')
    return {
      letters: [],
      status: 'format_error',
      reason: negated
        ? 'only negative statements ("the answer is not ...") and no final answer'
        : 'no explicit final answer (expected e.g. "The answer is C")',
      method: 'none',
    }
  }
  // A cut-off final statement only counts when it is the very last thing in the text.
  if (chosen.reading.kind === 'cutoff') {
    const earlier = pickLast(decisive.filter((candidate) => candidate.reading.kind === 'letters'))
    const cutAt = chosen.position
    if (earlier !== undefined && text.slice(cutAt).trim().length > 60) chosen = earlier
  }
  return finish(chosen, options, context)
}

function pickLast(candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined
  for (const candidate of candidates) {
    if (best === undefined || candidate.position >= best.position) best = candidate
  }
  return best
}

function lenientFallback(
  text: string,
  context: OptionContext,
  options: ExtractChoiceOptions,
  optionList: boolean,
  start: number,
  firstLineEnd: number,
): Candidate | undefined {
  // 1. The last non-empty line is a lone letter (or a letter label).
  const trimmed = text.trimEnd()
  const lastBreak = trimmed.lastIndexOf('\n')
  if (!optionList || lastBreak < 0) {
    const last = readLabelLine(trimmed, lastBreak + 1, trimmed.length, options, false)
    if (last !== undefined)
      return { position: lastBreak + 1, method: 'last-line-letter', reading: last }
  }
  // 2. The first line starts with a letter label, whatever follows.
  if (!optionList) {
    const first = readLabelLine(text, start, firstLineEnd, options, true)
    if (first !== undefined) return { position: start, method: 'first-line-letter', reading: first }
  }
  // 3. The last bold letter anywhere.
  const bold: Candidate[] = []
  collectBold(text, options, bold, true)
  const lastBold = pickLast(bold)
  if (lastBold !== undefined) return lastBold
  // 4. Exactly one option's text appears in the last paragraph.
  if (context.texts.length > 0) {
    const paragraphStart = trimmed.lastIndexOf('\n\n')
    const paragraph = ` ${normalizePhrase(trimmed.slice(paragraphStart + 1))} `
    const named = context.texts.filter((option) => {
      const phrase = phraseOf(option)
      return phrase.length > 0 && paragraph.includes(` ${phrase} `)
    })
    const letters = [...new Set(named.map((option) => option.letter))]
    if (letters.length === 1) {
      return {
        position: trimmed.length,
        method: 'option-text-mention',
        reading: { kind: 'letters', letters, hedge: false, end: trimmed.length },
      }
    }
  }
  return undefined
}
