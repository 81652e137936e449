import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Table, tableFromIPC } from 'apache-arrow'
import { readParquet } from 'parquet-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportRecords } from './exporters.js'

// The round trip reads each parquet file with a second, independent implementation: parquet-wasm
// (Rust arrow-rs compiled to WebAssembly) decoded by apache-arrow, not hyparquet, which wrote it.
function readBack(path: string): Table {
  return tableFromIPC(readParquet(readFileSync(path)).intoIPCStream())
}

let folder = ''

function itemAt(index: number) {
  const ground =
    index % 3 === 0 ? { codes: [`I2${index % 10}.${index % 7}`], rank: index } : `answer-${index}`
  const prompt =
    index % 2 === 0
      ? `Question ${index}: café, 中文, 🩺 — which?`
      : [
          { role: 'system', content: index % 4 === 1 ? '' : 'Answer with one letter.' },
          { role: 'user', content: `Case ${index}` },
        ]
  return {
    id: `item-${index}`,
    prompt,
    task: ['exam', 'diagnosis', 'drug'][index % 3],
    ground_truth: ground,
    ...(index % 5 === 0 ? { data_source: 'medqa-train' } : {}),
    ...(index % 7 === 0 ? { ability: 'medical-reasoning' } : {}),
  }
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'galen-export-'))
})

describe('verl parquet export (read back with parquet-wasm + apache-arrow)', () => {
  it('writes the verl schema with nested list and struct columns, and every value round-trips', async () => {
    const count = 10_050 // more than one row group of 10,000
    const input = join(folder, 'items.jsonl')
    const lines = Array.from({ length: count }, (_, index) => JSON.stringify(itemAt(index)))
    lines.splice(100, 0, '{"id": "no-truth", "prompt": "q", "task": "exam"}', 'not json')
    writeFileSync(input, `${lines.join('\n')}\n`)
    const out = join(folder, 'train.parquet')
    const result = await exportRecords(input, { format: 'verl', out, split: 'train' })
    expect(result).toMatchObject({ written: count, malformed: 2 })
    expect(result.issues.map((issue) => issue.line)).toEqual([101, 102])

    const table = readBack(out)
    expect(table.numRows).toBe(count)
    expect(table.schema.fields.map((field) => `${field.name}: ${field.type}`)).toEqual([
      'data_source: Utf8',
      'prompt: List<Struct<{role:Utf8, content:Utf8}>>',
      'ability: Utf8',
      'reward_model: Struct<{style:Utf8, ground_truth:Utf8}>',
      'extra_info: Struct<{split:Utf8, index:Int64, id:Utf8, task:Utf8, ground_truth_encoding:Utf8}>',
    ])
    expect(table.schema.fields.every((field) => field.nullable)).toBe(true)

    const plain = (value: unknown): unknown =>
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? { ...(value as { toJSON(): object }).toJSON() }
        : value
    const actual: unknown[] = []
    const expected: unknown[] = []
    for (let index = 0; index < count; index += 1) {
      const row = table.get(index)?.toJSON() as Record<string, unknown>
      actual.push({
        data_source: row.data_source,
        prompt: (row.prompt as { toArray(): unknown[] }).toArray().map(plain),
        ability: row.ability,
        reward_model: plain(row.reward_model),
        extra_info: plain(row.extra_info),
      })
      const item = itemAt(index)
      const isText = typeof item.ground_truth === 'string'
      expected.push({
        data_source: item.data_source ?? `galen/${item.task}`,
        prompt:
          typeof item.prompt === 'string' ? [{ role: 'user', content: item.prompt }] : item.prompt,
        ability: item.ability ?? item.task,
        reward_model: {
          style: 'rule',
          ground_truth: isText ? item.ground_truth : JSON.stringify(item.ground_truth),
        },
        extra_info: {
          split: 'train',
          index: BigInt(index),
          id: item.id,
          task: item.task,
          ground_truth_encoding: isText ? 'text' : 'json',
        },
      })
    }
    expect(actual).toEqual(expected)
  })

  it('puts a system message before text prompts when asked', async () => {
    const input = join(folder, 'one.jsonl')
    writeFileSync(input, `${JSON.stringify(itemAt(0))}\n`)
    const out = join(folder, 'system.parquet')
    await exportRecords(input, {
      format: 'verl',
      out,
      system: 'You are a careful physician.',
      split: 'test',
    })
    const row = readBack(out).get(0)?.toJSON() as Record<
      string,
      { toArray(): Array<{ toJSON(): unknown }> } | { toJSON(): { split: string } }
    >
    const prompt = (row.prompt as { toArray(): Array<{ toJSON(): unknown }> })
      .toArray()
      .map((entry) => entry.toJSON())
    expect(prompt).toEqual([
      { role: 'system', content: 'You are a careful physician.' },
      { role: 'user', content: itemAt(0).prompt },
    ])
    expect((row.extra_info as { toJSON(): { split: string } }).toJSON().split).toBe('test')
  })

  it('refuses to write an empty dataset and leaves no file', async () => {
    const input = join(folder, 'none.jsonl')
    writeFileSync(input, 'nope\n')
    const out = join(folder, 'empty.parquet')
    await expect(exportRecords(input, { format: 'verl', out })).rejects.toThrow(
      /no valid items .*\(1 malformed line\)/,
    )
    expect(existsSync(out)).toBe(false)
  })
})

