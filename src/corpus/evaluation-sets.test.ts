import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { evaluateRetrieval } from '../retrieval/evaluation.js'
import { openIndex } from '../retrieval/open-index.js'
import { loadEvaluationSet } from './evaluation-sets.js'
import { ingest } from './ingest.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-evalsets-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe.skipIf(!hasSharedData('retrieval/bioasq'))('BioASQ 7b-9b retrieval', () => {
  it('beats plain FTS5 BM25 (0.794 nDCG@10) with default search on a spread of 300 questions', async () => {
    const set = await loadEvaluationSet({
      name: 'bioasq',
      path: sharedDataPath('retrieval/bioasq'),
      limit: 300,
    })
    // One document per PubMed id, pooled over the three years.
    expect(set.documents).toHaveLength(7808)
    expect(set.queries).toHaveLength(300)
    const path = join(folder, 'bioasq.db')
    await ingest({
      documents: set.documents,
      index: path,
      dedup: false,
      quality: false,
      embedder: false,
    })
    const index = await openIndex({ path })
    const plain = await evaluateRetrieval({
      index,
      queries: set.queries,
      search: { queryProcessing: 'none', rerank: false, diversify: false },
    })
    const galen = await evaluateRetrieval({ index, queries: set.queries })
    await index.close()
    expect(galen['ndcg@10']).toBeGreaterThan(0.8)
    expect(galen['ndcg@10']).toBeGreaterThan(plain['ndcg@10'] + 0.01)
  }, 120_000)
})

describe.skipIf(!hasSharedData('retrieval/pubmedqa-pqal'))(
  'PubMedQA PQA-L known-item retrieval',
  () => {
    it('finds the abstract of a question at nDCG@10 >= 0.97', async () => {
      const set = await loadEvaluationSet({
        name: 'pubmedqa',
        path: sharedDataPath('retrieval/pubmedqa-pqal'),
        limit: 300,
      })
      expect(set.documents).toHaveLength(1000)
      const path = join(folder, 'pubmedqa.db')
      await ingest({
        documents: set.documents,
        index: path,
        dedup: false,
        quality: false,
        embedder: false,
      })
      const index = await openIndex({ path })
      const figures = await evaluateRetrieval({ index, queries: set.queries })
      await index.close()
      expect(figures.queries).toBe(300)
      expect(figures['ndcg@10']).toBeGreaterThanOrEqual(0.97)
    }, 120_000)
  },
)
