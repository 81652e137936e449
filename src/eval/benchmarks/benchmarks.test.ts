import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { BENCHMARKS, getBenchmark } from './registry.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-eval-loaders-'))
function temporaryFile(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

describe('loaders report malformed rows with line numbers', () => {
  it('medqa: bad JSON, a missing question and an answer that is not an option', async () => {
    const good = JSON.stringify({ question: 'q', options: { A: 'a', B: 'b' }, answer_idx: 'B' })
    const path = temporaryFile(
      'medqa.jsonl',
      [
        good,
        '{not json',
        JSON.stringify({ options: { A: 'a', B: 'b' }, answer_idx: 'A' }),
        JSON.stringify({ question: 'q', options: { A: 'a', B: 'b' }, answer_idx: 'E' }),
      ].join('\n'),
    )
    const { items, issues } = await getBenchmark('medqa').load({ path })
    expect(items.map((item) => [item.id, item.gold])).toEqual([['0000', ['B']]])
    expect(issues.map((issue) => [issue.line, issue.field])).toEqual([
      [2, '(json)'],
      [3, 'question'],
      [4, 'answer_idx'],
    ])
    expect(issues[2]?.message).toMatch(/"E" is not one of the options AB/)
  })

  it('medmcqa: cop outside 1-4 (it is 1-based)', async () => {
    const row = {
      id: 'x',
      question: 'q',
      opa: 'a',
      opb: 'b',
      opc: 'c',
      opd: 'd',
      subject_name: 'Anatomy',
    }
    const path = temporaryFile(
      'medmcqa.json',
      [JSON.stringify({ ...row, cop: 1 }), JSON.stringify({ ...row, id: 'y', cop: 0 })].join('\n'),
    )
    const { items, issues } = await getBenchmark('medmcqa').load({ path })
    expect(items[0]).toMatchObject({ gold: ['A'], category: 'Anatomy' })
    expect(issues).toEqual([{ line: 2, field: 'cop', message: 'cop must be 1-4 (1-based), got 0' }])
  })

  it('mmlu-med: a short row and a bad answer in a headerless CSV', async () => {
    const path = temporaryFile(
      'anatomy_test.csv',
      'q1,a,b,c,d,B\n"multi\nline q",a,b,c,d,Z\nq3,a,b\n',
    )
    const { items, issues } = await getBenchmark('mmlu-med').load({ path })
    expect(items.map((item) => item.id)).toEqual(['anatomy-000'])
    expect(issues.map((issue) => issue.line)).toEqual([2, 4])
  })

  it('medcalc-bench: limits that are not numbers and a date that is not a date', async () => {
    const header =
      'Row Number,Calculator ID,Calculator Name,Category,Output Type,Note ID,Note Type,Patient Note,Question,Relevant Entities,Ground Truth Answer,Lower Limit,Upper Limit,Ground Truth Explanation'
    const path = temporaryFile(
      'medcalc.csv',
      [
        header,
        '1,2,CrCl,lab,decimal,n1,Extracted,"note, with comma",q,{},25.2,24,26.5,e',
        '2,2,CrCl,lab,decimal,n2,Extracted,note,q,{},25.2,high,26,e',
        '3,13,Due date,date,date,n3,Template,note,q,{},2014-09-23,,,e',
        "4,69,Gestational age,date,integer,n4,Template,note,q,{},\"('3 weeks', '4 days')\",\"('3 weeks', '4 days')\",\"('3 weeks', '4 days')\",e",
      ].join('\n'),
    )
    const { items, issues } = await getBenchmark('medcalc-bench').load({ path })
    expect(items.map((item) => [item.id, item.calculation?.outputType])).toEqual([
      ['1', 'decimal'],
      ['4', 'weeks-days'],
    ])
    expect(issues.map((issue) => [issue.line, issue.field])).toEqual([
      [3, 'Lower Limit'],
      [4, 'Ground Truth Answer'],
    ])
  })

  it('exam-jsonl: multiple-response answers, shared stems and question types as categories', async () => {
    const options = { A: 'a', B: 'b', C: 'c', D: 'd' }
    const path = temporaryFile(
      'exam.jsonl',
      [
        JSON.stringify({
          id: 'm1',
          question: 'q',
          options,
          answer: ['C', 'A'],
          question_type: 'multiple',
        }),
        JSON.stringify({
          id: 's1',
          question: 'q',
          options,
          answer: 'B',
          question_type: 'shared-stem',
          context: 'stem',
        }),
        JSON.stringify({ id: 'x', question: 'q', options, answer: 'Z' }),
        JSON.stringify({ id: 'y', question: 'q', options, answer: 42 }),
      ].join('\n'),
    )
    const { items, issues } = await getBenchmark('exam-jsonl').load({ path })
    expect(
      items.map((item) => [item.id, item.gold, item.multiple ?? false, item.category]),
    ).toEqual([
      ['m1', ['A', 'C'], true, 'multiple'],
      ['s1', ['B'], false, 'shared-stem'],
    ])
    expect(items[1]?.context).toBe('stem')
    expect(issues.map((issue) => [issue.line, issue.field])).toEqual([
      [3, 'answer'],
      [4, 'answer'],
    ])
  })

  it('open-ended-jsonl: keeps the optional reference and reports a missing question', async () => {
    const path = temporaryFile(
      'open.jsonl',
      [
        JSON.stringify({ id: 1, question: 'Headache?', reference: 'Rest.' }),
        JSON.stringify({ id: 2 }),
      ].join('\n'),
    )
    const { items, issues } = await getBenchmark('open-ended-jsonl').load({ path })
    expect(items).toEqual([
      { id: '1', kind: 'open-ended', question: 'Headache?', gold: ['Rest.'], line: 1 },
    ])
    expect(issues).toEqual([
      { line: 2, field: 'question', message: 'question is missing or empty (got nothing)' },
    ])
  })

  it('names the known benchmarks when asked for an unknown one', () => {
    expect(() => getBenchmark('medqa2')).toThrow(
      /unknown benchmark "medqa2" \(known: medqa, medmcqa/,
    )
  })
})

const shared: Array<{
  name: string
  path: string
  subset?: string
  count: number
  categories?: number
  /** Lines of rows that are malformed in the source itself. */
  badLines?: number[]
}> = [
  {
    name: 'medqa',
    path: 'benchmarks/medqa/phrases_no_exclude_test.jsonl',
    count: 1273,
    categories: 2,
  },
  { name: 'medmcqa', path: 'benchmarks/medmcqa/dev.json', count: 4183, categories: 21 },
  { name: 'pubmedqa', path: 'benchmarks/pubmedqa', count: 500 },
  { name: 'pubmedqa', path: 'benchmarks/pubmedqa', subset: 'pqal', count: 1000 },
  { name: 'pubmedqa', path: 'benchmarks/pubmedqa', subset: 'test-question-only', count: 500 },
  { name: 'mmlu-med', path: 'benchmarks/mmlu-med', count: 1255, categories: 7 },
  { name: 'mmlu-med', path: 'benchmarks/mmlu-med', subset: 'original', count: 1089, categories: 6 },
  { name: 'medbullets', path: 'benchmarks/medbullets/medbullets_op4.csv', count: 308 },
  { name: 'medbullets', path: 'benchmarks/medbullets/medbullets_op5.json', count: 308 },
  {
    name: 'medxpertqa',
    path: 'benchmarks/medxpertqa/medxpertqa_sampled_text_input.jsonl',
    count: 244,
    categories: 3,
  },
  { name: 'mirage', path: 'benchmarks/mirage/benchmark.json', subset: 'medqa', count: 1273 },
  { name: 'mirage', path: 'benchmarks/mirage/benchmark.json', subset: 'bioasq', count: 618 },
  {
    name: 'mirage',
    path: 'benchmarks/mirage/benchmark.json',
    subset: 'mmlu',
    count: 1089,
    categories: 6,
  },
  {
    name: 'afrimed-qa',
    path: 'benchmarks/afrimed-qa/afrimed-qa-v2_Meta-Llama-3-70B-Instruct_mcq_base-prompt__no_exp_0-shot_score_0.7379_3910.csv',
    // Three source rows are broken: two keyed "E" with four options, one with no options.
    count: 3907,
    badLines: [25618, 26812, 50964],
  },
  { name: 'mediq', path: 'benchmarks/mediq/all_dev_good.jsonl', count: 1272 },
  { name: 'mediq', path: 'benchmarks/mediq/all_craft_md.jsonl', count: 140 },
  {
    name: 'medcalc-bench',
    path: 'medcalc-bench/test_data_dev_half.csv',
    count: 525,
    categories: 7,
  },
]

describe.each(shared)(
  '$name $subset loads the shared copy',
  ({ name, path, subset, count, categories, badLines }) => {
    it.skipIf(!hasSharedData(path))(
      `reads ${count} valid items and reports the malformed rows`,
      async () => {
        const { items, issues } = await getBenchmark(name).load({
          path: sharedDataPath(path),
          ...(subset === undefined ? {} : { subset }),
        })
        expect(issues.map((issue) => issue.line)).toEqual(badLines ?? [])
        expect(items).toHaveLength(count)
        expect(new Set(items.map((item) => item.id)).size).toBe(count)
        for (const item of items) {
          if (item.kind === 'multiple-choice')
            for (const letter of item.gold) expect(item.options?.[letter]).toBeDefined()
        }
        if (categories !== undefined)
          expect(new Set(items.map((item) => item.category)).size).toBe(categories)
      },
    )
  },
)

describe('registry', () => {
  it('lists every benchmark once with a layout and counts', () => {
    const names = BENCHMARKS.map((benchmark) => benchmark.name)
    expect(new Set(names).size).toBe(names.length)
    for (const benchmark of BENCHMARKS) {
      expect(benchmark.layout.length).toBeGreaterThan(10)
      expect(benchmark.counts.length).toBeGreaterThan(0)
    }
  })

  it.skipIf(!hasSharedData('benchmarks/mirage/benchmark.json'))(
    'strips the inline option list from MedXpertQA questions and keeps MIRAGE ids sorted',
    async () => {
      const mirage = await getBenchmark('mirage').load({
        path: sharedDataPath('benchmarks/mirage/benchmark.json'),
        subset: 'pubmedqa',
      })
      const ids = mirage.items.map((item) => item.id)
      expect(ids).toEqual([...ids].sort())
      const xpert = await getBenchmark('medxpertqa').load({
        path: sharedDataPath('benchmarks/medxpertqa/medxpertqa_sampled_text_input.jsonl'),
      })
      expect(xpert.items[0]?.question).not.toMatch(/Answer Choices/)
      expect(Object.keys(xpert.items[0]?.options ?? {})).toHaveLength(10)
    },
  )
})
