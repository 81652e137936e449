import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { readRecordedResponses, replayResponses } from '../replay.js'
import { createScorer } from '../scoring/scorer.js'
import { summarize } from '../summary.js'
import { readDiscJudgeScores } from './disc-judge-scores.js'
import { nullPythonNonFinite, topLevelElementLines } from './json-array-rows.js'
import { loadRareDiseaseNames, scoreRareDiseaseRanking } from './rare-disease.js'
import { getBenchmark } from './registry.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-zh-loaders-'))
function temporaryFile(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}
const pretty = (value: unknown): string => JSON.stringify(value, null, 1)

describe('JSON array rows', () => {
  it('finds the line where each top-level record starts, ignoring brackets inside strings', () => {
    const text = '[\n {\n  "a": "x]{,"\n },\n {"b": [1,\n 2]}, 3\n]'
    expect(topLevelElementLines(text)).toEqual([2, 5, 6])
  })

  it('turns Python NaN and Infinity outside strings into null, leaving strings alone', () => {
    expect(nullPythonNonFinite('{"a": NaN, "b": "NaN", "c": -Infinity}')).toBe(
      '{"a": null, "b": "NaN", "c": null}',
    )
  })
})

describe('Chinese loaders report malformed rows by the line the record starts on', () => {
  it('xmedbench-zh: multi-answer keys, padding options, bad option lines and keys', async () => {
    const path = temporaryFile(
      'cmexam.json',
      pretty([
        {
          question: '多选题',
          options: '(A) 甲.\n(B) 乙.\n(C) 丙.\n(D) 丁.\n(E) 戊.',
          answer: '(ACE)',
          source: 'cmexam',
        },
        {
          question: '四个选项',
          options: '(A) 甲.\n(B) 乙.\n(C) 丙.\n(D) 丁.\n(E) .',
          answer: '(B)',
          source: 'cmb-single',
        },
        { question: '坏选项', options: '甲\n乙', answer: '(A)', source: 'cmexam' },
        { question: '坏答案', options: '(A) 甲.\n(B) 乙.', answer: '(F)', source: 'cmexam' },
        { options: '(A) 甲.\n(B) 乙.', answer: '(A)' },
      ]),
    )
    const { items, issues } = await getBenchmark('xmedbench-zh').load({ path })
    expect(items.map((item) => [item.id, item.gold, item.multiple ?? false])).toEqual([
      ['0000', ['A', 'C', 'E'], true],
      ['0001', ['B'], false],
    ])
    expect(items[0]?.options?.A).toBe('甲')
    expect(Object.keys(items[1]?.options ?? {})).toEqual(['A', 'B', 'C', 'D'])
    expect(issues.map((issue) => [issue.line, issue.field])).toEqual([
      [14, 'options'],
      [20, 'answer'],
      [26, 'question'],
    ])
  })

  it('cnmleqa: answer outside opa..ope, an empty option, NaN annotations', async () => {
    const row = {
      id: 'a',
      question: '题干',
      opa: '甲',
      opb: '乙',
      opc: '丙',
      opd: '丁',
      ope: '戊',
      answer: 'opc',
      year: 2019,
      question_type: '知识问答',
    }
    const text = pretty([
      row,
      { ...row, id: 'b', answer: 'opf' },
      { ...row, id: 'c', opd: '' },
    ]).replace('"year": 2019', '"year": 2019, "surgery": NaN')
    const { items, issues } = await getBenchmark('cnmleqa').load({
      path: temporaryFile('cnmleqa.json', text),
    })
    expect(items).toMatchObject([
      { id: 'a', gold: ['C'], category: '知识问答', subject: '2019', language: 'zh' },
    ])
    expect(issues.map((issue) => [issue.line, issue.field])).toEqual([
      [14, 'answer'],
      [26, 'opd'],
    ])
  })

  it('cmmlu-med: wrong header, short rows and answers outside A-D', async () => {
    const good = temporaryFile(
      'anatomy.csv',
      ',Question,A,B,C,D,Answer\n0,题,甲,乙,丙,丁,B\n1,"两行\n题",甲,乙,丙,丁,E\n2,题,甲\n',
    )
    const { items, issues } = await getBenchmark('cmmlu-med').load({ path: good })
    expect(items.map((item) => [item.id, item.gold])).toEqual([['anatomy-0', ['B']]])
    expect(issues.map((issue) => issue.line)).toEqual([3, 5])
    const bad = temporaryFile('genetics.csv', 'Question,A,B,C,D,Answer\n')
    expect((await getBenchmark('cmmlu-med').load({ path: bad })).issues[0]?.field).toBe(
      'genetics.csv header',
    )
  })

  it('chip-cdn, cmb-clin and huatuo100: missing fields by line', async () => {
    const cdn = temporaryFile(
      'cdn.json',
      pretty([
        { text: '卵巢Ca', normalized_result: '卵巢恶性肿瘤##癌' },
        { text: '无结果', normalized_result: '##' },
      ]),
    )
    const loaded = await getBenchmark('chip-cdn').load({ path: cdn })
    expect(loaded.items[0]?.gold).toEqual(['卵巢恶性肿瘤', '癌'])
    expect(loaded.issues).toEqual([
      {
        line: 6,
        field: 'normalized_result',
        message: 'no standard name between the "##" separators',
      },
    ])
    const clin = temporaryFile(
      'clin.json',
      pretty([
        { id: '0', case: '病史', first_question: '医生您好' },
        { id: '1', case: '' },
      ]),
    )
    expect(
      (await getBenchmark('cmb-clin').load({ path: clin })).issues.map((issue) => issue.field),
    ).toEqual(['first_question', 'case'])
    const inst = temporaryFile(
      'inst.json',
      pretty([{ id: 's1', label: '治疗方案', query: '如何治疗？' }, { id: 's2' }]),
    )
    const huatuo = await getBenchmark('huatuo100').load({ path: inst, subset: 'inst' })
    expect(huatuo.items[0]).toMatchObject({ id: 's1', category: '治疗方案', kind: 'open-ended' })
    expect(huatuo.issues[0]).toMatchObject({ line: 7, field: 'query' })
  })
})

