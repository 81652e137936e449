/**
 * A real HTTP server speaking the OpenAI protocol (`/v1/models`, `/v1/chat/completions` with and
 * without SSE streaming, `/v1/embeddings`) that answers from a {@link ModelScript}. Every Galen test
 * that needs a model talks to it over 127.0.0.1; users run it as `galen model-server` for dry runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { safeParseJson } from '../../errors.js'
import { createChatHandler } from './chat-route.js'
import { deterministicEmbedding, encodeEmbeddingBase64 } from './embeddings.js'
import { countWhitespaceTokens, errorBody, sendJson } from './replies.js'
import type { ModelScript } from './script.js'

/** Options of {@link startScriptedModelServer}. */
export interface ScriptedServerOptions {
  script: ModelScript
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Called after each request is answered (for logging). */
  onRequest?: (entry: ScriptedRequestLog) => void
  /**
   * Compute {@link hashChatRequest} for every chat request and log it (to write `requestHash`
   * rules from a recorded run). Default: only when a rule matches on hashes.
   */
  hashRequests?: boolean
}

/** What the server recorded about one request. */
export interface ScriptedRequestLog {
  method: string
  path: string
  status: number
  /** Index of the rule that answered, or undefined (no rule, fallback, or not a chat request). */
  ruleIndex: number | undefined
  lastUserMessage: string | undefined
  /** {@link hashChatRequest} of a chat request. */
  requestHash: string | undefined
  /** What happened: `ok`, `failure 429`, `dropped`, `malformed`, `rejected json_schema`, ... */
  outcome: string
}

/** A running scripted server. */
export interface ScriptedModelServer {
  /** Base URL ending in `/v1`, for example `http://127.0.0.1:40123/v1`. */
  url: string
  port: number
  host: string
  /** HTTP requests received so far, on any path (dropped and failed ones included). */
  requestCount(): number
  /** The last 1,000 requests, oldest first. */
  requests(): readonly ScriptedRequestLog[]
  /** Stops listening and closes every open connection. */
  close(): Promise<void>
}

const MAX_BODY_BYTES = 16 * 1024 * 1024
const LOG_SIZE = 1000

/**
 * Starts a scripted OpenAI-protocol server.
 *
 * Rules are tried in order against the last user message (`regex`, `exact`, `contains`) or the
 * request hash; the first match answers. Replies in `replies` are handed out in order, one per
 * choice (the last repeats). `failures` apply to the first requests hitting a rule. Unmatched
 * requests get the script's `fallback`, or a 400 naming the message.
 *
 * @example
 * const server = await startScriptedModelServer({
 *   script: { rules: [{ match: { contains: 'capital' }, reply: 'Paris' }] },
 * })
 * const model = createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted' })
 * await server.close()
 */
export async function startScriptedModelServer(
  options: ScriptedServerOptions,
): Promise<ScriptedModelServer> {
  const script = options.script
  const host = options.host ?? '127.0.0.1'
  const models = script.models ?? ['scripted']
  const dimensions = script.embeddingDimensions ?? 64
  const log: ScriptedRequestLog[] = []
  let count = 0

  const remember = (entry: ScriptedRequestLog): void => {
    log.push(entry)
    if (log.length > LOG_SIZE) log.splice(0, log.length - LOG_SIZE)
    options.onRequest?.(entry)
  }

  const handleChat = createChatHandler({
    script,
    models,
    hashRequests: options.hashRequests,
    requestNumber: () => count,
  })

  const handleEmbeddings = (response: ServerResponse, text: string): number => {
    const parsed = safeParseJson(text, 'request body')
    const body = (parsed.ok ? parsed.value : undefined) as Record<string, unknown> | undefined
    const input = body?.input
    const texts =
      typeof input === 'string'
        ? [input]
        : Array.isArray(input)
          ? input.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)))
          : undefined
    if (body === undefined || texts === undefined) {
      sendJson(
        response,
        400,
        errorBody('"input" must be a string or an array of strings', 'invalid_request_error'),
      )
      return 400
    }
    const size =
      typeof body.dimensions === 'number' &&
      Number.isInteger(body.dimensions) &&
      body.dimensions > 0
        ? Math.min(body.dimensions, 8192)
        : dimensions
    const base64 = body.encoding_format === 'base64'
    let tokens = 0
    const data = texts.map((entry, index) => {
      tokens += countWhitespaceTokens(entry)
      const vector = deterministicEmbedding(entry, size)
      return {
        object: 'embedding',
        index,
        embedding: base64 ? encodeEmbeddingBase64(vector) : vector,
      }
    })
    sendJson(
      response,
      200,
      JSON.stringify({
        object: 'list',
        data,
        model: typeof body.model === 'string' ? body.model : models[0],
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      }),
    )
    return 200
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    count += 1
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    const method = request.method ?? 'GET'
    const chunks: Buffer[] = []
    let size = 0
    for await (const piece of request) {
      const buffer = piece as Buffer
      size += buffer.length
      if (size > MAX_BODY_BYTES) {
        sendJson(response, 413, errorBody('request body too large', 'invalid_request_error'))
        request.socket.destroy()
        return
      }
      chunks.push(buffer)
    }
    const text =
      chunks.length === 1
        ? (chunks[0] as Buffer).toString('utf8')
        : Buffer.concat(chunks).toString('utf8')
    const plain = { ruleIndex: undefined, lastUserMessage: undefined, requestHash: undefined }
    if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
      const result = await handleChat(request, response, text)
      remember({ method, path, ...result })
      return
    }
    let status = 200
    if (method === 'POST' && (path === '/v1/embeddings' || path === '/embeddings')) {
      status = handleEmbeddings(response, text)
    } else if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(
        response,
        200,
        JSON.stringify({
          object: 'list',
          data: models.map((id) => ({
            id,
            object: 'model',
            created: 0,
            owned_by: 'galen-scripted',
          })),
        }),
      )
    } else if (method === 'GET' && (path === '/health' || path === '/v1/health')) {
      sendJson(response, 200, '{"status":"ok"}')
    } else {
      status = 404
      sendJson(response, 404, errorBody(`no route ${method} ${path}`, 'not_found_error'))
    }
    remember({
      method,
      path,
      status,
      outcome: status === 200 ? 'ok' : `status ${status}`,
      ...plain,
    })
  }

  const server: Server = createServer({ keepAliveTimeout: 30_000 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(
          response,
          500,
          errorBody(`scripted server: ${(error as Error).message}`, 'server_error'),
        )
      } else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${address.port}/v1`,
    port: address.port,
    host,
    requestCount: () => count,
    requests: () => log.slice(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
