/**
 * verl, OpenRLHF and LLaMA-Factory, each through its own code, on Galen's exports: verl's
 * RLHFDataset reads the verl parquet and its NaiveRewardManager scores through Galen's
 * compute_score; pyarrow reads every parquet Galen writes; OpenRLHF's remote reward client gets one
 * reward per query, in order, from /get_reward; LLaMA-Factory's parser and converter read SFT
 * exports through dataset_info.json. Needs `bash scripts/engines/setup.sh`; `npm run test:engines`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRewardServer, type RewardServer } from '../../src/rewards/index.js'
import { exportRecords } from '../../src/rl-data/index.js'
import { createItemVerifier } from '../../src/verifiers/index.js'
import { sampleCorrectResponses, sampleItems } from '../support/rl-items.js'
import { buildInstructionSet, exportInstructionSet } from './instruction-set.js'
import { hasEngines, runEnginePython } from './python.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-engines-'))

const items = sampleItems
const responses = sampleCorrectResponses

function writeJsonl(name: string, rows: readonly unknown[]): string {
  const path = join(folder, name)
  writeFileSync(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`)
  return path
}

/** Galen's own scores for (item, response) pairs, straight from /v1/rewards. */
async function directScores(
  url: string,
  pairs: ReadonlyArray<[string, string]>,
): Promise<number[]> {
  const byId = new Map(items.map((item) => [item.id, item]))
  const reply = await fetch(`${url}/v1/rewards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      items: pairs.map(([id, response]) => ({
        task: byId.get(id)?.task,
        ground_truth: byId.get(id)?.ground_truth,
        response,
      })),
    }),
  })
  const body = (await reply.json()) as { results: Array<{ score: number }> }
  return body.results.map((result) => result.score)
}

describe.skipIf(!hasEngines())('verl, OpenRLHF and LLaMA-Factory on Galen exports', () => {
  let server: RewardServer
  let url = ''
  let input = ''
  let tokenizerDir = ''

  beforeAll(async () => {
    // OpenRLHF's client sends no key: the engines reach a loopback server without one
    server = createRewardServer({ verifier: createItemVerifier(), port: 0 })
    url = (await server.start()).url
    input = writeJsonl('items.jsonl', items)
    tokenizerDir = join(folder, 'tiny')
    const built = await runEnginePython(['test/engines/tiny_model.py', tokenizerDir, input])
    expect(built.status, built.stderr.slice(-2000)).toBe(0)
  }, 300_000)

  afterAll(async () => {
    await server?.close()
  })

  it("verl's RLHFDataset reads the parquet and its reward manager scores through compute_score", async () => {
    const parquet = join(folder, 'train.parquet')
    expect(await exportRecords(input, { format: 'verl', out: parquet })).toMatchObject({
      written: 3,
    })
    const solutions = join(folder, 'solutions.json')
    writeFileSync(solutions, JSON.stringify(responses))
    const run = await runEnginePython(
      ['test/engines/verl_check.py', tokenizerDir, parquet, solutions],
      { GALEN_REWARD_URL: url },
    )
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    const summary = run.json as {
      pyarrow_rows: number
      pyarrow_columns: string[]
      dataset_rows: number
      ids: string[]
      data_sources: string[]
      rewards: number[]
      extra_keys: string[]
    }
    expect(summary.pyarrow_rows).toBe(3)
    expect(summary.pyarrow_columns).toEqual([
      'data_source',
      'prompt',
      'ability',
      'reward_model',
      'extra_info',
    ])
    expect(summary.dataset_rows).toBe(3)
    expect(summary.data_sources).toEqual(['demo-exam', 'galen/drug', 'galen/test_ordering'])
    const expected = await directScores(
      url,
      summary.ids.map((id) => [id, responses[id] ?? ''] as [string, string]),
    )
    summary.rewards.forEach((reward, index) => {
      expect(reward).toBeCloseTo(expected[index] ?? Number.NaN, 5)
      expect(reward).toBeGreaterThan(0.9)
    })
    expect(summary.extra_keys).toEqual(['correctness', 'format', 'score', 'valid'])
  }, 600_000)

  it('pyarrow reads the verl parquet of 25,000 items written in three row groups', async () => {
    const many = writeJsonl(
      'many.jsonl',
      Array.from({ length: 25_000 }, (_, index) => ({
        id: `m${index + 1}`,
        prompt: `Question ${index + 1}: pick A, B or C.`,
        task: 'exam',
        ground_truth: { answer: 'ABC'[index % 3] },
      })),
    )
    const parquet = join(folder, 'many.parquet')
    await exportRecords(many, { format: 'verl', out: parquet })
    const run = await runEnginePython([
      '-c',
      `import json, sys, pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1]); t = f.read()
