/**
 * The reward server: scores RL rollouts over HTTP for verl, OpenRLHF and TRL.
 *
 * - `POST /get_reward`: OpenRLHF's remote reward protocol (`{ query, prompts, labels }`).
 * - `POST /v1/rewards`: the native batch API (`{ items: [...] }` → `{ results: [...] }`).
 * - `GET /healthz` (public, minimal without a key), `GET /metrics` (Prometheus text).
 *
 * Built on `node:http` and the shared guard (`http-guard/`): keys checked on the normalised
 * route (deny by default), admission (requests in progress and a bounded queue) before a body is
 * read, JSON bodies only, size and a shared byte budget checked while streaming, JSON depth
 * limits, header and request deadlines per connection, per-item text limits and a hard CPU
 * deadline per item (`scorer.ts`). One bad item never fails a batch and bad input never stops the
 * server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  applyConnectionLimits,
  boundUrl,
  checkBindPolicy,
  createAdmissionGate,
  createByteBudget,
  createHttpGuard,
  DEFAULT_MAX_JSON_DEPTH,
  HttpError,
  normaliseRequestTarget,
  parseJsonBody,
  readRequestBody,
  sendError,
  sendText,
  serverOptions,
} from '../http-guard/index.js'
import {
  alignComponents,
  type ItemVerifier,
  type VerifierResult,
  type VerifierTask,
} from '../verifiers/index.js'
import { RewardMetrics } from './metrics.js'
import { openRlhfResponse, readOpenRlhfRequest } from './openrlhf.js'
import { createScorer } from './scorer.js'

/** Settings of {@link createRewardServer}. */
export interface RewardServerSettings {
  verifier: ItemVerifier
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Port; 0 picks a free one. Default 8008. */
  port?: number
  /** A key every request must carry (`Authorization: Bearer KEY`); at least 16 characters. */
  token?: string
  /** More accepted keys, each at least 16 characters. */
  keys?: readonly string[]
  /** Allow listening beyond loopback without a key (a warning is returned by `start`). */
  insecureNoAuth?: boolean
  /** Largest request body, in bytes. Default 16 MiB. */
  maxBodyBytes?: number
  /** Bytes of request bodies held at once, over all requests (503 beyond). Default 128 MiB. */
  maxBufferedBytes?: number
  /** Requests parsed and scored at once; more wait in a queue. Default 64. */
  concurrency?: number
  /**
   * Requests whose bodies are being received at once, counted before a byte is read (503 beyond).
   * Memory is bounded by `maxBufferedBytes` whatever this is. Default 1,024.
   */
  maxReceiving?: number
  /** Requests allowed to wait; beyond it the server answers 503. Default 1,024. */
  maxQueue?: number
  /** Deadline of one item (judge calls included), in milliseconds. Default 60,000. */
  itemTimeoutMs?: number
  /** CPU time one item may use before it is stopped (`timeout`), in ms. Default 1,000. */
  itemCpuMs?: number
  /** Longest text of one item (all its strings), in characters. Default 200,000. */
  maxItemChars?: number
  /** Deepest JSON nesting of a body. Default 64. */
  maxJsonDepth?: number
  /** Task assumed for OpenRLHF labels without one (a bare label then means an exam answer). */
  defaultTask?: VerifierTask
  /** How long an idle keep-alive connection stays open, in milliseconds. Default 65,000. */
  keepAliveTimeoutMs?: number
  /** Time to receive a request's headers, in ms. Default 10,000. */
  headersTimeoutMs?: number
  /** Time to receive a whole request (headers and body), in ms. Default 30,000. */
  requestTimeoutMs?: number
}

/** Options of {@link RewardServer.handle}. */
export interface RewardHandleOptions {
  /** The normalised route, when the caller's router already decided it. */
  path?: string
  /** The caller's guard already admitted the request (its own key check is skipped). */
  admitted?: boolean
}

/** Where a started reward server listens. */
export interface RewardServerAddress {
  url: string
  host: string
  port: number
  /** Set when listening beyond loopback without a key (`insecureNoAuth`): print it. */
  warning?: string
}

