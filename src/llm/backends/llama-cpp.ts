/**
 * The local GGUF backend, through node-llama-cpp: the model's own chat template, seeded sampling,
 * JSON-schema-constrained output through a grammar, `n` samples (one after another, seeds
 * `seed, seed + 1, ...`), tool calls through the template's function calling, and embeddings.
 *
 * node-llama-cpp is imported on first use, so importing this file costs nothing. One generation
 * runs at a time per model (calls queue); wrap the model with `wrapChatModel` for deadlines,
 * caching and accounting (`createChatModelFromSettings` does).
 */
import { basename } from 'node:path'
import type { ChatModelFunctions, LlamaChatResponse } from 'node-llama-cpp'
import type {
  ChatChoice,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  TokenUsage,
  ToolCall,
} from '../chat-model.js'
import { parseStructuredReply } from '../json-output.js'
import {
  stopReasonToFinish,
  toAbortError,
  toChatHistory,
  toLlamaFunctions,
} from './llama-cpp-convert.js'
import { createLlamaCppRuntime } from './llama-cpp-runtime.js'

/** Construction settings of {@link createLlamaCppModel}. */
export interface LlamaCppModelSettings {
  /** Path of the `.gguf` file. */
  modelPath: string
  /** Name reported as `model`. Default: the file name without `.gguf`. */
  model?: string
  /** `false` for CPU only (default `auto`: CUDA, Vulkan or Metal when available). */
  gpu?: false | 'auto' | 'cuda' | 'vulkan' | 'metal'
  /** Context size in tokens. Default: the model's training context, at most 4,096. */
  contextSize?: number
  /**
   * CPU threads. Default: node-llama-cpp's choice (all cores). On a busy machine fewer threads are
   * much faster, as llama.cpp's threads spin while they wait for each other.
   */
  threads?: number
  /** Tokens generated when `maxTokens` is not given. Default 1,024. */
  defaultMaxTokens?: number
  /** Temperature when `temperature` is not given. Default 0.8 (0 is greedy). */
  defaultTemperature?: number
}

/** A local GGUF model. */
export interface LlamaCppModel extends ChatModel {
  /** Frees the model, its contexts and the native runtime. */
  dispose(): Promise<void>
}

/**
 * Creates a local GGUF model. Loading happens on the first call (about a second for small models).
 *
 * @example
 * const model = createLlamaCppModel({ modelPath: 'models/qwen3-1.7b-q4_k_m.gguf' })
 * const { choices } = await model.chat({
 *   messages: [{ role: 'user', content: 'Give a dose as JSON.' }],
 *   responseFormat: { type: 'json_schema', name: 'dose', schema: { type: 'object' } },
 *   seed: 1,
 * })
 * await model.dispose()
 */
