import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { createHashingEmbedder } from '../retrieval/embedders/hashing-embedder.js'
import { openIndex } from '../retrieval/open-index.js'
import { syntheticDocuments } from './__fixtures__/synthetic-documents.js'
import type { GalenDocument } from './document.js'
import { ingest } from './ingest.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-ingest-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let counter = 0
const freshIndex = () => {
  counter += 1
  return join(folder, `index-${counter}.db`)
}

function guideline(
  id: string,
  text: string,
  overrides: Partial<GalenDocument> = {},
): GalenDocument {
  return {
    id,
    title: `Guideline ${id}`,
    text,
    publisher: 'NICE',
    url: `https://example.org/${id}`,
    materialType: 'guideline',
    published: '2022',
    language: 'en',
    citation: `NICE ${id}`,
    ...overrides,
  }
}

const HYPERTENSION =
  'Offer a thiazide-like diuretic, a calcium-channel blocker or an ACE inhibitor as first-line treatment for adults with stage 1 hypertension and raised cardiovascular risk.'

describe('ingest', () => {
  it('stores documents with their authority and reports a summary', async () => {
    const index = freshIndex()
    const summary = await ingest({
      index,
      documents: [
        guideline('htn', HYPERTENSION),
        guideline(
          'blog',
          'A personal blog post about feeling better after walking every day in the park.',
          {
            materialType: 'web',
            publisher: 'A blog',
          },
        ),
      ],
    })
    expect(summary).toMatchObject({
      documentsSeen: 2,
      inserted: 2,
      unchanged: 0,
      indexDocuments: 2,
    })
    expect(summary.authority).toMatchObject({ A: 1, E: 1 })
    const opened = await openIndex({ path: index })
    const { hits } = await opened.search({ query: 'first-line treatment of hypertension' })
    expect(hits[0]).toMatchObject({ documentId: 'htn', authority: 'A' })
    expect(hits[0]?.authorityReason).toContain('recognised-guideline')
    await opened.close()
  })

  it('skips unchanged documents and replaces changed ones on a second run', async () => {
    const index = freshIndex()
    await ingest({ index, documents: syntheticDocuments(30) })
    const changed = syntheticDocuments(30)
    const first = changed[0]
    if (first !== undefined) first.text = `${first.text} Amended sentence.`
    const summary = await ingest({ index, documents: changed })
    expect(summary).toMatchObject({ inserted: 0, replaced: 1, unchanged: 29, indexDocuments: 30 })
  })

  it('drops exact and near-duplicates, also against documents stored by an earlier run', async () => {
    const index = freshIndex()
    await ingest({ index, documents: [guideline('original', HYPERTENSION)] })
    const summary = await ingest({
      index,
      documents: [
        guideline('copy', HYPERTENSION),
        guideline(
          'edited',
          HYPERTENSION.replace('raised cardiovascular risk', 'raised cardiovascular risks'),
        ),
        guideline(
          'other',
          'Measure HbA1c every three to six months in adults with type 2 diabetes until stable.',
        ),
      ],
    })
    expect(summary).toMatchObject({
      exactDuplicates: 1,
      nearDuplicates: 1,
      inserted: 1,
      indexDocuments: 2,
    })
    expect(summary.problems.map((problem) => problem.message).join('\n')).toMatch(
      /duplicate of "original"/,
    )
    const kept = await ingest({ index, documents: [guideline('copy', HYPERTENSION)], dedup: false })
    expect(kept.inserted).toBe(1)
  })

  it('drops low-quality text with the reason, unless the filter is off', async () => {
    const index = freshIndex()
    const junk = guideline(
      'junk',
      '0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27',
    )
    const dropped = await ingest({ index, documents: [junk] })
    expect(dropped.lowQuality).toBe(1)
    expect(dropped.problems[0]?.message).toMatch(/non-letters/)
    const kept = await ingest({ index, documents: [junk], quality: false })
    expect(kept.inserted).toBe(1)
  })

  it('runs the redaction hook before indexing', async () => {
    const index = freshIndex()
    await ingest({
      index,
      documents: [guideline('note', `${HYPERTENSION} Patient John Smith was seen.`)],
      redact: (text) => text.replace('John Smith', '[NAME]'),
    })
    const opened = await openIndex({ path: index })
    const { hits } = await opened.search({ query: 'patient seen hypertension' })
    expect(hits[0]?.text).toContain('[NAME]')
    expect(hits[0]?.text).not.toContain('John')
    await opened.close()
  })

  it('stores vectors with an embedder and refuses a different one later', async () => {
    const index = freshIndex()
    await ingest({
      index,
      documents: [guideline('a', HYPERTENSION)],
      embedder: createHashingEmbedder({ dimensions: 32 }),
    })
    const opened = await openIndex({ path: index })
    expect((await opened.stats()).vectors).toBe(1)
    expect(opened.embedder?.name).toBe('builtin-hashing-32')
    await opened.close()
    await expect(
      ingest({
        index,
        documents: [guideline('b', 'Another distinct guideline text about asthma inhalers.')],
        embedder: createHashingEmbedder({ dimensions: 64 }),
      }),
    ).rejects.toThrow(ConfigError)
  })

  it('searches hybrid by default, but BM25 for a query in a language the embedder lacks', async () => {
    const index = freshIndex()
    const hashing = createHashingEmbedder({ dimensions: 32 })
    // A learned embedder as far as the index can tell, trained for English only.
    const englishOnly = {
      name: 'test-english-encoder',
      dimensions: 32,
      languages: ['en'],
      embed: hashing.embed.bind(hashing),
    }
    await ingest({
      index,
      documents: [
        guideline('htn', HYPERTENSION),
        guideline('zh-htn', '高血压的一线降压药包括利尿剂、钙通道阻滞剂和血管紧张素转换酶抑制剂。'),
      ],
      embedder: englishOnly,
    })
    const opened = await openIndex({ path: index, embedder: englishOnly })
    try {
      expect((await opened.search({ query: 'first-line hypertension', k: 2 })).mode).toBe('hybrid')
      expect((await opened.search({ query: '高血压一线降压药', k: 2 })).mode).toBe('bm25')
      const asked = await opened.search({ query: '高血压一线降压药', k: 2, mode: 'hybrid' })
      expect(asked.mode).toBe('hybrid')
    } finally {
      await opened.close()
    }
  })

  it('loses nothing and duplicates nothing when killed mid-way and run again', async () => {
    const index = freshIndex()
    const total = 200
    const child = fileURLToPath(new URL('./__fixtures__/ingest-child.ts', import.meta.url))
    const tsx = createRequire(import.meta.url).resolve('tsx')
    const stored = await new Promise<number>((resolve, reject) => {
      const process = spawn(
        globalThis.process.execPath,
        ['--import', tsx, child, index, String(total)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let last = 0
      let errors = ''
      process.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString()
      })
      process.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/stored (\d+)/g)) last = Number(match[1])
        if (last >= 50 && process.exitCode === null && !process.killed) process.kill('SIGKILL')
      })
      process.on('exit', (_code, signal) => {
        if (signal === 'SIGKILL') resolve(last)
        else reject(new Error(`child ended without being killed (${errors.slice(0, 300)})`))
      })
    })
    expect(stored).toBeGreaterThanOrEqual(50)
    expect(stored).toBeLessThan(total)

    const summary = await ingest({ index, documents: syntheticDocuments(total), batchSize: 10 })
    expect(summary.unchanged).toBeGreaterThanOrEqual(stored)
    expect(summary.unchanged + summary.inserted).toBe(total)
    expect(summary.replaced).toBe(0)
    expect(summary.indexDocuments).toBe(total)

    const opened = await openIndex({ path: index })
    const stats = await opened.stats()
    expect(stats.documents).toBe(total)
    // Every chunk appears once in the full-text index: no orphans, no copies.
    const Database = (await import('better-sqlite3')).default
    await opened.close()
    const database = new Database(index, { readonly: true })
    const count = (sql: string) => (database.prepare(sql).get() as { count: number }).count
    expect(count('select count(*) as count from chunks')).toBe(stats.chunks)
    expect(count('select count(*) as count from chunks_fts')).toBe(stats.chunks)
    expect(count('select count(distinct id) as count from documents')).toBe(total)
    database.close()
  }, 60_000)
})
