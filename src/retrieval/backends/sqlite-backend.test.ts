import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BackendError, NotFoundError } from '../../errors.js'
import {
  runIndexBackendConformance,
  sampleDocument,
} from '../__fixtures__/index-backend-conformance.js'
import { createSqliteBackend } from './sqlite-backend.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-sqlite-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let counter = 0

runIndexBackendConformance('sqlite (file)', async () => {
  counter += 1
  return createSqliteBackend({ path: join(folder, `conformance-${counter}.db`) })
})
runIndexBackendConformance('sqlite (memory)', async () => createSqliteBackend({ path: ':memory:' }))

describe('createSqliteBackend', () => {
  it('refuses to create a missing file when create is false', () => {
    expect(() => createSqliteBackend({ path: join(folder, 'missing.db'), create: false })).toThrow(
      NotFoundError,
    )
  })

  it('refuses a SQLite file that is not a Galen index', async () => {
    const path = join(folder, 'foreign.db')
    const Database = (await import('better-sqlite3')).default
    const database = new Database(path)
    database.exec('create table people (name text)')
    database.close()
    expect(() => createSqliteBackend({ path })).toThrow(/not a Galen index/)
  })

  it('refuses a file that is not SQLite at all', () => {
    const path = join(folder, 'text.db')
    writeFileSync(path, 'this is not a database, just some text that is long enough '.repeat(20))
    expect(() => createSqliteBackend({ path })).toThrow(BackendError)
  })

  it('rejects vectors whose size differs from the stored ones', async () => {
    const backend = createSqliteBackend({ path: ':memory:' })
    const withVector = (id: string, size: number) => {
      const document = sampleDocument(id, ['text'])
      return {
        ...document,
        chunks: document.chunks.map((chunk) => ({
          ...chunk,
          vector: new Float32Array(size).fill(0.5),
        })),
      }
    }
    await backend.upsert({ documents: [withVector('a', 4)] })
    await expect(backend.upsert({ documents: [withVector('b', 8)] })).rejects.toThrow(
      /4-dimensional/,
    )
    // The failed call stored nothing.
    expect((await backend.describe()).stats.documents).toBe(1)
    await backend.close()
  })

  it('says how to get vectors when dense search meets an index without them', async () => {
    const backend = createSqliteBackend({ path: ':memory:' })
    await expect(
      backend.search({ query: { kind: 'vector', vector: new Float32Array(4) }, topK: 3 }),
    ).rejects.toThrow(/has no vectors; ingest with an embedder/)
    await backend.close()
  })

  it('counts chunk frequencies of words through the stemmed vocabulary', async () => {
    const backend = createSqliteBackend({ path: ':memory:' })
    await backend.upsert({
      documents: [
        sampleDocument('a', ['running injuries', 'the runner runs']),
        sampleDocument('b', ['injury prevention']),
      ],
    })
    const statistics = await backend.termStatistics({ terms: ['injuries', 'runs', 'absent'] })
    expect(statistics.chunkCount).toBe(3)
    expect(statistics.chunkFrequency.get('injuries')).toBe(2)
    // 'runs' and 'running' share the stem 'run'; 'runner' does not.
    expect(statistics.chunkFrequency.get('runs')).toBe(2)
    expect(statistics.chunkFrequency.get('absent')).toBe(0)
    await backend.close()
  })

  it('quotes lexical terms so FTS5 syntax in a query cannot break it', async () => {
    const backend = createSqliteBackend({ path: ':memory:' })
    await backend.upsert({ documents: [sampleDocument('a', ['near and or not'])] })
    const hits = await backend.search({
      query: { kind: 'lexical', terms: ['NEAR', 'AND', '"quoted"', '*', 'not'] },
      topK: 3,
    })
    expect(hits.map((hit) => hit.documentId)).toEqual(['a'])
    await backend.close()
  })
})
