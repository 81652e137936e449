/**
 * Request bodies read under limits, checked while streaming: the content type before the first
 * byte (415), the declared length before reading (413), the running size on every chunk (413,
 * nothing more is buffered) and a shared byte budget (503); then JSON with a nesting limit (400).
 */
import type { IncomingMessage } from 'node:http'
import { safeParseJson } from '../errors.js'
import type { ByteBudget } from './gate.js'
import { HttpError } from './http-error.js'

/** Options of {@link readRequestBody}. */
export interface ReadBodyOptions {
  /** Largest body in bytes. */
  limitBytes: number
  /** Accepted media types (lower case, without parameters). Default `['application/json']`. */
  contentTypes?: readonly string[]
  /** Shared budget the body's bytes are reserved from while it is held. */
  budget?: ByteBudget
}

/** A body read into memory; call `release` once it is no longer needed. */
export interface ReadBody {
  text: string
  bytes: number
  release(): void
}

/** The media type of a `content-type` header, lower case without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * Checks a request's content type and declared length before any byte is read.
 *
 * @throws HttpError 415 for another media type, 413 for a declared length over the limit.
 */
export function checkBodyHeaders(request: IncomingMessage, options: ReadBodyOptions): void {
  const accepted = options.contentTypes ?? ['application/json']
  const type = mediaType(request.headers['content-type'])
  if (!accepted.includes(type)) {
    throw new HttpError(415, `content type must be ${accepted.join(' or ')}`, {
      code: 'unsupported_media_type',
      closeConnection: true,
    })
  }
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > options.limitBytes) {
    throw new HttpError(
      413,
      `request body of ${declared} bytes is over the limit of ${options.limitBytes} bytes`,
      { code: 'body_too_large', closeConnection: true },
    )
  }
}

/**
 * Reads a request body as UTF-8 text under the limits of {@link ReadBodyOptions}. On any
 * failure the rest of the body is not read and the error asks to close the connection.
 *
 * @throws HttpError 415, 413, 503 (budget exhausted) or 400 (the body could not be read).
 */
export function readRequestBody(
  request: IncomingMessage,
  options: ReadBodyOptions,
): Promise<ReadBody> {
  try {
    checkBodyHeaders(request, options)
  } catch (error) {
    return Promise.reject(error)
  }
  const budget = options.budget
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let finished = false
    const giveBack = (): void => {
      if (budget !== undefined && size > 0) budget.release(size)
      size = 0
    }
    const stop = (error: HttpError): void => {
      if (finished) return
      finished = true
      cleanup()
      chunks.length = 0
      giveBack()
      // Stop buffering; the socket closes once the error response is written.
      request.pause()
      reject(error)
    }
    const onData = (chunk: Buffer): void => {
      if (finished) return
      if (size + chunk.length > options.limitBytes) {
        stop(
          new HttpError(413, `request body is over the limit of ${options.limitBytes} bytes`, {
            code: 'body_too_large',
            closeConnection: true,
          }),
        )
        return
      }
      if (budget !== undefined && !budget.reserve(chunk.length, size)) {
        stop(
          new HttpError(503, 'busy: too many request bodies are being received', {
            code: 'busy',
            headers: { 'retry-after': '1' },
            closeConnection: true,
          }),
        )
        return
      }
      size += chunk.length
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      if (finished) return
      finished = true
      cleanup()
      const text =
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8')
      chunks.length = 0
      const bytes = size
      resolve({ text, bytes, release: giveBack })
    }
    const onError = (): void =>
      stop(new HttpError(400, 'the request body could not be read', { closeConnection: true }))
    const onAborted = (): void =>
      stop(new HttpError(400, 'the client closed the request', { closeConnection: true }))
    const cleanup = (): void => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
      request.off('aborted', onAborted)
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
    request.on('aborted', onAborted)
  })
}

/** Default nesting limit of JSON bodies. */
export const DEFAULT_MAX_JSON_DEPTH = 64

/**
 * The deepest nesting of arrays and objects in JSON text, stopping as soon as it passes `limit`
 * (one linear scan; brackets inside strings do not count). For text not yet parsed; once parsed,
 * {@link valueDepthExceeds} is several times cheaper.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let position = 0; position < text.length; position += 1) {
    const code = text.charCodeAt(position)
    if (inString) {
      if (code === 92)
        position += 1 // backslash: skip the escaped character
      else if (code === 34) inString = false
    } else if (code === 34) inString = true
    else if (code === 91 || code === 123) {
      depth += 1
      if (depth > limit) return true
    } else if (code === 93 || code === 125) depth -= 1
  }
  return false
}

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `limit`: an iterative walk
 * (no recursion, so any depth is safe) over the containers only, stopping as soon as it knows.
 */
export function valueDepthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  const stack: Array<[object, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [object, number]
    if (depth > limit) return true
    const children = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}

/**
 * Parses a JSON body, refusing nesting deeper than `maxDepth`.
 *
 * @throws HttpError 400 for invalid JSON or too deep nesting.
 */
export function parseJsonBody(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  // V8's JSON parser does not recurse, so any depth parses safely; the limit protects the code
  // that walks the value afterwards (validation, scoring).
  const parsed = safeParseJson(text, 'request body')
  if (!parsed.ok) {
    throw new HttpError(400, 'the request body is not valid JSON', { code: 'invalid_json' })
  }
  if (valueDepthExceeds(parsed.value, maxDepth)) {
    throw new HttpError(400, `the JSON body is nested deeper than ${maxDepth} levels`, {
      code: 'json_too_deep',
    })
  }
  return parsed.value
}
