/**
 * Streaming chat over the OpenAI protocol: one SSE stream for all `n` samples when the server
 * honours `n`, else one stream per missing sample; `json_schema` falls back to `json_object` as in
 * non-streamed calls.
 */
import type OpenAI from 'openai'
import type { ChatOptions, ChatStreamEvent, TokenUsage } from '../chat-model.js'
import { isJsonSchemaRejection, toGalenError } from './openai-errors.js'
import { addUsage, readChunk, toRequestBody } from './openai-wire.js'

/** What a backend has learned about its server (`undefined`: not known yet). */
export interface ServerCapabilities {
  supportsN: boolean | undefined
  supportsJsonSchema: boolean | undefined
}

/** The client and server a stream talks to; `capabilities` is read and updated. */
export interface StreamConnection {
  client: OpenAI
  chatUrl: string
  /** Model name sent with each request. */
  model: string
  capabilities: ServerCapabilities
}

/** One streamed request for `n` samples, numbered from `indexOffset`; adds its usage to `usage`. */
async function* streamOne(
  connection: StreamConnection,
  options: ChatOptions,
  n: number,
  seed: number | undefined,
  indexOffset: number,
  usage: TokenUsage,
  seen: Set<number>,
): AsyncGenerator<ChatStreamEvent> {
  const { client, chatUrl, capabilities } = connection
  const open = async (fallback: boolean) => {
    const body = {
      ...toRequestBody(options, connection.model, { n, seed, jsonSchemaFallback: fallback }),
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
  if (wantsSchema && capabilities.supportsJsonSchema === false) stream = await open(true)
  else {
    try {
      stream = await open(false)
    } catch (error) {
      if (
        !wantsSchema ||
        capabilities.supportsJsonSchema === true ||
        !isJsonSchemaRejection(error)
      ) {
        throw error
      }
      stream = await open(true)
      capabilities.supportsJsonSchema = false
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

/**
 * Streams a chat call: a start event, the samples' deltas and finishes, then the summed usage.
 * Learns from the first stream whether the server honours `n`.
 */
export async function* streamChat(
  connection: StreamConnection,
  options: ChatOptions,
): AsyncGenerator<ChatStreamEvent> {
  const capabilities = connection.capabilities
  const n = options.n ?? 1
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
  yield { type: 'start', model: options.model ?? connection.model }
  let produced = 0
  if (capabilities.supportsN !== false || n === 1) {
    const seen = new Set<number>()
    yield* streamOne(connection, options, n, options.seed, 0, usage, seen)
    produced = seen.size
    if (n > 1) capabilities.supportsN = produced >= n
  }
  // The server ignored `n` (or is known to): the remaining samples, one stream each.
  for (let index = produced; index < n; index += 1) {
    const seed = options.seed === undefined ? undefined : options.seed + index
    yield* streamOne(connection, options, 1, seed, index, usage, new Set())
  }
  yield { type: 'usage', usage }
}
