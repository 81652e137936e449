/**
 * The `/v1/chat/completions` route of the scripted server: validates the request, finds the rule
 * that answers it, applies the rule's failures, latency and malformed bodies, and replies as JSON
 * or as a stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { safeParseJson } from '../../errors.js'
import { delay, writeChatStream } from './chat-stream.js'
import {
  completionTokens,
  countWhitespaceTokens,
  errorBody,
  sendJson,
  toWireReply,
  type WireReply,
  wireMessage,
} from './replies.js'
import { hashChatRequest } from './request-hash.js'
import type {
  ModelScript,
  ScriptedRequest,
  ScriptFailure,
  ScriptReply,
  ScriptRule,
} from './script.js'
import type { ScriptedRequestLog } from './server.js'

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

/** What the chat route reports about one request, for the server's log. */
export type ChatOutcome = Omit<ScriptedRequestLog, 'method' | 'path'>

/** Answers one chat request whose body has been read as `text`. */
export type ChatHandler = (
  httpRequest: IncomingMessage,
  response: ServerResponse,
  text: string,
) => Promise<ChatOutcome>

/** Settings of {@link createChatHandler}. */
export interface ChatHandlerSettings {
  script: ModelScript
  /** Model names the server lists; the first names replies to requests without a model. */
  models: readonly string[]
  /** Hash every request even when no rule matches on hashes. */
  hashRequests: boolean | undefined
  /** The server's request count, read when the reply is built (it numbers ids and tool calls). */
  requestNumber: () => number
}

/**
 * Creates the chat route for a script. Rule state (reply cursors, failure counts) lives in the
 * handler, so one handler serves one server. Throws when a rule's regex does not compile.
 */
export function createChatHandler(settings: ChatHandlerSettings): ChatHandler {
  const script = settings.script
  const models = settings.models
  const states = script.rules.map((): RuleState => ({ hits: 0, cursor: 0 }))
  const compiled = script.rules.map((rule) =>
    rule.match?.regex === undefined ? undefined : new RegExp(rule.match.regex, rule.match.flags),
  )
  const needsHash =
    settings.hashRequests === true ||
    script.rules.some((rule) => rule.match?.requestHash !== undefined)

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

  const handleChat = async (
    httpRequest: IncomingMessage,
    response: ServerResponse,
    text: string,
  ): Promise<ChatOutcome> => {
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
    const requestNumber = settings.requestNumber()
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
    const slow = failure?.slowStreamMs ?? 0
    const streamOptions = record.stream_options as { include_usage?: unknown } | undefined
    const completed = await writeChatStream(response, {
      id,
      created,
      model,
      replies,
      usage,
      includeUsage: streamOptions?.include_usage === true,
      slowMs: slow,
    })
    if (!completed) return { ...base, status: 200, outcome: 'client went away' }
    return { ...base, status: 200, outcome: slow > 0 ? 'ok (slow stream)' : 'ok' }
  }

  return handleChat
}
