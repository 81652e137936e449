/**
 * Word n-gram fingerprints for decontamination. Text is NFKC-normalised, lower-cased and split
 * into runs of letters and digits; each n-gram of tokens is hashed to 64 bits (two independent
 * 32-bit polynomial hashes over token hashes), and the hashes of the benchmark texts are kept in
 * an open-addressing table of typed arrays (about 20 bytes per distinct n-gram), so millions of
 * benchmark n-grams fit in tens of megabytes. The chance that two different n-grams collide is
 * about 2^-64 per pair.
 */

/** Default n-gram length, in words (13, as in the GPT-3 contamination study). */
export const DEFAULT_NGRAM_SIZE = 13

const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu

/** Splits text into normalised word tokens. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN_PATTERN) ?? []
}

function tokenHash(token: string, seed: number): number {
  let hash = seed
  for (let index = 0; index < token.length; index += 1) {
    hash ^= token.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

function finalMix(value: number): number {
  let mixed = value
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b)
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35)
  return (mixed ^ (mixed >>> 16)) >>> 0
}

const BASE_A = 0x01000193
const BASE_B = 0x5bd1e995

/**
 * The 64-bit hashes of every n-gram of `tokens`, as pairs in one array: `[high0, low0, high1,
 * low1, ...]`. Empty when there are fewer than `n` tokens.
 */
export function ngramHashes(tokens: readonly string[], n: number): Uint32Array {
  const count = tokens.length - n + 1
  if (count <= 0) return new Uint32Array(0)
  const first = tokens.map((token) => tokenHash(token, 0x811c9dc5))
  const second = tokens.map((token) => tokenHash(token, 0x9747b28c))
  // BASE^(n-1), to remove the token that leaves the window
  let powerA = 1
  let powerB = 1
  for (let step = 1; step < n; step += 1) {
    powerA = Math.imul(powerA, BASE_A)
    powerB = Math.imul(powerB, BASE_B)
  }
  const out = new Uint32Array(count * 2)
  let hashA = 0
  let hashB = 0
  for (let index = 0; index < tokens.length; index += 1) {
    if (index >= n) {
      hashA = (hashA - Math.imul(first[index - n] as number, powerA)) | 0
      hashB = (hashB - Math.imul(second[index - n] as number, powerB)) | 0
    }
    hashA = (Math.imul(hashA, BASE_A) + (first[index] as number)) | 0
    hashB = (Math.imul(hashB, BASE_B) + (second[index] as number)) | 0
    if (index >= n - 1) {
      const slot = (index - n + 1) * 2
      out[slot] = finalMix(hashA)
      out[slot + 1] = finalMix(hashB ^ 0x27d4eb2f)
    }
  }
  return out
}

/**
 * A set of 64-bit n-gram hashes, each with the index of the first source that added it (a
 * benchmark). Open addressing with linear probing; grows at half load.
 */
export class NgramIndex {
  private high: Uint32Array
  private low: Uint32Array
  private owner: Uint16Array
  private used: Uint8Array
  private mask: number
  /** Distinct n-grams stored. */
  size = 0

  constructor(initialCapacity = 1 << 16) {
    let capacity = 16
    while (capacity < initialCapacity) capacity *= 2
    this.high = new Uint32Array(capacity)
    this.low = new Uint32Array(capacity)
    this.owner = new Uint16Array(capacity)
    this.used = new Uint8Array(capacity)
    this.mask = capacity - 1
  }

  /** Adds one hash with its source; keeps the first source when already present. */
  add(high: number, low: number, source: number): void {
    if ((this.size + 1) * 2 > this.used.length) this.grow()
    let slot = (high ^ Math.imul(low, 0x9e3779b1)) & this.mask
    while (this.used[slot] === 1) {
      if (this.high[slot] === high && this.low[slot] === low) return
      slot = (slot + 1) & this.mask
    }
    this.used[slot] = 1
    this.high[slot] = high
    this.low[slot] = low
    this.owner[slot] = source
    this.size += 1
  }

  /** The source of a hash, or -1 when absent. */
  find(high: number, low: number): number {
    let slot = (high ^ Math.imul(low, 0x9e3779b1)) & this.mask
    while (this.used[slot] === 1) {
      if (this.high[slot] === high && this.low[slot] === low) return this.owner[slot] as number
      slot = (slot + 1) & this.mask
    }
    return -1
  }

  private grow(): void {
    const { high, low, owner, used } = this
    const capacity = used.length * 2
    this.high = new Uint32Array(capacity)
    this.low = new Uint32Array(capacity)
    this.owner = new Uint16Array(capacity)
    this.used = new Uint8Array(capacity)
    this.mask = capacity - 1
    this.size = 0
    for (let slot = 0; slot < used.length; slot += 1) {
      if (used[slot] === 1)
        this.add(high[slot] as number, low[slot] as number, owner[slot] as number)
    }
  }
}
