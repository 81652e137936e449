/**
 * Turns text into vectors for dense retrieval. Implementations: the deterministic built-in
 * feature-hashing embedder (offline, no model), an OpenAI-compatible endpoint through a ChatModel,
 * and a local ONNX model from files the user provides.
 */

/** What the texts are: some models embed queries and passages differently. */
export type EmbeddingKind = 'query' | 'document'

/** A pluggable embedder. */
export interface Embedder {
  /** Identifies the model; an index remembers it and refuses vectors from another embedder. */
  readonly name: string
  /** Vector length, when known before the first call. */
  readonly dimensions: number | undefined
  /**
   * The languages the model was trained for (`en`, `zh`), when known. An index searched without
   * an explicit mode falls back to BM25 for a query in another language: an English-only encoder
   * ranks Chinese text close to randomly.
   */
  readonly languages?: readonly string[]
  /** Embeds texts, one unit-length vector per text, in order. */
  embed(options: {
    texts: readonly string[]
    kind: EmbeddingKind
    signal?: AbortSignal
  }): Promise<Float32Array[]>
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeVector(vector: Float32Array): Float32Array {
  let sum = 0
  for (const value of vector) sum += value * value
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum)
    for (let index = 0; index < vector.length; index += 1) {
      vector[index] = (vector[index] ?? 0) * scale
    }
  }
  return vector
}

/** Cosine similarity of two unit vectors (their dot product). */
export function dotProduct(left: Float32Array, right: Float32Array): number {
  let sum = 0
  const length = Math.min(left.length, right.length)
  for (let index = 0; index < length; index += 1) sum += (left[index] ?? 0) * (right[index] ?? 0)
  return sum
}
