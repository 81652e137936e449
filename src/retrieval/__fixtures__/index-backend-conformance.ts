/**
 * The conformance suite every {@link IndexBackend} runs (see STYLE.md §5): storage, replacement,
 * deletion, lexical and vector search, filters and fingerprints. Test-only: imported by the
 * backends' test files.
 */
import { describe, expect, it } from 'vitest'
import type { IndexBackend } from '../index-backend.js'
import type { IndexedDocument } from '../types.js'

function vector(values: number[]): Float32Array {
  const array = Float32Array.from(values)
  const norm = Math.hypot(...values)
  return array.map((value) => value / norm)
}

/** A small document with one or more chunks, for backend tests. */
export function sampleDocument(
  id: string,
  texts: string[],
  overrides: Partial<IndexedDocument> = {},
): IndexedDocument {
  return {
    id,
    title: `Title of ${id}`,
    publisher: 'Test Publisher',
    url: `https://example.org/${id}`,
    materialType: 'guideline',
    published: '2020-01-01',
    language: 'en',
    citation: `Citation of ${id}`,
    authority: 'A',
    authorityReason: 'test',
    tags: ['test'],
    demonstration: false,
    contentHash: `hash-${id}-${texts.join('|').length}`,
    chunks: texts.map((text, position) => ({ position, text, tokenCount: text.split(' ').length })),
    ...overrides,
  }
}