const root = 'zh/'
const shared: Array<[string, string, string | undefined, number]> = [
  ['cmmlu-med', 'cmmlu-medical', undefined, 910],
  ['xmedbench-zh', 'xmedbench-zh/test', 'medqa-mcmle', 1713],
  ['xmedbench-zh', 'xmedbench-zh/test', 'cmb', 1000],
  ['xmedbench-zh', 'xmedbench-zh/test', 'cmexam', 1000],
  ['cnmleqa', 'cnmleqa/CNMLEQA-3k.json', undefined, 1475],
  ['cmb-clin', 'disc-medllm-eval/samples/CMB-cases.json', undefined, 37],
  ['huatuo100', 'model-outputs/huatuo100', 'inst', 50],
  ['huatuo100', 'model-outputs/huatuo100', 'conv', 50],
  ['rare-disease', 'rare-disease', undefined, 437],
  ['chip-cdn', 'chip-cdn/CHIP-CDN_dev.json', undefined, 1000],
]

describe.each(shared)('%s %s (%s) on the shared half', (name, path, subset, count) => {
  it.skipIf(!hasSharedData(root + path))(`loads ${count} items without issues`, async () => {
    const loaded = await getBenchmark(name).load({
      path: sharedDataPath(root + path),
      ...(subset === undefined ? {} : { subset }),
    })
    expect(loaded.issues).toEqual([])
    expect(loaded.items).toHaveLength(count)
    expect(new Set(loaded.items.map((item) => item.id)).size).toBe(count)
    expect(loaded.items.every((item) => item.language === 'zh')).toBe(true)
  })
})

describe.skipIf(!hasSharedData('zh/cmmlu-medical'))('cmmlu-med few-shot pools', () => {
  it('reads five dev examples per subject', async () => {
    const pool = await getBenchmark('cmmlu-med').fewShotPool?.({
      path: sharedDataPath('zh/cmmlu-medical'),
    })
    expect(pool).toHaveLength(45)
    expect(new Set(pool?.map((item) => item.subject)).size).toBe(9)
  })
})

describe.skipIf(!hasSharedData('zh/xmedbench-zh/test/cmexam.json'))(
  'cmexam multiple-answer items',
  () => {
    it('keeps the 34 multiple-answer keys of this half', async () => {
      const { items } = await getBenchmark('xmedbench-zh').load({
        path: sharedDataPath('zh/xmedbench-zh/test'),
        subset: 'cmexam',
      })
      expect(items.filter((item) => item.multiple === true)).toHaveLength(34)
    })
  },
)

const MODELS = [
  'qwen25-32b',
  'qwen25-14b',
  'qwen25-7b',
  'qwen25-3b',
  'llama3-8b',
  'gpt-4o',
  'deepseek-r1',
  'gemini-2.5-flash',
  'qwen25-7b-lora',
]
const PUBLISHED: Record<string, string> = {
  'qwen25-32b': '91.5',
  'deepseek-r1': '91.2',
  'qwen25-7b-lora': '89.3',
  'gemini-2.5-flash': '89.1',
  'qwen25-14b': '86.8',
  'gpt-4o': '86.0',
  'qwen25-7b': '84.0',
  'qwen25-3b': '72.7',
  'llama3-8b': '57.0',
}
const recorded = 'zh/model-outputs/cnmleqa-3k/CNMLEQA-3k_llm.json'

