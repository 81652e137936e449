import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { getBenchmark } from '../benchmarks/registry.js'
import type { RankingTarget } from '../item.js'
import { readRecordedResponses, replayResponses } from '../replay.js'
import { summarize } from '../summary.js'
import { readRankedNames, scoreRankedDiagnoses } from './ranking-scoring.js'
import { createScorer } from './scorer.js'

const codes: Record<string, string[]> = {
  戈谢病: ['ORPHA:355'],
  'gaucher disease': ['ORPHA:355'],
  法布里病: ['ORPHA:324'],
  肺炎: [],
}
const target: RankingTarget = {
  codes: ['ORPHA:355'],
  resolve: (name) => codes[name.trim().toLowerCase()] ?? [],
}

describe('readRankedNames', () => {
  it('reads a JSON answer object, a fenced JSON array and objects with a name', () => {
    expect(readRankedNames('{"diagnoses": ["法布里病", "戈谢病"]}')).toEqual(['法布里病', '戈谢病'])
    expect(readRankedNames('结果：\n```json\n["戈谢病", "肺炎"]\n```')).toEqual(['戈谢病', '肺炎'])
    expect(readRankedNames('[{"name": "法布里病", "reason": "x"}]')).toEqual(['法布里病'])
  })

  it('reads numbered and bulleted lines, then one line split at separators', () => {
    expect(readRankedNames('考虑：\n1. 法布里病：依据\n2、**戈谢病**\n（3）肺炎')).toEqual([
      '法布里病：依据',
      '戈谢病',
      '肺炎',
    ])
    expect(readRankedNames('法布里病；戈谢病，肺炎')).toEqual(['法布里病', '戈谢病', '肺炎'])
    expect(readRankedNames('无法判断。\n需要更多资料。')).toEqual([])
  })
})

describe('scoreRankedDiagnoses', () => {
  it('gives top-3 but not top-1 when the gold disease is second, resolving text before a colon', () => {
    const scored = scoreRankedDiagnoses(target, '1. 法布里病：依据\n2. 戈谢病（Gaucher disease）')
    expect(scored).toMatchObject({ status: 'ok', correct: false, score: 0 })
    expect(scored.ranking).toEqual({ rank: 2, top1: 0, top3: 1, top10: 1 })
  })

  it('resolves an English name in brackets and credits rank 1', () => {
    const scored = scoreRankedDiagnoses(target, '{"diagnoses": ["溶酶体病 (Gaucher disease)"]}')
    expect(scored.ranking?.rank).toBe(1)
    expect(scored.correct).toBe(true)
  })

  it('misses when the gold disease is 11th, and reports an unreadable response as a format error', () => {
    const list = [...Array.from({ length: 10 }, () => '肺炎'), '戈谢病']
    expect(scoreRankedDiagnoses(target, JSON.stringify(list)).ranking).toEqual({
      rank: 11,
      top1: 0,
      top3: 0,
      top10: 0,
    })
    const unread = scoreRankedDiagnoses(target, '无法判断。\n需要更多资料。')
    expect(unread.status).toBe('format_error')
    expect(unread.ranking?.top10).toBe(0)
  })
})

describe.skipIf(!hasSharedData('zh/rare-disease/phenobrain/Public_Test_set.json'))(
  'rare-disease replay through the name maps',
  () => {
    it('scores recorded ranked lists without a judge and summarises top-1/3/10 recall', async () => {
      const { items } = await getBenchmark('rare-disease').load({
        path: sharedDataPath('zh/rare-disease'),
      })
      const chosen = items.slice(0, 4)
      // Gold names taken from each item's own gold entry: "<code> <name> / <name>".
      const goldName = (index: number): string => {
        const entry = chosen[index]?.gold[0] ?? ''
        return entry.slice(entry.indexOf(' ') + 1).split(' / ')[0] ?? ''
      }
      const folder = mkdtempSync(join(tmpdir(), 'galen-rare-'))
      const path = join(folder, 'responses.jsonl')
      const lines = [
        { id: chosen[0]?.id, response: JSON.stringify({ diagnoses: [goldName(0), '肺炎'] }) },
        { id: chosen[1]?.id, response: `1. 肺炎\n2. 感冒\n3. ${goldName(1)}` },
        { id: chosen[2]?.id, response: '无法判断。\n需要更多资料。' },
        { id: chosen[3]?.id, response: JSON.stringify(['肺炎']) },
      ]
      writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'))
      const { responses } = await readRecordedResponses({ path })
      const result = await replayResponses({
        items: chosen,
        responses,
        scorer: createScorer('strict'),
      })
      expect(result.records.map((record) => record.ranking?.rank ?? null)).toEqual([
        1,
        3,
        null,
        null,
      ])
      expect(result.records[2]?.status).toBe('format_error')
      const summary = summarize('rare-disease', result.records)
      expect(summary.accuracy).toBe(0.25)
      expect(summary.ranking).toEqual({ top1: 0.25, top3: 0.5, top10: 0.5, ranked: 4 })
    })
  },
)
