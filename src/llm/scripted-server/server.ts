/**
 * A real HTTP server speaking the OpenAI protocol (`/v1/models`, `/v1/chat/completions` with and
 * without SSE streaming, `/v1/embeddings`) that answers from a {@link ModelScript}. Every Galen test
 * that needs a model talks to it over 127.0.0.1; users run it as `galen model-server` for dry runs.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { safeParseJson } from '../../errors.js'
import { deterministicEmbedding, encodeEmbeddingBase64 } from './embeddings.js'
import {
  completionTokens,
  countWhitespaceTokens,
  errorBody,
  streamDeltas,
  toWireReply,
  type WireReply,
  wireMessage,
} from './replies.js'
import type {
  ModelScript,
  ScriptedRequest,
  ScriptFailure,
  ScriptReply,
  ScriptRule,
} from './script.js'

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

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * The hash a script rule's `match.requestHash` compares with: SHA-256 (hex) of the request body
 * with sorted keys, leaving out the transport-only fields `stream` and `stream_options`.
 */
export function hashChatRequest(body: Record<string, unknown>): string {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body
  return createHash('sha256').update(stableStringify(rest)).digest('hex')
}

function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'object' && part !== null && typeof part.text === 'string' ? part.text : '',
      )
      .join('')
  }
  return null
}

const delay = (milliseconds: number): Promise<void> =>
  milliseconds > 0 ? new Promise((resolve) => setTimeout(resolve, milliseconds)) : Promise.resolve()

interface RuleState {
  hits: number
  cursor: number
}

interface ChatContext {
  body: Record<string, unknown>
  request: ScriptedRequest
  rule: ScriptRule | undefined
  ruleIndex: number | undefined
  requestHash: string | undefined
}

