/**
 * `galen retrieval eval --dataset relevance`: the evidence the answering service shows, scored on
 * a graded relevance set over the demonstration index.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { ensureDemoIndex } from '../corpus/index.js'

let folder: string
let index: string
let set: string

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-relevance-cli-'))
  index = (await ensureDemoIndex({ path: join(folder, 'demo.db') })).path
  set = join(folder, 'set.jsonl')
  writeFileSync(
    set,
    [
      {
        id: 'q1',
        question: 'When is metformin contraindicated?',
        judgements: {
          'demo-drug-metformin-02': 2,
          'demo-drug-metformin-03': 2,
          'demo-drug-metformin-01': 1,
          'demo-drug-metformin-04': 1,
        },
      },
      { id: 'q2', question: 'What is the treatment for malaria?', judgements: {} },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n'),
  )
}, 60_000)

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('galen retrieval eval --dataset relevance', () => {
  it('reports nDCG@5, precision of shown passages and the E above A-C count as JSON', async () => {
    const result = await runGalenInProcess([
      'retrieval',
      'eval',
      '--dataset',
      'relevance',
      '--data',
      set,
      '--index',
      index,
      '--json',
    ])
    expect(result.code).toBe(0)
    const figures = JSON.parse(result.stdout) as Record<string, unknown>
    expect(figures).toMatchObject({
      questions: 1,
      'ndcg@5': 1,
      precision: 1,
      eAboveHigher: 0,
      unanswerable: { questions: 1, shownNothing: 1 },
    })
  })

  it('measures the ranking before the policy with --evidence-policy off', async () => {
    const result = await runGalenInProcess([
      'retrieval',
      'eval',
      '--dataset',
      'relevance',
      '--data',
      set,
      '--index',
      index,
      '--evidence-policy',
      'off',
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('evidence policy off')
    expect(result.stdout).toContain('unanswerable 0/1 showed nothing')
  })

  it('names the line and field of a bad relevance set, and rejects a bad option as usage', async () => {
    const bad = join(folder, 'bad.jsonl')
    writeFileSync(
      bad,
      `${JSON.stringify({ id: 'a', question: 'x', judgements: { d: 2 } })}\n{"id": "b", "question": "y", "judgements": {"d": 7}}\n`,
    )
    const result = await runGalenInProcess([
      'retrieval',
      'eval',
      '--dataset',
      'relevance',
      '--data',
      bad,
      '--index',
      index,
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('line 2')
    expect(result.stderr).toContain('"judgements"')
    const usage = await runGalenInProcess([
      'retrieval',
      'eval',
      '--dataset',
      'relevance',
      '--data',
      set,
      '--authority-floor',
      'F',
    ])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--authority-floor "F"')
  })
})
