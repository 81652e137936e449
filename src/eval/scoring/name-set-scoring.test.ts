import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../../test/support/cli.js'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import {
  createZhNormalizer,
  readStandardNames,
  scoreNormalization,
  zhDiagnosisAbbreviations,
} from '../../terminology/index.js'
import { getBenchmark } from '../benchmarks/registry.js'
import type { BenchmarkItem } from '../item.js'
import { buildMessages } from '../prompts.js'
import { readRecordedResponses, replayResponses } from '../replay.js'
import { publicSummary, summarize } from '../summary.js'
import { readNormalizedNames, scoreNameSet } from './name-set-scoring.js'
import { createScorer } from './scorer.js'

describe('readNormalizedNames', () => {
  it('reads a JSON object of names, a fenced JSON array and a "##"-joined JSON string', () => {
    expect(readNormalizedNames('{"names": ["卵巢恶性肿瘤", "癌"]}')).toEqual(['卵巢恶性肿瘤', '癌'])
    expect(readNormalizedNames('标准化结果：\n```json\n["甲状腺恶性肿瘤", "癌"]\n```')).toEqual([
      '甲状腺恶性肿瘤',
      '癌',
    ])
    expect(readNormalizedNames('{"normalized_result": "髂肌囊肿##腰部囊肿"}')).toEqual([
      '髂肌囊肿',
      '腰部囊肿',
    ])
    expect(readNormalizedNames('{"names": []}')).toEqual([])
  })

  it('reads "##"- and line-separated names, dropping markers, labels, quotes and repeats', () => {
    expect(readNormalizedNames('乳腺恶性肿瘤##恶性肿瘤术后化疗')).toEqual([
      '乳腺恶性肿瘤',
      '恶性肿瘤术后化疗',
    ])
    expect(readNormalizedNames('标准名称：\n1. **卵巢恶性肿瘤**\n2、“癌”。\n- 癌')).toEqual([
      '卵巢恶性肿瘤',
      '癌',
    ])
  })

  it('drops code-fence tags and lines of JSON syntax but keeps bracketed names', () => {
    expect(
      readNormalizedNames(
        '```python\njson_data = {\n  "names": [\n假膜性肠炎[难辨梭状芽孢杆菌肠炎]\n]',
      ),
    ).toEqual(['假膜性肠炎[难辨梭状芽孢杆菌肠炎]'])
  })

  it('reads nothing from an empty response or broken JSON', () => {
    expect(readNormalizedNames('   \n ')).toBeUndefined()
    expect(readNormalizedNames('{"names": ["癌"')).toBeUndefined()
  })
})

describe('scoreNameSet', () => {
  const target = { names: ['卵巢恶性肿瘤', '癌', '卵巢术后'] }

  it('is correct only for the exact gold set, with the item F1 as score', () => {
    const exact = scoreNameSet(target, '卵巢术后##癌##卵巢恶性肿瘤')
    expect(exact).toMatchObject({ status: 'ok', correct: true, score: 1, method: 'name-set' })
    const partial = scoreNameSet(target, '{"names": ["卵巢恶性肿瘤", "卵巢囊肿"]}')
    // precision 1/2, recall 1/3: F1 = 0.4
    expect(partial).toMatchObject({ correct: false, score: 0.4 })
    expect(partial.names).toEqual({ predicted: ['卵巢恶性肿瘤', '卵巢囊肿'], matched: 1 })
  })

  it('reports an unreadable response as a format error that predicts no name', () => {
    const unread = scoreNameSet(target, '{"names": [')
    expect(unread).toMatchObject({ status: 'format_error', correct: false, score: 0 })
    expect(unread.names).toEqual({ predicted: [], matched: 0 })
  })
})

const dev = 'zh/chip-cdn/CHIP-CDN_dev.json'