describe.skipIf(!hasSharedData(recorded) || !hasSharedData('zh/cnmleqa/CNMLEQA-3k.json'))(
  'CNMLEQA replay of the nine recorded models',
  async () => {
    const { items } = await getBenchmark('cnmleqa').load({
      path: sharedDataPath('zh/cnmleqa/CNMLEQA-3k.json'),
    })
    // The reference: each recorded letter compared with the key, straight from the raw file.
    const raw = JSON.parse(
      nullPythonNonFinite(readFileSync(sharedDataPath(recorded), 'utf8')),
    ) as Array<Record<string, unknown>>
    it.each(MODELS)(
      '%s: replay accuracy equals letter-versus-key accuracy exactly',
      async (model) => {
        const expected = raw.filter(
          (row) => `op${String(row[model]).toLowerCase()}` === row.answer,
        ).length
        const { responses, issues } = await readRecordedResponses({
          path: sharedDataPath(recorded),
          responseField: model,
        })
        expect(issues).toEqual([])
        const result = await replayResponses({ items, responses, scorer: createScorer('strict') })
        expect(result.missing).toEqual([])
        const summary = summarize('cnmleqa', result.records)
        expect(summary.n).toBe(1475)
        expect(summary.correct).toBe(expected)
        // The accuracies published with the data, to one decimal.
        const published = PUBLISHED[model]
        if (published !== undefined) expect((summary.accuracy * 100).toFixed(1)).toBe(published)
        expect(Object.keys(summary.by_category).sort()).toEqual(['案例分析', '知识问答'])
      },
    )
  },
)

describe.skipIf(!hasSharedData('zh/rare-disease/phenobrain/Public_Test_set.json'))(
  'rare-disease ranking',
  () => {
    it('credits Chinese and English names and codes by rank, and lists names it cannot map', async () => {
      const path = sharedDataPath('zh/rare-disease')
      const names = await loadRareDiseaseNames(path)
      const { items } = await getBenchmark('rare-disease').load({ path })
      const item = items.find((entry) => entry.gold.some((gold) => gold.startsWith('CCRD:71 ')))
      expect(item).toBeDefined()
      if (item === undefined) return
      expect(scoreRareDiseaseRanking(item, ['甲基丙二酸血症'], names)).toMatchObject({
        rank: 1,
        top1: 1,
      })
      expect(
        scoreRareDiseaseRanking(item, ['不存在的病', '肺炎', 'Methylmalonic aciduria'], names),
      ).toMatchObject({
        rank: 3,
        top1: 0,
        top3: 1,
        unmapped: ['不存在的病', '肺炎'],
      })
      expect(scoreRareDiseaseRanking(item, ['OMIM:106300'], names).top10).toBe(0)
    })
  },
)

describe('DISC-MedLLM recorded GPT-4 judge scores', () => {
  it('parses the four dimensions and reports a bad line by number', async () => {
    const path = temporaryFile(
      'scores.jsonl',
      [
        JSON.stringify({
          id: '0',
          model: 'm',
          scores: 'Proactivity: 4\nAccuracy: 5\nHelpfulness: 3\nLinguistic Quality: 5',
        }),
        JSON.stringify({ id: '1', model: 'm', scores: 'Proactivity: 9' }),
        JSON.stringify({
          id: '2',
          model: 'm',
          scores: 'Proactivity: 2\nAccuracy: 3\nHelpfulness: 5\nLinguistic Quality: 4',
        }),
      ].join('\n'),
    )
    const read = await readDiscJudgeScores(path)
    expect(read.means).toEqual({
      Proactivity: 3,
      Accuracy: 4,
      Helpfulness: 4,
      'Linguistic Quality': 4.5,
    })
    expect(read.issues).toEqual([
      { line: 2, field: 'scores', message: 'no Proactivity score between 1 and 5' },
    ])
  })

  const cmbClin = 'zh/model-outputs/disc-medllm/gpt4_scores/cmb-clin/result_gpt-4_cmb-clin.jsonl'
  it.skipIf(!hasSharedData(cmbClin))(
    'reads the 37 CMB-Clin judgements of each recorded model',
    async () => {
      const read = await readDiscJudgeScores(sharedDataPath(cmbClin))
      expect(read.issues).toEqual([])
      expect(read.judgements).toHaveLength(37)
      const { items } = await getBenchmark('cmb-clin').load({
        path: sharedDataPath('zh/disc-medllm-eval/samples/CMB-cases.json'),
      })
      const ids = new Set(items.map((item) => item.id))
      expect(read.judgements.every((judgement) => ids.has(judgement.id))).toBe(true)
    },
  )
})

describe('galen eval list', () => {
  it('shows the Chinese benchmarks with their counts', async () => {
    const { runGalenInProcess } = await import('../../../test/support/cli.js')
    const listed = await runGalenInProcess(['eval', 'list', '--json'])
    expect(listed.code).toBe(0)
    const { benchmarks } = JSON.parse(listed.stdout) as {
      benchmarks: Array<{ name: string; counts: string; subsets: string[] }>
    }
    const byName = new Map(benchmarks.map((entry) => [entry.name, entry]))
    for (const name of [
      'cmmlu-med',
      'xmedbench-zh',
      'cnmleqa',
      'cmb-clin',
      'huatuo100',
      'rare-disease',
      'chip-cdn',
    ]) {
      expect(byName.get(name)?.counts).toMatch(/\d/)
    }
    expect(byName.get('xmedbench-zh')?.subsets).toEqual(['medqa-mcmle', 'cmb', 'cmexam'])
  })
})
