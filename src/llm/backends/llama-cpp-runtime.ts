/**
 * The native side of the local GGUF backend: node-llama-cpp imported and the model loaded on first
 * use, generations run one at a time (the context has one sequence), grammars for JSON formats
 * cached, the embedding context made on demand, and everything freed on dispose.
 */
import type {
  LlamaChat,
  LlamaContext,
  LlamaContextSequence,
  LlamaEmbeddingContext,
  LlamaGrammar,
  LlamaModel,
  Llama as LlamaRuntime,
} from 'node-llama-cpp'
import { BackendError } from '../../errors.js'
import type { ResponseFormat } from '../chat-model.js'
import { describeError } from './llama-cpp-convert.js'

/**
 * A loaded model: the runtime, the model, its context, the context's one sequence and the chat
 * class to generate with.
 */
export interface Loaded {
  llama: LlamaRuntime
  model: LlamaModel
  context: LlamaContext
  /**
   * The context's only sequence, taken once and reused by every generation (its history cleared
   * first). Disposing it after each generation and taking it again fails on some models: with
   * Gemma 3 (sliding-window attention) the freed sequence is not yet reclaimed when the next
   * generation asks, and node-llama-cpp says "No sequences left".
   */
  sequence: LlamaContextSequence
  chatClass: typeof LlamaChat
}

/** What the runtime needs from the backend's settings. */
export interface LlamaRuntimeSettings {
  modelPath: string
  gpu?: false | 'auto' | 'cuda' | 'vulkan' | 'metal'
  contextSize?: number
  threads?: number
}

/** The native resources of one GGUF model, created lazily. */
export interface LlamaCppRuntime {
  /** Loads the runtime, model and context once; a failed load is retried on the next call. */
  load(): Promise<Loaded>
  /** Runs `work` after every earlier piece of work has settled. */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  /** The grammar of a JSON response format (cached per schema), or undefined for text. */
  grammarFor(loaded: Loaded, format: ResponseFormat | undefined): Promise<LlamaGrammar> | undefined
  /** The embedding context, made on first use. */
  embeddingContext(loaded: Loaded): Promise<LlamaEmbeddingContext>
  /** Frees the embedding context, the context, the model and the runtime. */
  dispose(): Promise<void>
}

/** Creates the runtime of a GGUF file; nothing is imported or loaded until the first call. */
export function createLlamaCppRuntime(settings: LlamaRuntimeSettings): LlamaCppRuntime {
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
        return {
          llama,
          model,
          context,
          sequence: context.getSequence(),
          chatClass: library.LlamaChat,
        }
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

  const embeddingContext = (loaded: Loaded): Promise<LlamaEmbeddingContext> => {
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
    return embedding
  }

  const dispose = async (): Promise<void> => {
    const current = loading
    loading = undefined
    if (current === undefined) return
    const loaded = await current.catch(() => undefined)
    if (loaded === undefined) return
    const embeddings = await embedding?.catch(() => undefined)
    embedding = undefined
    await embeddings?.dispose()
    await loaded.context.dispose()
    await loaded.model.dispose()
    await loaded.llama.dispose()
  }

  return { load, exclusive, grammarFor, embeddingContext, dispose }
}
