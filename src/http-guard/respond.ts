/**
 * Writing responses on a raw `node:http` response with the shared headers: JSON bodies and the
 * one error rendering ({@link HttpError.body}).
 */
import type { ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from './headers.js'
import { HttpError, toHttpError } from './http-error.js'

/** Writes a complete response with the security headers; `close` ends the connection after it. */
export function sendText(
  response: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  options: { close?: boolean; headers?: Readonly<Record<string, string>> } = {},
): void {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    ...options.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  }
  if (options.close) headers.connection = 'close'
  response.writeHead(status, headers)
  response.end(body)
}

/**
 * Renders any error as the shared JSON error body (through {@link toHttpError}) and returns the
 * status sent. When headers were already sent, the connection is destroyed instead. The
 * connection is closed after the answer when the error asks for it or when the request's body
 * was not read to its end (so nothing more of it is read).
 */
export function sendError(response: ServerResponse, error: unknown): number {
  const converted: HttpError = toHttpError(error)
  const unread = response.req !== undefined && !response.req.complete
  const httpError =
    unread && !converted.closeConnection
      ? new HttpError(converted.status, converted.message, {
          type: converted.type,
          code: converted.code,
          param: converted.param,
          headers: { ...converted.headers },
          closeConnection: true,
        })
      : converted
  if (response.headersSent) {
    response.destroy()
    return httpError.status
  }
  sendText(
    response,
    httpError.status,
    JSON.stringify(httpError.body()),
    'application/json; charset=utf-8',
    {
      close: httpError.closeConnection,
      headers: httpError.headers,
    },
  )
  if (httpError.closeConnection) {
    // Whatever the client still sends is not read: end the socket once the answer is out.
    response.once('finish', () => response.socket?.destroySoon())
  }
  return httpError.status
}