/** A reward server. */
export interface RewardServer {
  /**
   * Starts listening; resolves with the bound address.
   *
   * @throws ConfigError when the host is not loopback and no key is set (without `insecureNoAuth`).
   */
  start(): Promise<RewardServerAddress>
  /** Stops listening and closes open connections. */
  close(): Promise<void>
  /**
   * Handles one request (for mounting in another `node:http` server). Returns false when the
   * path is not one of the reward server's, leaving the response untouched.
   */
  handle(request: IncomingMessage, response: ServerResponse, options?: RewardHandleOptions): boolean
  readonly metrics: RewardMetrics
}

/** Paths the reward server answers. */
export const REWARD_PATHS = ['/get_reward', '/v1/rewards', '/healthz', '/metrics'] as const

const PATHS: ReadonlySet<string> = new Set(REWARD_PATHS)

/** Creates a reward server (not yet listening). */
export function createRewardServer(settings: RewardServerSettings): RewardServer {
  const metrics = new RewardMetrics()
  const host = settings.host ?? '127.0.0.1'
  const maxBodyBytes = settings.maxBodyBytes ?? 16 * 1024 * 1024
  const maxJsonDepth = settings.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH
  const keys = [...(settings.token === undefined ? [] : [settings.token]), ...(settings.keys ?? [])]
  const guard = createHttpGuard({ keys, keySource: 'the reward token', publicRoutes: ['/healthz'] })
  // Two gates: one counted before any body byte is read (a slow body holds only a receiving
  // slot and its buffered bytes), one for the CPU work after the body is in.
  const receiving = createAdmissionGate({ concurrency: settings.maxReceiving ?? 1024, maxQueue: 0 })
  const gate = createAdmissionGate({
    concurrency: settings.concurrency ?? 64,
    maxQueue: settings.maxQueue ?? 1024,
  })
  const budget = createByteBudget(settings.maxBufferedBytes ?? 128 * 1024 * 1024)
  const verifier = settings.verifier
  const scorer = createScorer({
    verifier,
    ...(settings.itemTimeoutMs === undefined ? {} : { itemTimeoutMs: settings.itemTimeoutMs }),
    ...(settings.itemCpuMs === undefined ? {} : { itemCpuMs: settings.itemCpuMs }),
    ...(settings.maxItemChars === undefined ? {} : { maxItemChars: settings.maxItemChars }),
  })

  const finish = (path: string, status: number, started: number): void => {
    metrics.inFlight -= 1
    metrics.recordRequest(path, status, (performance.now() - started) / 1000)
  }

  const countItems = (
    tasks: readonly string[],
    results: readonly VerifierResult[],
  ): VerifierResult[] => {
    for (let index = 0; index < results.length; index += 1) {
      metrics.recordItem(tasks[index] ?? 'unknown', (results[index] as VerifierResult).status)
    }
    return results.length > 1 ? alignComponents(results) : (results as VerifierResult[])
  }

  const recordsOf = (path: string, value: unknown): readonly unknown[] => {
    if (path === '/get_reward') {
      const read = readOpenRlhfRequest(value, settings.defaultTask)
      if (!read.ok) throw new HttpError(400, read.error)
      return read.records
    }
    const body = value as { items?: unknown } | null
    if (typeof body !== 'object' || body === null || !Array.isArray(body.items)) {
      throw new HttpError(400, 'rewards: the body must be a JSON object with an "items" list', {
        param: 'items',
      })
    }
    return body.items
  }

  /** Admission, body, parse, score, answer: every failure goes through `sendError`. */
  const processPost = async (
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<number> => {
    const releaseReceiving = await receiving.enter()
    let body: Awaited<ReturnType<typeof readRequestBody>>
    try {
      if (request.destroyed) return 499
      body = await readRequestBody(request, { limitBytes: maxBodyBytes, budget })
    } finally {
      releaseReceiving()
    }
    try {
      const release = await gate.enter()
      try {
        const records = recordsOf(path, parseJsonBody(body.text, maxJsonDepth))
        const scored = await scorer.score(records, body.bytes)
        const results = countItems(scored.tasks, scored.results)
        const text =
          path === '/get_reward'
            ? JSON.stringify(openRlhfResponse(results))
            : JSON.stringify({ results })
        sendText(response, 200, text, 'application/json')
        return 200
      } finally {
        release()
      }
    } finally {
      body.release()
    }
  }

  const handle = (
    request: IncomingMessage,
    response: ServerResponse,
    options: RewardHandleOptions = {},
  ): boolean => {
    let path = options.path
    if (path === undefined) {
      try {
        path = normaliseRequestTarget(request.url ?? '/')
      } catch {
        return false
      }
    }
    if (!PATHS.has(path)) return false
    const route = path
    const started = performance.now()
    metrics.inFlight += 1
    try {
      const admission = options.admitted
        ? { authenticated: true }
        : guard.admit({
            route,
            headers: request.headers,
            remoteAddress: request.socket.remoteAddress,
          })
      if (route === '/healthz' || route === '/metrics') {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          throw new HttpError(405, `${route} answers GET`)
        }
        request.resume()
        if (route === '/healthz') {
          const details = admission.authenticated || !guard.requiresKey
          sendText(
            response,
            200,
            JSON.stringify(
              details
                ? { status: 'ok', items: metrics.itemCount, judge: verifier.usesJudge }
                : { status: 'ok' },
            ),
            'application/json',
          )
        } else {
          sendText(response, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8')
        }
        finish(route, 200, started)
        return true
      }
      if (request.method !== 'POST') {
        throw new HttpError(405, `${route} answers POST`)
      }
      processPost(route, request, response).then(
        (status) => finish(route, status, started),
        (error: unknown) => finish(route, sendError(response, error), started),
      )
    } catch (error) {
      finish(route, sendError(response, error), started)
    }
    return true
  }

  let server: Server | undefined
  const limits = {
    headersTimeoutMs: settings.headersTimeoutMs ?? 10_000,
    requestTimeoutMs: settings.requestTimeoutMs ?? 30_000,
    keepAliveTimeoutMs: settings.keepAliveTimeoutMs ?? 65_000,
  }

  return {
    metrics,
    handle,
    start() {
      let warning: string | undefined
      try {
        warning = checkBindPolicy({
          host,
          keyCount: keys.length,
          ...(settings.insecureNoAuth === undefined
            ? {}
            : { insecureNoAuth: settings.insecureNoAuth }),
          surface: 'reward serve',
          keyOption: '--token or GALEN_REWARD_TOKEN',
        })
      } catch (error) {
        return Promise.reject(error)
      }
      const instance = createServer(serverOptions(limits), (request, response) => {
        let path: string
        try {
          path = normaliseRequestTarget(request.url ?? '/')
          // Deny by default: an unknown route needs a key before it is told it does not exist.
          if (!PATHS.has(path)) {
            guard.admit({
              route: path,
              headers: request.headers,
              remoteAddress: request.socket.remoteAddress,
            })
            throw new HttpError(404, 'no such route', { code: 'not_found' })
          }
        } catch (error) {
          const status = sendError(response, error)
          metrics.recordRequest('other', status, 0)
          return
        }
        handle(request, response, { path })
      })
      applyConnectionLimits(instance, limits)
      instance.on('clientError', (error: NodeJS.ErrnoException, socket) => {
        const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
        if (socket.writable && !socket.destroyed) {
          socket.end(
            `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
          )
        } else socket.destroy()
      })
      server = instance
      return new Promise((resolve, reject) => {
        instance.once('error', reject)
        instance.listen(settings.port ?? 8008, host, () => {
          instance.off('error', reject)
          const address = instance.address() as AddressInfo
          resolve({
            url: boundUrl(address),
            host: address.address,
            port: address.port,
            ...(warning === undefined ? {} : { warning }),
          })
        })
      })
    },
    close() {
      const instance = server
      if (instance === undefined) return Promise.resolve()
      server = undefined
      return new Promise((resolve) => {
        instance.close(() => resolve())
        instance.closeAllConnections()
      })
    },
  }
}
