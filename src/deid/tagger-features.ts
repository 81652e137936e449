/**
 * Features of the learned PHI tagger. Every feature is built from classes of words, never from
 * a word that might itself be PHI: a word's own form is used only when it is in the shipped
 * English or clinical lists, is a cue word, or was seen in the notes of several training patients
 * (a learned vocabulary); any other word is `UNK` with its shape, case, suffix and dictionary
 * evidence. Names the tagger has never seen thus look like the names it learned from.
 *
 * Attributes are interned to integer ids and a feature is a template with up to three of them,
 * held as two 32-bit integers, so scoring a token builds no strings and allocates nothing.
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

/** Rank buckets of a listed name: not listed, frequent, common, rare. */
const BUCKETS = ['0', 'a', 'b', 'c'] as const

function bucketIndex(rank: number, frequent: number, common: number): number {
  if (rank === 0) return 0
  if (rank <= frequent) return 1
  return rank <= common ? 2 : 3
}

/** Token kinds in the order of the dictionary class slots of non-words. */
const DICT_KINDS: readonly Token['kind'][] = ['word', 'number', 'symbol']

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

/** Fields per token in an encoded note (see {@link AttributeEncoder.encode}). */
export const FIELDS = 12
const FORM = 0
const SHAPE = 1
const DICT = 2
const CASE = 3
const SUFFIX = 4
const RULE = 5
const GLUE = 6
const LENGTH = 7
const LINE = 8
const CAPITAL = 9
/**
 * Field of a token's lexical entry: a number that identifies the token's text-determined
 * attributes (form, shape, dictionary class, suffix, length); never reused within an encoder.
 */
export const LEXICAL_FIELD = 10
/**
 * Field of the token's other own attributes as one small number: case class, rule type, line
 * start, capital, glue. With {@link LEXICAL_FIELD} and the next token's glue it determines
 * every feature of {@link OWN_TEMPLATES}.
 */
export const OWN_FIELD = 11
/** The attribute id of every field of a position before the first or after the last token. */
const EDGE = 0xfffe

/** What a token's own letters and lists say: the same for every occurrence of its text. */
interface Lexical {
  id: number
  kind: Token['kind']
  base: string
  english: boolean
  clinical: boolean
  firstNameRank: number
  surnameRank: number
  form: number
  shape: number
  dict: number
  suffix: number
  length: number
  /** 0 not a word, 1 all capitals, 2 capitalized, 3 lower case. */
  caseLetter: number
}

const CASE_LETTERS = ['n', 'A', 'C', 'l'] as const
const STYLES: readonly CaseStyle[] = ['upper', 'lower', 'mixed']

/** Bound of the per-text cache; past it the cache starts again (memory stays flat). */
const LEXICAL_CACHE_LIMIT = 100_000

/**
 * Encodes a note's tokens as attribute ids, `FIELDS` per token in one `Int32Array`. What
 * depends only on a token's text (form, shape, dictionary class, suffix, length) is cached per
 * text, so a repeated word costs one map lookup and no string building; the cache entry is
 * used only when the token's dictionary facts match the ones it was computed from.
 */
export class AttributeEncoder {
  private readonly lexicon = new Map<string, Lexical>()
  /** `caseLetter * 3 + style` to id; -1 until first needed. */
  private readonly caseIds = new Int32Array(12).fill(-1)
  /** `g:0 g:1 b:0 b:1 k:0 k:1` to id; -1 until first needed. */
  private readonly flagIds = new Int32Array(6).fill(-1)
  /** Rule type to `[id, slot]`: the slot numbers rule types from 0 for {@link OWN_FIELD}. */
  private readonly ruleIds = new Map<string, [number, number]>()
  /** Shape (`Xxx`) to the id of `s:Xxx`. */
  private readonly shapeIds = new Map<string, number>()
  /** Suffix (or `-`) to the id of `x:...`. */
  private readonly suffixIds = new Map<string, number>()
  /** Dictionary class slot (see `dictId`) to id; -1 until first needed. */
  private readonly dictIds = new Int32Array(DICT_KINDS.length + 128).fill(-1)
  /** Length 0-8 to the id of `l:...`; -1 until first needed. */
  private readonly lengthIds = new Int32Array(9).fill(-1)
  private lexicalCount = 0

