/**
 * Rules and the learned tagger together, under a policy:
 * - `balanced`: the union of the rules and the tagger (the tagger's hits made only of clinical
 *   vocabulary are dropped);
 * - `recall` (Philter's idea): as `balanced` with the tagger leaning towards PHI, and then every
 *   word that is not known to be safe (an English or clinical word, a cue word) is treated as
 *   PHI. Precision falls; what leaks is what a reader would take for an ordinary word.
 */
import { InputError } from '../errors.js'
import {
  CREDENTIALS,
  capitalSignal,
  FUNCTION_WORDS,
  RELATIONS,
  STATES,
  STOP_WORDS,
  TITLES,
} from './context.js'
import {
  detectWithRules,
  mergeSpans,
  type RuleDetectOptions,
  rulePass,
  TAG_PATTERN,
} from './detect.js'
import { type DeidDictionaries, loadDictionaries } from './dictionaries.js'
import { detectPaddedDays } from './general-rules.js'
import type { DeidTagger } from './tagger.js'
import { knownForm } from './tagger-features.js'
import { type caseStyle, isMisspelt, type Token } from './tokens.js'
import type { PhiSpan } from './types.js'

/** How eagerly text is treated as PHI. */
export type DeidPolicy = 'balanced' | 'recall'

/** The policies, for usage messages. */
export const DEID_POLICIES: readonly DeidPolicy[] = ['balanced', 'recall']

/** Checks a policy name from untrusted input. @throws InputError naming the value */
export function parseDeidPolicy(value: unknown): DeidPolicy {
  if (value === 'balanced' || value === 'recall') return value
  throw new InputError(`deid: unknown policy "${String(value)}" (expected balanced or recall)`, {
    field: 'policy',
    value,
  })
}

/** Score added to the tagger's PHI labels under each policy. */
const TAGGER_BIAS: Record<DeidPolicy, number> = { balanced: 0, recall: 4 }

/** Options of {@link detectWithPolicy}. */
export interface PolicyDetectOptions extends RuleDetectOptions {
  tagger?: DeidTagger
  /** Default `balanced`. */
  policy?: DeidPolicy
}

const MONTH =
  /^(?:jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)$/

