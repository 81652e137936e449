import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { readParquet } from 'parquet-wasm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'

let folder = ''

function galen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runGalenInProcess(args)
}

afterEach(() => {
  process.exitCode = undefined
})

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'galen-rl-cli-'))
  // A verl rollout dump: two steps per epoch, four samples per prompt, three prompts.
  const lines: string[] = []
  const rewards: Record<string, number[][]> = {
    easy: [
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ],
    mixed: [
      [1, 0, 0, 1],
      [1, 0, 1, 1],
      [0, 0, 0, 0],
      [1, 0, 1, 0],
    ],
    hard: [
      [0, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  }
  for (let step = 1; step <= 4; step += 1) {
    for (const [name, byStep] of Object.entries(rewards)) {
      for (const [sample, score] of (byStep[step - 1] ?? []).entries()) {
        lines.push(
          JSON.stringify({
            input: `user\nquestion ${name}\nassistant\n`,
            output: `answer ${name} ${step} ${sample}`,
            gts: 'A',
            score,
            step,
            acc: score === 1,
          }),
        )
      }
    }
  }
  lines.splice(5, 0, '{"input": "truncated')
  writeFileSync(join(folder, '4.jsonl'), `${lines.join('\n')}\n`)
})

describe('galen rl (worked example: verl dump to a filtered verl dataset)', () => {
  it('imports, reports stats, filters mastered prompts, and exports the next epoch as parquet', async () => {
    const dump = join(folder, '4.jsonl')
    const rollouts = join(folder, 'rollouts.jsonl')
    const imported = await galen(
      'rl',
      'import',
      '--from',
      'verl',
      '--input',
      dump,
      '--steps-per-epoch',
      '2',
      '--out',
      rollouts,
      '--json',
    )
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.stdout)).toEqual({ read: 48, written: 48, malformed: 1 })
    expect(imported.stderr).toContain('galen rl: skipped: json: line 6 is not valid JSON')

    const stats = await galen('rl', 'stats', '--input', rollouts, '--json')
    expect(stats.code).toBe(0)
    const report = JSON.parse(stats.stdout) as Record<string, unknown>
    expect(report).toMatchObject({
      prompts: 3,
      groups: 6,
      rollouts: 48,
      uniform_groups: 3,
      malformed: 0,
      epochs: [0, 1],
    })
    expect(report.mean_reward).toBeCloseTo(24 / 48, 12)
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['prompts', 'rollouts', 'mean_reward', 'uniform_groups', 'by_task']),
    )

    const text = await galen('rl', 'stats', '--input', rollouts)
    expect(text.stdout).toContain('48 rollouts, 3 prompts, 6 groups (epochs 0, 1)')
    expect(text.stdout).toContain('uniform groups 3 (50.0%)')

    // the dataset items of the three prompts, joined by id = the importer's prompt id
    const { promptIdFor } = await import('../rl-data/index.js')
    const items = join(folder, 'items.jsonl')
    writeFileSync(
      items,
      `${['easy', 'mixed', 'hard']
        .map((name) =>
          JSON.stringify({
            id: promptIdFor(`user\nquestion ${name}\nassistant\n`),
            prompt: `question ${name}`,
            task: 'exam',
            ground_truth: 'A',
            name,
          }),
        )
        .join('\n')}\n`,
    )
    const kept = join(folder, 'kept.jsonl')
    const nextItems = join(folder, 'items.next.jsonl')
    const filtered = await galen(
      'rl',
      'filter',
      '--input',
      rollouts,
      '--out',
      kept,
      '--drop-uniform',
      '--mastery',
      '0.9',
      '--epochs',
      '2',
      '--items',
      items,
      '--items-out',
      nextItems,
    )
    expect(filtered.code).toBe(0)
    expect(filtered.stdout).toContain(
      'dropped 16 rollouts, 2 groups of 1 prompt: mastered (pass rate >= 0.9 for 2 consecutive epochs)',
    )
    expect(filtered.stdout).toContain(
      'dropped 8 rollouts, 1 group of 1 prompt: uniform rewards (no GRPO signal)',
    )
    expect(filtered.stdout).toContain('mastered share of prompts: 33.3%')
    expect(
      readFileSync(nextItems, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { name: string }).name),
    ).toEqual(['mixed', 'hard'])
    expect(readFileSync(kept, 'utf8').trim().split('\n')).toHaveLength(24)

    const parquet = join(folder, 'train.parquet')
    const exported = await galen(
      'rl',
      'export',
      '--format',
      'verl',
      '--input',
      nextItems,
      '--out',
      parquet,
      '--json',
    )
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: 'verl', written: 2, malformed: 0 })
    const table = tableFromIPC(readParquet(readFileSync(parquet)).intoIPCStream())
    expect(table.numRows).toBe(2)
    expect(table.getChild('data_source')?.toArray()).toEqual(['galen/exam', 'galen/exam'])
  })

  it('builds pairs and best-of-N picks that export to TRL and SFT', async () => {
    const dump = join(folder, '4.jsonl')
    const pairs = join(folder, 'pairs.jsonl')
    const result = await galen(
      'rl',
      'pairs',
      '--input',
      dump,
      '--from',
      'verl',
      '--out',
      pairs,
      '--json',
    )
    expect(JSON.parse(result.stdout)).toMatchObject({
      groups: 3,
      pairs: 2,
      groups_without_pair: 1,
      malformed: 1,
    })
    const dpo = join(folder, 'dpo.jsonl')
    await galen('rl', 'export', '--format', 'trl-preference', '--input', pairs, '--out', dpo)
    const first = JSON.parse(readFileSync(dpo, 'utf8').split('\n')[0] ?? '{}') as Record<
      string,
      string
    >
    expect(Object.keys(first)).toEqual(['prompt', 'chosen', 'rejected'])
    const best = join(folder, 'best.jsonl')
    const picked = await galen('rl', 'select', '--input', dump, '--out', best, '--min-reward', '1')
    expect(picked.stdout).toContain('selected 3 rollouts for 3 of 3 prompts')
    const sft = join(folder, 'sft.jsonl')
    await galen('rl', 'export', '--format', 'sft', '--input', best, '--out', sft)
    expect(readFileSync(sft, 'utf8').trim().split('\n')).toHaveLength(3)
  })

  it('decontaminates against a benchmark given as NAME=PATH', async () => {
    const bench = join(folder, 'bench.jsonl')
    const question =
      'which of the following is the most appropriate next step in the management of this patient with acute appendicitis'
    writeFileSync(bench, `${JSON.stringify({ question, options: { A: 'surgery' } })}\n`)
    const train = join(folder, 'train.jsonl')
    writeFileSync(
      train,
      `${JSON.stringify({ id: 'x', prompt: `A 20-year-old has pain. ${question}?`, task: 'exam', ground_truth: 'A' })}\n${JSON.stringify({ id: 'y', prompt: 'unrelated', task: 'exam', ground_truth: 'B' })}\n`,
    )
    const out = join(folder, 'clean.jsonl')
    const result = await galen(
      'rl',
      'decontaminate',
      '--input',
      train,
      '--out',
      out,
      '--benchmark',
      `medqa=${bench}`,
      '--mode',
      'drop',
      '--json',
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      read: 2,
      contaminated: 1,
      written: 1,
      by_benchmark: { medqa: 1 },
      ngram: 13,
      sources: { medqa: { loader: 'file' } },
    })
  })

  it('reads a benchmark the eval harness knows through its loader', async () => {
    const bench = join(folder, 'medqa.jsonl')
    const question =
      'A 34-year-old woman comes to the physician because of fatigue and pallor for three months and heavy menstrual bleeding'
    writeFileSync(
      bench,
      `${JSON.stringify({ question, answer: 'Iron deficiency', options: { A: 'Iron deficiency', B: 'Folate deficiency', C: 'Hemolysis', D: 'Thalassemia' }, meta_info: 'step1', answer_idx: 'A' })}\n`,
    )
    const train = join(folder, 'train-medqa.jsonl')
    writeFileSync(
      train,
      `${JSON.stringify({ id: 'x', prompt: question, task: 'exam', ground_truth: 'A' })}\n`,
    )
    const result = await galen(
      'rl',
      'decontaminate',
      '--input',
      train,
      '--out',
      join(folder, 'flagged.jsonl'),
      '--benchmark',
      `medqa=${bench}`,
      '--json',
    )
    expect(JSON.parse(result.stdout)).toMatchObject({
      contaminated: 1,
      sources: { medqa: { loader: 'eval', texts: 1 } },
    })
    const unknown = await galen(
      'rl',
      'decontaminate',
      '--input',
      train,
      '--out',
      join(folder, 'x.jsonl'),
      '--benchmark',
      'no-such-set',
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('"no-such-set" is not a benchmark the eval harness knows')
  })

  it('samples to target proportions and mixes by a ratios file', async () => {
    const pool = join(folder, 'pool.jsonl')
    writeFileSync(
      pool,
      `${Array.from({ length: 40 }, (_, index) => JSON.stringify({ id: index, task: index % 4 === 0 ? 'drug' : 'exam' })).join('\n')}\n`,
    )
    const sample = await galen(
      'rl',
      'sample',
      '--input',
      pool,
      '--out',
      join(folder, 's.jsonl'),
      '--by',
      'task',
      '--targets',
      'exam=1,drug=1',
      '--seed',
      '3',
      '--json',
    )
    expect(JSON.parse(sample.stdout)).toMatchObject({
      total: 20,
      selected: 20,
      strata: { drug: { selected: 10 }, exam: { selected: 10 } },
    })
    const ratios = join(folder, 'ratios.json')
    writeFileSync(
      ratios,
      JSON.stringify({
        sources: [
          { name: 'pool', path: 'pool.jsonl', ratio: 1 },
          { name: 'sample', path: 's.jsonl', ratio: 1 },
        ],
        seed: 1,
      }),
    )
    const mixed = await galen(
      'rl',
      'mix',
      '--ratios',
      ratios,
      '--out',
      join(folder, 'm.jsonl'),
      '--json',
    )
    expect(JSON.parse(mixed.stdout)).toMatchObject({ total: 40, written: 40 })
  })

  it('exits 2 with the error and one line pointing to --help for bad usage', async () => {
    const rollouts = join(folder, 'rollouts.jsonl')
    const noRule = await galen(
      'rl',
      'filter',
      '--input',
      rollouts,
      '--out',
      join(folder, 'x.jsonl'),
    )
    expect(noRule.code).toBe(2)
    expect(noRule.stderr).toBe(
      'galen: give at least one rule: --drop-uniform, --mastery P --epochs K, or --bands\nRun "galen rl filter --help" for usage.\n',
    )
    const half = await galen(
      'rl',
      'filter',
      '--input',
      rollouts,
      '--out',
      join(folder, 'x.jsonl'),
      '--mastery',
      '0.9',
    )
    expect(half.code).toBe(2)
    const format = await galen(
      'rl',
      'export',
      '--format',
      'csv',
      '--input',
      rollouts,
      '--out',
      join(folder, 'x'),
    )
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('option --format = "csv" is invalid')
    const bands = await galen(
      'rl',
      'filter',
      '--input',
      rollouts,
      '--out',
      join(folder, 'x.jsonl'),
      '--bands',
      'tricky',
    )
    expect(bands.stderr).toContain('unknown band "tricky"')
  })

  it('exits 1 when nothing in the input is a rollout', async () => {
    const junk = join(folder, 'junk.jsonl')
    writeFileSync(junk, '{"a": 1}\n')
    const result = await galen('rl', 'stats', '--input', junk)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('line 1 is not a rollout')
    const missing = await galen('rl', 'stats', '--input', join(folder, 'missing.jsonl'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^galen: rl-data: cannot read ".*missing\.jsonl"/)
  })
})
