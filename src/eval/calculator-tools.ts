/**
 * Tool-augmented MedCalc-Bench: the model may call Galen's clinical calculators (OpenAI function
 * tools from `calculators/`) while answering. The row's own calculator is offered; the model
 * extracts the inputs from the note, Galen computes, and the model writes the final answer.
 */
import { calculatorTools, executeToolCall } from '../calculators/index.js'
import type {
  ChatMessage,
  ChatModel,
  ChatOptions,
  ChatResult,
  ToolDefinition,
} from '../llm/index.js'
import type { BenchmarkItem } from './item.js'

/** A tool call made while answering, as recorded. */
export interface RecordedToolCall {
  name: string
  arguments: string
  ok: boolean
  /** The calculator's value, or its error message. */
  result: string
}

/** The tools offered for an item: its calculator, found by MedCalc-Bench id (none if unknown). */
export function toolsForItem(item: BenchmarkItem): ToolDefinition[] {
  const id = item.calculation?.calculatorId
  if (id === undefined) return []
  return calculatorTools([Number(id)]).map((tool) => ({
    name: tool.function.name,
    description: tool.function.description,
    parameters: { ...tool.function.parameters },
  }))
}

/**
 * Asks the model, executing its calculator calls until it answers in text (at most `rounds`
 * model calls). Usage and latency are summed over the calls.
 */
export async function chatWithCalculators(options: {
  model: ChatModel
  item: BenchmarkItem
  messages: readonly ChatMessage[]
  chat: Omit<ChatOptions, 'messages' | 'tools'>
  rounds?: number
}): Promise<{ result: ChatResult; messages: ChatMessage[]; calls: RecordedToolCall[] }> {
  const tools = toolsForItem(options.item)
  const messages: ChatMessage[] = [...options.messages]
  const calls: RecordedToolCall[] = []
  const rounds = options.rounds ?? 4
  let total: ChatResult | undefined
  for (let round = 1; round <= rounds; round += 1) {
    const offer = tools.length > 0 && round < rounds
    const result = await options.model.chat({
      ...options.chat,
      messages,
      ...(offer ? { tools, toolChoice: 'auto' as const } : {}),
    })
    total =
      total === undefined
        ? result
        : {
            ...result,
            usage: {
              promptTokens: total.usage.promptTokens + result.usage.promptTokens,
              completionTokens: total.usage.completionTokens + result.usage.completionTokens,
              totalTokens: total.usage.totalTokens + result.usage.totalTokens,
            },
            latencyMs: total.latencyMs + result.latencyMs,
            attempts: total.attempts + result.attempts,
          }
    const choice = result.choices[0]
    if (choice === undefined || choice.toolCalls.length === 0 || !offer) break
    messages.push({
      role: 'assistant',
      content: choice.text === '' ? null : choice.text,
      toolCalls: choice.toolCalls,
    })
    for (const call of choice.toolCalls) {
      const execution = executeToolCall({
        id: call.id,
        function: { name: call.name, arguments: call.arguments },
      })
      calls.push({
        name: call.name,
        arguments: call.arguments,
        ok: execution.ok,
        result: execution.ok ? String(execution.result?.value ?? '') : (execution.error ?? 'error'),
      })
      messages.push({ role: 'tool', toolCallId: call.id, content: execution.content })
    }
  }
  if (total === undefined) throw new Error('eval: no model call was made')
  return { result: total, messages, calls }
}
