/**
 * The response cache seen from a chat call: the keys of its samples, choices rebuilt from cached
 * samples (a stream replayed from them), and the samples written back after a call.
 */
import { emptyUsage } from './call-stats.js'
import type {
  ChatChoice,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  TokenUsage,
  ToolCall,
} from './chat-model.js'
import { parseStructuredReply } from './json-output.js'
import { type CachedSample, chatCacheKey, type ResponseCache } from './response-cache.js'

/** The cache keys of the `n` samples a call asks for; none without a cache. */
export function sampleKeys(
  cache: ResponseCache | undefined,
  model: string,
  options: ChatOptions,
  n: number,
): string[] {
  return cache === undefined
    ? []
    : Array.from({ length: n }, (_, index) => chatCacheKey(model, options, index))
}

/** A choice rebuilt from a cached sample (a structured reply is parsed again when asked for). */
export function cachedChoice(
  sample: CachedSample,
  index: number,
  options: ChatOptions,
): ChatChoice {
  const choice: ChatChoice = {
    index,
    text: sample.text,
    toolCalls: sample.toolCalls,
    finishReason: sample.finishReason,
  }
  if (options.responseFormat !== undefined && sample.toolCalls.length === 0) {
    Object.assign(choice, parseStructuredReply(sample.text, options.responseFormat))
  }
  return choice
}

/** Replays cached samples as the events a stream would give, at no token cost. */
export async function* replayCachedSamples(
  samples: CachedSample[],
  options: ChatOptions,
  backend: ChatModel,
): AsyncGenerator<ChatStreamEvent> {
  yield { type: 'start', model: samples[0]?.model ?? options.model ?? backend.model }
  for (const [index, sample] of samples.entries()) {
    if (sample.text !== '') yield { type: 'text-delta', index, text: sample.text }
    for (const [toolCallIndex, call] of sample.toolCalls.entries()) {
      yield {
        type: 'tool-call-delta',
        index,
        toolCallIndex,
        id: call.id,
        name: call.name,
        argumentsDelta: call.arguments,
      }
    }
    yield { type: 'finish', index, finishReason: sample.finishReason }
  }
  yield { type: 'usage', usage: emptyUsage() }
}

/**
 * Writes the fresh choices of a call to the cache: choice `position` of `value` is sample
 * `missing[position]`; each gets an equal share of the completion tokens.
 */
export function storeChatChoices(
  cache: ResponseCache,
  keys: readonly string[],
  missing: readonly number[],
  value: ChatResult,
): void {
  const share =
    value.choices.length === 0 ? 0 : Math.round(value.usage.completionTokens / value.choices.length)
  for (const [position, choice] of value.choices.entries()) {
    const index = missing[position]
    const key = index === undefined ? undefined : keys[index]
    if (key === undefined) continue
    cache.set(key, {
      model: value.model,
      text: choice.text,
      toolCalls: choice.toolCalls,
      finishReason: choice.finishReason,
      promptTokens: value.usage.promptTokens,
      completionTokens: share,
    })
  }
}

/** All `n` choices in order: the fresh ones (for the samples in `missing`) and the cached ones. */
export function mergeChoices(
  n: number,
  missing: readonly number[],
  found: ReadonlyArray<CachedSample | undefined>,
  fresh: readonly ChatChoice[],
  options: ChatOptions,
): ChatChoice[] {
  const byIndex = new Map(missing.map((index, position) => [index, fresh[position]]))
  const choices: ChatChoice[] = []
  for (let index = 0; index < n; index += 1) {
    const choice = byIndex.get(index)
    const sample = found[index]
    if (choice !== undefined) choices.push({ ...choice, index })
    else if (sample !== undefined) choices.push(cachedChoice(sample, index, options))
  }
  return choices
}

/** What a finished stream leaves to cache. */
export interface StreamedSamples {
  finished: ReadonlyArray<ChatStreamEvent & { type: 'finish' }>
  texts: readonly string[]
  calls: ReadonlyArray<Map<number, ToolCall>>
  usage: TokenUsage | undefined
  model: string
  n: number
}

/** Writes the samples of a finished stream to the cache, when every sample finished. */
export function storeStreamedSamples(
  cache: ResponseCache,
  keys: readonly string[],
  streamed: StreamedSamples,
): void {
  const { finished, texts, calls, usage, model, n } = streamed
  if (finished.length !== n) return
  const share = usage === undefined ? 0 : Math.round(usage.completionTokens / n)
  for (const event of finished) {
    const key = keys[event.index]
    if (key === undefined) continue
    cache.set(key, {
      model,
      text: texts[event.index] ?? '',
      toolCalls: [...(calls[event.index]?.values() ?? [])],
      finishReason: event.finishReason,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: share,
    })
  }
}
