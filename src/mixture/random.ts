/**
 * A small seeded random source (sfc32 seeded through a string hash), so suggestions and
 * benchmarks are reproducible on every platform.
 */

/** A seeded random source. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal. */
  normal(): number
  /** Uniform integer in [0, bound). */
  integer(bound: number): number
}

function hashString(text: string): number[] {
  // FNV-1a with four different offsets gives the four 32-bit words of the state.
  const words: number[] = []
  for (let word = 0; word < 4; word++) {
    let hash = (0x811c9dc5 ^ Math.imul(word + 1, 0x9e3779b1)) >>> 0
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    words.push(hash)
  }
  return words
}

/** Creates a random source from any seed (number or string). */
export function createRandom(seed: number | string): Random {
  let [a, b, c, d] = hashString(String(seed)) as [number, number, number, number]
  const nextWord = (): number => {
    const result = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + result) >>> 0
    return result
  }
  for (let warm = 0; warm < 15; warm++) nextWord()
  const next = (): number => nextWord() / 4294967296
  let spare: number | undefined
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const value = spare
        spare = undefined
        return value
      }
      let u = next()
      while (u <= 0) u = next()
      const v = next()
      const radius = Math.sqrt(-2 * Math.log(u))
      spare = radius * Math.sin(2 * Math.PI * v)
      return radius * Math.cos(2 * Math.PI * v)
    },
    integer(bound) {
      return Math.floor(next() * bound)
    },
  }
}
