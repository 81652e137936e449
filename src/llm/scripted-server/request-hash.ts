/**
 * The request hash a script rule can match on (`match.requestHash`), so that a recorded run can be
 * replayed request by request.
 */
import { createHash } from 'node:crypto'

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * The hash a script rule's `match.requestHash` compares with: SHA-256 (hex) of the request body
 * with sorted keys, leaving out the transport-only fields `stream` and `stream_options`.
 */
export function hashChatRequest(body: Record<string, unknown>): string {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body
  return createHash('sha256').update(stableStringify(rest)).digest('hex')
}
