/**
 * Local embeddings from an ONNX model the user provides (a BERT-family sentence encoder exported
 * to ONNX, with its `tokenizer.json`), run by onnxruntime-node. Galen never downloads models, and
 * onnxruntime-node is an optional dependency loaded only when this embedder is used.
 *
 * Texts are tokenised first and batched by length, so a batch pads its short texts to a similar
 * length instead of the longest text of the call (the vectors do not depend on the batching:
 * padded positions are masked out of the model's attention and out of the pooling).
 */
import { existsSync, readFileSync } from 'node:fs'
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
  /**
   * Threads of one inference call (onnxruntime's intra-op threads; default: onnxruntime's own
   * choice, one per core). On a machine shared with other work, 1 avoids threads spinning while
   * they wait for each other.
   */
  threads?: number
  /**
   * The languages the model was trained for (`en`, `zh`; see {@link Embedder.languages}).
   * Default: the `languages` array of a `galen-embedder.json` next to the model, else unknown.
   */
  languages?: readonly string[]
}

interface OnnxTensor {
  data: unknown
  dims: readonly number[]
}

interface OnnxSessionOptions {
  intraOpNumThreads?: number
  interOpNumThreads?: number
}

interface OnnxRuntime {
  InferenceSession: {
    create(
      path: string,
      options?: OnnxSessionOptions,
    ): Promise<{
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

const LANGUAGE_CODE = /^[a-z]{2,3}$/

function checkLanguages(languages: unknown, where: string): readonly string[] {
  if (
    !Array.isArray(languages) ||
    languages.length === 0 ||
    !languages.every((code) => typeof code === 'string' && LANGUAGE_CODE.test(code))
  ) {
    throw new ConfigError(
      `embedder: languages ${JSON.stringify(languages)} in ${where} must be a non-empty list of ISO 639 codes such as ["en"]`,
      { key: 'languages' },
    )
  }
  return languages as string[]
}

/** The `languages` of a `galen-embedder.json` next to the model, when the file exists. */
function readModelLanguages(modelPath: string): readonly string[] | undefined {
  const path = join(dirname(modelPath), 'galen-embedder.json')
  if (!existsSync(path)) return undefined
  let card: unknown
  try {
    card = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(`embedder: "${path}" is not valid JSON: ${(error as Error).message}`, {
      key: 'languages',
      cause: error,
    })
  }
  const languages = (card as { languages?: unknown } | null)?.languages
  return languages === undefined ? undefined : checkLanguages(languages, `"${path}"`)
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
 * @throws ConfigError when the model or tokenizer is missing or unreadable, a setting is out of
 *   range, or onnxruntime-node is not installed
 * @example
 * const embedder = await createOnnxEmbedder({ modelPath: 'models/bge-small/model.onnx' })
 */
export async function createOnnxEmbedder(settings: OnnxEmbedderSettings): Promise<Embedder> {
  if (!existsSync(settings.modelPath)) {
    throw new ConfigError(`embedder: ONNX model "${settings.modelPath}" not found`)
  }
  const threads = settings.threads
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 256)) {
    throw new ConfigError(`embedder: threads "${threads}" must be a whole number in 1-256`, {
      key: 'threads',
    })
  }
  const languages =
    settings.languages === undefined
      ? readModelLanguages(settings.modelPath)
      : checkLanguages(settings.languages, 'the settings')
  const tokenizer = loadWordPieceTokenizer(
    settings.tokenizerPath ?? findTokenizer(settings.modelPath),
  )
  const runtime = await loadRuntime()
  let session: Awaited<ReturnType<OnnxRuntime['InferenceSession']['create']>>
  try {
    session = await runtime.InferenceSession.create(
      settings.modelPath,
      threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 },
    )
  } catch (error) {
    throw new ConfigError(
      `embedder: cannot load ONNX model "${settings.modelPath}": ${(error as Error).message}`,
      { key: 'embedder', cause: error },
    )
  }
  const maxLength = settings.maxLength ?? 256
  const batchSize = Math.max(1, settings.batchSize ?? 16)
  const pooling = settings.pooling ?? 'mean'
  let dimensions: number | undefined
  const runBatch = async (encoded: readonly (readonly number[])[]): Promise<Float32Array[]> => {
    const rows = encoded.length
    const length = Math.max(...encoded.map((ids) => ids.length))
    const ids = new BigInt64Array(rows * length)
    const mask = new BigInt64Array(rows * length)
    encoded.forEach((tokens, row) => {
      for (let column = 0; column < length; column += 1) {
        const token = tokens[column]
        ids[row * length + column] = BigInt(token ?? tokenizer.padId)
        mask[row * length + column] = token === undefined ? 0n : 1n
      }
    })
    const feeds: Record<string, unknown> = {}
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = new runtime.Tensor('int64', ids, [rows, length])
      else if (name === 'attention_mask')
        feeds[name] = new runtime.Tensor('int64', mask, [rows, length])
      else if (name === 'token_type_ids')
        feeds[name] = new runtime.Tensor('int64', new BigInt64Array(ids.length), [rows, length])
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
      for (let row = 0; row < rows; row += 1)
        vectors.push(normalizeVector(data.slice(row * width, (row + 1) * width)))
    } else {
      const sequence = output.dims[1] ?? length
      const width = output.dims[2] ?? 0
      for (let row = 0; row < rows; row += 1) {
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
    ...(languages === undefined ? {} : { languages }),
    async embed({ texts, kind, signal }) {
      const prefix = (kind === 'query' ? settings.queryPrefix : settings.documentPrefix) ?? ''
      const encoded = texts.map((text) => tokenizer.encode(prefix + text, maxLength))
      // Shortest first, so that each batch pads to about its own length; ties keep input order.
      const order = encoded.map((_, position) => position)
      order.sort(
        (left, right) =>
          (encoded[left]?.length ?? 0) - (encoded[right]?.length ?? 0) || left - right,
      )
      const vectors = new Array<Float32Array>(texts.length)
      for (let start = 0; start < order.length; start += batchSize) {
        signal?.throwIfAborted()
        const positions = order.slice(start, start + batchSize)
        const batch = await runBatch(positions.map((position) => encoded[position] ?? []))
        positions.forEach((position, row) => {
          const vector = batch[row]
          if (vector !== undefined) vectors[position] = vector
        })
      }
      return vectors
    },
  }
}
