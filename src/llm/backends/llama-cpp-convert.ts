/**
 * Conversions between Galen's chat types and node-llama-cpp's: chat history, tool functions, stop
 * reasons and errors.
 */
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions } from 'node-llama-cpp'
import { AbortError, BackendError, GalenError } from '../../errors.js'
import type { ChatMessage, ChatOptions, FinishReason } from '../chat-model.js'

/** The message of an error, or the value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The finish reason of a node-llama-cpp stop reason. */
export function stopReasonToFinish(reason: string): FinishReason {
  switch (reason) {
    case 'maxTokens':
      return 'length'
    case 'functionCalls':
      return 'tool_calls'
    case 'abort':
      return 'error'
    default:
      return 'stop'
  }
}

/** Converts Galen messages to node-llama-cpp chat history, ending with an open model turn. */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const results = new Map<string, string>()
  for (const message of messages) {
    if (message.role === 'tool') results.set(message.toolCallId, message.content)
  }
  const history: ChatHistoryItem[] = []
  for (const message of messages) {
    if (message.role === 'system') history.push({ type: 'system', text: message.content })
    else if (message.role === 'user') history.push({ type: 'user', text: message.content })
    else if (message.role === 'assistant') {
      const response: Array<string | ChatModelFunctionCall> = []
      if (message.content) response.push(message.content)
      for (const call of message.toolCalls ?? []) {
        let params: unknown = call.arguments
        try {
          params = JSON.parse(call.arguments)
        } catch {
          // The model wrote invalid JSON arguments; keep the raw text.
        }
        response.push({
          type: 'functionCall',
          name: call.name,
          params,
          result: results.get(call.id) ?? '',
        })
      }
      history.push({ type: 'model', response })
    }
  }
  const last = history[history.length - 1]
  if (last?.type !== 'model') history.push({ type: 'model', response: [] })
  return history
}

/**
 * The call's tools as node-llama-cpp functions, or undefined when it offers none (or
 * `toolChoice` is `none`).
 */
export function toLlamaFunctions(options: ChatOptions): ChatModelFunctions | undefined {
  return options.tools !== undefined && options.tools.length > 0 && options.toolChoice !== 'none'
    ? Object.fromEntries(
        options.tools.map((tool) => [
          tool.name,
          {
            description: tool.description,
            params: tool.parameters as ChatModelFunctions[string]['params'],
          },
        ]),
      )
    : undefined
}

/**
 * The error a failed local generation reports: the abort reason when the call was aborted (an
 * `AbortError` unless it is already a Galen error), a Galen error as is, else a `BackendError`.
 */
export function toAbortError(error: unknown, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    return reason instanceof GalenError
      ? reason
      : new AbortError('llm: local generation aborted', { cause: reason })
  }
  if (error instanceof GalenError) return error
  return new BackendError(`llm: local generation failed: ${describeError(error)}`, {
    backend: 'llama-cpp',
    cause: error,
  })
}
