/**
 * Prepares a model response for answer extraction: removes reasoning blocks, detects truncated
 * reasoning and bounds the text that later parsers scan.
 */

/** Longest tail of a response that answer parsers read, in characters (final answers sit at the end). */
export const MAX_ANSWER_SCAN = 100_000

/** The visible answer part of a response, or why there is none. */
export type AnswerText =
  | { ok: true; text: string; offset: number }
  | { ok: false; reason: string; kind: 'empty' | 'truncated' | 'invalid' }

const OPEN_TAGS = ['<think>', '<thinking>', '<reasoning>']
const CLOSE_TAGS = ['</think>', '</thinking>', '</reasoning>']

/**
 * Strips reasoning blocks (`<think>...</think>`, `<thinking>`, `<reasoning>`) from a response.
 * A closing tag without an opening one (templates that put `<think>` in the prompt) keeps what
 * follows the last closing tag; an opening tag that is never closed means the output was cut
 * off inside its reasoning and yields `truncated`.
 */
export function answerText(response: unknown): AnswerText {
  if (typeof response !== 'string') {
    return { ok: false, kind: 'invalid', reason: `response is not a string (${typeof response})` }
  }
  let text = response
  let offset = 0
  let lastClose = -1
  let closeLength = 0
  const hasTags = text.includes('<')
  for (const tag of hasTags ? CLOSE_TAGS : []) {
    const at = text.lastIndexOf(tag)
    if (at > lastClose) {
      lastClose = at
      closeLength = tag.length
    }
  }
  if (lastClose >= 0) {
    offset = lastClose + closeLength
    text = text.slice(offset)
  }
  for (const tag of hasTags ? OPEN_TAGS : []) {
    const at = text.indexOf(tag)
    if (at >= 0) {
      const before = text.slice(0, at)
      if (before.trim() === '') {
        return {
          ok: false,
          kind: 'truncated',
          reason: `reasoning block ${tag} is never closed (output truncated before the answer)`,
        }
      }
      // An answer written before an unclosed reasoning block still counts; the block does not.
      text = before
    }
  }
  if (text.length > MAX_ANSWER_SCAN) {
    offset += text.length - MAX_ANSWER_SCAN
    text = text.slice(text.length - MAX_ANSWER_SCAN)
  }
  if (!/\S/.test(text)) {
    return {
      ok: false,
      kind: 'empty',
      reason: lastClose >= 0 ? 'empty answer after the reasoning block' : 'empty answer',
    }
  }
  return { ok: true, text, offset }
}

/** Lower-cases, folds accents, turns punctuation into spaces and collapses whitespace. */
export function normalizePhrase(text: string): string {
  let folded = text.toLowerCase()
  if (/[\u0080-\uffff]/.test(folded)) {
    folded = folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  }
  return folded.replace(/[^a-z0-9\u00c0-\u024f\u0370-\u03ff\u4e00-\u9fff]+/g, ' ').trim()
}
