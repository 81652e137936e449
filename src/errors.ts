/**
 * Galen's shared error hierarchy. Every error thrown by a capability is a {@link GalenError}
 * with a string-literal `code`, so callers (the CLI, the HTTP servers) can map it to an exit
 * code or an HTTP status in one place.
 *
 * Messages start with the component and quote the value at fault, for example
 * `eval: unknown benchmark "medqa2"`.
 */

/** Machine-readable error codes. */
export type GalenErrorCode =
  | 'config_error'
  | 'input_error'
  | 'api_call_error'
  | 'backend_error'
  | 'timeout_error'
  | 'aborted'
  | 'not_found'

/** Base class of every error Galen throws on purpose. */
export class GalenError extends Error {
  readonly code: GalenErrorCode

  constructor(code: GalenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GalenError'
    this.code = code
  }
}

/** A configuration value (file or environment) is missing or invalid. */
export class ConfigError extends GalenError {
  /** The configuration key at fault, for example `model.url` or `GALEN_MODEL_URL`. */
  readonly key: string | undefined

  constructor(message: string, options?: { key?: string; cause?: unknown }) {
    super('config_error', message, options)
    this.name = 'ConfigError'
    this.key = options?.key
  }
}

/** Input data (a file, a request body, an argument) is malformed. Names the field and value. */
export class InputError extends GalenError {
  /** The field at fault (a JSON path, a CSV column, a CLI option). */
  readonly field: string | undefined
  /** The offending value, as given. */
  readonly value: unknown

  constructor(message: string, options?: { field?: string; value?: unknown; cause?: unknown }) {
    super('input_error', message, options)
    this.name = 'InputError'
    this.field = options?.field
    this.value = options?.value
  }
}

/** Whether an HTTP status is worth retrying: 408, 409, 429 and every 5xx. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true
  return status === 408 || status === 409 || status === 429 || status >= 500
}

/** A call to a remote API failed: bad status, dropped connection or an unreadable reply. */
export class ApiCallError extends GalenError {
  /** HTTP status, or undefined when no response arrived (network error, malformed reply). */
  readonly status: number | undefined
  /** The URL that was called. */
  readonly url: string | undefined
  /** True for 408, 409, 429, 5xx and connection failures; false for other 4xx and bad replies. */
  readonly isRetryable: boolean
  /** The raw response body, when one was read (truncated to 2,000 characters). */
  readonly responseBody: string | undefined

  constructor(
    message: string,
    options?: {
      status?: number
      url?: string
      isRetryable?: boolean
      responseBody?: string
      cause?: unknown
    },
  ) {
    super('api_call_error', message, options)
    this.name = 'ApiCallError'
    this.status = options?.status
    this.url = options?.url
    this.isRetryable = options?.isRetryable ?? isRetryableStatus(options?.status)
    this.responseBody = options?.responseBody?.slice(0, 2000)
  }
}

/** A storage or compute backend (SQLite, sqlite-vec, node-llama-cpp, ONNX) failed. */
export class BackendError extends GalenError {
  /** The backend's name, for example `sqlite` or `llama-cpp`. */
  readonly backend: string | undefined

  constructor(message: string, options?: { backend?: string; cause?: unknown }) {
    super('backend_error', message, options)
    this.name = 'BackendError'
    this.backend = options?.backend
  }
}

/** An operation ran past its deadline. */
export class TimeoutError extends GalenError {
  /** The deadline that was exceeded, in milliseconds. */
  readonly timeoutMs: number | undefined

  constructor(message: string, options?: { timeoutMs?: number; cause?: unknown }) {
    super('timeout_error', message, options)
    this.name = 'TimeoutError'
    this.timeoutMs = options?.timeoutMs
  }
}

/** The caller aborted the operation (an AbortSignal fired). */
export class AbortError extends GalenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('aborted', message, options)
    this.name = 'AbortError'
  }
}

/** A named thing (benchmark, calculator, index, model) does not exist. */
export class NotFoundError extends GalenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options)
    this.name = 'NotFoundError'
  }
}

/** The outcome of parsing untrusted input: never throws. */
export type SafeParseResult<T> = { ok: true; value: T } | { ok: false; error: InputError }

/**
 * Parses JSON from untrusted text (model output, request bodies, file lines) without throwing.
 *
 * @param text - the text to parse
 * @param field - the name used in the error message, for example `line 12` or `request body`
 */
export function safeParseJson(text: string, field = 'input'): SafeParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    const preview = text.length > 80 ? `${text.slice(0, 80)}...` : text
    return {
      ok: false,
      error: new InputError(
        `json: ${field} is not valid JSON (${(error as Error).message}): "${preview}"`,
        { field, value: preview, cause: error },
      ),
    }
  }
}

/** Renders any thrown value as a one-line message, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