print(json.dumps({"rows": t.num_rows, "groups": f.num_row_groups, "last": t.column("extra_info")[-1].as_py(), "gt": t.column("reward_model")[4].as_py()}))`,
      parquet,
    ])
    expect(run.status, run.stderr.slice(-2000)).toBe(0)
    expect(run.json).toEqual({
      rows: 25_000,
      groups: 3,
      last: {
        split: 'train',
        index: 24_999,
        id: 'm25000',
        task: 'exam',
        ground_truth_encoding: 'json',
      },
      gt: { style: 'rule', ground_truth: '{"answer":"B"}' },
    })
  }, 300_000)

  it("OpenRLHF's remote reward client gets one reward per query, in order, from /get_reward", async () => {
    const rows = join(folder, 'openrlhf.jsonl')
    await exportRecords(input, { format: 'openrlhf', out: rows })
    const order: Array<[string, string]> = [
      ['q1', 'The answer is B.'],
      ['q3', 'Order an ECG and a troponin.'],
      ['q1', 'The answer is A.'],
      ['q2', '{"drugs": ["sacubitril"]}'],
      ['q3', 'No tests are needed.'],
    ]
    const orderFile = join(folder, 'order.json')
    writeFileSync(orderFile, JSON.stringify(order))
    const run = await runEnginePython([
      'test/engines/openrlhf_check.py',
      `${url}/get_reward`,
      rows,
      orderFile,
    ])
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    const summary = run.json as { batch_rewards: number[]; single_rewards: number[]; n: number }
    const expected = await directScores(url, order)
    expect(summary.n).toBe(order.length)
    expect(summary.batch_rewards).toHaveLength(order.length)
    summary.batch_rewards.forEach((reward, index) => {
      expect(reward).toBeCloseTo(expected[index] ?? Number.NaN, 5)
    })
    expect(summary.single_rewards).toEqual(summary.batch_rewards)
    // the order matters: a right and a wrong answer to the same question are told apart
    expect(summary.batch_rewards[0]).toBe(1)
    expect(summary.batch_rewards[2]).toBe(0)
  }, 300_000)

  it("LLaMA-Factory's parser and converter read SFT exports through dataset_info.json", async () => {
    const best = writeJsonl(
      'best.jsonl',
      items.map((item) => ({
        prompt_id: item.id,
        prompt: item.prompt,
        response: responses[item.id],
        reward: 1,
      })),
    )
    const datasetDir = join(folder, 'llamafactory')
    mkdirSync(datasetDir, { recursive: true })
    await exportRecords(best, {
      format: 'sft',
      out: join(datasetDir, 'galen_sft.jsonl'),
      system: 'You are a careful physician.',
    })
    writeFileSync(
      join(datasetDir, 'dataset_info.json'),
      JSON.stringify({
        galen_sft: {
          file_name: 'galen_sft.jsonl',
          formatting: 'sharegpt',
          columns: { messages: 'messages' },
          tags: {
            role_tag: 'role',
            content_tag: 'content',
            user_tag: 'user',
            assistant_tag: 'assistant',
            system_tag: 'system',
          },
        },
      }),
    )
    const run = await runEnginePython([
      'test/engines/llamafactory_check.py',
      datasetDir,
      'galen_sft',
    ])
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    const report = run.json as Record<
      string,
      { formatting: string; rows: number; with_prompt_and_response: number; first: unknown }
    >
    expect(report['galen_sft.jsonl']).toMatchObject({
      formatting: 'sharegpt',
      rows: 3,
      with_prompt_and_response: 3,
      first: {
        prompt: [{ role: 'user', content: items[0]?.prompt }],
        response: [{ role: 'assistant', content: responses.q1 }],
        system: 'You are a careful physician.',
      },
    })
    expect(readFileSync(join(datasetDir, 'galen_sft.jsonl'), 'utf8').split('\n')).toHaveLength(4)
  }, 300_000)

  it("LLaMA-Factory's loader reads the instruction-data exports (alpaca and sharegpt, zh and en) through dataset_info.json", async () => {
    const instructions = join(folder, 'instructions')
    const records = await buildInstructionSet(instructions)
    expect(records.filter((record) => record.language === 'zh')).toHaveLength(41)
    expect(records.filter((record) => record.language === 'en')).toHaveLength(41)
    const system = '你是一名严谨的医学助理。You are a careful medical assistant.'
    const datasetDir = await exportInstructionSet(instructions, 'llama-factory', [
      '--system',
      system,
    ])
    const run = await runEnginePython([
      'test/engines/llamafactory_check.py',
      '--rows',
      datasetDir,
      'galen_alpaca',
      'galen_sharegpt',
    ])
    expect(run.status, run.stderr.slice(-3000)).toBe(0)
    type Row = {
      prompt: Array<{ role: string; content: string }>
      response: Array<{ role: string; content: string }>
      system: string
    }
    const report = run.json as Record<
      string,
      { formatting: string; rows: number; with_prompt_and_response: number; all: Row[] }
    >
    for (const [file, formatting] of [
      ['galen_alpaca.jsonl', 'alpaca'],
      ['galen_sharegpt.jsonl', 'sharegpt'],
    ] as const) {
      const dataset = report[file]
      expect(dataset?.formatting).toBe(formatting)
      // Every built record is a row, none dropped by the converter, each mapped field for field.
      expect(dataset?.rows).toBe(records.length)
      expect(dataset?.with_prompt_and_response).toBe(records.length)
      expect(dataset?.all).toEqual(
        records.map((record) => ({
          prompt: [{ role: 'user', content: record.prompt }],
          response: [{ role: 'assistant', content: record.output }],
          system,
        })),
      )
    }
  }, 300_000)
})
