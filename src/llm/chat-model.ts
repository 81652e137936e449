/**
 * The one interface every Galen capability uses to talk to a language model, whatever serves it
 * (an OpenAI-compatible HTTP server such as vLLM, SGLang, Ollama or llama.cpp's server, or a local
 * GGUF file through node-llama-cpp).
 */

/** A message of a chat conversation, in the OpenAI shape. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: readonly ToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string }

/** A function the model may call, described by a JSON schema of its arguments. */
export interface ToolDefinition {
  name: string
  description: string
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>
}

/** A tool call made by the model. `arguments` is the raw JSON text the model wrote (untrusted). */
export interface ToolCall {
  id: string
  name: string
  arguments: string
}

/** How the model should format its reply. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean }

/** Options of one chat generation. */
export interface ChatOptions {
  messages: readonly ChatMessage[]
  /** Overrides the model name the backend was created with. */
  model?: string
  temperature?: number
  topP?: number
  maxTokens?: number
  stop?: readonly string[]
  seed?: number
  /** Number of samples; backends that ignore `n` are fanned out into `n` requests. Default 1. */
  n?: number
  responseFormat?: ResponseFormat
  tools?: readonly ToolDefinition[]
  /** `auto` (default when tools are given), `none`, `required`, or a tool name to force. */
  toolChoice?: 'auto' | 'none' | 'required' | { name: string }
  signal?: AbortSignal
  /** Per-request deadline in milliseconds; overrides the backend default. */
  timeoutMs?: number
}

/** Why generation stopped. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'unknown'

/** Token counts of one call. */
export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
}

/** One sampled reply. */
export interface ChatChoice {
  index: number
  text: string
  toolCalls: ToolCall[]
  finishReason: FinishReason
  /** Parsed JSON when a JSON response format was requested and the text parsed and validated. */
  json?: unknown
  /**
   * Why `json` is absent although a JSON response format was requested: the text is not JSON, or
   * it does not match the schema (for example `$.dose must be number`).
   */
  jsonError?: string
}

/** The result of {@link ChatModel.chat}. */
export interface ChatResult {
  model: string
  choices: ChatChoice[]
  usage: TokenUsage
  /** Wall time of the whole call, retries and fan-out included, in milliseconds. */
  latencyMs: number
  /** HTTP attempts made (1 when the first try succeeded); 0 when served from the cache. */
  attempts: number
  /** True when every choice came from the response cache. */
  cached: boolean
}

/** A typed event of a streamed generation, in order: `start`, deltas, `finish`. */
export type ChatStreamEvent =
  | { type: 'start'; model: string }
  | { type: 'text-delta'; index: number; text: string }
  | {
      type: 'tool-call-delta'
      index: number
      toolCallIndex: number
      id?: string
      name?: string
      argumentsDelta: string
    }
  | { type: 'finish'; index: number; finishReason: FinishReason }
  | { type: 'usage'; usage: TokenUsage }

/** Options of {@link ChatModel.embed}. */
export interface EmbedOptions {
  texts: readonly string[]
  model?: string
  signal?: AbortSignal
}

/** The result of {@link ChatModel.embed}. */
export interface EmbedResult {
  model: string
  /** One vector per input text, in order. */
  vectors: number[][]
  usage: TokenUsage
}

/**
 * A chat model. Implementations: `createOpenAICompatibleModel` (HTTP) and `createLlamaCppModel`
 * (local GGUF); `wrapChatModel` adds retries, timeouts, limits, caching and accounting.
 */
export interface ChatModel {
  /** A short description of the backend, for example `openai-compatible:http://127.0.0.1:8000/v1`. */
  readonly name: string
  /** The default model name. */
  readonly model: string
  chat(options: ChatOptions): Promise<ChatResult>
  stream(options: ChatOptions): AsyncIterable<ChatStreamEvent>
  /** Embeddings; throws a `BackendError` when the backend offers none. */
  embed(options: EmbedOptions): Promise<EmbedResult>
}
