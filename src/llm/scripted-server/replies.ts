/**
 * Turning a scripted reply into the OpenAI wire shapes: choices, usage, streamed chunks, errors.
 */
import type { ServerResponse } from 'node:http'
import type { ScriptReply, ScriptToolCall } from './script.js'

/** Counts tokens the simple way: runs of non-whitespace characters. */
export function countWhitespaceTokens(text: string | null | undefined): number {
  if (!text) return 0
  let count = 0
  let inToken = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    const space = code === 32 || (code >= 9 && code <= 13) || code === 160
    if (!space && !inToken) count += 1
    inToken = !space
  }
  return count
}

/** A reply normalised for the wire. */
export interface WireReply {
  content: string | null
  toolCalls: Array<{ id: string; name: string; arguments: string }>
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter'
}

/** Limits the request puts on the generated text. */
export interface GenerationLimits {
  maxTokens: number | undefined
  stop: readonly string[]
}

function cutAtStop(text: string, stop: readonly string[]): { text: string; stopped: boolean } {
  let cut = -1
  for (const sequence of stop) {
    if (sequence === '') continue
    const at = text.indexOf(sequence)
    if (at >= 0 && (cut < 0 || at < cut)) cut = at
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true }
}

function cutAtTokens(text: string, maxTokens: number): { text: string; cut: boolean } {
  if (countWhitespaceTokens(text) <= maxTokens) return { text, cut: false }
  const pieces = text.match(/\s*\S+/g) ?? []
  return { text: pieces.slice(0, maxTokens).join(''), cut: true }
}

/**
 * Normalises a scripted reply, applying `stop` sequences and `max_tokens` (counted in whitespace
 * tokens) to its text as a real server would.
 */
export function toWireReply(
  reply: ScriptReply,
  limits: GenerationLimits,
  idPrefix: string,
): WireReply {
  const given = typeof reply === 'string' ? { content: reply } : reply
  const toolCalls = (given.toolCalls ?? []).map((call: ScriptToolCall, index: number) => ({
    id: call.id ?? `${idPrefix}_${index}`,
    name: call.name,
    arguments: call.arguments,
  }))
  let content = given.content ?? (toolCalls.length > 0 ? null : '')
  let finishReason: WireReply['finishReason'] =
    given.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop')
  if (content !== null && given.finishReason === undefined && toolCalls.length === 0) {
    content = cutAtStop(content, limits.stop).text
    if (limits.maxTokens !== undefined) {
      const cut = cutAtTokens(content, limits.maxTokens)
      content = cut.text
      if (cut.cut) finishReason = 'length'
    }
  }
  return { content, toolCalls, finishReason }
}

/** Completion tokens of a reply: its text plus its tool calls' names and arguments. */
export function completionTokens(reply: WireReply): number {
  let count = countWhitespaceTokens(reply.content)
  for (const call of reply.toolCalls) {
    count += 1 + countWhitespaceTokens(call.arguments)
  }
  return count
}

/** The `message` object of a non-streamed choice. */
export function wireMessage(reply: WireReply): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content }
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }))
  }
  return message
}

/** The delta chunks of one streamed choice, in order (without the final finish chunk). */
export function streamDeltas(reply: WireReply): Array<Record<string, unknown>> {
  const deltas: Array<Record<string, unknown>> = [{ role: 'assistant', content: '' }]
  if (reply.content) {
    const pieces = reply.content.match(/\s*\S+|\s+$/g) ?? [reply.content]
    for (const piece of pieces) deltas.push({ content: piece })
  }
  for (const [index, call] of reply.toolCalls.entries()) {
    deltas.push({
      tool_calls: [
        { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
      ],
    })
    // Arguments arrive in two pieces, so clients must accumulate them.
    const half = Math.ceil(call.arguments.length / 2)
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part !== '') deltas.push({ tool_calls: [{ index, function: { arguments: part } }] })
    }
  }
  return deltas
}

/** An OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param: null, code } })
}

/** Sends a JSON body (already serialised) with its length. */
export function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  })
  response.end(body)
}