  constructor(private readonly context: AttributeContext) {}

  private lexical(token: Token): Lexical {
    const known = this.lexicon.get(token.text)
    if (
      known !== undefined &&
      known.kind === token.kind &&
      known.base === token.base &&
      known.english === token.english &&
      known.clinical === token.clinical &&
      known.firstNameRank === token.firstNameRank &&
      known.surnameRank === token.surnameRank
    )
      return known
    const { table, vocabulary } = this.context
    const form = formOf(token, vocabulary)
    const word = token.kind === 'word'
    this.lexicalCount += 1
    const entry: Lexical = {
      id: this.lexicalCount,
      kind: token.kind,
      base: token.base,
      english: token.english,
      clinical: token.clinical,
      firstNameRank: token.firstNameRank,
      surnameRank: token.surnameRank,
      form: table.id(form),
      shape: this.cachedId(this.shapeIds, shapeOf(token.text), 's:'),
      dict: this.dictId(token),
      suffix: this.cachedId(this.suffixIds, form === 'UNK' ? token.base.slice(-3) : '-', 'x:'),
      length: this.lengthId(Math.min(token.text.length, 8)),
      caseLetter: !word ? 0 : token.allCaps ? 1 : token.capitalized ? 2 : 3,
    }
    if (this.lexicon.size >= LEXICAL_CACHE_LIMIT) this.lexicon.clear()
    this.lexicon.set(token.text, entry)
    return entry
  }

  /** The id of `prefix + value`, remembered per value (no string built for a known value). */
  private cachedId(ids: Map<string, number>, value: string, prefix: string): number {
    let id = ids.get(value)
    if (id === undefined) {
      id = this.context.table.id(prefix + value)
      if (ids.size >= LEXICAL_CACHE_LIMIT) ids.clear()
      ids.set(value, id)
    }
    return id
  }

  /**
   * The id of a token's dictionary class `d:...`: name-rank buckets, English, clinical and city
   * flags for a word, its kind otherwise; remembered per class.
   */
  private dictId(token: Token): number {
    let slot = DICT_KINDS.indexOf(token.kind)
    if (token.kind === 'word') {
      const { cities } = this.context.dictionaries
      slot =
        (((bucketIndex(token.firstNameRank, 300, 3000) * 4 +
          bucketIndex(token.surnameRank, 2000, 20000)) *
          2 +
          (token.english ? 1 : 0)) *
          2 +
          (token.clinical ? 1 : 0)) *
          2 +
        (cities.has(token.base) ? 1 : 0) +
        DICT_KINDS.length
    }
    let id = this.dictIds[slot] as number
    if (id < 0) {
      const word = slot - DICT_KINDS.length
      const value =
        word < 0
          ? token.kind
          : `${BUCKETS[word >> 5]}${BUCKETS[(word >> 3) & 3]}${word & 4 ? 'e' : ''}${word & 2 ? 'c' : ''}${word & 1 ? 'p' : ''}`
      id = this.context.table.id(`d:${value}`)
      this.dictIds[slot] = id
    }
    return id
  }

  private lengthId(length: number): number {
    let id = this.lengthIds[length] as number
    if (id < 0) {
      id = this.context.table.id(`l:${length}`)
      this.lengthIds[length] = id
    }
    return id
  }

  private caseId(caseLetter: number, style: number): number {
    const slot = caseLetter * 3 + style
    let id = this.caseIds[slot] as number
    if (id < 0) {
      id = this.context.table.id(`c:${CASE_LETTERS[caseLetter]}${STYLES[style]}`)
      this.caseIds[slot] = id
    }
    return id
  }

  private flagId(slot: number): number {
    let id = this.flagIds[slot] as number
    if (id < 0) {
      id = this.context.table.id(`${'gbk'[slot >> 1]}:${slot & 1}`)
      this.flagIds[slot] = id
    }
    return id
  }

  private ruleId(type: string): [number, number] {
    let id = this.ruleIds.get(type)
    if (id === undefined) {
      id = [this.context.table.id(`r:${type}`), this.ruleIds.size]
      this.ruleIds.set(type, id)
    }
    return id
  }

