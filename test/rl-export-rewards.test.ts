/**
 * Exported RL data and the reward server agree: items exported for verl (parquet) and OpenRLHF
 * (JSON Lines) are scored by `galen reward serve` through the verl Python adapter and OpenRLHF's
 * `/get_reward` protocol, and a correct response gets full reward for every task.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { readParquet } from 'parquet-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRewardServer, type RewardServer } from '../src/rewards/index.js'
import { exportRecords } from '../src/rl-data/index.js'
import { createItemVerifier } from '../src/verifiers/index.js'
import { sampleCorrectResponses, sampleItems } from './support/rl-items.js'

const root = resolve(import.meta.dirname, '..')

const items = sampleItems
const correct = sampleCorrectResponses

function runPython(
  script: string,
  environment: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('python3', ['-c', script], {
      cwd: root,
      env: { ...process.env, ...environment },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', () => resolveRun({ stdout, stderr }))
  })
}

describe('RL exports scored by the reward server', () => {
  let server: RewardServer
  let url = ''
  const folder = mkdtempSync(join(tmpdir(), 'galen-rl-rewards-'))
  const input = join(folder, 'items.jsonl')
  beforeAll(async () => {
    writeFileSync(input, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`)
    server = createRewardServer({ verifier: createItemVerifier(), port: 0 })
    url = (await server.start()).url
  })
  afterAll(async () => {
    await server.close()
  })

  it('verl parquet rows score 1 through the verl adapter', async () => {
    const out = join(folder, 'train.parquet')
    await exportRecords(input, { format: 'verl', out, split: 'train' })
    const table = tableFromIPC(readParquet(readFileSync(out)).intoIPCStream())
    const rows = table
      .toArray()
      .map(
        (row) =>
          JSON.parse(
            JSON.stringify(row.toJSON(), (_key, value) =>
              typeof value === 'bigint' ? Number(value) : value,
            ),
          ) as Record<string, unknown>,
      )
    const calls = rows.map((row) => {
      const extra = row.extra_info as { id: string }
      return {
        data_source: row.data_source,
        solution: correct[extra.id],
        ground_truth: (row.reward_model as { ground_truth: string }).ground_truth,
        extra_info: row.extra_info,
      }
    })
    const script = `
import json, sys
sys.path.insert(0, 'adapters/verl')
from galen_verl import compute_score
calls = json.loads(${JSON.stringify(JSON.stringify(calls))})
print(json.dumps([compute_score(c['data_source'], c['solution'], c['ground_truth'], c['extra_info'])['score'] for c in calls]))
`
    const result = await runPython(script, { GALEN_REWARD_URL: url })
    expect(result.stderr).toBe('')
    const scores = JSON.parse(result.stdout) as number[]
    expect(scores[0]).toBe(1)
    expect(scores[1]).toBe(1)
    expect(scores[2]).toBeGreaterThanOrEqual(0.9)
  })

  it('OpenRLHF rows score 1 through /get_reward', async () => {
    const out = join(folder, 'openrlhf.jsonl')
    await exportRecords(input, { format: 'openrlhf', out })
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { input: string; label: string })
    const responses = [correct.q1, correct.q2, correct.q3]
    const response = await fetch(`${url}/get_reward`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: rows.map((row, index) => `${row.input}${responses[index]}`),
        prompts: rows.map((row) => row.input),
        labels: rows.map((row) => row.label),
      }),
    })
    const body = (await response.json()) as { rewards: number[] }
    expect(body.rewards[0]).toBe(1)
    expect(body.rewards[1]).toBe(1)
    expect(body.rewards[2]).toBeGreaterThanOrEqual(0.9)
  })
})
