/**
 * The OpenAI-compatible HTTP backend, through the official `openai` client: vLLM, SGLang, Ollama,
 * llama.cpp's server, or any server of the protocol. It smooths over what such servers differ in:
 * it fans `n > 1` out into several requests when a server answers fewer choices than asked, and
 * when a server rejects `json_schema` it falls back to `json_object` plus validation.
 *
 * This is the bare backend: one try per call. Retries, timeouts, limits and caching come from
 * `wrapChatModel` (`createOpenAICompatibleModel` applies both).
 */
import OpenAI from 'openai'
import { AbortError, ApiCallError, GalenError, TimeoutError } from '../../errors.js'
import type {
  ChatChoice,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  TokenUsage,
} from '../chat-model.js'
import { parseStructuredReply } from '../json-output.js'
import { createNodeHttpFetch } from './node-http-fetch.js'
import {
  readChunk,
  readCompletion,
  readEmbeddings,
  toRequestBody,
  type WireChoice,
  type WireCompletion,
} from './openai-wire.js'

/** Construction settings of the bare OpenAI-compatible backend. */
export interface OpenAICompatibleBackendSettings {
  /** Base URL including `/v1`, for example `http://127.0.0.1:8000/v1`. */
  baseUrl: string
  /** Model name sent with each request. */
  model: string
  /** API key (sent as a bearer token). Default: none (`GALEN_API_KEY` is read by the config). */
  apiKey?: string
  /** Extra headers sent with every request. */
  headers?: Record<string, string>
  /** Model used by `embed`. Default: `model`. */
  embeddingModel?: string
  /**
   * Whether the server honours `n`. `undefined` (default): find out from the first reply that
   * has fewer choices than asked, then fan out from the start.
   */
  supportsN?: boolean
  /** Whether the server accepts `json_schema`. `undefined` (default): find out on the first 400. */
  supportsJsonSchema?: boolean
  /**
   * A `fetch` implementation. Default: a keep-alive client over `node:http`, which costs far less
   * per request than Node's built-in fetch (see `node-http-fetch.ts`).
   */
  fetch?: typeof fetch
}

/** A bare backend, with what it learned about the server. */
export interface OpenAICompatibleBackend extends ChatModel {
  /** What the backend has learned: whether the server honours `n` and `json_schema`. */
  capabilities(): { supportsN: boolean | undefined; supportsJsonSchema: boolean | undefined }
  /** Closes idle keep-alive connections. */
  dispose(): Promise<void>
}

const SUPPORTED_STATUSES_FOR_FALLBACK = new Set([400, 404, 415, 422, 501])

