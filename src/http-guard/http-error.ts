/**
 * The one error type of Galen's HTTP surfaces and the one body every error becomes: an
 * OpenAI-style `{ error: { message, type, param, code } }`. Bodies never echo request URLs, file
 * paths or upstream addresses: a 5xx says only what kind of failure happened.
 */
import { ApiCallError, GalenError, InputError, NotFoundError, TimeoutError } from '../errors.js'

/** An OpenAI-style error body. */
export interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** What an HTTP surface answers when a request fails: status, body, extra headers. */
export class HttpError extends Error {
  /** HTTP status (4xx or 5xx). */
  readonly status: number
  /** OpenAI-style error type, for example `authentication_error`. */
  readonly type: string
  /** Machine-readable code, for example `invalid_api_key`. */
  readonly code: string
  /** The request field at fault, when there is one. */
  readonly param: string | null
  /** Extra response headers (for example `retry-after`). */
  readonly headers: Readonly<Record<string, string>>
  /** Close the connection after answering (the rest of the body is not read). */
  readonly closeConnection: boolean

  constructor(
    status: number,
    message: string,
    options: {
      type?: string
      code?: string
      param?: string | null
      headers?: Record<string, string>
      closeConnection?: boolean
    } = {},
  ) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.type =
      options.type ??
      (status === 401
        ? 'authentication_error'
        : status >= 500
          ? 'server_error'
          : 'invalid_request_error')
    this.code = options.code ?? `http_${status}`
    this.param = options.param ?? null
    this.headers = options.headers ?? {}
    this.closeConnection = options.closeConnection ?? false
  }

  /** The body sent for this error. */
  body(): ApiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } }
  }
}

/**
 * Turns any thrown value into an {@link HttpError}: Galen's input errors become 400, unknown
 * names 404, deadlines 504, failed upstream calls 502 (without the upstream address or body), and
 * anything else 500 with a generic message, so internals never reach the client.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error
  if (error instanceof InputError) {
    return new HttpError(400, error.message, { code: 'invalid_value', param: error.field ?? null })
  }
  if (error instanceof NotFoundError)
    return new HttpError(404, error.message, { code: 'not_found' })
  if (error instanceof TimeoutError) {
    return new HttpError(504, 'the request ran past its deadline', {
      type: 'timeout_error',
      code: 'timeout',
    })
  }
  if (error instanceof ApiCallError) {
    const status = error.status === undefined ? 'no response' : `status ${error.status}`
    return new HttpError(502, `the model server failed (${status})`, {
      code: 'upstream_error',
    })
  }
  if (error instanceof GalenError) {
    return new HttpError(500, `internal error (${error.code})`, { code: error.code })
  }
  return new HttpError(500, 'internal error', { code: 'internal_error' })
}
