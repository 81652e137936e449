/**
 * Features of the learned PHI tagger. Every feature is built from classes of words, never from
 * a word that might itself be PHI: a word's own form is used only when it is in the shipped
 * English or clinical lists, is a cue word, or was seen in the notes of several training patients
 * (a learned vocabulary); any other word is `UNK` with its shape, case, suffix and dictionary
 * evidence. Names the tagger has never seen thus look like the names it learned from.
 *
 * Features are integer keys (template and up to three interned attribute ids), so scoring a
 * token builds no strings.
 */
import {
  CREDENTIALS,
  capitalSignal,
  PERSON_FOLLOWERS,
  PERSON_VERBS,
  RELATIONS,
  TITLES,
} from './context.js'
import type { DeidDictionaries } from './dictionaries.js'
import type { CaseStyle, Token } from './tokens.js'
import type { PhiSpan } from './types.js'

/** Interns attribute strings to small integers; frozen ones map unseen strings to 0. */
export class AttributeTable {
  private readonly ids = new Map<string, number>()
  readonly values: string[] = ['<unseen>']
  frozen = false

  constructor(values: readonly string[] = []) {
    for (const value of values) this.id(value)
  }

  /** The id of a value (0 when frozen and unseen). */
  id(value: string): number {
    const known = this.ids.get(value)
    if (known !== undefined) return known
    if (this.frozen) return 0
    const id = this.values.length
    // ids share 16 bits of a feature key: past that, new values share the last id
    if (id >= 0xffff) return 0xffff
    this.ids.set(value, id)
    this.values.push(value)
    return id
  }
}

/** Words whose form is always a feature: the cues of the name rules. */
const CUE_WORDS: ReadonlySet<string> = new Set([
  ...TITLES,
  ...CREDENTIALS,
  ...RELATIONS,
  ...PERSON_VERBS,
  ...PERSON_FOLLOWERS,
])

/** The per-token attributes features combine. */
export interface TokenAttributes {
  form: number
  shape: number
  dict: number
  caseClass: number
  suffix: number
  rule: number
  glueBefore: number
  length: number
  lineStart: number
  capital: number
}

function shapeOf(text: string): string {
  let shape = ''
  let last = ''
  let run = 0
  for (const char of text) {
    const code = char.charCodeAt(0)
    const kind =
      code >= 65 && code <= 90
        ? 'X'
        : code >= 97 && code <= 122
          ? 'x'
          : code >= 48 && code <= 57
            ? 'd'
            : char
    if (kind === last) {
      run += 1
      if (run > 2) continue
    } else {
      run = 1
      last = kind
    }
    shape += kind
  }
  return shape
}

function numberForm(text: string): string {
  if (text.length === 4) {
    const value = Number(text)
    return value >= 1900 && value <= 2099 ? 'N:year' : 'N:4'
  }
  if (text.length <= 2) {
    const value = Number(text)
    if (value === 0) return 'N:0'
    if (value <= 12) return 'N:m'
    if (value <= 31) return 'N:d'
    return 'N:2'
  }
  return text.length >= 7 ? 'N:long' : `N:${text.length}`
}

function bucket(rank: number, limits: readonly [number, number]): string {
  if (rank === 0) return '0'
  if (rank <= limits[0]) return 'a'
  return rank <= limits[1] ? 'b' : 'c'
}

/** The context of one note's attributes: the learned vocabulary and the dictionaries. */
export interface AttributeContext {
  table: AttributeTable
  vocabulary: ReadonlySet<string>
  dictionaries: DeidDictionaries
}

/** Whether a word's own form may be a feature (see the file comment). */
export function knownForm(token: Token, vocabulary: ReadonlySet<string>): boolean {
  return token.english || token.clinical || CUE_WORDS.has(token.base) || vocabulary.has(token.base)
}

function formOf(token: Token, vocabulary: ReadonlySet<string>): string {
  if (token.kind === 'number') return numberForm(token.text)
  if (token.kind === 'symbol') return token.text
  if (!knownForm(token, vocabulary)) return 'UNK'
  // a listed name that is also a word ("Knight", "Rich") is known only through the notes
  if (
    (token.firstNameRank > 0 || token.surnameRank > 0) &&
    !vocabulary.has(token.base) &&
    !CUE_WORDS.has(token.base)
  )
    return 'NAMEWORD'
  return token.base
}

