/**
 * Reading list answers out of untrusted model output, shared by the scorers of ranked diagnoses
 * (rare-disease) and name sets (CHIP-CDN): the JSON a response holds and the list-line marker.
 */
import { safeParseJson } from '../../errors.js'

/** A numbered or bulleted line start: `1. `, `2、`, `(3)`, `（4）`, `- `, `* `, `• `. */
export const LIST_MARKER = /^\s*(?:\d{1,2}\s*[.、)）:：]|[(（]\d{1,2}[)）]|[-*•·])\s*/u

/**
 * The JSON answers a response holds, in order, code fences ignored: its outermost object, reduced
 * to the value of the first of `keys` that `accept`s (undefined when none does), then its
 * outermost array. Spans that do not parse are skipped; parsing never throws.
 */
export function* jsonAnswerValues(
  text: string,
  keys: readonly string[],
  accept: (value: unknown) => boolean,
): Generator<unknown> {
  const unfenced = text.replace(/```(?:json)?/gi, '')
  const spans: string[] = []
  const objectStart = unfenced.indexOf('{')
  const objectEnd = unfenced.lastIndexOf('}')
  if (objectStart >= 0 && objectEnd > objectStart)
    spans.push(unfenced.slice(objectStart, objectEnd + 1))
  const arrayStart = unfenced.indexOf('[')
  const arrayEnd = unfenced.lastIndexOf(']')
  if (arrayStart >= 0 && arrayEnd > arrayStart) spans.push(unfenced.slice(arrayStart, arrayEnd + 1))
  for (const span of spans) {
    const parsed = safeParseJson(span, 'response')
    if (!parsed.ok) continue
    const value: unknown = parsed.value
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      yield keys.map((key) => record[key]).find(accept)
    } else yield value
  }
}
