import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalen, runGalenInProcess } from '../../test/support/cli.js'
import { safeParseMixtureFile } from '../mixture/index.js'

const GROUPS = ['exam', 'dialogue', 'calculation', 'safety'] as const
const LETTERS = ['A', 'B', 'C', 'D'] as const
const PER_CATEGORY = 40

/**
 * The hidden response of "the model trained on mixture x": accuracy per category is a smooth
 * bump around a point the optimiser does not know (the test plays the training engine).
 */
function hiddenAccuracy(x: readonly number[]): { knowledge: number; reasoning: number } {
  const bump = (centre: readonly number[], width: number): number =>
    Math.exp(-x.reduce((sum, value, j) => sum + (value - (centre[j] as number)) ** 2, 0) / width)
  return {
    knowledge: 0.3 + 0.6 * bump([0.45, 0.15, 0.25, 0.15], 0.08),
    reasoning: 0.25 + 0.6 * bump([0.3, 0.2, 0.35, 0.15], 0.12),
  }
}

/** A synthetic MedQA-format benchmark with two categories. */
function writeBenchmark(folder: string): Array<{ id: string; gold: string; category: string }> {
  const items: Array<{ id: string; gold: string; category: string }> = []
  const lines: string[] = []
  for (const category of ['knowledge', 'reasoning']) {
    for (let index = 0; index < PER_CATEGORY; index++) {
      const id = `${category}-${index}`
      const gold = LETTERS[index % 4] as string
      items.push({ id, gold, category })
      lines.push(
        JSON.stringify({
          id,
          question: `Synthetic question ${id}?`,
          options: { A: 'one', B: 'two', C: 'three', D: 'four' },
          answer_idx: gold,
          meta_info: category,
        }),
      )
    }
  }
  writeFileSync(join(folder, 'bench.jsonl'), `${lines.join('\n')}\n`)
  return items
}

/** Scripted outputs: the first round(accuracy × n) items of each category answered right. */
function writeResponses(
  path: string,
  items: ReadonlyArray<{ id: string; gold: string; category: string }>,
  accuracy: { knowledge: number; reasoning: number },
): void {
  const seen = { knowledge: 0, reasoning: 0 }
  const lines = items.map((item) => {
    const category = item.category as 'knowledge' | 'reasoning'
    const right = seen[category] < Math.round(accuracy[category] * PER_CATEGORY)
    seen[category] += 1
    const wrong = LETTERS[(LETTERS.indexOf(item.gold as 'A') + 1) % 4] as string
    return JSON.stringify({
      id: item.id,
      response: JSON.stringify({ reasoning: 'scripted', answer: right ? item.gold : wrong }),
    })
  })
  writeFileSync(path, `${lines.join('\n')}\n`)
}

