/**
 * Generation with calculator tools: asks the model, executes the calculator calls it makes with
 * Galen's calculators (their arguments are untrusted JSON), feeds the results back, and stops at
 * a text answer or after the allowed rounds of tool calls.
 */
import { executeToolCall } from '../calculators/index.js'
import { describeError } from '../errors.js'
import type { ChatMessage, ChatModel, ToolCall, ToolDefinition } from '../llm/index.js'

/** One calculator call made while answering. */
export interface AnswerToolCall {
  name: string
  arguments: string
  ok: boolean
  /** The tool message content returned to the model (result or error). */
  result: string
}

/** The result of {@link generateWithTools}. */
export interface GenerationResult {
  /** The answer text, reasoning (`<think>...</think>`) removed. */
  answer: string
  toolCalls: AnswerToolCall[]
  /** Notes for the reader: no choice returned, cut off at the token limit. */
  notes: string[]
  usage: { promptTokens: number; completionTokens: number; totalTokens: number }
}

/** Executes one tool call; a failure becomes an error result for the model, never a throw. */
function executeAnswerToolCall(call: ToolCall): AnswerToolCall {
  let execution: ReturnType<typeof executeToolCall>
  try {
    execution = executeToolCall({ id: call.id, name: call.name, arguments: call.arguments })
  } catch (error) {
    const content = JSON.stringify({ error: describeError(error) })
    execution = { ok: false, content, message: { role: 'tool', tool_call_id: call.id, content } }
  }
  return { name: call.name, arguments: call.arguments, ok: execution.ok, result: execution.content }
}

/**
 * Runs the model until it answers in text, executing calculator tool calls for up to
 * `maxRounds` rounds (then tools are no longer offered).
 *
 * @throws whatever the model throws (ApiCallError, TimeoutError, AbortError)
 */
export async function generateWithTools(options: {
  model: ChatModel
  messages: readonly ChatMessage[]
  tools: readonly ToolDefinition[]
  maxRounds: number
  temperature: number
  maxTokens: number
  signal?: AbortSignal
}): Promise<GenerationResult> {
  const messages = [...options.messages]
  const toolCalls: AnswerToolCall[] = []
  const notes: string[] = []
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
  for (let round = 0; ; round += 1) {
    const offerTools = options.tools.length > 0 && round < options.maxRounds
    const result = await options.model.chat({
      messages,
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      ...(offerTools ? { tools: options.tools } : {}),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    usage.promptTokens += result.usage.promptTokens
    usage.completionTokens += result.usage.completionTokens
    usage.totalTokens += result.usage.totalTokens
    const choice = result.choices[0]
    if (choice === undefined) {
      notes.push('The model returned no choice.')
      return { answer: '', toolCalls, notes, usage }
    }
    if (offerTools && choice.toolCalls.length > 0) {
      messages.push({
        role: 'assistant',
        content: choice.text || null,
        toolCalls: choice.toolCalls,
      })
      for (const call of choice.toolCalls) {
        const executed = executeAnswerToolCall(call)
        toolCalls.push(executed)
        messages.push({ role: 'tool', toolCallId: call.id, content: executed.result })
      }
      continue
    }
    if (choice.finishReason === 'length') notes.push('The answer was cut off at the token limit.')
    const answer = choice.text.replace(/<think>[\s\S]*?<\/think>/g, '').trim()
    return { answer, toolCalls, notes, usage }
  }
}