function exportLines(
  format: 'openrlhf' | 'trl' | 'trl-preference' | 'sft',
  rows: unknown[],
  settings: { chat?: boolean; system?: string } = {},
) {
  const input = join(folder, `${format}-${Math.random().toString(36).slice(2)}.jsonl`)
  writeFileSync(input, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`)
  const out = `${input}.out`
  return exportRecords(input, { format, out, ...settings }).then((result) => ({
    result,
    rows: readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown),
  }))
}

describe('JSON Lines exports', () => {
  it('openrlhf: input and a label that carries task and ground truth as JSON text', async () => {
    const { rows } = await exportLines('openrlhf', [itemAt(3), itemAt(4)])
    expect(rows[0]).toEqual({
      id: 'item-3',
      input: itemAt(3).prompt,
      label: JSON.stringify({ task: 'exam', ground_truth: itemAt(3).ground_truth }),
      datasource: 'exam',
    })
    const label = JSON.parse((rows[1] as { label: string }).label) as {
      task: string
      ground_truth: string
    }
    expect(label).toEqual({ task: 'diagnosis', ground_truth: 'answer-4' })
    expect((rows[1] as { input: string }).input).toBe(itemAt(4).prompt)
  })

  it('trl: prompt/completion as text, or as messages for chat prompts and --chat', async () => {
    const { rows } = await exportLines('trl', [
      { prompt_id: 'a', prompt: 'q?', response: 'B', reward: 1 },
      { prompt: [{ role: 'user', content: 'q2' }], completion: 'C' },
      { prompt: 'no answer' },
    ])
    expect(rows).toEqual([
      { prompt: 'q?', completion: 'B' },
      {
        prompt: [{ role: 'user', content: 'q2' }],
        completion: [{ role: 'assistant', content: 'C' }],
      },
    ])
    const chat = await exportLines('trl', [{ prompt: 'q?', response: 'B' }], { chat: true })
    expect(chat.rows[0]).toEqual({
      prompt: [{ role: 'user', content: 'q?' }],
      completion: [{ role: 'assistant', content: 'B' }],
    })
  })

  it('trl: items without a response become GRPO prompt rows with the label the reward server reads', async () => {
    const { rows, result } = await exportLines('trl', [
      { id: 'e1', prompt: 'q?', task: 'exam', ground_truth: { answer: 'B' }, options: ['x', 'y'] },
      { id: 'd1', prompt: 'dx?', task: 'diagnosis', ground_truth: { icd10: ['J18.9'] } },
      { id: 'no-task', prompt: 'q?', ground_truth: { answer: 'A' } },
    ])
    expect(rows).toEqual([
      {
        prompt: 'q?',
        id: 'e1',
        task: 'exam',
        ground_truth: '{"task":"exam","ground_truth":{"answer":"B"}}',
        options: '["x","y"]',
      },
      {
        prompt: 'dx?',
        id: 'd1',
        task: 'diagnosis',
        ground_truth: '{"task":"diagnosis","ground_truth":{"icd10":["J18.9"]}}',
      },
    ])
    expect(result.malformed).toBe(1)
    expect(result.issues[0]?.message).toMatch(/task/)
  })

  it('trl-preference: prompt, chosen and rejected from preference pairs', async () => {
    const pair = {
      prompt_id: 'p',
      prompt: 'q?',
      chosen: 'good',
      rejected: 'bad',
      chosen_reward: 1,
      rejected_reward: 0,
    }
    const { rows, result } = await exportLines('trl-preference', [
      pair,
      { prompt: 'q', chosen: 'x' },
    ])
    expect(rows).toEqual([{ prompt: 'q?', chosen: 'good', rejected: 'bad' }])
    expect(result.malformed).toBe(1)
    const chat = await exportLines('trl-preference', [pair], { system: 'S' })
    expect(chat.rows[0]).toEqual({
      prompt: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'q?' },
      ],
      chosen: [{ role: 'assistant', content: 'good' }],
      rejected: [{ role: 'assistant', content: 'bad' }],
    })
  })

  it('sft: chat messages ending with the assistant response', async () => {
    const { rows } = await exportLines(
      'sft',
      [{ prompt_id: 'a', prompt: 'q?', response: 'B', reward: 1 }],
      { system: 'Be brief.' },
    )
    expect(rows[0]).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'q?' },
        { role: 'assistant', content: 'B' },
      ],
    })
  })
})
