/**
 * A small seeded random source for generators: every instance gets its own stream derived from
 * (seed, task, index), so any instance can be made without making the ones before it (resumable
 * builds) and the output does not depend on the order of generation.
 */

/** A seeded random stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, size). */
  below(size: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[]
  /** `count` distinct elements (in random order). */
  sample<T>(items: readonly T[], count: number): T[]
}

/** FNV-1a 32-bit hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let position = 0; position < text.length; position += 1) {
    hash ^= text.charCodeAt(position)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A mulberry32 stream seeded from any string key, for example `${seed}/${task}/${index}`. */
export function createRandom(key: string): Random {
  let state = hashString(key)
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
  const below = (size: number): number => Math.floor(next() * size)
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items]
    for (let position = copy.length - 1; position > 0; position -= 1) {
      const other = below(position + 1)
      const held = copy[position] as T
      copy[position] = copy[other] as T
      copy[other] = held
    }
    return copy
  }
  return {
    next,
    below,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('instructions: pick from an empty list')
      return items[below(items.length)] as T
    },
    shuffle,
    sample<T>(items: readonly T[], count: number): T[] {
      if (count > items.length) {
        throw new RangeError(`instructions: cannot sample ${count} of ${items.length} items`)
      }
      return shuffle(items).slice(0, count)
    },
  }
}