/** The index of the first token ending after `offset` (binary search; `tokens.length` if none). */
function firstTokenEndingAfter(tokens: readonly Token[], offset: number): number {
  let low = 0
  let high = tokens.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((tokens[middle] as Token).end <= offset) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * Whether a span of the tagger that no rule found has evidence of its own (the
 * clinical-vocabulary check under the `balanced` policy): a date, phone, age or number needs a
 * digit or a month; a name or place needs a word that is no English or clinical word, or a
 * listed name, or a proper noun's capital in mixed-case text. Spans of ordinary vocabulary
 * ("cont", "plan per team") are dropped.
 */
function taggerEvidence(
  tokens: readonly Token[],
  span: PhiSpan,
  style: ReturnType<typeof caseStyle>,
  policy: DeidPolicy,
): boolean {
  const place = span.type === 'NAME' || span.type === 'LOCATION' || span.type === 'HOSPITAL'
  let digits = 0
  // the tokens overlapping the span, in order (tokens are sorted and never overlap)
  for (let index = firstTokenEndingAfter(tokens, span.start); index < tokens.length; index += 1) {
    const token = tokens[index] as Token
    if (token.start >= span.end) break
    if (token.kind === 'number') {
      digits += token.text.length
      // a year, or a number of a phone, record or age; numeric day/month pairs are the date
      // rules' call, as they know the look-alikes (ventilator settings, scores)
      if (span.type === 'DATE' && /^(?:19|20)\d\d$/.test(token.text)) return true
      if (span.type === 'AGE' && Number(token.text) >= 90) return true
      continue
    }
    if (token.kind !== 'word') continue
    const listed = token.firstNameRank > 0 || token.surnameRank > 0
    // cue words and clinical vocabulary never carry a span, under any policy
    if (
      STOP_WORDS.has(token.base) ||
      TITLES.has(token.base) ||
      CREDENTIALS.has(token.base) ||
      RELATIONS.has(token.base) ||
      (token.clinical && !listed)
    )
      continue
    if (!place) {
      if (MONTH.test(token.base)) return true
      continue
    }
    if (policy === 'recall') return true
    if (isMisspelt(token) && !capitalSignal(tokens, index, style)) continue
    if (!token.english || capitalSignal(tokens, index, style)) return true
    if (listed && style !== 'mixed') return true
  }
  return (span.type === 'PHONE' || span.type === 'ID') && digits >= 4
}

const NO_WORDS: ReadonlySet<string> = new Set()

/**
 * Whether a word is known to be safe under the recall policy: an English or clinical word (a
 * listed name too, unless a capital mid-sentence in mixed-case text marks it as a proper
 * noun), a state, a word the tagger learned as common and never PHI in its training notes,
 * a word built like clinical vocabulary, or a misspelt word without a proper noun's capital.
 */
function safeWord(
  tokens: readonly Token[],
  index: number,
  style: ReturnType<typeof caseStyle>,
  safeWords: ReadonlySet<string> | undefined,
): boolean {
  const token = tokens[index] as Token
  if (token.base.length < 2) return true
  if (FUNCTION_WORDS.has(token.base) || STOP_WORDS.has(token.base) || STATES.has(token.base))
    return true
  const listedName = token.firstNameRank > 0 || token.surnameRank > 0
  if (listedName && capitalSignal(tokens, index, style)) return false
  if (knownForm(token, NO_WORDS)) return true
  if (safeWords?.has(token.base)) return true
  if (listedName) return false
  // clinical word-building ("diuresis", "hypoactive", "tachypneic") and misspelt words
  // ("recieved", "extremeties") are no names
  if (token.base.length >= 6 && CLINICAL_MORPHOLOGY.test(token.base)) return true
  return isMisspelt(token) && !capitalSignal(tokens, index, style)
}

/**
 * Greek and Latin pieces of clinical words; a word of 6+ letters built with one and in no name
 * list reads as clinical vocabulary.
 */
const CLINICAL_MORPHOLOGY =
  /^(?:hyper|hypo|tachy|brady|dys|an[ae]|peri|endo|epi|intra|inter|extra|sub|supra|trans|post|pre|re|non|un|de|hemo|haemo|cardio|pulmo|pneumo|gastro|hepato|nephro|neuro|osteo|arthro|angio|broncho|cysto|dermato|encephalo|entero|laryngo|myo|oto|pharyngo|rhino|thoraco|tracheo|uro|vaso|veno|electro|echo|ultra)|(?:emia|aemia|pnea|pnoea|cardia|itis|osis|ectomy|otomy|ostomy|scopy|plasty|gram|graphy|algia|uria|penia|cytosis|megaly|plegia|paresis|trophy|lysis|genic|tropic|ous|ive|ated|ating|ation|ing|ed|ic|al|ary|able|ment|ness|ity|ize|ise|ized|ised|esis|iasis|oma|omas)$/

/**
 * Finds PHI with the rules, the tagger (when given) and the policy.
 */
export function detectWithPolicy(text: string, options: PolicyDetectOptions = {}): PhiSpan[] {
  const dictionaries: DeidDictionaries = options.dictionaries ?? loadDictionaries()
  const policy = options.policy ?? 'balanced'
  if (options.tagger === undefined && policy === 'balanced')
    return detectWithRules(text, { ...options, dictionaries })
  // the rules' tokens are the tokens of the text: tokenised once
  const { spans: ruleSpans, tokens, style } = rulePass(text, { ...options, dictionaries })
  const spans = [...ruleSpans]
  if (options.tagger !== undefined) {
    for (const span of options.tagger.tag({
      tokens,
      style,
      ruleSpans,
      bias: TAGGER_BIAS[policy],
    })) {
      const ruled = ruleSpans.some((rule) => rule.start < span.end && rule.end > span.start)
      if (ruled || taggerEvidence(tokens, span, style, policy)) spans.push(span)
    }
  }
  if (policy === 'recall') {
    spans.push(...detectPaddedDays(tokens))
    const safeWords = options.tagger?.safeWords
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index] as Token
      if (token.kind !== 'word' || safeWord(tokens, index, style, safeWords)) continue
      spans.push({
        start: token.start,
        end: token.end,
        type: 'NAME',
        confidence: 0.3,
        source: 'policy-unknown',
      })
    }
  }
  const tags: Array<[number, number]> = []
  for (const match of text.matchAll(TAG_PATTERN))
    tags.push([match.index, match.index + match[0].length])
  const minimum = options.minConfidence ?? 0
  const types = options.types === undefined ? undefined : new Set(options.types)
  return mergeSpans(
    spans.filter(
      (span) =>
        span.confidence >= minimum &&
        (types === undefined || types.has(span.type)) &&
        !tags.some(([start, end]) => span.start < end && span.end > start),
    ),
  )
}
