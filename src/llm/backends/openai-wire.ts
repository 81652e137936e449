/**
 * Translation between Galen's chat types and the OpenAI wire format, in both directions. Replies
 * are untrusted: every read narrows `unknown` and a reply that does not have the expected shape
 * raises a non-retryable {@link ApiCallError} that says what is wrong.
 */
import { ApiCallError } from '../../errors.js'
import type { ChatMessage, ChatOptions, FinishReason, TokenUsage, ToolCall } from '../chat-model.js'

type JsonObject = Record<string, unknown>

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Converts Galen messages to OpenAI request messages. */
export function toWireMessages(messages: readonly ChatMessage[]): JsonObject[] {
  return messages.map((message) => {
    switch (message.role) {
      case 'assistant': {
        const wire: JsonObject = { role: 'assistant', content: message.content }
        if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
          wire.tool_calls = message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          }))
        }
        return wire
      }
      case 'tool':
        return { role: 'tool', content: message.content, tool_call_id: message.toolCallId }
      default:
        return { role: message.role, content: message.content }
    }
  })
}

/** The system instruction added when a server rejected `json_schema` and `json_object` is used. */
export function schemaInstruction(name: string, schema: Record<string, unknown>): string {
  return `Reply with a single JSON object (no prose, no code fence) that matches the JSON schema "${name}":\n${JSON.stringify(schema)}`
}

/**
 * Builds a chat-completions request body.
 *
 * @param jsonSchemaFallback - send `json_object` plus a schema instruction instead of `json_schema`
 */
export function toRequestBody(
  options: ChatOptions,
  model: string,
  settings: { n: number; seed: number | undefined; jsonSchemaFallback: boolean },
): JsonObject {
  const format = options.responseFormat
  let messages = toWireMessages(options.messages)
  const body: JsonObject = { model: options.model ?? model, messages }
  if (options.temperature !== undefined) body.temperature = options.temperature
  if (options.topP !== undefined) body.top_p = options.topP
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens
  if (options.stop !== undefined && options.stop.length > 0) body.stop = [...options.stop]
  if (settings.seed !== undefined) body.seed = settings.seed
  if (settings.n > 1) body.n = settings.n
  if (format !== undefined && format.type !== 'text') {
    if (format.type === 'json_object') body.response_format = { type: 'json_object' }
    else if (settings.jsonSchemaFallback) {
      body.response_format = { type: 'json_object' }
      messages = [
        { role: 'system', content: schemaInstruction(format.name, format.schema) },
        ...messages,
      ]
      body.messages = messages
    } else {
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: format.name,
          schema: format.schema,
          ...(format.strict === undefined ? {} : { strict: format.strict }),
        },
      }
    }
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = options.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }))
    const choice = options.toolChoice
    if (choice !== undefined) {
      body.tool_choice =
        typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } }
    }
  }
  return body
}

/** Maps an OpenAI finish reason to Galen's. */
export function toFinishReason(value: unknown): FinishReason {
  switch (value) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return value
    case 'function_call':
      return 'tool_calls'
    case 'eos':
    case 'stop_sequence':
      return 'stop'
    default:
      return 'unknown'
  }
}

/** One choice read from a reply, before JSON parsing. */
export interface WireChoice {
  index: number
  text: string
  toolCalls: ToolCall[]
  finishReason: FinishReason
}

/** A chat-completions reply, narrowed. */
export interface WireCompletion {
  model: string | undefined
  choices: WireChoice[]
  usage: TokenUsage
}

function malformed(url: string, what: string, value: unknown): ApiCallError {
  let shown: string
  try {
    shown = JSON.stringify(value) ?? String(value)
  } catch {
    shown = String(value)
  }
  return new ApiCallError(`llm: malformed reply from ${url}: ${what}`, {
    url,
    isRetryable: false,
    responseBody: shown,
  })
}

function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0
}

/** Adds `more` to `total`, in place. */
export function addUsage(total: TokenUsage, more: TokenUsage): void {
  total.promptTokens += more.promptTokens
  total.completionTokens += more.completionTokens
  total.totalTokens += more.totalTokens
}

