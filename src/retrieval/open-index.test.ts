import { describe, expect, it } from 'vitest'
import type { Embedder } from './embedder.js'
import { servesQueryLanguage } from './open-index.js'

function encoder(languages?: readonly string[]): Embedder {
  return {
    name: 'test-encoder',
    dimensions: 4,
    ...(languages === undefined ? {} : { languages }),
    embed: async ({ texts }) => texts.map(() => new Float32Array(4)),
  }
}

describe('servesQueryLanguage', () => {
  it('matches Chinese queries (Han characters) and others against the declared languages', () => {
    expect(servesQueryLanguage(encoder(['en']), 'first-line treatment of hypertension')).toBe(true)
    expect(servesQueryLanguage(encoder(['en']), '高血压的一线治疗药物是什么？')).toBe(false)
    expect(servesQueryLanguage(encoder(['en']), 'ACEI 一线降压药')).toBe(false)
    expect(servesQueryLanguage(encoder(['zh']), '一线降压药')).toBe(true)
    expect(servesQueryLanguage(encoder(['zh']), 'hypertension')).toBe(false)
    expect(servesQueryLanguage(encoder(['en', 'zh']), '一线降压药')).toBe(true)
  })

  it('assumes any language when the embedder does not say, or there is none', () => {
    expect(servesQueryLanguage(encoder(), '一线降压药')).toBe(true)
    expect(servesQueryLanguage(undefined, '一线降压药')).toBe(true)
  })
})
