/**
 * Embeddings from a model endpoint through Galen's ChatModel (`embed`), for example an
 * OpenAI-compatible server (vLLM, Ollama, llama.cpp server, a hosted API).
 */
import { BackendError } from '../../errors.js'
import type { ChatModel } from '../../llm/chat-model.js'
import { type Embedder, normalizeVector } from '../embedder.js'

/** Construction settings of {@link createModelEmbedder}. */
export interface ModelEmbedderSettings {
  /** The model client (for example `createOpenAICompatibleModel(...)`). */
  model: ChatModel
  /** The embedding model name sent to the server (default: the client's model). */
  embeddingModel?: string
  /** Texts per request (default 64). */
  batchSize?: number
  /** Prepended to queries, for models trained with instructions (for example `query: `). */
  queryPrefix?: string
  /** Prepended to passages (for example `passage: `). */
  documentPrefix?: string
}

/**
 * Creates an embedder backed by a model endpoint. Vectors are scaled to unit length.
 *
 * @example
 * const model = createOpenAICompatibleModel({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'bge-m3' })
 * const embedder = createModelEmbedder({ model })
 */
export function createModelEmbedder(settings: ModelEmbedderSettings): Embedder {
  const modelName = settings.embeddingModel ?? settings.model.model
  const batchSize = Math.max(1, settings.batchSize ?? 64)
  let dimensions: number | undefined
  return {
    name: `model:${modelName}`,
    get dimensions() {
      return dimensions
    },
    async embed({ texts, kind, signal }) {
      const prefix = (kind === 'query' ? settings.queryPrefix : settings.documentPrefix) ?? ''
      const vectors: Float32Array[] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => prefix + text)
        const result = await settings.model.embed({
          texts: batch,
          model: modelName,
          ...(signal === undefined ? {} : { signal }),
        })
        if (result.vectors.length !== batch.length) {
          throw new BackendError(
            `embedder: "${modelName}" returned ${result.vectors.length} vectors for ${batch.length} texts`,
            { backend: settings.model.name },
          )
        }
        for (const values of result.vectors) {
          if (dimensions === undefined) dimensions = values.length
          if (values.length !== dimensions || values.some((value) => !Number.isFinite(value))) {
            throw new BackendError(
              `embedder: "${modelName}" returned a vector of ${values.length} numbers (expected ${dimensions}, all finite)`,
              { backend: settings.model.name },
            )
          }
          vectors.push(normalizeVector(Float32Array.from(values)))
        }
      }
      return vectors
    },
  }
}
