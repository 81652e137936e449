/**
 * Seeded randomness for reproducible evaluation: uniform subsampling of items and bootstrap
 * resampling. The generator is SplitMix32-like (32-bit state), fast and identical on every
 * platform, so a seed names the same subset everywhere.
 */

/** A function returning uniform numbers in [0, 1). */
export type RandomSource = () => number

/** Hashes a string seed to a 32-bit integer (FNV-1a). */
export function hashSeed(seed: string | number): number {
  const text = String(seed)
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Creates a seeded generator of uniform numbers in [0, 1). */
export function createRandom(seed: string | number): RandomSource {
  let state = hashSeed(seed)
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let mixed = state
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x21f0aaad)
    mixed = Math.imul(mixed ^ (mixed >>> 15), 0x735a2d97)
    mixed ^= mixed >>> 15
    return (mixed >>> 0) / 4294967296
  }
}

/** A uniform integer in [0, bound). */
export function randomInteger(random: RandomSource, bound: number): number {
  return Math.floor(random() * bound)
}

/**
 * Draws a uniform random subset of `limit` items without replacement (partial Fisher-Yates),
 * returned in their original order. When `limit` is at least the number of items, all are kept.
 *
 * @param items - the population
 * @param limit - how many to keep (default 1,000, as in the report)
 * @param seed - the seed; the same seed and population always give the same subset
 */
export function sampleUniform<T>(
  items: readonly T[],
  limit = 1000,
  seed: string | number = 0,
): T[] {
  if (limit >= items.length) return [...items]
  const positions = items.map((_, index) => index)
  const random = createRandom(seed)
  for (let index = 0; index < limit; index += 1) {
    const swap = index + randomInteger(random, positions.length - index)
    const current = positions[index] as number
    positions[index] = positions[swap] as number
    positions[swap] = current
  }
  return positions
    .slice(0, limit)
    .sort((left, right) => left - right)
    .map((position) => items[position] as T)
}
