/**
 * The HTTP service: an OpenAI-compatible chat endpoint answering from retrieved evidence, search,
 * calculators, optional reward routes, health and metrics, and the web page. Errors become
 * OpenAI-style bodies in exactly one handler; no request can crash the process; request text is
 * never logged unless asked.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { createAnswerer, EvidenceSource } from '../answer/index.js'
import { GalenError, InputError, NotFoundError, TimeoutError } from '../errors.js'
import { createRateLimiter } from '../http-guard/index.js'
import { createServiceMetrics, type ServiceMetrics } from './metrics.js'
import { registerApiRoutes } from './routes.js'

/**
 * The reward routes, when the verifier work is enabled: a handler for raw requests (the reward
 * server's own), mounted for `/get_reward` and `/v1/rewards` before the body is parsed.
 */
export interface RewardRoutes {
  handle(request: IncomingMessage, response: ServerResponse): boolean
}

const REWARD_ROUTES = new Set(['/get_reward', '/v1/rewards'])

/** Construction settings of the service. */
export interface ServiceSettings {
  answerer: ReturnType<typeof createAnswerer>
  evidence: EvidenceSource
  /** The name reported as `model` in completions and `/v1/models`. Default `galen-grounded`. */
  modelName?: string
  /** Accepted API keys; when non-empty every `/v1` request must carry one. */
  apiKeys?: readonly string[]
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimitBytes?: number
  /** Requests per minute per client (key or IP); 0 disables. Default 0. */
  rateLimitPerMinute?: number
  /** Deadline of one request in milliseconds. Default 120,000. */
  requestTimeoutMs?: number
  /** Log method, route, status and latency of each request to stderr (never bodies). */
  logRequests?: boolean
  rewards?: RewardRoutes
  /** Extra facts for `/healthz` (index path, model). */
  health?: Record<string, unknown>
}

/** An OpenAI-style error body. */
export interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** Builds the OpenAI-style error body and HTTP status for any error. */
export function toApiError(error: unknown): { status: number; body: ApiErrorBody } {
  const fastifyError = error as {
    statusCode?: number
    code?: string
    message?: string
    validation?: unknown
  }
  if (error instanceof InputError) {
    return {
      status: 400,
      body: {
        error: {
          message: error.message,
          type: 'invalid_request_error',
          param: error.field ?? null,
          code: 'invalid_value',
        },
      },
    }
  }
  if (error instanceof NotFoundError) {
    return {
      status: 404,
      body: {
        error: {
          message: error.message,
          type: 'invalid_request_error',
          param: null,
          code: 'not_found',
        },
      },
    }
  }
  if (error instanceof TimeoutError) {
    return {
      status: 504,
      body: {
        error: { message: error.message, type: 'timeout_error', param: null, code: 'timeout' },
      },
    }
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      body: {
        error: {
          message: 'request body is too large',
          type: 'invalid_request_error',
          param: null,
          code: 'body_too_large',
        },
      },
    }
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      body: {
        error: {
          message: 'content type must be application/json',
          type: 'invalid_request_error',
          param: null,
          code: 'unsupported_media_type',
        },
      },
    }
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return {
      status: fastifyError.statusCode,
      body: {
        error: {
          message: fastifyError.message ?? 'bad request',
          type: 'invalid_request_error',
          param: null,
          code: fastifyError.code ?? null,
        },
      },
    }
  }
  const message = error instanceof GalenError ? error.message : 'internal error'
  return {
    status: error instanceof GalenError && error.code === 'api_call_error' ? 502 : 500,
    body: {
      error: {
        message,
        type: 'server_error',
        param: null,
        code: error instanceof GalenError ? error.code : null,
      },
    },
  }
}

/** Where the web page's files live (the package's `web/` folder). */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web')

const WEB_FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
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

function clientOf(request: FastifyRequest): string {
  const key = bearerToken(request)
  return key === undefined ? `ip:${request.ip}` : `key:${key.slice(-8)}`
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (typeof header === 'string' && /^bearer\s+/i.test(header))
    return header.replace(/^bearer\s+/i, '').trim()
  const apiKey = request.headers['x-api-key']
  return typeof apiKey === 'string' ? apiKey : undefined
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body } = toApiError(error)
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body)
}

/**
 * Creates the service (not yet listening).
 *
 * @example
 * const app = createServiceApp({ answerer, evidence })
 * await app.listen({ host: '127.0.0.1', port: 8787 })
 */
export function createServiceApp(settings: ServiceSettings): {
  app: FastifyInstance
  metrics: ServiceMetrics
} {
  const metrics = createServiceMetrics()
  const apiKeys = new Set(settings.apiKeys ?? [])
  const limiter = createRateLimiter({ perMinute: settings.rateLimitPerMinute ?? 0 })
  const app = Fastify({
    logger: false,
    bodyLimit: settings.bodyLimitBytes ?? 1024 * 1024,
    requestTimeout: settings.requestTimeoutMs ?? 120_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
  })
  const webCache = new Map<string, Buffer>()

  app.addHook('onRequest', async (request, reply) => {
    ;(request as FastifyRequest & { startedAt?: number }).startedAt = performance.now()
    if (!request.url.startsWith('/v1/')) return
    if (apiKeys.size > 0) {
      const token = bearerToken(request)
      if (token === undefined || !apiKeys.has(token)) {
        return reply.code(401).send({
          error: {
            message: 'a valid API key is required (Authorization: Bearer KEY)',
            type: 'authentication_error',
            param: null,
            code: 'invalid_api_key',
          },
        })
      }
    }
    const decision = limiter.take(clientOf(request))
    if (!decision.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(decision.retryAfterSeconds))
        .send({
          error: {
            message: 'rate limit exceeded',
            type: 'rate_limit_error',
            param: null,
            code: 'rate_limited',
          },
        })
    }
    return undefined
  })

  const rewards = settings.rewards
  if (rewards !== undefined) {
    // The reward server reads its own (possibly large) bodies, so it takes over before parsing.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'POST' || !REWARD_ROUTES.has(request.url.split('?')[0] ?? '')) return
      reply.hijack()
      if (!rewards.handle(request.raw, reply.raw)) reply.raw.writeHead(404).end()
    })
  }

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
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new NotFoundError(`no route ${request.method} ${request.url.split('?')[0]}`)),
  )

  app.get('/healthz', async () => ({
    status: 'ok',
    model: settings.modelName ?? 'galen-grounded',
    evidence: settings.evidence.name,
    ...(settings.health ?? {}),
  }))
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4').send(metrics.render()),
  )

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
        .header(
          'content-security-policy',
          "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
        )
        .send(content)
    })
  }

  registerApiRoutes(app, { ...settings, metrics })
  return { app, metrics }
}
