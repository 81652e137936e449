/**
 * Rewriting a text once its PHI is known: type tags (`[NAME]`), surrogates, or the text as is
 * with its spans.
 */
import { InputError } from '../errors.js'
import { detectWithRules, mergeSpans, type RuleDetectOptions } from './detect.js'
import { type DeidDictionaries, loadDictionaries } from './dictionaries.js'
import { createSurrogateMaker, dateShiftDays } from './surrogates.js'
import type { PhiSpan, RedactMode, RedactOptions, RedactResult } from './types.js'
import { chineseTag, isChineseText } from './zh/tags-zh.js'

const MODES: readonly RedactMode[] = ['tags', 'surrogate', 'spans']

/** Checks a mode name from untrusted input. @throws InputError naming the value */
export function parseRedactMode(value: unknown): RedactMode {
  if (typeof value === 'string' && (MODES as readonly string[]).includes(value))
    return value as RedactMode
  throw new InputError(
    `deid: unknown mode "${String(value)}" (expected tags, surrogate or spans)`,
    {
      field: 'mode',
      value,
    },
  )
}

/**
 * Writes the redacted text for known spans (offsets into `text`, any order, overlaps allowed).
 */
export function renderRedaction(
  text: string,
  spans: readonly PhiSpan[],
  options: {
    mode?: RedactMode
    seed?: string
    patientId?: string
    dictionaries?: DeidDictionaries
  } = {},
): RedactResult {
  const mode = options.mode ?? 'tags'
  const merged = mergeSpans(
    spans.filter((span) => span.start >= 0 && span.end <= text.length && span.end > span.start),
  )
  if (mode === 'spans') return { text, spans: merged }
  const seed = options.seed ?? 'galen'
  const patientId = options.patientId ?? ''
  const maker =
    mode === 'surrogate'
      ? createSurrogateMaker({
          seed,
          patientId,
          dictionaries: options.dictionaries ?? loadDictionaries(),
        })
      : undefined
  // Chinese text gets Chinese tags ([姓名], [住院号]); see zh/tags-zh.ts.
  const chinese = maker === undefined && isChineseText(text)
  const pieces: string[] = []
  let cursor = 0
  for (const span of merged) {
    pieces.push(text.slice(cursor, span.start))
    const original = text.slice(span.start, span.end)
    const tag = chinese ? chineseTag(span) : `[${span.type}]`
    pieces.push(maker === undefined ? tag : maker.surrogate(span, original))
    cursor = span.end
  }
  pieces.push(text.slice(cursor))
  const result: RedactResult = { text: pieces.join(''), spans: merged }
  if (mode === 'surrogate') result.dateShiftDays = dateShiftDays(seed, patientId)
  return result
}

/**
 * Adds to `spans` whatever the rules find in the tagged text, until tagging changes nothing.
 * Rules read context, and a tag is new context ("555-1234 St. Smith" becomes "[PHONE] St.
 * Smith"): iterating makes tags mode idempotent, so redacting redacted text changes nothing.
 */
export function settleTagSpans(
  text: string,
  spans: readonly PhiSpan[],
  detect: (text: string) => PhiSpan[],
  rounds = 3,
): PhiSpan[] {
  let settled = mergeSpans(
    spans.filter((span) => span.start >= 0 && span.end <= text.length && span.end > span.start),
  )
  for (let round = 0; round < rounds; round += 1) {
    const segments: Array<{ outStart: number; outEnd: number; origStart: number; tag: boolean }> =
      []
    const pieces: string[] = []
    let cursor = 0
    let length = 0
    const addPiece = (piece: string, origStart: number, tag: boolean): void => {
      segments.push({ outStart: length, outEnd: length + piece.length, origStart, tag })
      pieces.push(piece)
      length += piece.length
    }
    for (const span of settled) {
      addPiece(text.slice(cursor, span.start), cursor, false)
      addPiece(`[${span.type}]`, span.start, true)
      cursor = span.end
    }
    addPiece(text.slice(cursor), cursor, false)
    const extra: PhiSpan[] = []
    for (const span of detect(pieces.join(''))) {
      const segment = segments.find(
        (piece) => !piece.tag && span.start >= piece.outStart && span.end <= piece.outEnd,
      )
      if (segment === undefined) continue
      const start = segment.origStart + (span.start - segment.outStart)
      extra.push({ ...span, start, end: start + (span.end - span.start) })
    }
    if (extra.length === 0) break
    settled = mergeSpans([...settled, ...extra])
  }
  return settled
}

/**
 * Detects PHI with the rules and rewrites the text (tags by default).
 *
 * @example
 * redact('Seen by Dr. Healey on 7/22.').text // 'Seen by Dr. [NAME] on [DATE].'
 * @throws InputError for an unknown mode
 */
export function redact(
  text: string,
  options: RedactOptions & Pick<RuleDetectOptions, 'dictionaries' | 'knownTerms'> = {},
): RedactResult {
  const mode = parseRedactMode(options.mode ?? 'tags')
  const spans = detectWithRules(text, options)
  let all = options.extraSpans === undefined ? spans : [...spans, ...options.extraSpans]
  if (mode === 'tags') all = settleTagSpans(text, all, (tagged) => detectWithRules(tagged, options))
  const renderOptions: Parameters<typeof renderRedaction>[2] = { mode }
  if (options.seed !== undefined) renderOptions.seed = options.seed
  if (options.patientId !== undefined) renderOptions.patientId = options.patientId
  if (options.dictionaries !== undefined) renderOptions.dictionaries = options.dictionaries
  return renderRedaction(text, all, renderOptions)
}