describe('galen mix', () => {
  it('closes the loop over 4 groups with eval summaries and improves on its initial design in 15 trials', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-e2e-'))
    const items = writeBenchmark(folder)
    const study = join(folder, 'study.json')
    writeFileSync(
      join(folder, 'objective.json'),
      JSON.stringify({
        direction: 'maximize',
        terms: [
          { benchmark: 'medqa', category: 'knowledge', weight: 2 },
          { benchmark: 'medqa', category: 'reasoning', weight: 1 },
        ],
      }),
    )
    const init = await runGalenInProcess([
      'mix',
      'init',
      study,
      '--groups',
      GROUPS.join(','),
      '--min',
      '0.05',
      '--max',
      'exam=0.7',
      '--objective',
      join(folder, 'objective.json'),
      '--seed',
      'e2e',
      '--initial',
      '6',
    ])
    expect(init.code, init.stderr).toBe(0)
    const values: number[] = []
    for (let round = 0; round < 15; round++) {
      const suggested = await runGalenInProcess(['mix', 'suggest', study])
      expect(suggested.code, suggested.stderr).toBe(0)
      const { trials } = JSON.parse(suggested.stdout) as {
        trials: Array<{ id: number; ratios: Record<string, number> }>
      }
      const trial = trials[0]
      if (trial === undefined) throw new Error('no trial suggested')
      const x = GROUPS.map((group) => trial.ratios[group] as number)
      expect(x.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9)
      const responses = join(folder, `responses-${trial.id}.jsonl`)
      writeResponses(responses, items, hiddenAccuracy(x))
      const runDir = join(folder, `run-${trial.id}`)
      const replay = await runGalenInProcess([
        'eval',
        'replay',
        '--benchmark',
        'medqa',
        '--data',
        join(folder, 'bench.jsonl'),
        '--responses',
        responses,
        '--out',
        runDir,
        '--json',
      ])
      expect(replay.code, replay.stderr).toBe(0)
      const observed = await runGalenInProcess([
        'mix',
        'observe',
        study,
        '--trial',
        String(trial.id),
        '--eval',
        runDir,
      ])
      expect(observed.code, observed.stderr).toBe(0)
      const result = JSON.parse(observed.stdout) as { value: number }
      const expected = hiddenAccuracy(x)
      const knowledge = Math.round(expected.knowledge * PER_CATEGORY) / PER_CATEGORY
      const reasoning = Math.round(expected.reasoning * PER_CATEGORY) / PER_CATEGORY
      expect(result.value).toBeCloseTo((2 * knowledge + reasoning) / 3, 6)
      values.push(result.value)
    }
    const initialBest = Math.max(...values.slice(0, 6))
    const finalBest = Math.max(...values)
    expect(finalBest).toBeGreaterThan(initialBest + 0.05)

    const status = await runGalenInProcess([
      'mix',
      'status',
      study,
      '--json',
      '--html',
      join(folder, 'report.html'),
    ])
    expect(status.code, status.stderr).toBe(0)
    const analysis = JSON.parse(status.stdout) as {
      trials: { complete: number }
      best: { value: number }
      model: { optimum: { sd: number } }
    }
    expect(analysis.trials.complete).toBe(15)
    expect(analysis.best.value).toBeCloseTo(finalBest, 12)
    expect(analysis.model.optimum.sd).toBeGreaterThanOrEqual(0)
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toContain('<svg')

    const exported = await runGalenInProcess([
      'mix',
      'export',
      study,
      '--trial',
      'best',
      '--out',
      join(folder, 'mixture.json'),
    ])
    expect(exported.code, exported.stderr).toBe(0)
    const file = safeParseMixtureFile(
      JSON.parse(readFileSync(join(folder, 'mixture.json'), 'utf8')) as unknown,
    )
    expect(file.ok).toBe(true)
  })

  it('records every observation when the jobs of a batch observe at the same time', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-batch-'))
    const study = join(folder, 'study.json')
    expect((await runGalenInProcess(['mix', 'init', study, '--groups', 'a,b,c'])).code).toBe(0)
    const suggested = await runGalenInProcess(['mix', 'suggest', study, '--batch', '3'])
    expect(suggested.code, suggested.stderr).toBe(0)
    const results = await Promise.all(
      [1, 2, 3].map((id) =>
        runGalen(['mix', 'observe', study, '--trial', String(id), '--value', String(id / 10)]),
      ),
    )
    for (const result of results) expect(result.code, result.stderr).toBe(0)
    const saved = JSON.parse(readFileSync(study, 'utf8')) as {
      trials: Array<{ id: number; status: string; value: number }>
    }
    expect(saved.trials.map((trial) => [trial.id, trial.status, trial.value])).toEqual([
      [1, 'complete', 0.1],
      [2, 'complete', 0.2],
      [3, 'complete', 0.3],
    ])
    expect(existsSync(`${study}.lock`)).toBe(false)
  })

  it('exits 2 for bad usage and 1 with the field for bad input, never with a stack trace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-errors-'))
    const study = join(folder, 'study.json')
    const infeasible = await runGalenInProcess([
      'mix',
      'init',
      study,
      '--groups',
      'a,b',
      '--min',
      '0.6',
    ])
    expect(infeasible.code).toBe(1)
    expect(infeasible.stderr).toContain('no mixture meets the bounds')
    expect(existsSync(study)).toBe(false)
    const badBound = await runGalenInProcess([
      'mix',
      'init',
      study,
      '--groups',
      'a,b',
      '--max',
      'c=0.5',
    ])
    expect(badBound.code).toBe(2)
    expect(badBound.stderr).toContain('names group "c"')
    expect((await runGalenInProcess(['mix', 'init', study, '--groups', 'a,b,c'])).code).toBe(0)
    const both = await runGalenInProcess([
      'mix',
      'observe',
      study,
      '--trial',
      '1',
      '--value',
      '1',
      '--failed',
      'x',
    ])
    expect(both.code).toBe(2)
    const missing = await runGalenInProcess([
      'mix',
      'observe',
      study,
      '--trial',
      '4',
      '--value',
      '0.5',
    ])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('has no trial 4')
    const problem = await runGalenInProcess(['mix', 'bench', '--problem', 'rosenbrock'])
    expect(problem.code).toBe(2)
    expect(problem.stderr).toContain('--problem = "rosenbrock"')
    expect(missing.stderr).not.toContain('    at ')
  })
})
