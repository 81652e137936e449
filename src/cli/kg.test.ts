import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-kg-cli-'))
const write = (name: string, text: string): string => {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

describe('galen kg score', () => {
  it('prints n, bleu and chrf++ on a 0-1 scale', async () => {
    const hyp = write(
      'hyp.txt',
      'The cat sat on the mat near the door.\nAspirin treats pain and fever.\n',
    )
    const ref0 = write(
      'ref0',
      'The cat sat on the mat near the door.\nAspirin treats pain and fever.',
    )
    const ref1 = write('ref1', 'A cat was sitting on the mat.\n')
    const result = await runGalenInProcess([
      'kg',
      'score',
      '--hyp',
      hyp,
      '--ref',
      ref0,
      '--ref',
      ref1,
      '--json',
    ])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as { n: number; bleu: number; 'chrf++': number }
    expect(summary).toEqual({ n: 2, bleu: 1, 'chrf++': 1 })
  })

  it('exits 1 naming the file when line counts differ, 2 without --hyp', async () => {
    const hyp = write('hyp3.txt', 'a\nb\nc\n')
    const ref = write('ref-short', 'a')
    const mismatch = await runGalenInProcess(['kg', 'score', '--hyp', hyp, '--ref', ref])
    expect(mismatch.code).toBe(1)
    expect(mismatch.stderr).toContain(`reference file "${ref}" has 1 lines`)
    expect((await runGalenInProcess(['kg', 'score', '--ref', ref])).code).toBe(2)
  })
})

describe('galen kg score-triples', () => {
  it('scores JSONL candidates against JSONL gold triples', async () => {
    const gold = write(
      'gold.jsonl',
      '{"triples": [["Aspirin", "treats", "Pain"]]}\n{"triples": ["Metformin | treats | Type_2_diabetes"]}\n',
    )
    const candidates = write(
      'cand.jsonl',
      '{"triples": [{"subject": "Aspirin", "predicate": "treats", "object": "Pain"}]}\n{"triples": []}\n',
    )
    const result = await runGalenInProcess([
      'kg',
      'score-triples',
      '--gold',
      gold,
      '--candidates',
      candidates,
      '--json',
    ])
    expect(result.code).toBe(0)
    const scores = JSON.parse(result.stdout) as { n: number; pairs: number; exact: { f1: number } }
    expect(scores.n).toBe(2)
    expect(scores.pairs).toBe(2)
    expect(scores.exact.f1).toBeCloseTo(0.5, 12)
  })

  it('exits 1 with the line and field of a malformed triple', async () => {
    const gold = write('bad.jsonl', '{"triples": [["Aspirin", "treats"]]}\n')
    const result = await runGalenInProcess([
      'kg',
      'score-triples',
      '--gold',
      gold,
      '--candidates',
      gold,
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad.jsonl:1 triples[0]')
  })
})

describe('galen kg import, verbalize and check', () => {
  it('imports a TSV, verbalises it in Chinese and passes every sentence through the gate', async () => {
    const tsv = write(
      'facts.tsv',
      'subject\tpredicate\tobject\tsubject_type\n二甲双胍\ttreats\t2型糖尿病\tdrug\n流行性感冒\thas_symptom\t发热\tdisease\n流行性感冒\thas_symptom\t咳嗽\tdisease\n',
    )
    const graph = join(folder, 'graph.jsonl')
    expect((await runGalenInProcess(['kg', 'import', '--input', tsv, '--out', graph])).code).toBe(0)
    const sentences = join(folder, 'sentences.jsonl')
    const verbalized = await runGalenInProcess([
      'kg',
      'verbalize',
      '--input',
      graph,
      '--lang',
      'zh',
      '--out',
      sentences,
    ])
    expect(verbalized.code).toBe(0)
    const lines = readFileSync(sentences, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { text: string; triple_ids: string[] })
    expect(lines).toEqual([
      { text: '二甲双胍用于治疗2型糖尿病。', triple_ids: ['t1'] },
      { text: '流行性感冒的常见症状包括发热和咳嗽。', triple_ids: ['t2', 't3'] },
    ])
    const checked = await runGalenInProcess([
      'kg',
      'check',
      '--input',
      sentences,
      '--triples',
      graph,
      '--lang',
      'zh',
      '--json',
    ])
    expect(checked.code).toBe(0)
    expect(JSON.parse(checked.stdout)).toMatchObject({
      n: 2,
      passed: 2,
      rejected: 0,
      triple_recall: 1,
    })
  })

  it('reports a sentence that drops a triple, and exits 2 for an unknown language', async () => {
    const graph = write(
      'g.jsonl',
      '{"id":"a","subject":"Aspirin","predicate":"treats","object":"pain"}\n{"id":"b","subject":"Aspirin","predicate":"treats","object":"fever"}\n',
    )
    const sentences = write(
      's.jsonl',
      '{"text":"Aspirin is used to treat pain.","triple_ids":["a","b"]}\n',
    )
    const checked = await runGalenInProcess([
      'kg',
      'check',
      '--input',
      sentences,
      '--triples',
      graph,
      '--lang',
      'en',
      '--json',
    ])
    expect(JSON.parse(checked.stdout)).toMatchObject({
      n: 1,
      rejected: 1,
      triple_recall: 0.5,
      by_reason: { dropped_triple: 1 },
    })
    expect(
      (await runGalenInProcess(['kg', 'verbalize', '--input', graph, '--lang', 'fr'])).code,
    ).toBe(2)
  })

  it('names the file, line and field of a malformed triple', async () => {
    const graph = write('bad-graph.jsonl', '{"id":"a","subject":"Aspirin","predicate":"treats"}\n')
    const result = await runGalenInProcess(['kg', 'verbalize', '--input', graph, '--lang', 'en'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad-graph.jsonl:1.object must be a non-empty string')
  })
})

describe('galen kg extract', () => {
  it('extracts triples and back-translates each through the gate', async () => {
    const note = write('note.txt', '氨氯地平常用于治疗高血压。支气管哮喘的常见症状包括喘息和胸闷。')
    const out = join(folder, 'extracted.jsonl')
    const result = await runGalenInProcess([
      'kg',
      'extract',
      '--input',
      note,
      '--lang',
      'zh',
      '--out',
      out,
      '--json',
    ])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      triples: 3,
      back_translated_consistent: 3,
      by_predicate: { treats: 1, has_symptom: 2 },
    })
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] ?? '') as {
      back_translation: string
      method: string
    }
    expect(first).toMatchObject({
      subject: '氨氯地平',
      back_translation: '氨氯地平用于治疗高血压。',
    })
  })
})

describe('galen kg drug-insert', () => {
  it('merges SPL and Markdown inserts into Markdown with sources', async () => {
    const fixtures = join(import.meta.dirname, '..', 'knowledge', '__fixtures__', 'drug-inserts')
    const markdown = join(folder, 'metformin.md')
    const result = await runGalenInProcess([
      'kg',
      'drug-insert',
      '--input',
      join(fixtures, 'metformin-example-pharma.xml'),
      '--input',
      join(fixtures, 'metformin-sample-generics.xml'),
      '--generic',
      'Metformin hydrochloride',
      '--markdown',
      markdown,
    ])
    expect(result.code).toBe(0)
    const text = readFileSync(markdown, 'utf8')
    expect(text).toContain('# Metformin hydrochloride')
    expect(text).toContain('- The maximum daily dose is 2550 mg in divided doses. [all]')
    expect(text).toContain(
      '- Start with 500 mg once or twice daily with meals. [Example Pharma A Inc.]',
    )
  })

  it('exits 1 naming a file that is not SPL', async () => {
    const bad = write('bad.xml', '<document><section>')
    const result = await runGalenInProcess(['kg', 'drug-insert', '--input', bad])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad.xml')
  })
})
