/**
 * Local embeddings from an ONNX model the user provides (a BERT-family sentence encoder exported
 * to ONNX, with its `tokenizer.json`), run by onnxruntime-node. Galen never downloads models, and
 * onnxruntime-node is an optional dependency loaded only when this embedder is used.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { BackendError, ConfigError } from '../../errors.js'
import { type Embedder, normalizeVector } from '../embedder.js'
import { loadWordPieceTokenizer } from './wordpiece-tokenizer.js'

/** Construction settings of {@link createOnnxEmbedder}. */
export interface OnnxEmbedderSettings {
  /** The `.onnx` file. */
  modelPath: string
  /** The `tokenizer.json` (default: next to the model, or one folder up). */
  tokenizerPath?: string
  /** Tokens per text, special tokens included (default 256). */
  maxLength?: number
  /** `mean` over the attention mask (default) or the `cls` token. */
  pooling?: 'mean' | 'cls'
  queryPrefix?: string
  documentPrefix?: string
  /** Texts per inference call (default 16). */
  batchSize?: number
}

interface OnnxTensor {
  data: unknown
  dims: readonly number[]
}

interface OnnxRuntime {
  InferenceSession: {
    create(path: string): Promise<{
      inputNames: readonly string[]
      outputNames: readonly string[]
      run(feeds: Record<string, unknown>): Promise<Record<string, OnnxTensor>>
    }>
  }
  Tensor: new (type: string, data: BigInt64Array, dims: number[]) => unknown
}

/** Loads onnxruntime-node, or explains how to install it. */
async function loadRuntime(): Promise<OnnxRuntime> {
  try {
    const name = 'onnxruntime-node'
    const module = (await import(name)) as { default?: OnnxRuntime } & Partial<OnnxRuntime>
    const runtime = (module.InferenceSession === undefined ? module.default : module) as
      | OnnxRuntime
      | undefined
    if (runtime?.InferenceSession === undefined) throw new Error('no InferenceSession export')
    return runtime
  } catch (error) {
    throw new ConfigError(
      `embedder: ONNX embeddings need the optional package onnxruntime-node, which is not installed (${(error as Error).message}); run "npm install onnxruntime-node" or use the built-in or an OpenAI-compatible embedder`,
      { key: 'embedder', cause: error },
    )
  }
}

function findTokenizer(modelPath: string): string {
  for (const candidate of [
    join(dirname(modelPath), 'tokenizer.json'),
    join(dirname(dirname(modelPath)), 'tokenizer.json'),
  ]) {
    if (existsSync(candidate)) return candidate
  }
  throw new ConfigError(
    `embedder: no tokenizer.json next to "${modelPath}"; give its path with tokenizerPath`,
  )
}

/**
 * Creates an embedder that runs a local ONNX sentence encoder.
 *
 * @throws ConfigError when the model or tokenizer is missing, or onnxruntime-node is not installed
 * @example
 * const embedder = await createOnnxEmbedder({ modelPath: 'models/bge-small/model.onnx' })
 */
export async function createOnnxEmbedder(settings: OnnxEmbedderSettings): Promise<Embedder> {
  if (!existsSync(settings.modelPath)) {
    throw new ConfigError(`embedder: ONNX model "${settings.modelPath}" not found`)
  }
  const tokenizer = loadWordPieceTokenizer(
    settings.tokenizerPath ?? findTokenizer(settings.modelPath),
  )
  const runtime = await loadRuntime()
  const session = await runtime.InferenceSession.create(settings.modelPath)
  const maxLength = settings.maxLength ?? 256
  const batchSize = Math.max(1, settings.batchSize ?? 16)
  const pooling = settings.pooling ?? 'mean'
  let dimensions: number | undefined
  const runBatch = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const encoded = texts.map((text) => tokenizer.encode(text, maxLength))
    const length = Math.max(...encoded.map((ids) => ids.length))
    const ids = new BigInt64Array(texts.length * length)
    const mask = new BigInt64Array(texts.length * length)
    encoded.forEach((tokens, row) => {
      for (let column = 0; column < length; column += 1) {
        const token = tokens[column]
        ids[row * length + column] = BigInt(token ?? tokenizer.padId)
        mask[row * length + column] = token === undefined ? 0n : 1n
      }
    })
    const feeds: Record<string, unknown> = {}
    for (const name of session.inputNames) {
      if (name === 'input_ids')
        feeds[name] = new runtime.Tensor('int64', ids, [texts.length, length])
      else if (name === 'attention_mask')
        feeds[name] = new runtime.Tensor('int64', mask, [texts.length, length])
      else if (name === 'token_type_ids')
        feeds[name] = new runtime.Tensor('int64', new BigInt64Array(ids.length), [
          texts.length,
          length,
        ])
    }
    const outputs = await session.run(feeds)
    const output = outputs[session.outputNames[0] ?? ''] ?? Object.values(outputs)[0]
    if (output === undefined || !(output.data instanceof Float32Array)) {
      throw new BackendError('embedder: the ONNX model returned no float output', {
        backend: 'onnx',
      })
    }
    const data = output.data
    const vectors: Float32Array[] = []
    if (output.dims.length === 2) {
      const width = output.dims[1] ?? 0
      for (let row = 0; row < texts.length; row += 1)
        vectors.push(normalizeVector(data.slice(row * width, (row + 1) * width)))
    } else {
      const sequence = output.dims[1] ?? length
      const width = output.dims[2] ?? 0
      for (let row = 0; row < texts.length; row += 1) {
        const vector = new Float32Array(width)
        if (pooling === 'cls')
          vector.set(data.subarray(row * sequence * width, row * sequence * width + width))
        else {
          let count = 0
          for (let position = 0; position < sequence; position += 1) {
            if (mask[row * length + position] !== 1n) continue
            count += 1
            const offset = (row * sequence + position) * width
            for (let dimension = 0; dimension < width; dimension += 1)
              vector[dimension] = (vector[dimension] ?? 0) + (data[offset + dimension] ?? 0)
          }
          if (count > 0)
            for (let dimension = 0; dimension < width; dimension += 1)
              vector[dimension] = (vector[dimension] ?? 0) / count
        }
        vectors.push(normalizeVector(vector))
      }
    }
    dimensions = vectors[0]?.length ?? dimensions
    return vectors
  }
  return {
    name: `onnx:${basename(dirname(settings.modelPath))}/${basename(settings.modelPath)}`,
    get dimensions() {
      return dimensions
    },
    async embed({ texts, kind }) {
      const prefix = (kind === 'query' ? settings.queryPrefix : settings.documentPrefix) ?? ''
      const vectors: Float32Array[] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(
          ...(await runBatch(texts.slice(start, start + batchSize).map((text) => prefix + text))),
        )
      }
      return vectors
    },
  }
}