function describe(value: unknown): string {
  if (value === undefined) return ''
  try {
    return typeof value === 'string' ? value : JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/**
 * Turns whatever the client threw into a Galen error: `AbortError` when the caller's signal fired,
 * `ApiCallError` for statuses (retryable per status), connection failures (retryable) and
 * unreadable replies (not retryable).
 */
export function toGalenError(error: unknown, url: string, signal: AbortSignal | undefined): Error {
  if (error instanceof GalenError) return error
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    if (reason instanceof GalenError) return reason
    return new AbortError(`llm: request to ${url} aborted`, { cause: reason })
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new AbortError(`llm: request to ${url} aborted`, { cause: error })
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TimeoutError(`llm: request to ${url} timed out`, { cause: error })
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return new ApiCallError(`llm: cannot reach ${url} (${error.message}${cause})`, {
      url,
      isRetryable: true,
      cause: error,
    })
  }
  if (error instanceof OpenAI.APIError) {
    if (error.status === undefined) {
      return new ApiCallError(`llm: ${url} sent an error: ${error.message}`, {
        url,
        isRetryable: false,
        responseBody: describe(error.error),
        cause: error,
      })
    }
    const detail = describe(
      (error.error as { message?: unknown } | undefined)?.message ?? error.error,
    )
    return new ApiCallError(
      `llm: ${url} answered HTTP ${error.status}${detail ? `: ${detail}` : ''}`,
      { url, status: error.status, responseBody: describe(error.error), cause: error },
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new ApiCallError(`llm: malformed reply from ${url}: ${message}`, {
    url,
    isRetryable: false,
    cause: error,
  })
}

function addUsage(total: TokenUsage, more: TokenUsage): void {
  total.promptTokens += more.promptTokens
  total.completionTokens += more.completionTokens
  total.totalTokens += more.totalTokens
}

function toChoice(choice: WireChoice, index: number, options: ChatOptions): ChatChoice {
  const result: ChatChoice = {
    index,
    text: choice.text,
    toolCalls: choice.toolCalls,
    finishReason: choice.finishReason,
  }
  if (options.responseFormat !== undefined && choice.toolCalls.length === 0) {
    Object.assign(result, parseStructuredReply(choice.text, options.responseFormat))
  }
  return result
}

/**
 * Creates the bare OpenAI-compatible backend (no retries, no timeout, no cache). Most callers want
 * `createOpenAICompatibleModel`, which wraps this one.
 */
export function createOpenAICompatibleBackend(
  settings: OpenAICompatibleBackendSettings,
): OpenAICompatibleBackend {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '')
  const chatUrl = `${baseUrl}/chat/completions`
  const embeddingsUrl = `${baseUrl}/embeddings`
  const ownFetch = settings.fetch === undefined ? createNodeHttpFetch() : undefined
  const fetchFunction = settings.fetch ?? ownFetch?.fetch
  const client = new OpenAI({
    baseURL: baseUrl,
    apiKey: settings.apiKey ?? 'none',
    maxRetries: 0,
    // Errors reach the caller as Galen errors; the client's own console logging would be noise.
    logLevel: 'off',
    // Deadlines are the wrapper's job; this only guards against a client-level default.
    timeout: 24 * 60 * 60 * 1000,
    ...(settings.headers === undefined ? {} : { defaultHeaders: settings.headers }),
    ...(fetchFunction === undefined ? {} : { fetch: fetchFunction }),
  })
  let supportsN = settings.supportsN
  let supportsJsonSchema = settings.supportsJsonSchema

  const post = async (body: Record<string, unknown>, signal: AbortSignal | undefined) => {
    try {
      const reply: unknown = await client.chat.completions.create(
        body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
        signal === undefined ? {} : { signal },
      )
      return readCompletion(reply, chatUrl)
    } catch (error) {
      throw toGalenError(error, chatUrl, signal)
    }
  }

  /** Sends one request; on a rejected `json_schema`, retries once with the fallback. */
  const postWithFallback = async (
    options: ChatOptions,
    n: number,
    seed: number | undefined,
  ): Promise<WireCompletion> => {
    const wantsSchema = options.responseFormat?.type === 'json_schema'
    const fallback = wantsSchema && supportsJsonSchema === false
    try {
      const reply = await post(
        toRequestBody(options, settings.model, { n, seed, jsonSchemaFallback: fallback }),
        options.signal,
      )
      if (wantsSchema && !fallback) supportsJsonSchema = true
      return reply
    } catch (error) {
      if (
        !wantsSchema ||
        fallback ||
        supportsJsonSchema === true ||
        !(error instanceof ApiCallError) ||
        error.status === undefined ||
        !SUPPORTED_STATUSES_FOR_FALLBACK.has(error.status)
      ) {
        throw error
      }
      const reply = await post(
        toRequestBody(options, settings.model, { n, seed, jsonSchemaFallback: true }),
        options.signal,
      )
      supportsJsonSchema = false
      return reply
    }
  }

  const fanOut = async (
    options: ChatOptions,
    first: number,
    count: number,
  ): Promise<{ choices: WireChoice[]; usage: TokenUsage }> => {
    const seed = options.seed
    const replies = await Promise.all(
      Array.from({ length: count }, (_, offset) =>
        postWithFallback(options, 1, seed === undefined ? undefined : seed + first + offset),
      ),
    )
    const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
    const choices: WireChoice[] = []
    for (const reply of replies) {
      addUsage(usage, reply.usage)
      const choice = reply.choices[0]
      if (choice === undefined) {
        throw new ApiCallError(`llm: malformed reply from ${chatUrl}: no choices`, {
          url: chatUrl,
          isRetryable: false,
        })
      }
      choices.push(choice)
    }
    return { choices, usage }
  }

  const chat = async (options: ChatOptions): Promise<ChatResult> => {
    const started = performance.now()
    const n = options.n ?? 1
    let model = options.model ?? settings.model
    const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
    let wireChoices: WireChoice[]
    let attempts = 1
    if (n > 1 && supportsN === false) {
      const fanned = await fanOut(options, 0, n)
      wireChoices = fanned.choices
      addUsage(usage, fanned.usage)
      attempts = n
    } else {
      const reply = await postWithFallback(options, n, options.seed)
      model = reply.model ?? model
      addUsage(usage, reply.usage)
      wireChoices = reply.choices.slice(0, n)
      if (wireChoices.length === 0) {
        throw new ApiCallError(`llm: malformed reply from ${chatUrl}: no choices`, {
          url: chatUrl,
          isRetryable: false,
        })
      }
      if (n > 1) {
        if (wireChoices.length < n) {
          supportsN = false
          const fanned = await fanOut(options, wireChoices.length, n - wireChoices.length)
          wireChoices = [...wireChoices, ...fanned.choices]
          addUsage(usage, fanned.usage)
          attempts += n - reply.choices.length
        } else supportsN = true
      }
    }
    return {
      model,
      choices: wireChoices.map((choice, index) => toChoice(choice, index, options)),
      usage,
      latencyMs: performance.now() - started,
      attempts,
      cached: false,
    }
  }

  async function* streamOne(
    options: ChatOptions,
    n: number,
    seed: number | undefined,
    indexOffset: number,
    usage: TokenUsage,
    seen: Set<number>,
  ): AsyncGenerator<ChatStreamEvent> {
    const open = async (fallback: boolean) => {
      const body = {
        ...toRequestBody(options, settings.model, { n, seed, jsonSchemaFallback: fallback }),
        stream: true,
        stream_options: { include_usage: true },
      }
      try {
        return await client.chat.completions.create(
          body as unknown as OpenAI.ChatCompletionCreateParamsStreaming,
          options.signal === undefined ? {} : { signal: options.signal },
        )
      } catch (error) {
        throw toGalenError(error, chatUrl, options.signal)
      }
    }
    const wantsSchema = options.responseFormat?.type === 'json_schema'
    let stream: Awaited<ReturnType<typeof open>>
    if (wantsSchema && supportsJsonSchema === false) stream = await open(true)
    else {
      try {
        stream = await open(false)
      } catch (error) {
        if (
          !wantsSchema ||
          supportsJsonSchema === true ||
          !(error instanceof ApiCallError) ||
          error.status === undefined ||
          !SUPPORTED_STATUSES_FOR_FALLBACK.has(error.status)
        ) {
          throw error
        }
        stream = await open(true)
        supportsJsonSchema = false
      }
    }
    try {
      for await (const raw of stream) {
        const chunk = readChunk(raw, chatUrl)
        for (const choice of chunk.choices) {
          if (choice.index >= n) continue
          const index = choice.index + indexOffset
          seen.add(choice.index)
          if (choice.content !== undefined && choice.content !== '') {
            yield { type: 'text-delta', index, text: choice.content }
          }
          for (const call of choice.toolCalls) {
            const event: ChatStreamEvent = {
              type: 'tool-call-delta',
              index,
              toolCallIndex: call.index,
              argumentsDelta: call.argumentsDelta,
              ...(call.id === undefined ? {} : { id: call.id }),
              ...(call.name === undefined ? {} : { name: call.name }),
            }
            yield event
          }
          if (choice.finishReason !== undefined) {
            yield { type: 'finish', index, finishReason: choice.finishReason }
          }
        }
        if (chunk.usage !== undefined) addUsage(usage, chunk.usage)
      }
    } catch (error) {
      throw toGalenError(error, chatUrl, options.signal)
    }
  }

  async function* stream(options: ChatOptions): AsyncGenerator<ChatStreamEvent> {
    const n = options.n ?? 1
    const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
    yield { type: 'start', model: options.model ?? settings.model }
    let produced = 0
    if (supportsN !== false || n === 1) {
      const seen = new Set<number>()
      yield* streamOne(options, n, options.seed, 0, usage, seen)
      produced = seen.size
      if (n > 1) supportsN = produced >= n
    }
    // The server ignored `n` (or is known to): the remaining samples, one stream each.
    for (let index = produced; index < n; index += 1) {
      const seed = options.seed === undefined ? undefined : options.seed + index
      yield* streamOne(options, 1, seed, index, usage, new Set())
    }
    yield { type: 'usage', usage }
  }

  const embed = async (options: EmbedOptions): Promise<EmbedResult> => {
    const model = options.model ?? settings.embeddingModel ?? settings.model
    if (options.texts.length === 0) {
      return { model, vectors: [], usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } }
    }
    let reply: unknown
    try {
      reply = await client.embeddings.create(
        { model, input: [...options.texts], encoding_format: 'float' },
        options.signal === undefined ? {} : { signal: options.signal },
      )
    } catch (error) {
      throw toGalenError(error, embeddingsUrl, options.signal)
    }
    const read = readEmbeddings(reply, embeddingsUrl, options.texts.length)
    return { model: read.model ?? model, vectors: read.vectors, usage: read.usage }
  }

  return {
    name: `openai-compatible:${baseUrl}`,
    model: settings.model,
    chat,
    stream,
    embed,
    capabilities: () => ({ supportsN, supportsJsonSchema }),
    dispose: async () => {
      ownFetch?.close()
    },
  }
}
