/**
 * The consistency gate: a sentence (or paragraph) is read back into triples and compared with the
 * triples it was written from. It is rejected when it drops a triple or names an entity that is not
 * in its input, and when it fails the fluency and domain filters (length, repetition, language of
 * the wording around the entity names, in-domain vocabulary).
 */
import type { ChatModel } from '../llm/index.js'
import { type ParsedTriple, parseText } from './parse-text.js'
import { canonicalPredicate, type Language } from './predicates.js'
import { displayEntity, entityKey } from './surface.js'
import type { Triple } from './triples.js'

/** Why a text was rejected. */
export type RejectionReason =
  | 'dropped_triple'
  | 'unsupported_entity'
  | 'too_short'
  | 'too_long'
  | 'repetition'
  | 'wrong_language'
  | 'out_of_domain'

/** The gate's verdict on one text. */
export interface ConsistencyResult {
  ok: boolean
  reasons: RejectionReason[]
  /** Input triples read back, over input triples. */
  recall: number
  /** Read-back triples that are in the input, over read-back triples (1 when none were read). */
  precision: number
  parsed: ParsedTriple[]
  dropped: Triple[]
  unsupportedEntities: string[]
}

/** Options of {@link checkConsistency}. */
export interface CheckConsistencyOptions {
  text: string
  triples: readonly Triple[]
  language: Language
  /**
   * Parsed triples to use instead of the template inverse (for example a model's reading of a
   * free-form rewrite, see {@link parseWithModel}).
   */
  parsed?: readonly ParsedTriple[]
}

/** Words that mark medical text in either language (a text naming none of its entities needs one). */
const DOMAIN_CUES =
  /\b(disease|disorder|syndrome|symptom|treat|therapy|drug|dose|patient|clinical|diagnos|infection|tumou?r|cancer|gene|cell|tissue|code|icd|medline|omim|orphanet|drugbank)|病|症|药|治疗|患者|临床|诊断|感染|肿瘤|基因|细胞|组织|编码/i

const HAN = /\p{Script=Han}/gu
const LATIN = /[A-Za-z]/g
const TOKENS = /\p{Script=Han}|[\p{L}\p{N}]+/gu

function tripleKey(subject: string, predicate: string, object: string): string {
  return `${entityKey(subject)}\u0000${canonicalPredicate(predicate)}\u0000${entityKey(object)}`
}

/** The text with every input entity name (and alias) removed: what the template or model wrote. */
function skeleton(text: string, triples: readonly Triple[]): string {
  const names = new Set<string>()
  for (const triple of triples) {
    for (const name of [
      triple.subject,
      triple.object,
      ...(triple.subjectAliases ?? []),
      ...(triple.objectAliases ?? []),
    ]) {
      const display = displayEntity(name)
      if (display !== '') names.add(display)
    }
  }
  let rest = text
  for (const name of [...names].sort((left, right) => right.length - left.length)) {
    rest = rest.split(name).join(' ')
    const capitalized = `${name.charAt(0).toUpperCase()}${name.slice(1)}`
    rest = rest.split(capitalized).join(' ')
  }
  return rest
}

function fluencyReasons(
  text: string,
  triples: readonly Triple[],
  language: Language,
): RejectionReason[] {
  const reasons: RejectionReason[] = []
  const trimmed = text.trim()
  if (trimmed.length < (language === 'zh' ? 4 : 10)) reasons.push('too_short')
  const limit = 400 * Math.max(1, triples.length)
  if (trimmed.length > limit) reasons.push('too_long')
  // Repetition is judged on the wording around the entity names (lists of similar names are fine),
  // with single Han characters and whole Latin words as tokens (punctuation left out).
  const wording = skeleton(trimmed, triples)
  const words = wording.match(TOKENS) ?? []
  const windows = language === 'zh' ? [3, 4] : [2, 3]
  const repeated = windows.some((window) => {
    for (let index = 0; index + 2 * window <= words.length; index++) {
      const first = words.slice(index, index + window).join(' ')
      if (first === words.slice(index + window, index + 2 * window).join(' ')) return true
    }
    return false
  })
  if (repeated) reasons.push('repetition')
  const han = wording.match(HAN)?.length ?? 0
  const latin = wording.match(LATIN)?.length ?? 0
  // Code-system names (ICD-10-CM, DrugBank) are Latin inside Chinese wording, so Han need only
  // be a third of the Latin letters.
  if (language === 'zh' && (han < 2 || han * 3 < latin)) reasons.push('wrong_language')
  if (language === 'en' && (han > 0 || latin < 3)) reasons.push('wrong_language')
  const mentionsInput = triples.some((triple) =>
    trimmed.toLowerCase().includes(displayEntity(triple.subject).toLowerCase()),
  )
  if (!mentionsInput && !DOMAIN_CUES.test(trimmed)) reasons.push('out_of_domain')
  return reasons
}