const TRUNCATED_BODY =
  '{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis'

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
  const states = script.rules.map((): RuleState => ({ hits: 0, cursor: 0 }))
  const compiled = script.rules.map((rule) =>
    rule.match?.regex === undefined ? undefined : new RegExp(rule.match.regex, rule.match.flags),
  )
  const needsHash =
    options.hashRequests === true ||
    script.rules.some((rule) => rule.match?.requestHash !== undefined)
  const log: ScriptedRequestLog[] = []
  let count = 0

  const remember = (entry: ScriptedRequestLog): void => {
    log.push(entry)
    if (log.length > LOG_SIZE) log.splice(0, log.length - LOG_SIZE)
    options.onRequest?.(entry)
  }

  const findRule = (
    lastUserMessage: string,
    body: Record<string, unknown>,
  ): { index: number | undefined; hash: string | undefined } => {
    const hash = needsHash ? hashChatRequest(body) : undefined
    for (const [index, rule] of script.rules.entries()) {
      const match = rule.match
      if (match === undefined) return { index, hash }
      if (match.exact !== undefined && match.exact.trim() !== lastUserMessage.trim()) continue
      if (match.contains !== undefined && !lastUserMessage.includes(match.contains)) continue
      const regex = compiled[index]
      if (regex !== undefined) {
        regex.lastIndex = 0
        if (!regex.test(lastUserMessage)) continue
      }
      if (match.requestHash !== undefined && match.requestHash !== hash) continue
      return { index, hash }
    }
    return { index: undefined, hash }
  }

  const nextReply = (context: ChatContext, choiceIndex: number): ScriptReply => {
    const rule = context.rule
    if (rule === undefined || context.ruleIndex === undefined) return script.fallback ?? ''
    if (rule.respond !== undefined) return rule.respond({ ...context.request, choiceIndex })
    if (rule.replies !== undefined && rule.replies.length > 0) {
      const state = states[context.ruleIndex] as RuleState
      const reply = rule.replies[Math.min(state.cursor, rule.replies.length - 1)] as ScriptReply
      state.cursor += 1
      return reply
    }
    return rule.reply ?? script.fallback ?? ''
  }

  const sendJson = (response: ServerResponse, status: number, body: string): void => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    })
    response.end(body)
  }

  const handleChat = async (
    httpRequest: IncomingMessage,
    response: ServerResponse,
    text: string,
  ): Promise<Omit<ScriptedRequestLog, 'method' | 'path'>> => {
    const none = { ruleIndex: undefined, lastUserMessage: undefined, requestHash: undefined }
    const parsed = safeParseJson(text, 'request body')
    const body = parsed.ok ? parsed.value : undefined
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJson(
        response,
        400,
        errorBody('request body is not a JSON object', 'invalid_request_error'),
      )
      return { ...none, status: 400, outcome: 'bad request body' }
    }
    const record = body as Record<string, unknown>
    const rawMessages = record.messages
    if (!Array.isArray(rawMessages) || rawMessages.length === 0) {
      sendJson(
        response,
        400,
        errorBody('"messages" must be a non-empty array', 'invalid_request_error'),
      )
      return { ...none, status: 400, outcome: 'bad messages' }
    }
    const messages = rawMessages.map((message: unknown) => {
      const entry = (typeof message === 'object' && message !== null ? message : {}) as Record<
        string,
        unknown
      >
      return { role: String(entry.role ?? ''), content: textOf(entry.content) }
    })
    let lastUserMessage = ''
    for (let index = messages.length - 1; index >= 0; index -= 1) {
      const message = messages[index]
      if (message?.role === 'user') {
        lastUserMessage = message.content ?? ''
        break
      }
    }
    const n = record.n === undefined || record.n === null ? 1 : Number(record.n)
    if (!Number.isInteger(n) || n < 1 || n > 128) {
      sendJson(
        response,
        400,
        errorBody(`"n" = ${JSON.stringify(record.n)} must be 1..128`, 'invalid_request_error'),
      )
      return { ...none, status: 400, outcome: 'bad n' }
    }
    const found = findRule(lastUserMessage, record)
    const rule = found.index === undefined ? undefined : script.rules[found.index]
    const base = { ruleIndex: found.index, lastUserMessage, requestHash: found.hash }
    if (rule === undefined && script.fallback === undefined) {
      const preview =
        lastUserMessage.length > 120 ? `${lastUserMessage.slice(0, 120)}...` : lastUserMessage
      sendJson(
        response,
        400,
        errorBody(
          `scripted server: no rule matches the last user message "${preview}"`,
          'invalid_request_error',
          'no_rule',
        ),
      )
      return { ...base, status: 400, outcome: 'no rule' }
    }
    const responseFormat = record.response_format as { type?: unknown } | undefined
    const rejectJsonSchema = rule?.rejectJsonSchema ?? script.rejectJsonSchema ?? false
    if (rejectJsonSchema && responseFormat?.type === 'json_schema') {
      sendJson(
        response,
        400,
        errorBody(
          'response_format type "json_schema" is not supported',
          'invalid_request_error',
          'unsupported_response_format',
        ),
      )
      return { ...base, status: 400, outcome: 'rejected json_schema' }
    }
    let failure: ScriptFailure | undefined
    if (rule !== undefined && found.index !== undefined && rule.failures !== undefined) {
      const state = states[found.index] as RuleState
      failure = rule.failures[state.hits]
      state.hits += 1
    }
    await delay(rule?.latencyMs ?? script.latencyMs ?? 0)
    if (failure?.drop) {
      httpRequest.socket.destroy()
      return { ...base, status: 0, outcome: 'dropped' }
    }
    if (failure?.status !== undefined) {
      const status = failure.status
      const type =
        status === 429
          ? 'rate_limit_error'
          : status >= 500
            ? 'server_error'
            : 'invalid_request_error'
      const message = failure.message ?? `scripted failure ${status}`
      const body = errorBody(message, type)
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(status === 429 ? { 'retry-after-ms': '1' } : {}),
      })
      response.end(body)
      return { ...base, status, outcome: `failure ${status}` }
    }
    const stream = record.stream === true
    const malformed = failure?.malformed ?? rule?.malformed
    if (malformed !== undefined && malformed !== false) {
      const broken = typeof malformed === 'string' ? malformed : TRUNCATED_BODY
      if (stream) {
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        response.end(`data: ${broken}\n\ndata: [DONE]\n\n`)
      } else sendJson(response, 200, broken)
      return { ...base, status: 200, outcome: 'malformed' }
    }
    const ignoreN = rule?.ignoreN ?? script.ignoreN ?? false
    const choiceCount = ignoreN ? 1 : n
    const stop =
      typeof record.stop === 'string'
        ? [record.stop]
        : Array.isArray(record.stop)
          ? record.stop.filter((entry): entry is string => typeof entry === 'string')
          : []
    const rawMax = record.max_completion_tokens ?? record.max_tokens
    const maxTokens = typeof rawMax === 'number' && rawMax > 0 ? rawMax : undefined
    const requestNumber = count
    const context: ChatContext = {
      body: record,
      request: { messages, lastUserMessage, body: record, choiceIndex: 0 },
      rule,
      ruleIndex: found.index,
      requestHash: found.hash,
    }
    const replies: WireReply[] = []
    for (let index = 0; index < choiceCount; index += 1) {
      replies.push(
        toWireReply(
          nextReply(context, index),
          { maxTokens, stop },
          `call_${requestNumber}_${index}`,
        ),
      )
    }
    let promptTokens = 0
    for (const message of messages) promptTokens += countWhitespaceTokens(message.content)
    let completion = 0
    for (const reply of replies) completion += completionTokens(reply)
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completion,
      total_tokens: promptTokens + completion,
    }
    const id = `chatcmpl-scripted-${requestNumber}`
    const created = Math.floor(Date.now() / 1000)
    const model = typeof record.model === 'string' ? record.model : (models[0] as string)
    if (!stream) {
      sendJson(
        response,
        200,
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: replies.map((reply, index) => ({
            index,
            message: wireMessage(reply),
            logprobs: null,
            finish_reason: reply.finishReason,
          })),
          usage,
        }),
      )
      return { ...base, status: 200, outcome: 'ok' }
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    })
    const slow = failure?.slowStreamMs ?? 0
    const write = async (chunk: Record<string, unknown> | '[DONE]'): Promise<boolean> => {
      if (response.destroyed) return false
      await delay(slow)
      if (response.destroyed) return false
      response.write(chunk === '[DONE]' ? 'data: [DONE]\n\n' : `data: ${JSON.stringify(chunk)}\n\n`)
      return true
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices,
      ...extra,
    })
    const perChoice = replies.map((reply) => streamDeltas(reply))
    const longest = Math.max(...perChoice.map((deltas) => deltas.length))
    for (let step = 0; step < longest; step += 1) {
      for (const [index, deltas] of perChoice.entries()) {
        const delta = deltas[step]
        if (delta === undefined) continue
        if (!(await write(chunk([{ index, delta, logprobs: null, finish_reason: null }])))) {
          return { ...base, status: 200, outcome: 'client went away' }
        }
      }
    }
    for (const [index, reply] of replies.entries()) {
      await write(chunk([{ index, delta: {}, logprobs: null, finish_reason: reply.finishReason }]))
    }
    const streamOptions = record.stream_options as { include_usage?: unknown } | undefined
    if (streamOptions?.include_usage === true) await write(chunk([], { usage }))
    await write('[DONE]')
    if (!response.destroyed) response.end()
    return { ...base, status: 200, outcome: slow > 0 ? 'ok (slow stream)' : 'ok' }
  }

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
