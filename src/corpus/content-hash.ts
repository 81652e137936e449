/**
 * Content fingerprints: SHA-256 over a document's normalised fields and the pipeline settings, so
 * that a re-ingested document is skipped when nothing that shapes its chunks has changed.
 */
import { createHash } from 'node:crypto'

/** SHA-256 (hex) of a JSON-serialisable value, with object keys sorted so key order is irrelevant. */
export function hashValue(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex')
}

/** SHA-256 (hex) of a text. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function stableStringify(value: unknown): string {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (ArrayBuffer.isView(value)) return `[${Array.from(value as Uint8Array).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`
}
