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
import type {
  ChatHistoryItem,
  ChatModelFunctionCall,
  ChatModelFunctions,
  LlamaChatResponse,
  LlamaContext,
  LlamaEmbeddingContext,
  LlamaGrammar,
  LlamaModel,
  Llama as LlamaRuntime,
} from 'node-llama-cpp'
import { AbortError, BackendError, GalenError } from '../../errors.js'
import type {
  ChatChoice,
  ChatMessage,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  ResponseFormat,
  TokenUsage,
  ToolCall,
} from '../chat-model.js'
import { parseStructuredReply } from '../json-output.js'

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

interface Loaded {
  llama: LlamaRuntime
  model: LlamaModel
  context: LlamaContext
  chatClass: typeof import('node-llama-cpp').LlamaChat
}

function stopReasonToFinish(reason: string): FinishReason {
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

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
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
  let loading: Promise<Loaded> | undefined
  let embedding: Promise<LlamaEmbeddingContext> | undefined
  let queue: Promise<unknown> = Promise.resolve()
  const grammars = new Map<string, Promise<LlamaGrammar>>()

  const load = (): Promise<Loaded> => {
    loading ??= (async () => {
      try {
        const library = await import('node-llama-cpp')
        const llama = await library.getLlama({
          gpu: settings.gpu ?? 'auto',
          logLevel: library.LlamaLogLevel.error,
          progressLogs: false,
          ...(settings.threads === undefined ? {} : { maxThreads: settings.threads }),
        })
        const model = await llama.loadModel({ modelPath: settings.modelPath })
        const contextSize = settings.contextSize ?? Math.min(4096, model.trainContextSize)
        const context = await model.createContext({
          contextSize,
          sequences: 1,
          ...(settings.threads === undefined ? {} : { threads: settings.threads }),
        })
        return { llama, model, context, chatClass: library.LlamaChat }
      } catch (error) {
        loading = undefined
        throw new BackendError(
          `llm: cannot load GGUF "${settings.modelPath}": ${describeError(error)}`,
          { backend: 'llama-cpp', cause: error },
        )
      }
    })()
    return loading
  }

  /** Runs generations one at a time: the context has one sequence. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  const grammarFor = (
    loaded: Loaded,
    format: ResponseFormat | undefined,
  ): Promise<LlamaGrammar> | undefined => {
    if (format === undefined || format.type === 'text') return undefined
    const key = format.type === 'json_object' ? 'json' : JSON.stringify(format.schema)
    let grammar = grammars.get(key)
    if (grammar === undefined) {
      grammar = (
        format.type === 'json_object'
          ? loaded.llama.getGrammarFor('json')
          : loaded.llama.createGrammarForJsonSchema(
              format.schema as Parameters<LlamaRuntime['createGrammarForJsonSchema']>[0],
            )
      ).catch((error: unknown) => {
        grammars.delete(key)
        throw new BackendError(
          `llm: cannot turn the JSON schema into a grammar: ${describeError(error)}`,
          { backend: 'llama-cpp', cause: error },
        )
      })
      grammars.set(key, grammar)
    }
    return grammar
  }

  const toAbortError = (error: unknown, signal: AbortSignal | undefined): Error => {
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

  /** One sample. `onText` receives text as it is generated. */
  const generate = (
    options: ChatOptions,
    seed: number | undefined,
    onText: ((text: string) => void) | undefined,
  ): Promise<{ text: string; toolCalls: ToolCall[]; finish: FinishReason; usage: TokenUsage }> =>
    exclusive(async () => {
      const loaded = await load()
      const sequence = loaded.context.getSequence()
      const chat = new loaded.chatClass({ contextSequence: sequence, autoDisposeSequence: true })
      try {
        await sequence.clearHistory()
        const history = toChatHistory(options.messages)
        const grammar = await grammarFor(loaded, options.responseFormat)
        const functions: ChatModelFunctions | undefined =
          options.tools !== undefined && options.tools.length > 0 && options.toolChoice !== 'none'
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
        chat.dispose({ disposeSequence: true })
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
    const loaded = await load()
    embedding ??= loaded.model
      .createEmbeddingContext({
        ...(settings.threads === undefined ? {} : { threads: settings.threads }),
      })
      .catch((error: unknown) => {
        embedding = undefined
        throw new BackendError(
          `llm: "${settings.modelPath}" offers no embeddings: ${describeError(error)}`,
          { backend: 'llama-cpp', cause: error },
        )
      })
    const context = await embedding
    const vectors: number[][] = []
    let tokens = 0
    for (const text of options.texts) {
      if (options.signal?.aborted) throw toAbortError(undefined, options.signal)
      const result = await exclusive(() => context.getEmbeddingFor(text))
      tokens += loaded.model.tokenize(text).length
      vectors.push([...result.vector])
    }
    return {
      model: options.model ?? name,
      vectors,
      usage: { promptTokens: tokens, completionTokens: 0, totalTokens: tokens },
    }
  }

  const dispose = async (): Promise<void> => {
    const current = loading
    loading = undefined
    if (current === undefined) return
    const loaded = await current.catch(() => undefined)
    if (loaded === undefined) return
    const embeddingContext = await embedding?.catch(() => undefined)
    embedding = undefined
    await embeddingContext?.dispose()
    await loaded.context.dispose()
    await loaded.model.dispose()
    await loaded.llama.dispose()
  }

  return { name: `llama-cpp:${settings.modelPath}`, model: name, chat, stream, embed, dispose }
}
