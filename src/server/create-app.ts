/**
 * The HTTP service: an OpenAI-compatible chat endpoint answering from retrieved evidence, search,
 * calculators, optional reward routes, health and metrics, and the web page. Access and limits
 * come from the shared guard (`http-guard/`): the key check runs on the route the router matched
 * (deny by default, the page and `/healthz` public), then the rate limit and admission before any
 * body is read. Errors become OpenAI-style bodies in exactly one handler; no request can crash
 * the process; request text is never logged unless asked.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { createAnswerer, EvidenceSource } from '../answer/index.js'
import {
  type Admission,
  type ApiErrorBody,
  applyConnectionLimits,
  type ConnectionLimits,
  createAdmissionGate,
  createHttpGuard,
  DEFAULT_MAX_JSON_DEPTH,
  HttpError,
  parseJsonBody,
  SECURITY_HEADERS,
  serverOptions,
  toHttpError,
} from '../http-guard/index.js'
import { createServiceMetrics, type ServiceMetrics } from './metrics.js'
import { registerApiRoutes } from './routes.js'

/**
 * The reward routes, when the verifier work is enabled: a handler for raw requests (the reward
 * server's own), mounted for `/get_reward` and `/v1/rewards` after the service's guard admitted
 * the request and before any body is read.
 */
export interface RewardRoutes {
  handle(
    request: IncomingMessage,
    response: ServerResponse,
    options?: { path?: string; admitted?: boolean },
  ): boolean
}

const REWARD_ROUTES = ['/get_reward', '/v1/rewards'] as const

/** Construction settings of the service. */
export interface ServiceSettings {
  answerer: ReturnType<typeof createAnswerer>
  evidence: EvidenceSource
  /** The name reported as `model` in completions and `/v1/models`. Default `galen-grounded`. */
  modelName?: string
  /**
   * Accepted API keys (each at least 16 characters); when non-empty every route but
   * {@link PUBLIC_ROUTES} needs one.
   */
  apiKeys?: readonly string[]
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimitBytes?: number
  /** Requests per minute per client (verified key, else IP); 0 disables. Default 0. */
  rateLimitPerMinute?: number
  /** Deadline of one answer in milliseconds. Default 120,000. */
  requestTimeoutMs?: number
  /** Requests worked on at once (admitted before their bodies are read). Default 256. */
  maxInFlight?: number
  /** Requests allowed to wait for a slot; beyond it 503. Default 1,024. */
  maxQueue?: number
  /** Deepest JSON nesting of a body. Default 64. */
  maxJsonDepth?: number
  /** Header, request and keep-alive deadlines of each connection. */
  connectionLimits?: ConnectionLimits
  /** Log method, route, status and latency of each request to stderr (never bodies). */
  logRequests?: boolean
  rewards?: RewardRoutes
  /** Extra facts for `/healthz`, shown only to a request with a valid key (or with no keys set). */
  health?: Record<string, unknown>
  /** Facts `/healthz` shows to anyone (for the page, for example evidence policy names). */
  publicHealth?: Record<string, unknown>
}

export type { ApiErrorBody }

/** Maps fastify's own errors and Galen's to the shared {@link HttpError}. */
function toServiceError(error: unknown): HttpError {
  if (error instanceof HttpError) return error
  const fastifyError = error as { statusCode?: unknown; code?: unknown; message?: unknown }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HttpError(413, 'request body is too large', {
      code: 'body_too_large',
      closeConnection: true,
    })
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpError(415, 'content type must be application/json', {
      code: 'unsupported_media_type',
      closeConnection: true,
    })
  }
  const converted = toHttpError(error)
  if (
    converted.status === 500 &&
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return new HttpError(
      fastifyError.statusCode,
      typeof fastifyError.message === 'string' ? fastifyError.message : 'bad request',
      { code: typeof fastifyError.code === 'string' ? fastifyError.code : 'bad_request' },
    )
  }
  return converted
}

/** Builds the OpenAI-style error body and HTTP status for any error. */
export function toApiError(error: unknown): { status: number; body: ApiErrorBody } {
  const httpError = toServiceError(error)
  return { status: httpError.status, body: httpError.body() }
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const httpError = toServiceError(error)
  reply.code(httpError.status).headers(httpError.headers)
  // A body that was not read to its end is not read at all: the connection closes after the answer.
  if (httpError.closeConnection || !reply.request.raw.complete) reply.header('connection', 'close')
  return reply.header('content-type', 'application/json; charset=utf-8').send(httpError.body())
}

/** Where the web page's files live (the package's `web/` folder). */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web')

const WEB_FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/page.js': 'page.js',
  '/answer-view.js': 'answer-view.js',
  '/calculator-view.js': 'calculator-view.js',
  '/i18n.js': 'i18n.js',
  '/style.css': 'style.css',
  '/favicon.svg': 'favicon.svg',
  // Browsers ask for /favicon.ico on their own; every current one renders the SVG.
  '/favicon.ico': 'favicon.svg',
}
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
}

