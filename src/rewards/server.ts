/**
 * The reward server: scores RL rollouts over HTTP for verl, OpenRLHF and TRL.
 *
 * - `POST /get_reward`: OpenRLHF's remote reward protocol (`{ query, prompts, labels }`).
 * - `POST /v1/rewards`: the native batch API (`{ items: [...] }` → `{ results: [...] }`).
 * - `GET /healthz`, `GET /metrics` (Prometheus text).
 *
 * Built on `node:http` directly: keep-alive connections, a bound on requests verified at once
 * (with a bounded wait queue), a request size limit, a deadline per item, an optional bearer
 * token, and one error handler. One bad item never fails a batch and bad input never stops the
 * server.
 */
import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeError, safeParseJson } from '../errors.js'
import {
  alignComponents,
  type ItemVerifier,
  makeResult,
  parseVerifyItem,
  type VerifierResult,
  type VerifierTask,
} from '../verifiers/index.js'
import { RewardMetrics } from './metrics.js'
import { openRlhfResponse, readOpenRlhfRequest } from './openrlhf.js'

/** Settings of {@link createRewardServer}. */
export interface RewardServerSettings {
  verifier: ItemVerifier
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Port; 0 picks a free one. Default 8008. */
  port?: number
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string
  /** Largest request body, in bytes. Default 64 MiB. */
  maxBodyBytes?: number
  /** Requests verified at once; more wait in a queue. Default 64. */
  concurrency?: number
  /** Requests allowed to wait; beyond it the server answers 503. Default 1,024. */
  maxQueue?: number
  /** Deadline of one item (judge calls), in milliseconds. Default 60,000. */
  itemTimeoutMs?: number
  /** Task assumed for OpenRLHF labels without one (a bare label then means an exam answer). */
  defaultTask?: VerifierTask
  /** How long an idle keep-alive connection stays open, in milliseconds. Default 65,000. */
  keepAliveTimeoutMs?: number
}

/** A reward server. */
export interface RewardServer {
  /** Starts listening; resolves with the bound address. */
  start(): Promise<{ url: string; host: string; port: number }>
  /** Stops listening and closes open connections. */
  close(): Promise<void>
  /**
   * Handles one request (for mounting in another `node:http` server). Returns false when the
   * path is not one of the reward server's, leaving the response untouched.
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean
  readonly metrics: RewardMetrics
}

/** Paths the reward server answers. */
export const REWARD_PATHS = ['/get_reward', '/v1/rewards', '/healthz', '/metrics'] as const

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly closeConnection = false,
  ) {
    super(message)
  }
}

/**
 * Reads a request body up to `limit` bytes and calls back once with the text or an HttpError
 * (callback style: no promise or closure per chunk on the hot path).
 */
function readBody(
  request: IncomingMessage,
  limit: number,
  callback: (error: HttpError | undefined, text: string) => void,
): void {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    request.resume()
    callback(
      new HttpError(
        413,
        `request body of ${declared} bytes is over the limit of ${limit} bytes`,
        true,
      ),
      '',
    )
    return
  }
  const state = new BodyReader(request, limit, callback)
  request.on('data', state.onData)
  request.on('end', state.onEnd)
  request.on('error', state.onError)
}

class BodyReader {
  private readonly chunks: Buffer[] = []
  private size = 0
  private finished = false

  constructor(
    private readonly request: IncomingMessage,
    private readonly limit: number,
    private readonly callback: (error: HttpError | undefined, text: string) => void,
  ) {}

  readonly onData = (chunk: Buffer): void => {
    if (this.finished) return
    this.size += chunk.length
    if (this.size > this.limit) {
      this.finished = true
      this.request.resume()
      this.callback(
        new HttpError(413, `request body is over the limit of ${this.limit} bytes`, true),
        '',
      )
      return
    }
    this.chunks.push(chunk)
  }

  readonly onEnd = (): void => {
    if (this.finished) return
    this.finished = true
    const text =
      this.chunks.length === 1
        ? (this.chunks[0] as Buffer).toString('utf8')
        : Buffer.concat(this.chunks).toString('utf8')
    this.callback(undefined, text)
  }

  readonly onError = (error: Error): void => {
    if (this.finished) return
    this.finished = true
    this.callback(new HttpError(400, `request body could not be read: ${error.message}`, true), '')
  }
}

function tokenMatches(header: string | undefined, token: Buffer): boolean {
  if (header === undefined) return false
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (match === null) return false
  const given = Buffer.from(match[1] as string)
  return given.length === token.length && timingSafeEqual(given, token)
}