describe.skipIf(!hasSharedData(dev))('chip-cdn without a judge on the shared dev half', () => {
  it('asks in Chinese for JSON names, with few-shot answers in the same form', async () => {
    const { items } = await getBenchmark('chip-cdn').load({ path: sharedDataPath(dev) })
    const [first, second] = items as [BenchmarkItem, BenchmarkItem]
    const messages = buildMessages(first, 'json', [second])
    expect(messages[0]?.content).toContain('ICD-10 北京临床版')
    expect(messages.at(-1)?.content).toContain(`原始诊断：${first.question}`)
    expect(messages.at(-1)?.content).toContain('{"names": ["标准名称", ...]}')
    expect(messages[2]?.content).toBe(JSON.stringify({ names: second.gold }))
  })

  it('replays names in three forms and summarises micro P/R/F1 exactly as scoreNormalization does', async () => {
    const { items } = await getBenchmark('chip-cdn').load({ path: sharedDataPath(dev) })
    expect(items.length).toBe(1000)
    const predicted: string[][] = []
    const lines: string[] = []
    items.forEach((item, index) => {
      // In turn: the gold names; the gold less its last name plus a wrong one; a refusal (read as
      // one wrong name, its full stop dropped) or an empty response (no name). Written as JSON,
      // "##" text or lines; every seventh item has no recorded response at all.
      if (index % 7 === 6) {
        predicted.push([])
        return
      }
      let names: string[]
      let response: string
      if (index % 3 === 2) {
        names = index % 2 === 1 ? ['无法确定'] : []
        response = index % 2 === 1 ? '无法确定。' : ''
      } else {
        names = index % 3 === 0 ? [...item.gold] : [...item.gold.slice(0, -1), '未特指的疾病']
        response =
          index % 2 === 0
            ? JSON.stringify({ names })
            : index % 5 === 0
              ? names.join('\n')
              : names.join('##')
      }
      predicted.push(names)
      lines.push(JSON.stringify({ id: item.id, response }))
    })
    const folder = mkdtempSync(join(tmpdir(), 'galen-chip-cdn-'))
    const path = join(folder, 'responses.jsonl')
    writeFileSync(path, `${lines.join('\n')}\n`)
    const { responses, issues } = await readRecordedResponses({ path })
    expect(issues).toEqual([])
    const result = await replayResponses({ items, responses, scorer: createScorer('strict') })
    const summary = summarize('chip-cdn', result.records)
    // 31 gold names of this half keep the CSV quotes of names holding a comma
    // ("\"慢性肾脏病,5期\""); like CBLUE, the gold is compared as written, while quotes around a
    // predicted name are dropped, so those names can never match.
    const read = predicted.map((names) => names.map((name) => name.replace(/^"|"$/g, '')))
    const expected = scoreNormalization(
      read,
      items.map((item) => item.gold),
    )
    expect(summary.normalization).toEqual(expected)
    expect(summary.normalization?.f1).toBeGreaterThan(0.3)
    expect(summary.normalization?.f1).toBeLessThan(0.9)
    expect(summary.judge).toBeUndefined()
    const exact = items.filter(
      (item, index) =>
        index % 3 === 0 && index % 7 !== 6 && item.gold.every((name) => !name.includes('"')),
    ).length
    expect(summary.correct).toBe(exact)
    expect(result.missing.length).toBe(items.filter((_, index) => index % 7 === 6).length)
    expect(publicSummary(summary).normalization).toEqual(expected)

    // The CLI scores the same file without asking for a judge.
    const cli = await runGalenInProcess([
      'eval',
      'replay',
      '--benchmark',
      'chip-cdn',
      '--data',
      sharedDataPath(dev),
      '--responses',
      path,
      '--json',
    ])
    expect(cli.code, cli.stderr).toBe(0)
    const printed = JSON.parse(cli.stdout) as { normalization?: unknown; correct: number }
    expect(printed.normalization).toEqual(expected)
    expect(printed.correct).toBe(exact)
  })
})

const dictionary = 'zh/chip-cdn/icd10_beijing_clinical_v601.csv'

describe.skipIf(!hasSharedData(dev) || !hasSharedData(dictionary))(
  'chip-cdn replay against the terminology room',
  () => {
    it('replaying the normaliser’s "##" output gives the P/R/F1 of scoring it directly', async () => {
      const { items } = await getBenchmark('chip-cdn').load({ path: sharedDataPath(dev) })
      const chosen = items.slice(0, 300)
      const normalizer = createZhNormalizer({
        dictionary: readStandardNames(sharedDataPath(dictionary)),
        abbreviations: zhDiagnosisAbbreviations(),
      })
      const predicted = chosen.map((item) => normalizer.normalize(item.question).names)
      const folder = mkdtempSync(join(tmpdir(), 'galen-chip-cdn-normalizer-'))
      const path = join(folder, 'responses.jsonl')
      writeFileSync(
        path,
        chosen
          .map((item, index) =>
            JSON.stringify({ id: item.id, response: (predicted[index] ?? []).join('##') }),
          )
          .join('\n'),
      )
      const { responses } = await readRecordedResponses({ path })
      const result = await replayResponses({
        items: chosen,
        responses,
        scorer: createScorer('strict'),
      })
      const direct = scoreNormalization(
        predicted,
        chosen.map((item) => item.gold),
      )
      expect(direct.f1).toBeGreaterThan(0)
      expect(summarize('chip-cdn', result.records).normalization).toEqual(direct)
    }, 60_000)
  },
)