/** Runs the shared suite against a backend factory (a fresh, empty backend per test). */
export function runIndexBackendConformance(
  name: string,
  create: () => Promise<IndexBackend>,
): void {
  describe(`IndexBackend conformance: ${name}`, () => {
    it('stores documents and finds their chunks by BM25 with citation metadata', async () => {
      const backend = await create()
      const result = await backend.upsert({
        documents: [
          sampleDocument('htn', ['Thiazide diuretics lower blood pressure in hypertension.']),
          sampleDocument('dm', ['Metformin is first-line therapy for type 2 diabetes.']),
        ],
      })
      expect(result).toEqual({ inserted: 2, replaced: 0, chunks: 2 })
      const hits = await backend.search({
        query: { kind: 'lexical', terms: ['hypertension', 'diuretics'] },
        topK: 5,
      })
      expect(hits.map((hit) => hit.documentId)).toEqual(['htn'])
      expect(hits[0]?.document).toMatchObject({
        title: 'Title of htn',
        publisher: 'Test Publisher',
        url: 'https://example.org/htn',
        published: '2020-01-01',
        authority: 'A',
      })
      expect(hits[0]?.chunkId).toBe('htn#0')
      await backend.close()
    })

    it('replaces a document with the same id instead of adding a second copy', async () => {
      const backend = await create()
      await backend.upsert({
        documents: [sampleDocument('a', ['old aspirin text', 'second chunk'])],
      })
      const result = await backend.upsert({
        documents: [sampleDocument('a', ['new ibuprofen text'])],
      })
      expect(result).toEqual({ inserted: 0, replaced: 1, chunks: 1 })
      const old = await backend.search({ query: { kind: 'lexical', terms: ['aspirin'] }, topK: 5 })
      expect(old).toEqual([])
      const { stats } = await backend.describe()
      expect(stats.documents).toBe(1)
      expect(stats.chunks).toBe(1)
      await backend.close()
    })

    it('deletes documents and their chunks, ignoring unknown ids', async () => {
      const backend = await create()
      await backend.upsert({ documents: [sampleDocument('a', ['warfarin bleeding risk'])] })
      expect(await backend.delete({ ids: ['a', 'missing'] })).toEqual({ deleted: 1 })
      expect(
        await backend.search({ query: { kind: 'lexical', terms: ['warfarin'] }, topK: 5 }),
      ).toEqual([])
      expect((await backend.describe()).stats.chunks).toBe(0)
      await backend.close()
    })

    it('applies authority, material type, date and language filters', async () => {
      const backend = await create()
      await backend.upsert({
        documents: [
          sampleDocument('guide', ['asthma inhaler advice'], {
            authority: 'A',
            published: '2021-05-01',
          }),
          sampleDocument('blog', ['asthma inhaler advice from a blog'], {
            authority: 'E',
            materialType: 'web',
            published: '2015',
            language: 'fr',
          }),
          sampleDocument('undated', ['asthma inhaler advice undated'], { authority: 'C' }),
        ],
      })
      // The sample gives every document a date; remove it for the third.
      await backend.upsert({
        documents: [
          (() => {
            const document = sampleDocument('undated', ['asthma inhaler advice undated'], {
              authority: 'C',
            })
            delete document.published
            return document
          })(),
        ],
      })
      const ids = async (filter: Parameters<IndexBackend['search']>[0]['filter']) =>
        (
          await backend.search({
            query: { kind: 'lexical', terms: ['asthma'] },
            topK: 10,
            ...(filter === undefined ? {} : { filter }),
          })
        )
          .map((hit) => hit.documentId)
          .sort()
      expect(await ids({ minAuthority: 'C' })).toEqual(['guide', 'undated'])
      expect(await ids({ materialTypes: ['web'] })).toEqual(['blog'])
      expect(await ids({ publishedFrom: '2020' })).toEqual(['guide'])
      expect(await ids({ publishedTo: '2021' })).toEqual(['blog', 'guide'])
      expect(await ids({ languages: ['fr'] })).toEqual(['blog'])
      expect(await ids({ documentIds: ['undated'] })).toEqual(['undated'])
      await backend.close()
    })

    it('finds chunks by vector similarity, with filters', async () => {
      const backend = await create()
      await backend.upsert({
        documents: [
          sampleDocument('x', ['x axis'], { authority: 'A' }),
          sampleDocument('y', ['y axis'], { authority: 'D' }),
        ].map((document, index) => ({
          ...document,
          chunks: document.chunks.map((chunk) => ({
            ...chunk,
            vector: vector(index === 0 ? [1, 0, 0, 0] : [0, 1, 0, 0]),
          })),
        })),
      })
      const nearest = await backend.search({
        query: { kind: 'vector', vector: vector([0.2, 1, 0, 0]) },
        topK: 2,
      })
      expect(nearest.map((hit) => hit.documentId)).toEqual(['y', 'x'])
      expect(nearest[0]?.score).toBeGreaterThan(nearest[1]?.score ?? 1)
      const filtered = await backend.search({
        query: { kind: 'vector', vector: vector([0.2, 1, 0, 0]) },
        topK: 2,
        filter: { minAuthority: 'B' },
      })
      expect(filtered.map((hit) => hit.documentId)).toEqual(['x'])
      await backend.close()
    })

    it('reports fingerprints for incremental ingestion', async () => {
      const backend = await create()
      const signature = Uint32Array.from([1, 2, 3, 4])
      await backend.upsert({
        documents: [
          sampleDocument('a', ['text one']),
          { ...sampleDocument('b', ['text two']), signature },
        ],
      })
      const { fingerprints } = await backend.describe({ fingerprints: ['b', 'missing'] })
      expect(fingerprints).toHaveLength(1)
      expect(fingerprints[0]?.id).toBe('b')
      expect(Array.from(fingerprints[0]?.signature ?? [])).toEqual([1, 2, 3, 4])
      const all = await backend.describe({ fingerprints: 'all' })
      expect(all.fingerprints.map((item) => item.id).sort()).toEqual(['a', 'b'])
      expect(all.stats.authority.A).toBe(2)
      await backend.close()
    })

    it('returns nothing for a query without terms or with topK 0', async () => {
      const backend = await create()
      await backend.upsert({ documents: [sampleDocument('a', ['text'])] })
      expect(await backend.search({ query: { kind: 'lexical', terms: [] }, topK: 5 })).toEqual([])
      expect(
        await backend.search({ query: { kind: 'lexical', terms: ['text'] }, topK: 0 }),
      ).toEqual([])
      await backend.close()
    })
  })
}
