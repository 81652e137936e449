import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleDocument } from '../__fixtures__/index-backend-conformance.js'
import { searchBackend } from '../search.js'
import { createSqliteBackend } from './sqlite-backend.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-sqlite-zh-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const guideline = sampleDocument(
  'zh-htn',
  [
    '常用降压药物包括血管紧张素转换酶抑制剂（ACEI）、血管紧张素受体拮抗剂（ARB）、钙通道阻滞剂、噻嗪类利尿剂和β受体阻滞剂，均可作为初始治疗的选择。',
  ],
  { title: '高血压：初始降压药物的选择', language: 'zh' },
)
const english = sampleDocument('en-htn', [
  'First-line antihypertensive drugs include ACE inhibitors, calcium channel blockers and thiazide diuretics.',
])

describe('SQLite backend with Chinese text', () => {
  it('finds a Chinese guideline for a Chinese question and for 一线降压药', async () => {
    const backend = createSqliteBackend({ path: ':memory:' })
    await backend.upsert({ documents: [guideline, english] })
    for (const query of ['高血压的一线治疗药物是什么？', '一线降压药', '高血壓用什麼藥']) {
      const result = await searchBackend(backend, undefined, { query, k: 5 })
      expect(result.hits[0]?.documentId, query).toBe('zh-htn')
    }
    const latin = await searchBackend(backend, undefined, { query: 'ACEI', k: 5 })
    expect(latin.hits.map((hit) => hit.documentId)).toContain('zh-htn')
    const englishResult = await searchBackend(backend, undefined, {
      query: 'calcium channel blockers',
      k: 5,
    })
    expect(englishResult.hits[0]?.documentId).toBe('en-htn')
    await backend.close()
  })

  it('re-tokenises an index written before Chinese segmentation, keeping every document', async () => {
    const path = join(folder, 'old.db')
    const backend = createSqliteBackend({ path })
    await backend.upsert({ documents: [guideline, english] })
    await backend.close()
    // Make the file look like one written by the previous Galen: raw text in the full-text rows
    // and no record of the Chinese analysis.
    const Database = (await import('better-sqlite3')).default
    const database = new Database(path)
    const rows = database
      .prepare(
        'select c.rowid as rowid, d.title as title, c.heading as heading, c.text as text from chunks c join documents d on d.rowid = c.document_rowid',
      )
      .all() as Array<{ rowid: number; title: string; heading: string | null; text: string }>
    for (const row of rows) {
      database.prepare('delete from chunks_fts where rowid = ?').run(row.rowid)
      database
        .prepare('insert into chunks_fts (rowid, title, heading, body) values (?, ?, ?, ?)')
        .run(row.rowid, row.title, row.heading ?? '', row.text)
    }
    database.prepare(`delete from meta where key = 'text_analysis'`).run()
    database.close()

    const reopened = createSqliteBackend({ path })
    expect(reopened.getMeta('text_analysis')).toMatch(/^[0-9a-f]{16}$/)
    const result = await searchBackend(reopened, undefined, { query: '一线降压药', k: 5 })
    expect(result.hits[0]?.documentId).toBe('zh-htn')
    const { stats } = await reopened.describe()
    expect(stats.documents).toBe(2)
    expect(stats.chunks).toBe(2)
    const englishResult = await searchBackend(reopened, undefined, { query: 'thiazide', k: 5 })
    expect(englishResult.hits[0]?.documentId).toBe('en-htn')
    await reopened.close()
  })
})
