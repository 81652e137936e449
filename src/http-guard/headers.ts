/**
 * Response headers every Galen HTTP surface sends, and the connection limits of its `node:http`
 * server (header and body deadlines, keep-alive), in one place.
 */
import type { Server } from 'node:http'

/**
 * Headers sent with every response: no MIME sniffing, no referrer, no framing (clickjacking),
 * and a strict content security policy for anything rendered in a browser.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'cross-origin-resource-policy': 'same-origin',
}

/** Per-connection limits of a server. */
export interface ConnectionLimits {
  /** Time to receive the complete request headers, in ms. Default 10,000. */
  headersTimeoutMs?: number
  /** Time to receive the complete request (headers and body), in ms. Default 30,000. */
  requestTimeoutMs?: number
  /** Idle time of a kept-alive connection, in ms. Default 10,000. */
  keepAliveTimeoutMs?: number
  /**
   * Time a socket may stay silent while its request is worked on, in ms. Default: the request
   * deadline plus 5,000. Raise it to the handler's own deadline when answers can take longer
   * (a local model on a CPU), or the client gets an empty reply.
   */
  idleTimeoutMs?: number
  /** How often Node checks the two deadlines above, in ms. Default 1,000. */
  checkIntervalMs?: number
  /** Largest number of header lines. Default 100. */
  maxHeadersCount?: number
}

/** The values {@link ConnectionLimits} resolve to. */
export function resolveConnectionLimits(limits: ConnectionLimits = {}): Required<ConnectionLimits> {
  const headersTimeoutMs = limits.headersTimeoutMs ?? 10_000
  // Node requires requestTimeout >= headersTimeout.
  const requestTimeoutMs = Math.max(headersTimeoutMs, limits.requestTimeoutMs ?? 30_000)
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs ?? 10_000,
    idleTimeoutMs: limits.idleTimeoutMs ?? requestTimeoutMs + 5_000,
    checkIntervalMs: limits.checkIntervalMs ?? 1_000,
    maxHeadersCount: limits.maxHeadersCount ?? 100,
  }
}

/**
 * The `http.createServer` options that enforce {@link ConnectionLimits} (Node drops a
 * connection with 408 when its headers or its request do not arrive in time).
 */
export function serverOptions(limits: ConnectionLimits = {}): {
  headersTimeout: number
  requestTimeout: number
  keepAliveTimeout: number
  connectionsCheckingInterval: number
  maxHeaderSize: number
} {
  const resolved = resolveConnectionLimits(limits)
  return {
    headersTimeout: resolved.headersTimeoutMs,
    requestTimeout: resolved.requestTimeoutMs,
    keepAliveTimeout: resolved.keepAliveTimeoutMs,
    connectionsCheckingInterval: resolved.checkIntervalMs,
    maxHeaderSize: 16 * 1024,
  }
}

/** Applies the header-count limit and a socket idle timeout to a created server. */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits = {}): void {
  const resolved = resolveConnectionLimits(limits)
  server.maxHeadersCount = resolved.maxHeadersCount
  server.headersTimeout = resolved.headersTimeoutMs
  server.requestTimeout = resolved.requestTimeoutMs
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs
  // A socket silent for longer than this is gone.
  server.timeout = resolved.idleTimeoutMs
}
