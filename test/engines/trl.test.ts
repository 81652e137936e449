/**
 * TRL, for real: GRPO on `galen rl export --format trl` items (exam and diagnosis) with Galen's
 * `galen_trl.reward_func` against a live reward server, DPO on `--format trl-preference` and SFT
 * on `--format sft`, each on a tiny random Llama with a tokenizer trained here. Needs the engines'
 * environment (`bash scripts/engines/setup.sh`); run with `npm run test:engines`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRewardServer, type RewardServer } from '../../src/rewards/index.js'
import { exportRecords } from '../../src/rl-data/index.js'
import { loadTerminology } from '../../src/terminology/index.js'
import { createItemVerifier } from '../../src/verifiers/index.js'
import { hasSharedData, sharedDataPath } from '../support/shared-data.js'
import { buildInstructionSet, exportInstructionSet } from './instruction-set.js'
import { hasEngines, runEnginePython, sumCounter } from './python.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-trl-'))
const TOKEN = 'engines-test-token-0123456789'

const items = [
  {
    id: 'ex-1',
    prompt:
      'Which drug is first line for type 2 diabetes? A. insulin B. metformin C. warfarin D. aspirin. Answer with the letter.',
    task: 'exam',
    ground_truth: { answer: 'B' },
  },
  {
    id: 'dx-1',
    prompt:
      'A 60-year-old has fever, a productive cough and lobar consolidation on the chest X-ray. Give the ICD-10-CM code.',
    task: 'diagnosis',
    ground_truth: { icd10: ['J18.9'] },
  },
  {
    id: 'ex-2',
    prompt:
      'Which electrolyte disorder causes peaked T waves? A. hyponatraemia B. hypokalaemia C. hyperkalaemia D. hypercalcaemia.',
    task: 'exam',
    ground_truth: { answer: 'C' },
  },
  {
    // the server cannot score this label: it must reach TRL as a missing reward, not a 0
    id: 'bad-1',
    prompt: 'A diagnosis item whose label names no code and no name.',
    task: 'diagnosis',
    ground_truth: { note: 'no codes' },
  },
]

function writeJsonl(name: string, rows: readonly unknown[]): string {
  const path = join(folder, name)
  writeFileSync(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`)
  return path
}

describe.skipIf(!hasEngines())('TRL trainers on Galen exports', () => {
  let server: RewardServer
  let url = ''
  let modelDir = ''
  let grpoData = ''

  beforeAll(async () => {
    const terminology = hasSharedData('terminology/icd10cm-2025')
      ? loadTerminology(sharedDataPath('terminology'))
      : undefined
    server = createRewardServer({
      verifier: createItemVerifier(terminology === undefined ? {} : { terminology }),
      port: 0,
      token: TOKEN,
    })
    url = (await server.start()).url
    grpoData = join(folder, 'grpo.jsonl')
    const exported = await exportRecords(writeJsonl('items.jsonl', items), {
      format: 'trl',
      out: grpoData,
    })
    expect(exported).toMatchObject({ written: 4, malformed: 0 })
    modelDir = join(folder, 'tiny-llama')
    const built = await runEnginePython(['test/engines/tiny_model.py', modelDir, grpoData])
    expect(built.status, built.stderr.slice(-2000)).toBe(0)
  }, 300_000)

  afterAll(async () => {
    await server?.close()
  })

  it('GRPO: every completion gets a reward, the server counts each, an error item is None', async () => {
    const run = await runEnginePython(
      ['test/engines/trl_grpo.py', modelDir, grpoData, join(folder, 'grpo-out'), '4'],
      { GALEN_REWARD_URL: url, GALEN_REWARD_TOKEN: TOKEN },
    )
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    const summary = run.json as {
      steps: number
      calls: number
      completions: number
      numbers: number
      missing: number
    }
    expect(summary.steps).toBe(4)
    // 4 steps x 1 prompt x 4 generations: every item once
    expect(summary.completions).toBe(16)
    expect(summary.numbers + summary.missing).toBe(summary.completions)
    expect(summary.missing).toBe(4)
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text()
    expect(sumCounter(metrics, 'galen_reward_items_total{')).toBe(summary.completions)
    expect(sumCounter(metrics, 'galen_reward_items_total{task="diagnosis",status="error"}')).toBe(4)
  }, 600_000)

  it('DPO on --format trl-preference', async () => {
    const pairs = writeJsonl('pairs.jsonl', [
      {
        prompt_id: 'ex-1',
        prompt: items[0]?.prompt,
        chosen: 'Metformin. The answer is B.',
        rejected: 'Insulin. The answer is A.',
        chosen_reward: 1,
        rejected_reward: 0,
        margin: 1,
      },
      {
        prompt_id: 'ex-2',
        prompt: items[2]?.prompt,
        chosen: 'Hyperkalaemia. The answer is C.',
        rejected: 'Hyponatraemia. The answer is A.',
        chosen_reward: 1,
        rejected_reward: 0,
        margin: 1,
      },
    ])
    const data = join(folder, 'dpo.jsonl')
    expect(await exportRecords(pairs, { format: 'trl-preference', out: data })).toMatchObject({
      written: 2,
    })
    const run = await runEnginePython([
      'test/engines/trl_train.py',
      'dpo',
      modelDir,
      data,
      join(folder, 'dpo-out'),
      '2',
    ])
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    expect(run.json).toMatchObject({
      trainer: 'dpo',
      steps: 2,
      rows: 2,
      columns: ['prompt', 'chosen', 'rejected'],
      finite: true,
    })
  }, 600_000)

  it('SFT on --format sft (chat messages)', async () => {
    const best = writeJsonl('best.jsonl', [
      { prompt_id: 'ex-1', prompt: items[0]?.prompt, response: 'The answer is B.', reward: 1 },
      { prompt_id: 'ex-2', prompt: items[2]?.prompt, response: 'The answer is C.', reward: 1 },
    ])
    const data = join(folder, 'sft.jsonl')
    expect(await exportRecords(best, { format: 'sft', out: data })).toMatchObject({ written: 2 })
    const run = await runEnginePython([
      'test/engines/trl_train.py',
      'sft',
      modelDir,
      data,
      join(folder, 'sft-out'),
      '2',
    ])
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    expect(run.json).toMatchObject({ trainer: 'sft', steps: 2, rows: 2, finite: true })
  }, 600_000)

  it('SFT on the instruction-data export (galen data export --format trl: messages and prompt-completion, zh and en)', async () => {
    const instructions = join(folder, 'instructions')
    const records = await buildInstructionSet(instructions)
    expect(new Set(records.map((record) => record.language))).toEqual(new Set(['en', 'zh']))
    const out = await exportInstructionSet(instructions, 'trl', [
      '--system',
      'You are a careful medical assistant.',
    ])
    for (const [file, columns] of [
      ['messages.jsonl', ['messages']],
      ['prompt_completion.jsonl', ['prompt', 'completion']],
    ] as const) {
      const run = await runEnginePython([
        'test/engines/trl_train.py',
        'sft',
        modelDir,
        join(out, file),
        join(folder, `instructions-${file}`),
        '2',
      ])
      expect(run.status, run.stderr.slice(-3000)).toBe(0)
      // TRL reads every exported instance in the export's own columns and trains on them.
      expect(run.json).toMatchObject({
        trainer: 'sft',
        steps: 2,
        rows: records.length,
        columns,
        finite: true,
      })
    }
  }, 600_000)
})