export function createLlamaCppModel(settings: LlamaCppModelSettings): LlamaCppModel {
  const name = settings.model ?? basename(settings.modelPath).replace(/\.gguf$/i, '')
  const defaultMaxTokens = settings.defaultMaxTokens ?? 1024
  const defaultTemperature = settings.defaultTemperature ?? 0.8
  const runtime = createLlamaCppRuntime(settings)

  /** One sample. `onText` receives text as it is generated. */
  const generate = (
    options: ChatOptions,
    seed: number | undefined,
    onText: ((text: string) => void) | undefined,
  ): Promise<{ text: string; toolCalls: ToolCall[]; finish: FinishReason; usage: TokenUsage }> =>
    runtime.exclusive(async () => {
      const loaded = await runtime.load()
      const sequence = loaded.sequence
      const chat = new loaded.chatClass({ contextSequence: sequence, autoDisposeSequence: false })
      try {
        await sequence.clearHistory()
        const history = toChatHistory(options.messages)
        const grammar = await runtime.grammarFor(loaded, options.responseFormat)
        const functions = toLlamaFunctions(options)
        let completionTokens = 0
        const common = {
          maxTokens: options.maxTokens ?? defaultMaxTokens,
          temperature: options.temperature ?? defaultTemperature,
          ...(options.topP === undefined ? {} : { topP: options.topP }),
          ...(seed === undefined ? {} : { seed }),
          ...(options.stop === undefined ? {} : { customStopTriggers: [...options.stop] }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          onToken: (tokens: readonly unknown[]) => {
            completionTokens += tokens.length
          },
          ...(onText === undefined ? {} : { onTextChunk: onText }),
        }
        const response: LlamaChatResponse<ChatModelFunctions | undefined> =
          grammar === undefined && functions !== undefined
            ? await chat.generateResponse(history, { ...common, functions })
            : await chat.generateResponse(
                history,
                grammar === undefined ? common : { ...common, grammar },
              )
        let promptTokens = 0
        try {
          promptTokens = chat.chatWrapper
            .generateContextState({ chatHistory: history })
            .contextText.tokenize(loaded.model.tokenizer).length
        } catch {
          promptTokens = loaded.model.tokenize(
            options.messages.map((message) => message.content ?? '').join('\n'),
          ).length
        }
        const toolCalls: ToolCall[] = (response.functionCalls ?? []).map((call, index) => ({
          id: `call_${index}`,
          name: call.functionName,
          arguments: JSON.stringify(call.params ?? {}),
        }))
        return {
          text: response.response,
          toolCalls,
          finish: stopReasonToFinish(response.metadata.stopReason),
          usage: {
            promptTokens,
            completionTokens,
            totalTokens: promptTokens + completionTokens,
          },
        }
      } catch (error) {
        throw toAbortError(error, options.signal)
      } finally {
        chat.dispose({ disposeSequence: false })
      }
    })

  const seedFor = (options: ChatOptions, index: number): number | undefined =>
    options.seed === undefined ? undefined : options.seed + index

  const chat = async (options: ChatOptions): Promise<ChatResult> => {
    const started = performance.now()
    const n = options.n ?? 1
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
    const choices: ChatChoice[] = []
    for (let index = 0; index < n; index += 1) {
      const sample = await generate(options, seedFor(options, index), undefined)
      usage.promptTokens += sample.usage.promptTokens
      usage.completionTokens += sample.usage.completionTokens
      usage.totalTokens += sample.usage.totalTokens
      const choice: ChatChoice = {
        index,
        text: sample.text,
        toolCalls: sample.toolCalls,
        finishReason: sample.finish,
      }
      if (sample.toolCalls.length === 0) {
        Object.assign(choice, parseStructuredReply(sample.text, options.responseFormat))
      }
      choices.push(choice)
    }
    return {
      model: options.model ?? name,
      choices,
      usage,
      latencyMs: performance.now() - started,
      attempts: 1,
      cached: false,
    }
  }

  async function* stream(options: ChatOptions): AsyncGenerator<ChatStreamEvent> {
    yield { type: 'start', model: options.model ?? name }
    const n = options.n ?? 1
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
    for (let index = 0; index < n; index += 1) {
      const pending: string[] = []
      let wake: (() => void) | undefined
      let done = false
      const generation = generate(options, seedFor(options, index), (text) => {
        pending.push(text)
        wake?.()
      }).finally(() => {
        done = true
        wake?.()
      })
      // Keep an unobserved rejection from surfacing before it is awaited below.
      generation.catch(() => undefined)
      while (!done || pending.length > 0) {
        const text = pending.shift()
        if (text !== undefined) {
          if (text !== '') yield { type: 'text-delta', index, text }
          continue
        }
        await new Promise<void>((resolve) => {
          wake = resolve
          if (done || pending.length > 0) resolve()
        })
        wake = undefined
      }
      const sample = await generation
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
      yield { type: 'finish', index, finishReason: sample.finish }
      usage.promptTokens += sample.usage.promptTokens
      usage.completionTokens += sample.usage.completionTokens
      usage.totalTokens += sample.usage.totalTokens
    }
    yield { type: 'usage', usage }
  }

  const embed = async (options: EmbedOptions): Promise<EmbedResult> => {
    const loaded = await runtime.load()
    const context = await runtime.embeddingContext(loaded)
    const vectors: number[][] = []
    let tokens = 0
    for (const text of options.texts) {
      if (options.signal?.aborted) throw toAbortError(undefined, options.signal)
      const result = await runtime.exclusive(() => context.getEmbeddingFor(text))
      tokens += loaded.model.tokenize(text).length
      vectors.push([...result.vector])
    }
    return {
      model: options.model ?? name,
      vectors,
      usage: { promptTokens: tokens, completionTokens: 0, totalTokens: tokens },
    }
  }

  return {
    name: `llama-cpp:${settings.modelPath}`,
    model: name,
    chat,
    stream,
    embed,
    dispose: runtime.dispose,
  }
}
