import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-cli-retrieval-'))
const fixtures = fileURLToPath(new URL('../corpus/loaders/__fixtures__/folder/', import.meta.url))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

function galen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runGalenInProcess(args)
}

describe('galen ingest, search and index stats', () => {
  const index = join(folder, 'cli.db')

  it('ingests a folder and prints a summary with the authority histogram', async () => {
    const result = await galen('ingest', fixtures, '--index', index, '--publisher', 'Test Org')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/new \d+, replaced 0, unchanged 0/)
    expect(result.stdout).toContain('authority of written documents: A ')
    expect(result.stdout).toContain('docs.jsonl line 2')
    const again = await galen('ingest', fixtures, '--index', index, '--json')
    const summary = JSON.parse(again.stdout) as { inserted: number; unchanged: number }
    expect(summary.inserted).toBe(0)
    expect(summary.unchanged).toBeGreaterThan(5)
  })

  it('searches with citations, filters and JSON output', async () => {
    const text = await galen(
      'search',
      'first-line treatment of hypertension',
      '--index',
      index,
      '--k',
      '2',
    )
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Managing hypertension in adults (synthetic)')
    expect(text.stdout).toContain('https://example.org/guidelines/hypertension')
    const json = await galen(
      'search',
      'kinase beta',
      '--index',
      index,
      '--json',
      '--min-authority',
      'C',
    )
    const parsed = JSON.parse(json.stdout) as { hits: Array<{ authority: string; url: string }> }
    expect(parsed.hits.length).toBeGreaterThan(0)
    for (const hit of parsed.hits) expect(['A', 'B', 'C']).toContain(hit.authority)
  })

  it('prints index statistics', async () => {
    const result = await galen('index', 'stats', '--index', index, '--json')
    const stats = JSON.parse(result.stdout) as {
      documents: number
      chunks: number
      authority: Record<string, number>
    }
    expect(stats.documents).toBeGreaterThan(5)
    expect(stats.chunks).toBeGreaterThanOrEqual(stats.documents)
  })

  it('exits with 2 and one line for bad options', async () => {
    const mode = await galen('search', 'x', '--index', index, '--mode', 'fuzzy')
    expect(mode.code).toBe(2)
    expect(mode.stderr).toMatch(/--mode "fuzzy" is invalid/)
    const authority = await galen('search', 'x', '--index', index, '--min-authority', 'Z')
    expect(authority.code).toBe(2)
    const missing = await galen('index', 'stats', '--index', join(folder, 'missing.db'))
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('galen retrieval eval', () => {
  it('reports the figures as JSON for a BioASQ folder', async () => {
    const result = await galen(
      'retrieval',
      'eval',
      '--dataset',
      'bioasq',
      '--data',
      join(fixtures, 'bioasq'),
      '--json',
    )
    expect(result.code).toBe(0)
    const figures = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(figures)).toEqual([
      'queries',
      'ndcg@10',
      'recall@100',
      'mrr@10',
      'latency_ms',
    ])
    expect(figures.queries).toBe(2)
    expect(figures['recall@100']).toBe(1)
  })

  it('refuses an unknown data set', async () => {
    const result = await galen('retrieval', 'eval', '--dataset', 'trec', '--data', fixtures)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--dataset "trec"')
  })
})
