/**
 * Near-duplicate detection with MinHash signatures (Broder, 1997) and locality-sensitive hashing
 * by banding. A document's word 3-shingles are hashed; each of `permutations` hash functions keeps
 * its minimum, and the fraction of equal minima estimates the Jaccard similarity of two shingle
 * sets. Signatures are cut into `bands` bands; two documents that agree on a whole band become
 * candidates, and candidates are confirmed by their estimated similarity.
 */
import { InputError } from '../errors.js'
import { tokenizeWords } from '../retrieval/text-analysis.js'

/** Settings of MinHash and LSH. */
export interface MinHashSettings {
  /** Hash functions per signature (default 128). Must be a multiple of `bands`. */
  permutations: number
  /** LSH bands (default 32, so 4 rows per band: pairs above ~0.6 similarity become candidates). */
  bands: number
  /** Words per shingle (default 3). */
  shingleSize: number
  /** Estimated Jaccard similarity at or above which two documents are near-duplicates (default 0.8). */
  threshold: number
}

/** The defaults. */
export const DEFAULT_MINHASH: MinHashSettings = {
  permutations: 128,
  bands: 32,
  shingleSize: 3,
  threshold: 0.8,
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** MurmurHash3's 32-bit finaliser: a bijective mixer, so each seed gives a distinct permutation. */
function mix(value: number): number {
  let hash = value >>> 0
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return hash >>> 0
}

function seeds(count: number): Uint32Array {
  const values = new Uint32Array(count)
  let state = 0x2545f491
  for (let index = 0; index < count; index += 1) {
    state = mix(state + 0x9e3779b9)
    values[index] = state
  }
  return values
}

/** Checks settings and returns them complete. */
export function resolveMinHashSettings(settings: Partial<MinHashSettings> = {}): MinHashSettings {
  const resolved = { ...DEFAULT_MINHASH, ...settings }
  if (
    !Number.isInteger(resolved.permutations) ||
    !Number.isInteger(resolved.bands) ||
    resolved.bands < 1 ||
    resolved.permutations % resolved.bands !== 0
  ) {
    throw new InputError(
      `minhash: permutations (${resolved.permutations}) must be a whole multiple of bands (${resolved.bands})`,
      { field: 'bands', value: resolved.bands },
    )
  }
  if (!(resolved.threshold > 0 && resolved.threshold <= 1)) {
    throw new InputError(`minhash: threshold "${resolved.threshold}" must be in (0, 1]`, {
      field: 'threshold',
      value: resolved.threshold,
    })
  }
  return resolved
}

/** The hashed word shingles of a text (a text shorter than a shingle is one shingle). */
export function shingleHashes(text: string, shingleSize = 3): Set<number> {
  const words = tokenizeWords(text)
  const hashes = new Set<number>()
  if (words.length === 0) return hashes
  if (words.length < shingleSize) {
    hashes.add(fnv1a(words.join(' ')))
    return hashes
  }
  for (let start = 0; start + shingleSize <= words.length; start += 1) {
    hashes.add(fnv1a(words.slice(start, start + shingleSize).join(' ')))
  }
  return hashes
}

/** Computes the MinHash signature of a text. An empty text gets a signature of all 0xffffffff. */
export function minHashSignature(
  text: string,
  settings: Partial<MinHashSettings> = {},
): Uint32Array {
  const { permutations, shingleSize } = resolveMinHashSettings(settings)
  const salts = seeds(permutations)
  const signature = new Uint32Array(permutations).fill(0xffffffff)
  for (const shingle of shingleHashes(text, shingleSize)) {
    for (let index = 0; index < permutations; index += 1) {
      const value = mix(shingle ^ (salts[index] ?? 0))
      if (value < (signature[index] ?? 0xffffffff)) signature[index] = value
    }
  }
  return signature
}

/** Estimated Jaccard similarity of two signatures: the fraction of equal positions. */
export function estimateSimilarity(left: Uint32Array, right: Uint32Array): number {
  const length = Math.min(left.length, right.length)
  if (length === 0) return 0
  let equal = 0
  for (let index = 0; index < length; index += 1) if (left[index] === right[index]) equal += 1
  return equal / length
}

/** An LSH index of signatures that finds near-duplicates of new documents. */
export interface NearDuplicateIndex {
  /** The id of a stored document whose similarity reaches the threshold, if any (the most similar). */
  findDuplicate(
    signature: Uint32Array,
    options?: { ignoreId?: string },
  ): { id: string; similarity: number } | undefined
  /** Stores a signature under an id (replacing an earlier one with that id). */
  add(id: string, signature: Uint32Array): void
  /** Forgets an id. */
  remove(id: string): void
  readonly size: number
}

/**
 * Creates an empty near-duplicate index.
 *
 * @example
 * const index = createNearDuplicateIndex()
 * index.add('a', minHashSignature(textA))
 * index.findDuplicate(minHashSignature(textB)) // { id: 'a', similarity: 0.86 } or undefined
 */
export function createNearDuplicateIndex(
  settings: Partial<MinHashSettings> = {},
): NearDuplicateIndex {
  const resolved = resolveMinHashSettings(settings)
  const rows = resolved.permutations / resolved.bands
  const buckets: Array<Map<string, Set<string>>> = Array.from(
    { length: resolved.bands },
    () => new Map(),
  )
  const signatures = new Map<string, Uint32Array>()
  const bandKey = (signature: Uint32Array, band: number): string =>
    Array.from(signature.subarray(band * rows, band * rows + rows)).join(',')
  const remove = (id: string): void => {
    const signature = signatures.get(id)
    if (signature === undefined) return
    for (let band = 0; band < resolved.bands; band += 1) {
      const bucket = buckets[band]?.get(bandKey(signature, band))
      bucket?.delete(id)
      if (bucket?.size === 0) buckets[band]?.delete(bandKey(signature, band))
    }
    signatures.delete(id)
  }
  return {
    findDuplicate(signature, options = {}) {
      if (signature.length !== resolved.permutations) return undefined
      // An empty document (all maxima) is nobody's duplicate.
      if (signature.every((value) => value === 0xffffffff)) return undefined
      const candidates = new Set<string>()
      for (let band = 0; band < resolved.bands; band += 1) {
        for (const id of buckets[band]?.get(bandKey(signature, band)) ?? []) candidates.add(id)
      }
      let best: { id: string; similarity: number } | undefined
      for (const id of candidates) {
        if (id === options.ignoreId) continue
        const other = signatures.get(id)
        if (other === undefined) continue
        const similarity = estimateSimilarity(signature, other)
        if (
          similarity >= resolved.threshold &&
          (best === undefined || similarity > best.similarity)
        )
          best = { id, similarity }
      }
      return best
    },
    add(id, signature) {
      if (signature.length !== resolved.permutations) return
      remove(id)
      signatures.set(id, signature)
      for (let band = 0; band < resolved.bands; band += 1) {
        const key = bandKey(signature, band)
        const bucket = buckets[band]
        if (bucket === undefined) continue
        const members = bucket.get(key)
        if (members === undefined) bucket.set(key, new Set([id]))
        else members.add(id)
      }
    },
    remove,
    get size() {
      return signatures.size
    },
  }
}
