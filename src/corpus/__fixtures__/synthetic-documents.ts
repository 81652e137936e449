/**
 * Deterministic synthetic documents for ingestion tests: distinct texts (no two are
 * near-duplicates) built from a seeded word generator.
 */
import type { GalenDocument } from '../document.js'

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor', 'fen', 'gal']

function word(seed: number): string {
  let value = seed
  let text = ''
  for (let index = 0; index < 3; index += 1) {
    text += SYLLABLES[value % SYLLABLES.length]
    value = Math.floor(value / SYLLABLES.length) + index * 7 + 3
  }
  return text
}

/** `count` documents `synthetic-0`, `synthetic-1`, ... with 40-80 pseudo-words each. */
export function syntheticDocuments(count: number, version = 1): GalenDocument[] {
  return Array.from({ length: count }, (_, index) => {
    let state = (index + 1) * 2654435761 + version * 97
    const words: string[] = []
    const length = 40 + (index % 41)
    for (let position = 0; position < length; position += 1) {
      state = (state * 1103515245 + 12345) % 2147483648
      words.push(word(state % 5000))
    }
    return {
      id: `synthetic-${index}`,
      title: `Synthetic document ${index}`,
      text: `${words.join(' ')}. Version ${version}.`,
      publisher: 'Galen tests',
      url: `https://example.org/synthetic/${index}`,
      materialType: 'research_article',
      published: '2024',
      language: 'en',
      citation: `Synthetic document ${index}`,
    }
  })
}
