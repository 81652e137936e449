/**
 * Writing a scripted chat completion as Server-Sent Events: one delta chunk per word or tool-call
 * piece, choices interleaved, then the finish chunks, the optional usage chunk and `[DONE]`.
 */
import type { ServerResponse } from 'node:http'
import { streamDeltas, type WireReply } from './replies.js'

/** Waits `milliseconds` (nothing to wait for 0 or less). */
export const delay = (milliseconds: number): Promise<void> =>
  milliseconds > 0 ? new Promise((resolve) => setTimeout(resolve, milliseconds)) : Promise.resolve()

/** What {@link writeChatStream} sends. */
export interface ChatStreamSettings {
  id: string
  created: number
  model: string
  replies: readonly WireReply[]
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
  /** Whether the request asked for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean
  /** Pause before each chunk, in milliseconds (a scripted slow stream). */
  slowMs: number
}

/**
 * Streams the replies on `response` (headers included) and ends it. Returns false when the client
 * went away before the last delta chunk, true otherwise.
 */
export async function writeChatStream(
  response: ServerResponse,
  settings: ChatStreamSettings,
): Promise<boolean> {
  const { id, created, model, replies, usage } = settings
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
  const slow = settings.slowMs
  const write = async (chunk: Record<string, unknown> | '[DONE]'): Promise<boolean> => {
    if (response.destroyed) return false
    await delay(slow)
    if (response.destroyed) return false
    response.write(chunk === '[DONE]' ? 'data: [DONE]\n\n' : `data: ${JSON.stringify(chunk)}\n\n`)
    return true
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices,
    ...extra,
  })
  const perChoice = replies.map((reply) => streamDeltas(reply))
  const longest = Math.max(...perChoice.map((deltas) => deltas.length))
  for (let step = 0; step < longest; step += 1) {
    for (const [index, deltas] of perChoice.entries()) {
      const delta = deltas[step]
      if (delta === undefined) continue
      if (!(await write(chunk([{ index, delta, logprobs: null, finish_reason: null }])))) {
        return false
      }
    }
  }
  for (const [index, reply] of replies.entries()) {
    await write(chunk([{ index, delta: {}, logprobs: null, finish_reason: reply.finishReason }]))
  }
  if (settings.includeUsage) await write(chunk([], { usage }))
  await write('[DONE]')
  if (!response.destroyed) response.end()
  return true
}