  /** Grow-only buffer behind the arrays {@link encode} returns. */
  private buffer = new Int32Array(0)

  /**
   * The attributes of every token of a note: token `i`'s field `f` at `i * FIELDS + f`.
   * `ruleTypes` holds the rule type per token (see {@link ruleTypesOf}); empty means none.
   * The array is a view of a buffer the next call overwrites: use it before encoding again.
   */
  encode(tokens: readonly Token[], style: CaseStyle, ruleTypes: readonly string[]): Int32Array {
    const styleIndex = STYLES.indexOf(style)
    if (this.buffer.length < tokens.length * FIELDS)
      this.buffer = new Int32Array(Math.max(tokens.length * FIELDS, this.buffer.length * 2))
    const attributes = this.buffer.subarray(0, tokens.length * FIELDS)
    let previous: Token | undefined
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index] as Token
      const lexical = this.lexical(token)
      const at = index * FIELDS
      const caseSlot = lexical.caseLetter * 3 + styleIndex
      const [rule, ruleSlot] = this.ruleId(ruleTypes[index] ?? '-')
      const glue = previous !== undefined && previous.end === token.start ? 1 : 0
      const line = token.lineStart ? 1 : 0
      const capital = capitalSignal(tokens, index, style) ? 1 : 0
      attributes[at + FORM] = lexical.form
      attributes[at + SHAPE] = lexical.shape
      attributes[at + DICT] = lexical.dict
      attributes[at + CASE] = this.caseId(lexical.caseLetter, styleIndex)
      attributes[at + SUFFIX] = lexical.suffix
      attributes[at + RULE] = rule
      attributes[at + GLUE] = this.flagId(glue)
      attributes[at + LENGTH] = lexical.length
      attributes[at + LINE] = this.flagId(2 + line)
      attributes[at + CAPITAL] = this.flagId(4 + capital)
      attributes[at + LEXICAL_FIELD] = lexical.id
      // below 2^31 while rule types stay under 2^22
      attributes[at + OWN_FIELD] =
        (((ruleSlot * 12 + caseSlot) * 2 + glue) * 2 + line) * 2 + capital
      previous = token
    }
    return attributes
  }
}

/** Feature templates (the bias included); each token has one feature per template. */
export const TEMPLATES = 31

/**
 * Templates over the token's own attributes and the next token's glue only: equal for every
 * token with the same {@link LEXICAL_FIELD}, {@link OWN_FIELD} and next glue.
 */
export const OWN_TEMPLATES: readonly number[] = [0, 1, 10, 12, 13, 14, 15, 16, 18, 23, 24, 26, 27]

/** The other templates (over the neighbours' attributes). */
export const CONTEXT_TEMPLATES: readonly number[] = Array.from(
  { length: TEMPLATES },
  (_, template) => template,
).filter((template) => !OWN_TEMPLATES.includes(template))

const B16 = 0x10000
const B32 = B16 * B16
const B48 = B32 * B16

/**
 * The saved form of a feature (template and up to three attribute ids in one integer below
 * 2^53) from its two 32-bit halves `high = template << 16 | a` and `low = b << 16 | c`.
 */
export function featureKey(high: number, low: number): number {
  return (high >>> 16) * B48 + (high & 0xffff) * B32 + (low >>> 16) * B16 + (low & 0xffff)
}

/** The two 32-bit halves of a saved feature key (see {@link featureKey}). */
export function featureHalves(key: number): [high: number, low: number] {
  const template = Math.floor(key / B48)
  const a = Math.floor((key - template * B48) / B32)
  const low = key - template * B48 - a * B32
  return [(template << 16) | a | 0, (Math.floor(low / B16) << 16) | (low % B16) | 0]
}

/**
 * Writes the features of token `index` into `out` as `TEMPLATES` pairs of 32-bit halves
 * (`out[2t]`, `out[2t + 1]`): templates over the token and its two neighbours on each side.
 * No allocation: the tagger calls it once per token.
 */