/** Rule type per token: the type of the first rule span overlapping it, or `-`. */
export function ruleTypesOf(tokens: readonly Token[], spans: readonly PhiSpan[]): string[] {
  const types: string[] = new Array(tokens.length).fill('-')
  let cursor = 0
  for (const span of spans) {
    while (cursor < tokens.length && (tokens[cursor]?.end ?? 0) <= span.start) cursor += 1
    for (let index = cursor; index < tokens.length; index += 1) {
      const token = tokens[index]
      if (token === undefined || token.start >= span.end) break
      if (types[index] === '-') types[index] = span.type
    }
  }
  return types
}

/** Computes the attributes of every token of a note. */
export function tokenAttributes(
  tokens: readonly Token[],
  style: CaseStyle,
  ruleTypes: readonly string[],
  context: AttributeContext,
): TokenAttributes[] {
  const { table, vocabulary, dictionaries } = context
  const attributes: TokenAttributes[] = []
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    const previous = tokens[index - 1]
    const form = formOf(token, vocabulary)
    const word = token.kind === 'word'
    const caseClass = !word ? 'n' : token.allCaps ? 'A' : token.capitalized ? 'C' : 'l'
    const dict = word
      ? `${bucket(token.firstNameRank, [300, 3000])}${bucket(token.surnameRank, [2000, 20000])}${token.english ? 'e' : ''}${token.clinical ? 'c' : ''}${dictionaries.cities.has(token.base) ? 'p' : ''}`
      : token.kind
    attributes.push({
      form: table.id(form),
      shape: table.id(`s:${shapeOf(token.text)}`),
      dict: table.id(`d:${dict}`),
      caseClass: table.id(`c:${caseClass}${style}`),
      suffix: table.id(form === 'UNK' ? `x:${token.base.slice(-3)}` : 'x:-'),
      rule: table.id(`r:${ruleTypes[index] ?? '-'}`),
      glueBefore: table.id(previous !== undefined && previous.end === token.start ? 'g:1' : 'g:0'),
      length: table.id(`l:${Math.min(token.text.length, 8)}`),
      lineStart: table.id(token.lineStart ? 'b:1' : 'b:0'),
      capital: table.id(capitalSignal(tokens, index, style) ? 'k:1' : 'k:0'),
    })
  }
  return attributes
}

const EDGE: TokenAttributes = {
  form: 0xfffe,
  shape: 0xfffe,
  dict: 0xfffe,
  caseClass: 0xfffe,
  suffix: 0xfffe,
  rule: 0xfffe,
  glueBefore: 0xfffe,
  length: 0xfffe,
  lineStart: 0xfffe,
  capital: 0xfffe,
}

const B16 = 0x10000
const B32 = B16 * B16
const B48 = B32 * B16

function key(template: number, a = 0, b = 0, c = 0): number {
  return template * B48 + a * B32 + b * B16 + c
}

/**
 * The feature keys of token `index` (about 30): templates over the token and its two
 * neighbours on each side.
 */
export function featureKeys(attributes: readonly TokenAttributes[], index: number): number[] {
  const here = attributes[index] as TokenAttributes
  const p1 = attributes[index - 1] ?? EDGE
  const p2 = attributes[index - 2] ?? EDGE
  const n1 = attributes[index + 1] ?? EDGE
  const n2 = attributes[index + 2] ?? EDGE
  return [
    key(0),
    key(1, here.form),
    key(2, p1.form),
    key(3, n1.form),
    key(4, p2.form),
    key(5, n2.form),
    key(6, p1.form, here.form),
    key(7, here.form, n1.form),
    key(8, p2.form, p1.form),
    key(9, n1.form, n2.form),
    key(10, here.shape),
    key(11, p1.shape, here.shape, n1.shape),
    key(12, here.shape, here.glueBefore, n1.glueBefore),
    key(13, here.dict, here.caseClass),
    key(14, here.caseClass, here.capital),
    key(15, here.suffix),
    key(16, here.rule),
    key(17, p1.rule, here.rule, n1.rule),
    key(18, here.lineStart, here.shape),
    key(19, p1.form, here.shape),
    key(20, here.shape, n1.form),
    key(21, here.dict, p1.form),
    key(22, here.dict, n1.form),
    key(23, here.dict, here.capital, here.caseClass),
    key(24, here.length, here.caseClass),
    key(25, p1.dict, here.dict, n1.dict),
    key(26, here.rule, here.form),
    key(27, here.rule, here.dict),
    key(28, p1.caseClass, here.caseClass, n1.caseClass),
    key(29, p2.form, here.shape),
    key(30, here.shape, n2.form),
  ]
}