/** Creates a reward server (not yet listening). */
export function createRewardServer(settings: RewardServerSettings): RewardServer {
  const metrics = new RewardMetrics()
  const host = settings.host ?? '127.0.0.1'
  const maxBodyBytes = settings.maxBodyBytes ?? 64 * 1024 * 1024
  const concurrency = Math.max(1, settings.concurrency ?? 64)
  const maxQueue = Math.max(0, settings.maxQueue ?? 1024)
  const itemTimeoutMs = settings.itemTimeoutMs ?? 60_000
  const token =
    settings.token === undefined || settings.token === '' ? undefined : Buffer.from(settings.token)
  const verifier = settings.verifier
  let active = 0
  const waiting: Array<() => void> = []

  const release = (): void => {
    const next = waiting.shift()
    if (next !== undefined) next()
    else active -= 1
  }

  const timeoutResult = (): VerifierResult =>
    makeResult(0, 'timeout', `item deadline of ${itemTimeoutMs} ms passed`, {
      correctness: 0,
      format: 0,
    })

  const withDeadline = (pending: Promise<VerifierResult>): Promise<VerifierResult> => {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<VerifierResult>((resolve) => {
      timer = setTimeout(() => resolve(timeoutResult()), itemTimeoutMs)
    })
    return Promise.race([pending, deadline]).finally(() => clearTimeout(timer))
  }

  const countItems = (
    tasks: readonly string[],
    results: readonly VerifierResult[],
  ): VerifierResult[] => {
    for (let index = 0; index < results.length; index += 1) {
      metrics.recordItem(tasks[index] as string, (results[index] as VerifierResult).status)
    }
    return results.length > 1 ? alignComponents(results) : (results as VerifierResult[])
  }

  /**
   * Scores raw records; an `invalid` marker or a malformed record becomes an `error` result.
   * Synchronous unless some item waits for the judge.
   */
  const score = (records: readonly unknown[]): VerifierResult[] | Promise<VerifierResult[]> => {
    const results: Array<VerifierResult | Promise<VerifierResult>> = new Array(records.length)
    const tasks: string[] = new Array(records.length)
    let pending = false
    for (let index = 0; index < records.length; index += 1) {
      const record = records[index]
      const invalid = (record as { invalid?: unknown } | null)?.invalid
      if (typeof invalid === 'string') {
        results[index] = makeResult(0, 'error', invalid, { correctness: 0, format: 0 })
        tasks[index] = 'unknown'
        continue
      }
      const parsed = parseVerifyItem(record, `item ${index}`)
      if (!parsed.ok) {
        results[index] = makeResult(0, 'error', parsed.error, { correctness: 0, format: 0 })
        tasks[index] = 'unknown'
        continue
      }
      tasks[index] = parsed.item.task
      const result = verifier.verify(parsed.item)
      if (result instanceof Promise) {
        pending = true
        results[index] = withDeadline(result)
      } else {
        results[index] = result
      }
    }
    if (!pending) return countItems(tasks, results as VerifierResult[])
    return Promise.all(results).then((settled) => countItems(tasks, settled))
  }

  const send = (
    response: ServerResponse,
    status: number,
    body: string,
    contentType: string,
    close = false,
  ): void => {
    response.writeHead(
      status,
      close
        ? {
            'content-type': contentType,
            'content-length': Buffer.byteLength(body),
            connection: 'close',
          }
        : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    )
    response.end(body)
  }

  const finish = (path: string, status: number, started: number): void => {
    metrics.inFlight -= 1
    metrics.recordRequest(path, status, (performance.now() - started) / 1000)
  }

  /** The one error handler: every failure becomes a JSON error response. */
  const sendError = (response: ServerResponse, error: unknown): number => {
    const status = error instanceof HttpError ? error.status : 500
    const message =
      error instanceof HttpError ? error.message : `internal error: ${describeError(error)}`
    if (!response.headersSent) {
      send(
        response,
        status,
        JSON.stringify({ error: message }),
        'application/json',
        error instanceof HttpError && error.closeConnection,
      )
    } else {
      response.destroy()
    }
    return status
  }

  const fail = (path: string, response: ServerResponse, started: number, error: unknown): void => {
    finish(path, sendError(response, error), started)
  }

  const reply = (
    path: string,
    response: ServerResponse,
    results: readonly VerifierResult[],
  ): void => {
    const body =
      path === '/get_reward'
        ? JSON.stringify(openRlhfResponse(results))
        : JSON.stringify({ results })
    send(response, 200, body, 'application/json')
  }

  /** Parses, scores and answers a POST body (holding one of the `concurrency` slots). */
  const processPost = (
    path: string,
    text: string,
    response: ServerResponse,
    started: number,
  ): void => {
    let released = false
    const releaseOnce = (): void => {
      if (!released) {
        released = true
        release()
      }
    }
    try {
      const parsed = safeParseJson(text, 'request body')
      if (!parsed.ok) throw new HttpError(400, parsed.error.message)
      let records: readonly unknown[]
      if (path === '/get_reward') {
        const read = readOpenRlhfRequest(parsed.value, settings.defaultTask)
        if (!read.ok) throw new HttpError(400, read.error)
        records = read.records
      } else {
        const body = parsed.value as { items?: unknown } | null
        if (typeof body !== 'object' || body === null || !Array.isArray(body.items)) {
          throw new HttpError(400, 'rewards: the body must be a JSON object with an "items" list')
        }
        records = body.items
      }
      const results = score(records)
      if (Array.isArray(results)) {
        reply(path, response, results)
        releaseOnce()
        finish(path, 200, started)
        return
      }
      ;(results as Promise<VerifierResult[]>).then(
        (settled) => {
          releaseOnce()
          reply(path, response, settled)
          finish(path, 200, started)
        },
        (error: unknown) => {
          releaseOnce()
          fail(path, response, started, error)
        },
      )
    } catch (error) {
      releaseOnce()
      fail(path, response, started, error)
    }
  }

  const onBody = (
    path: string,
    response: ServerResponse,
    started: number,
    error: HttpError | undefined,
    text: string,
  ): void => {
    if (error !== undefined) {
      fail(path, response, started, error)
      return
    }
    if (active < concurrency) {
      active += 1
      processPost(path, text, response, started)
      return
    }
    if (waiting.length >= maxQueue) {
      fail(
        path,
        response,
        started,
        new HttpError(503, `busy: ${active} requests in progress and ${waiting.length} waiting`),
      )
      return
    }
    waiting.push(() => processPost(path, text, response, started))
  }

  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = request.url ?? '/'
    const query = url.indexOf('?')
    const path = query < 0 ? url : url.slice(0, query)
    if (
      path !== '/v1/rewards' &&
      path !== '/get_reward' &&
      path !== '/healthz' &&
      path !== '/metrics'
    ) {
      return false
    }
    const started = performance.now()
    metrics.inFlight += 1
    try {
      if (token !== undefined && !tokenMatches(request.headers.authorization, token)) {
        request.resume()
        throw new HttpError(401, 'missing or wrong bearer token')
      }
      if (path === '/healthz' || path === '/metrics') {
        if (request.method !== 'GET' && request.method !== 'HEAD')
          throw new HttpError(405, `${path} answers GET`)
        request.resume()
        if (path === '/healthz') {
          send(
            response,
            200,
            JSON.stringify({ status: 'ok', items: metrics.itemCount, judge: verifier.usesJudge }),
            'application/json',
          )
        } else {
          send(response, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8')
        }
        finish(path, 200, started)
        return true
      }
      if (request.method !== 'POST') {
        request.resume()
        throw new HttpError(405, `${path} answers POST`)
      }
      readBody(request, maxBodyBytes, (error, text) => onBody(path, response, started, error, text))
    } catch (error) {
      fail(path, response, started, error)
    }
    return true
  }

  let server: Server | undefined

  return {
    metrics,
    handle,
    start() {
      const instance = createServer(
        { keepAliveTimeout: settings.keepAliveTimeoutMs ?? 65_000 },
        (request, response) => {
          if (!handle(request, response)) {
            request.resume()
            send(
              response,
              404,
              JSON.stringify({ error: `not found: ${request.method} ${request.url}` }),
              'application/json',
            )
            metrics.recordRequest('other', 404, 0)
          }
        },
      )
      instance.headersTimeout = (settings.keepAliveTimeoutMs ?? 65_000) + 5_000
      instance.on('clientError', (_error, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
        else socket.destroy()
      })
      server = instance
      return new Promise((resolve, reject) => {
        instance.once('error', reject)
        instance.listen(settings.port ?? 8008, host, () => {
          instance.off('error', reject)
          const address = instance.address() as AddressInfo
          const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address
          resolve({
            url: `http://${shownHost}:${address.port}`,
            host: address.address,
            port: address.port,
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