export function featureCodes(
  attributes: Int32Array,
  count: number,
  index: number,
  out: Int32Array,
): void {
  // no closures here: this runs once per token
  const h = index * FIELDS
  const hasP1 = index >= 1
  const hasN1 = index + 1 < count
  const p1 = h - FIELDS
  const n1 = h + FIELDS
  const form = attributes[h + FORM] as number
  const shape = attributes[h + SHAPE] as number
  const dict = attributes[h + DICT] as number
  const caseClass = attributes[h + CASE] as number
  const rule = attributes[h + RULE] as number
  const capital = attributes[h + CAPITAL] as number
  const p1Form = hasP1 ? (attributes[p1 + FORM] as number) : EDGE
  const p1Shape = hasP1 ? (attributes[p1 + SHAPE] as number) : EDGE
  const p1Dict = hasP1 ? (attributes[p1 + DICT] as number) : EDGE
  const p1Case = hasP1 ? (attributes[p1 + CASE] as number) : EDGE
  const p1Rule = hasP1 ? (attributes[p1 + RULE] as number) : EDGE
  const n1Form = hasN1 ? (attributes[n1 + FORM] as number) : EDGE
  const n1Shape = hasN1 ? (attributes[n1 + SHAPE] as number) : EDGE
  const n1Dict = hasN1 ? (attributes[n1 + DICT] as number) : EDGE
  const n1Case = hasN1 ? (attributes[n1 + CASE] as number) : EDGE
  const n1Rule = hasN1 ? (attributes[n1 + RULE] as number) : EDGE
  const n1Glue = hasN1 ? (attributes[n1 + GLUE] as number) : EDGE
  const p2Form = index >= 2 ? (attributes[h - 2 * FIELDS + FORM] as number) : EDGE
  const n2Form = index + 2 < count ? (attributes[h + 2 * FIELDS + FORM] as number) : EDGE
  // feature t: out[2t] = t << 16 | a, out[2t + 1] = b << 16 | c
  out[0] = 0
  out[1] = 0
  out[2] = (1 << 16) | form
  out[3] = 0
  out[4] = (2 << 16) | p1Form
  out[5] = 0
  out[6] = (3 << 16) | n1Form
  out[7] = 0
  out[8] = (4 << 16) | p2Form
  out[9] = 0
  out[10] = (5 << 16) | n2Form
  out[11] = 0
  out[12] = (6 << 16) | p1Form
  out[13] = form << 16
  out[14] = (7 << 16) | form
  out[15] = n1Form << 16
  out[16] = (8 << 16) | p2Form
  out[17] = p1Form << 16
  out[18] = (9 << 16) | n1Form
  out[19] = n2Form << 16
  out[20] = (10 << 16) | shape
  out[21] = 0
  out[22] = (11 << 16) | p1Shape
  out[23] = (shape << 16) | n1Shape
  out[24] = (12 << 16) | shape
  out[25] = ((attributes[h + GLUE] as number) << 16) | n1Glue
  out[26] = (13 << 16) | dict
  out[27] = caseClass << 16
  out[28] = (14 << 16) | caseClass
  out[29] = capital << 16
  out[30] = (15 << 16) | (attributes[h + SUFFIX] as number)
  out[31] = 0
  out[32] = (16 << 16) | rule
  out[33] = 0
  out[34] = (17 << 16) | p1Rule
  out[35] = (rule << 16) | n1Rule
  out[36] = (18 << 16) | (attributes[h + LINE] as number)
  out[37] = shape << 16
  out[38] = (19 << 16) | p1Form
  out[39] = shape << 16
  out[40] = (20 << 16) | shape
  out[41] = n1Form << 16
  out[42] = (21 << 16) | dict
  out[43] = p1Form << 16
  out[44] = (22 << 16) | dict
  out[45] = n1Form << 16
  out[46] = (23 << 16) | dict
  out[47] = (capital << 16) | caseClass
  out[48] = (24 << 16) | (attributes[h + LENGTH] as number)
  out[49] = caseClass << 16
  out[50] = (25 << 16) | p1Dict
  out[51] = (dict << 16) | n1Dict
  out[52] = (26 << 16) | rule
  out[53] = form << 16
  out[54] = (27 << 16) | rule
  out[55] = dict << 16
  out[56] = (28 << 16) | p1Case
  out[57] = (caseClass << 16) | n1Case
  out[58] = (29 << 16) | p2Form
  out[59] = shape << 16
  out[60] = (30 << 16) | shape
  out[61] = n2Form << 16
}
