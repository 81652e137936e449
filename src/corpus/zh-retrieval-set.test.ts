import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { ndcgAt } from '../retrieval/evaluation.js'
import { openIndex } from '../retrieval/open-index.js'
import { ensureDemoIndex } from './demo-index.js'
import { loadEvaluationSet } from './evaluation-sets.js'
import { loadChineseRetrievalSet } from './zh-retrieval-set.js'

const FILES = [
  'disc-medllm-eval/samples/cmid_samples.json',
  'model-outputs/huatuo100/inst/GPT4.json',
]

describe.skipIf(!FILES.every((file) => hasSharedData(`zh/${file}`)))(
  'Chinese retrieval set',
  () => {
    it('reads both splits from the shared questions, every judgement naming a corpus passage', async () => {
      const tune = await loadChineseRetrievalSet({ path: sharedDataPath('zh'), split: 'tune' })
      const report = await loadChineseRetrievalSet({ path: sharedDataPath('zh'), split: 'report' })
      expect(tune.problems).toEqual([])
      expect(report.problems).toEqual([])
      expect(tune.queries).toHaveLength(34)
      expect(report.queries).toHaveLength(37)
      const ids = new Set(tune.documents.map((document) => document.id))
      const chinese = tune.documents.filter((document) => document.language === 'zh')
      expect(chinese.length).toBeGreaterThanOrEqual(80)
      for (const document of chinese) {
        expect(document.demonstration, document.id).toBe(true)
        expect(document.citation, document.id).toBeTruthy()
        expect(document.published, document.id).toMatch(/^\d{4}/)
        expect(document.authority, document.id).toMatch(/^[A-E]$/)
      }
      for (const query of [...tune.queries, ...report.queries]) {
        expect(query.text).toMatch(/\p{Script=Han}/u)
        for (const id of query.relevantDocumentIds) expect(ids.has(id), id).toBe(true)
      }
    })

    it('is reachable as the zh-questions evaluation set', async () => {
      const set = await loadEvaluationSet({ name: 'zh-questions', path: sharedDataPath('zh') })
      expect(set.queries[0]?.id).toMatch(/^huatuo100-inst:/)
    })

    it('keeps nDCG@10 of the demonstration index on the tuning questions above 0.9', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'galen-zh-set-'))
      try {
        const { queries } = await loadChineseRetrievalSet({
          path: sharedDataPath('zh'),
          split: 'tune',
        })
        const { path } = await ensureDemoIndex({ path: join(folder, 'demo.db') })
        const index = await openIndex({ path })
        let total = 0
        for (const query of queries) {
          const result = await index.search({ query: query.text, k: 10 })
          total += ndcgAt(
            result.hits.map((hit) => hit.documentId),
            new Set(query.relevantDocumentIds),
            10,
          )
        }
        await index.close()
        // Measured 0.967 (bench/RESULTS.md, zh-retrieval); unsegmented Chinese scored 0.09.
        expect(total / queries.length).toBeGreaterThan(0.9)
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    })
  },
)