/** Routes anyone may call, key or not: the page's files and a minimal health check. */
export const PUBLIC_ROUTES: readonly string[] = [...Object.keys(WEB_FILES), '/healthz']

/**
 * Creates the service (not yet listening).
 *
 * @example
 * const app = createServiceApp({ answerer, evidence, apiKeys: [process.env.GALEN_SERVER_KEY ?? ''] })
 * await app.listen({ host: '127.0.0.1', port: 8787 })
 * @throws ConfigError for an empty or short API key.
 */
export function createServiceApp(settings: ServiceSettings): {
  app: FastifyInstance
  metrics: ServiceMetrics
} {
  const metrics = createServiceMetrics()
  const guard = createHttpGuard({
    keys: settings.apiKeys ?? [],
    keySource: 'API key',
    publicRoutes: PUBLIC_ROUTES,
    rateLimitPerMinute: settings.rateLimitPerMinute ?? 0,
    // Trainers call the reward routes far more often than people ask questions; those routes
    // keep the key check and the reward server's own admission limits.
    unmeteredRoutes: settings.rewards === undefined ? [] : REWARD_ROUTES,
  })
  const gate = createAdmissionGate({
    concurrency: settings.maxInFlight ?? 256,
    maxQueue: settings.maxQueue ?? 1024,
  })
  const maxJsonDepth = settings.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH
  const limits = settings.connectionLimits ?? {}
  const admissions = new WeakMap<FastifyRequest, Admission>()
  const app = Fastify({
    logger: false,
    bodyLimit: settings.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    serverFactory: (handler) => createServer(serverOptions(limits), handler),
  })
  applyConnectionLimits(app.server, limits)
  const webCache = new Map<string, Buffer>()

  // JSON only: no other body type is parsed (415), and deep nesting is refused before parsing.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(String(text), maxJsonDepth))
    } catch (error) {
      done(error as Error, undefined)
    }
  })

  const rewards = settings.rewards
  const rewardRoutes: ReadonlySet<string> = new Set(rewards === undefined ? [] : REWARD_ROUTES)

  app.addHook('onRequest', async (request, reply) => {
    ;(request as FastifyRequest & { startedAt?: number }).startedAt = performance.now()
    reply.headers(SECURITY_HEADERS)
    // The route the router matched (after its own decoding of the target); unmatched requests
    // need a key too, so nobody learns which routes exist.
    const route = request.routeOptions.url ?? '(unmatched)'
    const admission = guard.admit({
      route,
      headers: request.headers,
      remoteAddress: request.socket.remoteAddress,
    })
    admissions.set(request, admission)
    if (rewardRoutes.has(route)) {
      // The reward server reads its own bodies under its own limits: hand over before parsing.
      reply.hijack()
      rewards?.handle(request.raw, reply.raw, { path: route, admitted: true })
      return
    }
    if (admission.publicRoute) return
    const release = await gate.enter()
    reply.raw.once('close', release)
  })

  app.addHook('onResponse', async (request, reply) => {
    const startedAt =
      (request as FastifyRequest & { startedAt?: number }).startedAt ?? performance.now()
    const seconds = (performance.now() - startedAt) / 1000
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.observe({ route, status: reply.statusCode, seconds })
    if (settings.logRequests) {
      process.stderr.write(
        `${new Date().toISOString()} ${request.method} ${route} ${reply.statusCode} ${(seconds * 1000).toFixed(1)}ms\n`,
      )
    }
  })

  app.setErrorHandler((error, _request, reply) => sendError(reply, error))
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, new HttpError(404, 'no such route', { code: 'not_found' })),
  )

  app.get('/healthz', async (request) => {
    const admission = admissions.get(request)
    const details = admission?.authenticated === true || !guard.requiresKey
    return {
      status: 'ok',
      ...(settings.publicHealth ?? {}),
      ...(details
        ? {
            model: settings.modelName ?? 'galen-grounded',
            evidence: settings.evidence.name,
            ...(settings.health ?? {}),
          }
        : {}),
    }
  })
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4').send(metrics.render()),
  )
  for (const route of rewardRoutes) {
    // Matched so the guard sees the route; the onRequest hook hands the request over first.
    app.post(route, async () => {
      throw new HttpError(500, 'the reward route was not handed over', { code: 'internal_error' })
    })
  }

  for (const [route, file] of Object.entries(WEB_FILES)) {
    app.get(route, async (_request, reply) => {
      let content = webCache.get(file)
      if (content === undefined) {
        content = readFileSync(resolve(WEB_ROOT, file))
        webCache.set(file, content)
      }
      const extension = file.split('.').pop() ?? 'html'
      return reply
        .header('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream')
        .send(content)
    })
  }

  registerApiRoutes(app, { ...settings, metrics })
  return { app, metrics }
}