/** Reads token usage; missing counts are 0. */
export function readUsage(value: unknown): TokenUsage {
  if (!isObject(value)) return { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
  const promptTokens = readCount(value.prompt_tokens)
  const completionTokens = readCount(value.completion_tokens)
  const total = readCount(value.total_tokens)
  return { promptTokens, completionTokens, totalTokens: total || promptTokens + completionTokens }
}

function readToolCalls(value: unknown, url: string, where: string): ToolCall[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw malformed(url, `${where}.tool_calls is not an array`, value)
  return value.map((call: unknown, index) => {
    const fn = isObject(call) ? call.function : undefined
    if (!isObject(call) || !isObject(fn) || typeof fn.name !== 'string') {
      throw malformed(url, `${where}.tool_calls[${index}] has no function name`, call)
    }
    const args = fn.arguments
    return {
      id: typeof call.id === 'string' ? call.id : `call_${index}`,
      name: fn.name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    }
  })
}

/**
 * Narrows a chat-completions reply.
 *
 * @throws ApiCallError (not retryable) when the reply lacks `choices` or a choice lacks `message`.
 */
export function readCompletion(value: unknown, url: string): WireCompletion {
  if (!isObject(value)) throw malformed(url, 'the body is not a JSON object', value)
  if (isObject(value.error)) {
    throw malformed(url, `the body is an error: ${String(value.error.message ?? '')}`, value)
  }
  if (!Array.isArray(value.choices)) throw malformed(url, '"choices" is missing', value)
  const choices = value.choices.map((choice: unknown, position): WireChoice => {
    const where = `choices[${position}]`
    if (!isObject(choice) || !isObject(choice.message)) {
      throw malformed(url, `${where}.message is missing`, choice)
    }
    const content = choice.message.content
    if (content !== null && content !== undefined && typeof content !== 'string') {
      throw malformed(url, `${where}.message.content is not text`, content)
    }
    return {
      index: typeof choice.index === 'number' ? choice.index : position,
      text: content ?? '',
      toolCalls: readToolCalls(choice.message.tool_calls, url, `${where}.message`),
      finishReason: toFinishReason(choice.finish_reason),
    }
  })
  return {
    model: typeof value.model === 'string' ? value.model : undefined,
    choices: choices.sort((a, b) => a.index - b.index),
    usage: readUsage(value.usage),
  }
}

/** One streamed chunk, narrowed. */
export interface WireChunk {
  choices: Array<{
    index: number
    content: string | undefined
    toolCalls: Array<{ index: number; id?: string; name?: string; argumentsDelta: string }>
    finishReason: FinishReason | undefined
  }>
  usage: TokenUsage | undefined
}

/** Narrows one streamed chunk. @throws ApiCallError (not retryable) for a chunk of the wrong shape. */
export function readChunk(value: unknown, url: string): WireChunk {
  if (!isObject(value)) throw malformed(url, 'a stream chunk is not a JSON object', value)
  if (isObject(value.error)) {
    throw malformed(url, `the stream sent an error: ${String(value.error.message ?? '')}`, value)
  }
  const rawChoices = value.choices ?? []
  if (!Array.isArray(rawChoices)) throw malformed(url, 'a stream chunk has no "choices"', value)
  const choices = rawChoices.map((choice: unknown, position) => {
    if (!isObject(choice)) throw malformed(url, 'a stream choice is not an object', choice)
    const delta = isObject(choice.delta) ? choice.delta : {}
    const toolCalls = Array.isArray(delta.tool_calls)
      ? delta.tool_calls.filter(isObject).map((call, order) => {
          const fn = isObject(call.function) ? call.function : {}
          const entry: { index: number; id?: string; name?: string; argumentsDelta: string } = {
            index: typeof call.index === 'number' ? call.index : order,
            argumentsDelta: typeof fn.arguments === 'string' ? fn.arguments : '',
          }
          if (typeof call.id === 'string') entry.id = call.id
          if (typeof fn.name === 'string') entry.name = fn.name
          return entry
        })
      : []
    return {
      index: typeof choice.index === 'number' ? choice.index : position,
      content: typeof delta.content === 'string' ? delta.content : undefined,
      toolCalls,
      finishReason:
        choice.finish_reason === null || choice.finish_reason === undefined
          ? undefined
          : toFinishReason(choice.finish_reason),
    }
  })
  return {
    choices,
    usage: value.usage === undefined || value.usage === null ? undefined : readUsage(value.usage),
  }
}

/** Narrows an embeddings reply into vectors in input order. */
export function readEmbeddings(
  value: unknown,
  url: string,
  count: number,
): { model: string | undefined; vectors: number[][]; usage: TokenUsage } {
  if (!isObject(value) || !Array.isArray(value.data)) {
    throw malformed(url, 'embeddings reply has no "data" array', value)
  }
  const vectors: number[][] = new Array(count)
  for (const [position, entry] of value.data.entries()) {
    const index = isObject(entry) && typeof entry.index === 'number' ? entry.index : position
    const embedding = isObject(entry) ? entry.embedding : undefined
    if (
      !Array.isArray(embedding) ||
      !embedding.every((number) => typeof number === 'number') ||
      index < 0 ||
      index >= count
    ) {
      throw malformed(url, `data[${position}].embedding is not a list of numbers`, entry)
    }
    vectors[index] = embedding as number[]
  }
  for (let index = 0; index < count; index += 1) {
    if (vectors[index] === undefined) throw malformed(url, `no embedding for input ${index}`, value)
  }
  return {
    model: typeof value.model === 'string' ? value.model : undefined,
    vectors,
    usage: readUsage(value.usage),
  }
}
