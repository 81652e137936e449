/**
 * The built-in embedder: deterministic feature hashing of stemmed words and character trigrams into
 * a fixed-size, unit-length vector. It needs no model and no network, gives identical vectors on
 * every machine, and is what tests and offline installs use. It captures lexical overlap (with
 * some tolerance for spelling and word-form variants), not meaning.
 */
import { InputError } from '../../errors.js'
import { type Embedder, normalizeVector } from '../embedder.js'
import { porterStem } from '../porter-stemmer.js'
import { isQuestionStopword, tokenizeWords } from '../text-analysis.js'

/** Construction settings of {@link createHashingEmbedder}. */
export interface HashingEmbedderSettings {
  /** Vector length (default 384, between 16 and 4096). */
  dimensions?: number
  /** Weight of the character-trigram features relative to whole words (default 0.5). */
  trigramWeight?: number
}

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/**
 * Creates the deterministic feature-hashing embedder. Its name records its settings
 * (`builtin-hashing-384`), so an index refuses vectors made with other settings.
 *
 * @throws InputError when `dimensions` is outside 16-4096
 * @example
 * const embedder = createHashingEmbedder()
 * const [vector] = await embedder.embed({ texts: ['aspirin dose'], kind: 'query' })
 */
export function createHashingEmbedder(settings: HashingEmbedderSettings = {}): Embedder {
  const dimensions = settings.dimensions ?? 384
  const trigramWeight = settings.trigramWeight ?? 0.5
  if (!Number.isInteger(dimensions) || dimensions < 16 || dimensions > 4096) {
    throw new InputError(`embedder: dimensions "${dimensions}" must be a whole number in 16-4096`, {
      field: 'dimensions',
      value: dimensions,
    })
  }
  const embedOne = (text: string): Float32Array => {
    const vector = new Float32Array(dimensions)
    const counts = new Map<string, number>()
    for (const word of tokenizeWords(text)) {
      if (isQuestionStopword(word)) continue
      const stem = porterStem(word)
      counts.set(`w:${stem}`, (counts.get(`w:${stem}`) ?? 0) + 1)
      if (word.length >= 4) {
        const padded = `<${word}>`
        for (let start = 0; start + 3 <= padded.length; start += 1) {
          const key = `t:${padded.slice(start, start + 3)}`
          counts.set(key, (counts.get(key) ?? 0) + trigramWeight / (padded.length - 2))
        }
      }
    }
    for (const [feature, count] of counts) {
      const hash = fnv1a(feature, 0)
      const slot = hash % dimensions
      const sign = (fnv1a(feature, 0x9e3779b9) & 1) === 0 ? 1 : -1
      vector[slot] = (vector[slot] ?? 0) + sign * Math.log1p(count)
    }
    return normalizeVector(vector)
  }
  return {
    name: `builtin-hashing-${dimensions}${trigramWeight === 0.5 ? '' : `-t${trigramWeight}`}`,
    dimensions,
    embed: ({ texts }) => Promise.resolve(texts.map(embedOne)),
  }
}
