/**
 * Deterministic embeddings for the scripted server: a hashed bag of character trigrams and words,
 * normalised to unit length. Texts that share many trigrams get close vectors, so retrieval code
 * can be exercised without a real embedding model; the same text always gives the same vector.
 */

/** FNV-1a 32-bit hash of a string (UTF-16 code units). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = fnv1a(feature)
  const slot = hash % vector.length
  const sign = hash >>> 31 === 1 ? -1 : 1
  vector[slot] = (vector[slot] ?? 0) + sign * weight
}

/**
 * Embeds a text as a unit vector of `dimensions` numbers. Lower-cased character trigrams (with
 * word boundaries) weigh 1 and whole words weigh 2, each hashed to a signed slot.
 * An empty text gets a fixed unit vector.
 */
export function deterministicEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Float64Array(dimensions)
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  for (const word of words) {
    addFeature(vector, `w:${word}`, 2)
    const padded = ` ${word} `
    for (let index = 0; index + 3 <= padded.length; index += 1) {
      addFeature(vector, padded.slice(index, index + 3), 1)
    }
  }
  let norm = 0
  for (const value of vector) norm += value * value
  if (norm === 0) {
    // No features (empty or punctuation-only text): a fixed direction keyed by the text.
    vector[fnv1a(text) % dimensions] = 1
    norm = 1
  }
  const scale = 1 / Math.sqrt(norm)
  return Array.from(vector, (value) => value * scale)
}

/** Encodes a vector as base64 of little-endian float32, the `encoding_format: base64` reply. */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4)
  for (const [index, value] of vector.entries()) buffer.writeFloatLE(value, index * 4)
  return buffer.toString('base64')
}
