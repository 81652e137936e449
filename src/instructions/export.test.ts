import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { readParquet } from 'parquet-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRewardServer, type RewardServer } from '../rewards/index.js'
import { createItemVerifier } from '../verifiers/index.js'
import { buildInstructionSet } from './build.js'
import { exportInstructionSet } from './export.js'
import { loadTaskRegistry } from './registry.js'
import { loadTaskSources } from './sources.js'
import { safeParseTaskFile } from './task.js'

const registry = loadTaskRegistry()
const built = mkdtempSync(join(tmpdir(), 'galen-export-set-'))
const N = 820

beforeAll(() => {
  buildInstructionSet({ registry, sources: loadTaskSources(), n: N, seed: 4, out: built })
})

function lines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

async function exportTo(format: 'llama-factory' | 'trl' | 'openai' | 'superni' | 'verl') {
  const out = mkdtempSync(join(tmpdir(), `galen-export-${format}-`))
  const result = await exportInstructionSet({ from: built, format, out, registry })
  return { out, result }
}

describe('galen data export', () => {
  it('llama-factory: alpaca and sharegpt files registered in dataset_info.json', async () => {
    const { out, result } = await exportTo('llama-factory')
    expect(result.written).toBe(N)
    const info = JSON.parse(readFileSync(join(out, 'dataset_info.json'), 'utf8'))
    expect(info.galen_alpaca).toEqual({
      file_name: 'galen_alpaca.jsonl',
      columns: { prompt: 'instruction', query: 'input', response: 'output' },
    })
    expect(info.galen_sharegpt.formatting).toBe('sharegpt')
    for (const row of lines(join(out, info.galen_alpaca.file_name))) {
      expect(Object.keys(row).sort()).toEqual(['input', 'instruction', 'output'])
      expect(typeof row.instruction).toBe('string')
    }
    for (const row of lines(join(out, info.galen_sharegpt.file_name))) {
      const turns = row.conversations as Array<{ from: string; value: string }>
      expect(turns.map((turn) => turn.from)).toEqual(['human', 'gpt'])
    }
  })

  it('trl and openai: user then assistant messages; prompt-completion strings', async () => {
    const trl = await exportTo('trl')
    for (const row of lines(join(trl.out, 'messages.jsonl'))) {
      expect((row.messages as Array<{ role: string }>).map((message) => message.role)).toEqual([
        'user',
        'assistant',
      ])
    }
    for (const row of lines(join(trl.out, 'prompt_completion.jsonl'))) {
      expect(typeof row.prompt).toBe('string')
      expect(typeof row.completion).toBe('string')
    }
    const openai = await exportTo('openai')
    const rows = lines(join(openai.out, 'openai.jsonl'))
    expect(rows).toHaveLength(N)
    for (const row of rows) {
      const messages = row.messages as Array<{ role: string; content: string }>
      expect(messages.at(-1)?.role).toBe('assistant')
      expect(
        messages.every((message) => typeof message.content === 'string' && message.content !== ''),
      ).toBe(true)
    }
  })

  it('superni: one task file per task that loads back as a SuperNI task', async () => {
    const { out, result } = await exportTo('superni')
    const files = readdirSync(out)
    expect(files).toHaveLength(registry.tasks.length)
    let instances = 0
    for (const name of files) {
      const parsed = safeParseTaskFile(JSON.parse(readFileSync(join(out, name), 'utf8')), name)
      expect(parsed.ok).toBe(true)
      if (parsed.ok) instances += parsed.value.instances.length
    }
    expect(instances).toBe(result.written)
  })

  describe('verl', () => {
    let server: RewardServer
    let url: string
    beforeAll(async () => {
      server = createRewardServer({ verifier: createItemVerifier(), port: 0 })
      url = (await server.start()).url
    })
    afterAll(async () => {
      await server.close()
    })

    it('writes parquet that the reward server scores 1 for every gold output', async () => {
      const { out, result } = await exportTo('verl')
      expect(result.written).toBeGreaterThan(50)
      expect(Object.keys(result.skipped).length).toBeGreaterThan(0)
      const table = tableFromIPC(
        readParquet(readFileSync(join(out, 'train.parquet'))).intoIPCStream(),
      )
      expect(table.numRows).toBe(result.written)
      const gold = new Map(
        lines(join(built, 'data', 'shard-00000.jsonl')).map((record) => [record.id, record.output]),
      )
      const items = table.toArray().map((row) => {
        const extra = row.extra_info.toJSON() as {
          id: string
          task: string
          ground_truth_encoding: string
        }
        const truth = row.reward_model.toJSON().ground_truth as string
        return {
          task: extra.task,
          response: String(gold.get(extra.id)),
          ground_truth: extra.ground_truth_encoding === 'json' ? JSON.parse(truth) : truth,
        }
      })
      const response = await fetch(`${url}/v1/rewards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      })
      const body = (await response.json()) as { results: Array<{ score: number }> }
      expect(body.results).toHaveLength(items.length)
      expect(body.results.every((scored) => scored.score === 1)).toBe(true)
      // A wrong letter scores 0, so the check can fail.
      const wrong = await fetch(`${url}/v1/rewards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          items: [{ ...items[0], response: items[0]?.response === 'A' ? 'B' : 'A' }],
        }),
      })
      expect(
        ((await wrong.json()) as { results: Array<{ score: number }> }).results[0]?.score,
      ).toBe(0)
    })
  })
})
