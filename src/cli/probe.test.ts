import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-probe-cli-'))
const relation = join(folder, 'may_treat_1000.csv')
writeFileSync(
  join(folder, 'prompts.csv'),
  'pid,default_prompt,human_prompt\nmay_treat,[X] may treat [Y] .,[X] might treat [Y] .\n',
)
writeFileSync(
  relation,
  'head_cui,head_name,rel,tail_cuis_list,tail_names_list,tail_names,tail_cuis,tail_cuis_len,tail_names_len,avg_match,avg_rouge_l\n' +
    "C0077388,tropatepine,may_treat,['C0030567'],['Parkinson Disease'],Parkinson Disease,C0030567,1,1,0.0,0.0\n" +
    "C0012,oseltamivir,may_treat,['C0021400'],['Influenza'],Influenza,C0021400,1,1,0.0,0.0\n",
)

describe('galen probe', () => {
  let server: ScriptedModelServer
  beforeAll(async () => {
    server = await startScriptedModelServer({
      script: {
        rules: [
          // knows tropatepine only with the leading text; always answers oseltamivir wrongly
          { match: { regex: 'textbook\\. (T|t)ropatepine' }, reply: 'Parkinson disease.' },
          { match: { contains: 'ropatepine' }, reply: 'Schizophrenia' },
          { match: { contains: 'seltamivir' }, reply: 'Hepatitis C' },
        ],
        fallback: 'I do not know.',
      },
    })
  })
  afterAll(async () => {
    await server.close()
  })

  const probes = join(folder, 'probes.jsonl')

  it('builds probes from a MedLAMA file with the prompts beside it', async () => {
    const result = await runGalenInProcess([
      'probe',
      'build',
      '--medlama',
      relation,
      '--prompts',
      join(folder, 'prompts.csv'),
      '--out',
      probes,
    ])
    expect(result.code).toBe(0)
    expect(readFileSync(probes, 'utf8').trim().split('\n')).toHaveLength(12)
  })

  it('runs the probes through the evaluation runner against the scripted server, and resumes', async () => {
    const out = join(folder, 'run')
    const result = await runGalenInProcess([
      'probe',
      'run',
      '--probes',
      probes,
      '--model',
      server.url,
      '--out',
      out,
      '--json',
    ])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      n: number
      accuracy: number
      leading_text: { with: { accuracy: number }; without: { accuracy: number } }
      by_category: Record<string, { n: number }>
    }
    expect(summary.n).toBe(12)
    // tropatepine right only with leading text (3 of 6 tropatepine probes), oseltamivir never
    expect(summary.accuracy).toBeCloseTo(3 / 12, 12)
    expect(summary.leading_text.with.accuracy).toBeCloseTo(3 / 6, 12)
    expect(summary.leading_text.without.accuracy).toBe(0)
    expect(summary.by_category.procedural?.n).toBe(12)
    expect(existsSync(join(out, 'records.jsonl'))).toBe(true)
    expect(existsSync(join(out, 'probe-summary.json'))).toBe(true)
    // the run folder is an ordinary eval run: eval report compares it like any other
    const report = await runGalenInProcess(['eval', 'report', out, '--json'])
    expect(report.code).toBe(0)
    expect(report.stdout).toContain('knowledge-probes')
    const records = readFileSync(join(out, 'records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { correct: boolean; status: string })
    expect(records.filter((record) => record.correct)).toHaveLength(3)
    expect(records.every((record) => record.status === 'ok')).toBe(true)
    const summaryFile = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      model?: unknown
      accuracy?: number
    }
    expect(summaryFile.model).toBeDefined()
    const again = await runGalenInProcess([
      'probe',
      'run',
      '--probes',
      probes,
      '--model',
      server.url,
      '--out',
      out,
      '--json',
    ])
    expect(JSON.parse(again.stdout)).toEqual(summary)
  })

  it('replays recorded answers with synonyms, wrong answers and Chinese names', async () => {
    const ids = readFileSync(probes, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id)
    const responses = join(folder, 'responses.jsonl')
    writeFileSync(
      responses,
      ids
        .map((id, index) =>
          JSON.stringify({
            id,
            responses: id.startsWith('may_treat:C0077388')
              ? [index % 2 === 0 ? 'Parkinson disease' : 'schizophrenia', 'Parkinson disease']
              : ['influenza'],
          }),
        )
        .join('\n'),
    )
    const result = await runGalenInProcess([
      'probe',
      'replay',
      '--probes',
      probes,
      '--responses',
      responses,
      '--k',
      '2',
      '--json',
    ])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      accuracy: number
      accuracy_at_k: number
      template_agreement: number
    }
    expect(summary.accuracy).toBeCloseTo(9 / 12, 12)
    expect(summary.accuracy_at_k).toBe(1)
    expect(summary.template_agreement).toBeGreaterThan(0)
  })

  it('exits 1 naming a probe id that is not in the file, 2 without a source', async () => {
    const responses = join(folder, 'unknown.jsonl')
    writeFileSync(responses, '{"id":"nope","response":"x"}\n')
    const unknown = await runGalenInProcess([
      'probe',
      'replay',
      '--probes',
      probes,
      '--responses',
      responses,
    ])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('answers probe "nope"')
    expect(
      (await runGalenInProcess(['probe', 'build', '--out', join(folder, 'x.jsonl')])).code,
    ).toBe(2)
  })
})