/**
 * Checks one text against the triples it should state.
 *
 * @example
 * checkConsistency({ text: 'Aspirin is used to treat pain.', triples: [{ id: '1', subject: 'Aspirin', predicate: 'treats', object: 'pain' }], language: 'en' }).ok // true
 */
export function checkConsistency(options: CheckConsistencyOptions): ConsistencyResult {
  const parsed: ParsedTriple[] =
    options.parsed !== undefined
      ? [...options.parsed]
      : parseText(options.text, options.language).flatMap((sentence) => sentence.triples)
  const parsedKeys = new Set(
    parsed.map((triple) => tripleKey(triple.subject, triple.predicate, triple.object)),
  )
  const inputKeys = new Set(
    options.triples.map((triple) => tripleKey(triple.subject, triple.predicate, triple.object)),
  )
  const dropped = options.triples.filter(
    (triple) => !parsedKeys.has(tripleKey(triple.subject, triple.predicate, triple.object)),
  )
  const entities = new Set<string>()
  for (const triple of options.triples) {
    entities.add(entityKey(triple.subject))
    entities.add(entityKey(triple.object))
    for (const alias of [...(triple.subjectAliases ?? []), ...(triple.objectAliases ?? [])]) {
      entities.add(entityKey(alias))
    }
  }
  const unsupported = new Set<string>()
  for (const triple of parsed) {
    for (const name of [triple.subject, triple.object]) {
      if (!entities.has(entityKey(name))) unsupported.add(name)
    }
  }
  const reasons: RejectionReason[] = []
  if (dropped.length > 0) reasons.push('dropped_triple')
  if (unsupported.size > 0) reasons.push('unsupported_entity')
  reasons.push(...fluencyReasons(options.text, options.triples, options.language))
  const supported = parsed.filter((triple) =>
    inputKeys.has(tripleKey(triple.subject, triple.predicate, triple.object)),
  ).length
  return {
    ok: reasons.length === 0,
    reasons,
    recall:
      options.triples.length === 0
        ? 1
        : (options.triples.length - dropped.length) / options.triples.length,
    precision: parsed.length === 0 ? 1 : supported / parsed.length,
    parsed,
    dropped,
    unsupportedEntities: [...unsupported],
  }
}

/**
 * Reads a free-form text back into triples with a model (for rewrites that no template inverse can
 * read). The reply is untrusted: only lines of the form `subject | predicate | object` are kept.
 */
export async function parseWithModel(options: {
  model: ChatModel
  text: string
  predicates: readonly string[]
  signal?: AbortSignal
}): Promise<ParsedTriple[]> {
  const result = await options.model.chat({
    messages: [
      {
        role: 'system',
        content:
          'Extract every fact stated in the text as triples, one per line, as: subject | predicate | object. Use only these predicates: ' +
          `${options.predicates.join(', ')}. Copy entity names exactly as written. Output nothing else.`,
      },
      { role: 'user', content: options.text },
    ],
    temperature: 0,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })
  const triples: ParsedTriple[] = []
  const reply = result.choices[0]?.text ?? ''
  for (const line of reply.split('\n')) {
    const parts = line
      .replace(/^[-*\d.)\s]+/, '')
      .split('|')
      .map((part) => part.trim())
    if (parts.length !== 3 || parts.some((part) => part === '')) continue
    triples.push({
      subject: parts[0] as string,
      predicate: parts[1] as string,
      object: parts[2] as string,
    })
  }
  return triples
}
