/**
 * A small seeded pseudo-random generator (sfc32, seeded through a string hash and splitmix32),
 * so that sampling and mixing give the same output for the same seed on every machine.
 * Not for cryptography.
 */

/** A seeded source of random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, bound). Throws a RangeError when `bound` is not a positive integer. */
  integer(bound: number): number
  /** Shuffles `values` in place (Fisher-Yates) and returns it. */
  shuffle<T>(values: T[]): T[]
}

/** Hashes a string to 32 bits (FNV-1a), so that any seed text selects a stream. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * Creates a generator from a seed (a number or any text). The same seed always gives the same
 * sequence.
 *
 * @example
 * const random = createRandom(42)
 * random.integer(10) // the same value on every run
 */
export function createRandom(seed: number | string): Random {
  let mixState = hashSeed(String(seed))
  const splitMix = (): number => {
    mixState = (mixState + 0x9e3779b9) | 0
    let value = mixState
    value = Math.imul(value ^ (value >>> 16), 0x85ebca6b)
    value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35)
    return (value ^ (value >>> 16)) >>> 0
  }
  let a = splitMix()
  let b = splitMix()
  let c = splitMix()
  let d = splitMix()
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // The first outputs of sfc32 still carry the seed's structure.
  for (let round = 0; round < 12; round += 1) nextUint32()
  const next = (): number => {
    // 53 random bits, as Math.random gives.
    const high = nextUint32() >>> 5
    const low = nextUint32() >>> 6
    return (high * 67108864 + low) / 9007199254740992
  }
  return {
    next,
    integer(bound) {
      if (!Number.isInteger(bound) || bound <= 0) {
        throw new RangeError(`random: bound must be a positive integer, got ${bound}`)
      }
      return Math.floor(next() * bound)
    },
    shuffle(values) {
      for (let index = values.length - 1; index > 0; index -= 1) {
        const other = Math.floor(next() * (index + 1))
        const held = values[index] as (typeof values)[number]
        values[index] = values[other] as (typeof values)[number]
        values[other] = held
      }
      return values
    },
  }
}
