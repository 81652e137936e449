import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { sampleDocument } from './__fixtures__/index-backend-conformance.js'
import { createSqliteBackend } from './backends/sqlite-backend.js'
import { createHashingEmbedder } from './embedders/hashing-embedder.js'
import { searchBackend } from './search.js'
import type { IndexedDocument } from './types.js'

async function backendWith(documents: IndexedDocument[], embed = false) {
  const backend = createSqliteBackend({ path: ':memory:' })
  if (embed) {
    const embedder = createHashingEmbedder({ dimensions: 64 })
    for (const document of documents) {
      const vectors = await embedder.embed({
        texts: document.chunks.map((chunk) => chunk.text),
        kind: 'document',
      })
      document.chunks.forEach((chunk, index) => {
        const vector = vectors[index]
        if (vector !== undefined) chunk.vector = vector
      })
    }
  }
  await backend.upsert({ documents })
  return backend
}

describe('searchBackend', () => {
  it('drops question words so that "what is the" does not decide the ranking', async () => {
    const backend = await backendWith([
      sampleDocument('noise', ['What is the best time? What is the plan? What is the answer?']),
      sampleDocument('topic', ['Warfarin interacts with many antibiotics.']),
    ])
    const result = await searchBackend(backend, undefined, {
      query: 'What is the interaction of warfarin?',
    })
    expect(result.terms).toEqual(['interaction', 'warfarin'])
    expect(result.hits[0]?.documentId).toBe('topic')
    const raw = await searchBackend(backend, undefined, {
      query: 'What is the interaction of warfarin?',
      queryProcessing: 'none',
    })
    expect(raw.terms).toContain('what')
  })

  it('returns the fields a citation needs on every hit', async () => {
    const backend = await backendWith([
      sampleDocument('guide', ['Aspirin for secondary prevention.']),
    ])
    const [hit] = (await searchBackend(backend, undefined, { query: 'aspirin prevention' })).hits
    expect(hit).toMatchObject({
      rank: 1,
      documentId: 'guide',
      chunkId: 'guide#0',
      text: 'Aspirin for secondary prevention.',
      title: 'Title of guide',
      publisher: 'Test Publisher',
      url: 'https://example.org/guide',
      published: '2020-01-01',
      authority: 'A',
      citation: 'Citation of guide',
    })
    expect(hit?.score).toBeGreaterThan(0)
    expect(hit?.scores.bm25).toBeGreaterThan(0)
  })

  it('ranks the more authoritative of two equally relevant passages first', async () => {
    const text = 'Amoxicillin is first-line for acute otitis media in children.'
    const backend = await backendWith([
      sampleDocument('blog', [`${text} Blog.`], { authority: 'E', published: '2020-01-01' }),
      sampleDocument('guide', [`${text} Guide.`], { authority: 'A', published: '2020-01-01' }),
    ])
    const options = { query: 'amoxicillin otitis media', diversify: false as const }
    const ranked = await searchBackend(backend, undefined, options)
    expect(ranked.hits.map((hit) => hit.documentId)).toEqual(['guide', 'blog'])
    expect(ranked.hits[0]?.scores.authorityPrior).toBe(1)
    const plain = await searchBackend(backend, undefined, { ...options, rerank: false })
    expect(plain.hits[0]?.scores.authorityPrior).toBe(0)
  })

  it('prefers the newer of two equally relevant passages when only recency differs', async () => {
    const text = 'Influenza vaccination is recommended every season for adults.'
    const backend = await backendWith([
      sampleDocument('old', [`${text} A`], { published: '1995' }),
      sampleDocument('new', [`${text} B`], { published: '2024-09-01' }),
    ])
    const result = await searchBackend(backend, undefined, {
      query: 'influenza vaccination adults',
      diversify: false,
      rerank: { authorityWeight: 0, recencyWeight: 0.2, now: 2025 },
    })
    expect(result.hits[0]?.documentId).toBe('new')
  })

  it('drops a passage that nearly repeats a better-ranked one', async () => {
    const passage =
      'Statins reduce cardiovascular events in adults with established atherosclerotic disease and high LDL cholesterol'
    const backend = await backendWith([
      sampleDocument('first', [passage]),
      sampleDocument('copy', [`${passage} levels`]),
      sampleDocument('other', ['Statins can cause muscle pain in some adults.']),
    ])
    const pruned = await searchBackend(backend, undefined, { query: 'statins adults' })
    const ids = pruned.hits.map((hit) => hit.documentId)
    expect(ids).toHaveLength(2)
    expect(ids).toContain('other')
    const kept = await searchBackend(backend, undefined, {
      query: 'statins adults',
      diversify: false,
    })
    expect(kept.hits).toHaveLength(3)
  })

  it('limits chunks per document when asked', async () => {
    const backend = await backendWith([
      sampleDocument('long', ['sepsis fluids', 'sepsis antibiotics', 'sepsis lactate']),
      sampleDocument('short', ['sepsis overview']),
    ])
    const result = await searchBackend(backend, undefined, {
      query: 'sepsis',
      maxChunksPerDocument: 1,
    })
    expect(result.hits.map((hit) => hit.documentId).sort()).toEqual(['long', 'short'])
  })

  it('adds feedback words from the best passages and finds passages that only have those', async () => {
    const texts: Record<string, string> = {
      a: 'Hypertension treatment with thiazide diuretics and amlodipine.',
      b: 'Hypertension management: amlodipine and thiazide are first line.',
      c: 'Loop diuretics treat oedema.',
      d: 'Amlodipine causes ankle oedema.',
      e: 'Unrelated text about fractures.',
      f: 'More unrelated text about bones.',
    }
    const backend = await backendWith(
      Object.entries(texts).map(([id, text]) => sampleDocument(id, [text])),
    )
    const result = await searchBackend(backend, undefined, {
      query: 'hypertension',
      feedback: { passages: 2, terms: 3 },
    })
    expect(result.expansionTerms).toHaveLength(3)
    expect(result.expansionTerms).not.toContain('hypertension')
    const found = result.hits.map((hit) => hit.documentId)
    // Every passage holding an expansion word is retrieved, though it lacks "hypertension".
    for (const [id, text] of Object.entries(texts)) {
      const words: string[] = text.toLowerCase().match(/[a-z]+/g) ?? []
      if (result.expansionTerms.some((term) => words.includes(term))) expect(found).toContain(id)
    }
    expect(found).not.toContain('e')
  })

  it('fuses BM25 and vectors in hybrid mode, and needs an embedder for it', async () => {
    const backend = await backendWith(
      [
        sampleDocument('a', ['Asthma inhaled corticosteroids']),
        sampleDocument('b', ['Chronic kidney disease staging']),
      ],
      true,
    )
    const embedder = createHashingEmbedder({ dimensions: 64 })
    const hybrid = await searchBackend(backend, embedder, {
      query: 'asthma corticosteroid',
      mode: 'hybrid',
    })
    expect(hybrid.hits[0]?.documentId).toBe('a')
    expect(hybrid.hits[0]?.scores.fused).toBeGreaterThan(0)
    const dense = await searchBackend(backend, embedder, { query: 'kidney disease', mode: 'dense' })
    expect(dense.hits[0]?.documentId).toBe('b')
    await expect(
      searchBackend(backend, undefined, { query: 'asthma', mode: 'dense' }),
    ).rejects.toThrow(/needs an embedder/)
  })

  it('rejects an empty query and a bad k with the value quoted', async () => {
    const backend = await backendWith([sampleDocument('a', ['text'])])
    await expect(searchBackend(backend, undefined, { query: '  ?! ' })).rejects.toThrow(InputError)
    await expect(searchBackend(backend, undefined, { query: 'text', k: 0 })).rejects.toThrow(
      /k "0"/,
    )
  })
})
