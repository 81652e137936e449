/**
 * What the OpenAI-compatible backend reports when a call fails: the client's errors turned into
 * Galen errors, and which statuses mean a server rejected a `json_schema` response format.
 */
import OpenAI from 'openai'
import { AbortError, ApiCallError, GalenError, TimeoutError } from '../../errors.js'

/** Statuses with which servers reject a `json_schema` response format they do not support. */
const SUPPORTED_STATUSES_FOR_FALLBACK = new Set([400, 404, 415, 422, 501])

/** Whether a failed request looks like a server rejecting `json_schema` (`json_object` is next). */
export function isJsonSchemaRejection(error: unknown): boolean {
  return (
    error instanceof ApiCallError &&
    error.status !== undefined &&
    SUPPORTED_STATUSES_FOR_FALLBACK.has(error.status)
  )
}

function describe(value: unknown): string {
  if (value === undefined) return ''
  try {
    return typeof value === 'string' ? value : JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/**
 * Turns whatever the client threw into a Galen error: `AbortError` when the caller's signal fired,
 * `ApiCallError` for statuses (retryable per status), connection failures (retryable) and
 * unreadable replies (not retryable).
 */
export function toGalenError(error: unknown, url: string, signal: AbortSignal | undefined): Error {
  if (error instanceof GalenError) return error
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    if (reason instanceof GalenError) return reason
    return new AbortError(`llm: request to ${url} aborted`, { cause: reason })
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new AbortError(`llm: request to ${url} aborted`, { cause: error })
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TimeoutError(`llm: request to ${url} timed out`, { cause: error })
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return new ApiCallError(`llm: cannot reach ${url} (${error.message}${cause})`, {
      url,
      isRetryable: true,
      cause: error,
    })
  }
  if (error instanceof OpenAI.APIError) {
    if (error.status === undefined) {
      return new ApiCallError(`llm: ${url} sent an error: ${error.message}`, {
        url,
        isRetryable: false,
        responseBody: describe(error.error),
        cause: error,
      })
    }
    const detail = describe(
      (error.error as { message?: unknown } | undefined)?.message ?? error.error,
    )
    return new ApiCallError(
      `llm: ${url} answered HTTP ${error.status}${detail ? `: ${detail}` : ''}`,
      { url, status: error.status, responseBody: describe(error.error), cause: error },
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new ApiCallError(`llm: malformed reply from ${url}: ${message}`, {
    url,
    isRetryable: false,
    cause: error,
  })
}
