/**
 * The tagger's scoring as it was before the fast path (`tagger-scorer.ts`), kept frozen as the
 * reference the equivalence test compares with: attributes as objects, features as one 53-bit
 * number each in a `Map`, floating-point emission sums in template order, Viterbi over a step
 * matrix. Test support only; slow on purpose (it is the plain reading of the model).
 */
import {
  CREDENTIALS,
  capitalSignal,
  PERSON_FOLLOWERS,
  PERSON_VERBS,
  RELATIONS,
  TITLES,
} from '../context.js'
import type { DeidDictionaries } from '../dictionaries.js'
import type { SavedTagger } from '../tagger.js'
import { AttributeTable, knownForm, ruleTypesOf } from '../tagger-features.js'
import { type CaseStyle, caseStyle, type Token } from '../tokens.js'
import type { PhiSpan, PhiType } from '../types.js'

interface AttributeContext {
  table: AttributeTable
  vocabulary: ReadonlySet<string>
  dictionaries: DeidDictionaries
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

function allowed(labels: readonly string[], previous: number, next: number): boolean {
  const label = labels[next] ?? 'O'
  if (!label.startsWith('I-')) return true
  if (previous < 0) return false
  const before = labels[previous] ?? 'O'
  return before !== 'O' && before.slice(2) === label.slice(2)
}


/** Labels every token of a note with the saved model the way the tagger did before. */
export function referenceTag(
  saved: SavedTagger,
  options: {
    tokens: readonly Token[]
    ruleSpans: readonly PhiSpan[]
    bias?: number
    dictionaries: DeidDictionaries
  },
): PhiSpan[] {
  const { tokens } = options
  const table = new AttributeTable(saved.attributes)
  table.frozen = true
  const attributes = tokenAttributes(
    tokens,
    caseStyle(tokens),
    saved.ruleFeatures ? ruleTypesOf(tokens, options.ruleSpans) : [],
    { table, vocabulary: new Set(saved.vocabulary), dictionaries: options.dictionaries },
  )
  const rowOf = new Map(saved.features.map((key, row) => [key, row]))
  const rows = tokens.map((_, at) =>
    featureKeys(attributes, at)
      .map((key) => rowOf.get(key) ?? -1)
      .filter((row) => row >= 0),
  )
  const labels = saved.labels
  const size = labels.length
  const steps = new Uint8Array((size + 1) * size)
  for (let from = 0; from <= size; from += 1)
    for (let to = 0; to < size; to += 1)
      steps[from * size + to] = allowed(labels, from === size ? -1 : from, to) ? 1 : 0
  const path = decode(rows, options.bias ?? 0, {
    labels,
    weights: Float64Array.from(saved.weights),
    transitions: Float64Array.from(saved.transitions),
    steps,
  })
  return spansOf(tokens, labels, path)
}

function decode(
  rowsPerToken: readonly (readonly number[])[],
  bias: number,
  model: { labels: readonly string[]; weights: Float64Array; transitions: Float64Array; steps: Uint8Array },
): Int32Array {
  const size = model.labels.length
  const count = rowsPerToken.length
  const path = new Int32Array(count)
  if (count === 0) return path
  // locals, not `this.`, in the hot loops
  const weights = model.weights
  const transitions = model.transitions
  const steps = model.steps
  const score = new Float64Array(count * size)
  const back = new Int32Array(count * size)
  const emission = new Float64Array(size)
  for (let at = 0; at < count; at += 1) {
    emission.fill(0)
    const rows = rowsPerToken[at] as readonly number[]
    for (let index = 0; index < rows.length; index += 1) {
      const offset = (rows[index] as number) * size
      for (let label = 0; label < size; label += 1)
        emission[label] = (emission[label] as number) + (weights[offset + label] as number)
    }
    for (let label = 1; label < size; label += 1)
      emission[label] = (emission[label] as number) + bias
    const previous = (at - 1) * size
    for (let label = 0; label < size; label += 1) {
      let best = Number.NEGATIVE_INFINITY
      let bestFrom = 0
      if (at === 0) {
        if (steps[size * size + label] === 1) best = transitions[size * size + label] as number
      } else {
        for (let from = 0; from < size; from += 1) {
          if (steps[from * size + label] !== 1) continue
          const value =
            (score[previous + from] as number) + (transitions[from * size + label] as number)
          if (value > best) {
            best = value
            bestFrom = from
          }
        }
      }
      score[at * size + label] = best + (emission[label] as number)
      back[at * size + label] = bestFrom
    }
  }
  let best = 0
  const last = (count - 1) * size
  for (let label = 1; label < size; label += 1)
    if ((score[last + label] as number) > (score[last + best] as number)) best = label
  for (let at = count - 1; at >= 0; at -= 1) {
    path[at] = best
    best = back[at * size + best] as number
  }
  return path
}

/** Turns a label path into spans (a name's possessive "'s" stays outside). */
function spansOf(tokens: readonly Token[], labels: readonly string[], path: Int32Array): PhiSpan[] {
  const spans: PhiSpan[] = []
  let open: PhiSpan | undefined
  for (let at = 0; at < tokens.length; at += 1) {
    const label = labels[path[at] ?? 0] ?? 'O'
    const token = tokens[at] as Token
    if (label === 'O') {
      open = undefined
      continue
    }
    const type = label.slice(2) as PhiType
    if (label.startsWith('I-') && open !== undefined && open.type === type) {
      open.end = token.end
      continue
    }
    open = { start: token.start, end: token.end, type, confidence: 0.7, source: 'tagger' }
    spans.push(open)
  }
  for (const span of spans) {
    const last = tokens.find((token) => token.end === span.end)
    if (
      span.type === 'NAME' &&
      last !== undefined &&
      last.lower.endsWith("'s") &&
      last.text.length > 2
    )
      span.end -= 2
  }
  return spans
}

