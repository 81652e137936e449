/**
 * The OpenAI-compatible HTTP backend, through the official `openai` client: vLLM, SGLang, Ollama,
 * llama.cpp's server, or any server of the protocol. It smooths over what such servers differ in:
 * it fans `n > 1` out into several requests when a server answers fewer choices than asked, and
 * when a server rejects `json_schema` it falls back to `json_object` plus validation.
 *
 * This is the bare backend: one try per call. Retries, timeouts, limits and caching come from
 * `wrapChatModel` (`createOpenAICompatibleModel` applies both).
 */
import type OpenAI from 'openai'
import { ApiCallError } from '../../errors.js'
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
import { MemoizedOpenAI } from './openai-client.js'
import { isJsonSchemaRejection, toGalenError } from './openai-errors.js'
import { type ServerCapabilities, type StreamConnection, streamChat } from './openai-stream.js'
import {
  addUsage,
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
  const client = new MemoizedOpenAI({
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
  const capabilities: ServerCapabilities = {
    supportsN: settings.supportsN,
    supportsJsonSchema: settings.supportsJsonSchema,
  }
  const connection: StreamConnection = { client, chatUrl, model: settings.model, capabilities }

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
    const fallback = wantsSchema && capabilities.supportsJsonSchema === false
    try {
      const reply = await post(
        toRequestBody(options, settings.model, { n, seed, jsonSchemaFallback: fallback }),
        options.signal,
      )
      if (wantsSchema && !fallback) capabilities.supportsJsonSchema = true
      return reply
    } catch (error) {
      if (
        !wantsSchema ||
        fallback ||
        capabilities.supportsJsonSchema === true ||
        !isJsonSchemaRejection(error)
      ) {
        throw error
      }
      const reply = await post(
        toRequestBody(options, settings.model, { n, seed, jsonSchemaFallback: true }),
        options.signal,
      )
      capabilities.supportsJsonSchema = false
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
    if (n > 1 && capabilities.supportsN === false) {
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
          capabilities.supportsN = false
          const fanned = await fanOut(options, wireChoices.length, n - wireChoices.length)
          wireChoices = [...wireChoices, ...fanned.choices]
          addUsage(usage, fanned.usage)
          attempts += n - reply.choices.length
        } else capabilities.supportsN = true
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

  const stream = (options: ChatOptions): AsyncGenerator<ChatStreamEvent> =>
    streamChat(connection, options)

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
    capabilities: () => ({
      supportsN: capabilities.supportsN,
      supportsJsonSchema: capabilities.supportsJsonSchema,
    }),
    dispose: async () => {
      ownFetch?.close()
    },
  }
}
