import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main } from './main.js'

describe('galen verify', () => {
  it('writes one result per input line, in order, with malformed lines as errors', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-verify-'))
    const input = join(folder, 'items.jsonl')
    const output = join(folder, 'results.jsonl')
    writeFileSync(
      input,
      [
        '{"task":"exam","response":"The answer is C","ground_truth":{"answer":"C"}}',
        'not json',
        '{"task":"exam","response":"A or C","ground_truth":{"answer":"C"}}',
        '{"task":"test_ordering","response":"Order an EKG.","ground_truth":{"tests":["ECG"]}}',
      ].join('\n'),
    )
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const code = await main([
        'node',
        'galen',
        'verify',
        '--input',
        input,
        '--out',
        output,
        '--json',
      ])
      expect(code).toBe(0)
      const summary = JSON.parse(String(stderr.mock.calls.at(-1)?.[0])) as {
        items: number
        statuses: Record<string, number>
      }
      expect(summary.items).toBe(4)
      expect(summary.statuses).toMatchObject({ ok: 2, format_error: 1, error: 1 })
    } finally {
      stderr.mockRestore()
    }
    const results = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            status: string
            reason: string
            components: Record<string, number>
          },
      )
    expect(results.map((result) => result.status)).toEqual(['ok', 'error', 'format_error', 'ok'])
    expect(results[1]?.reason).toContain('line 2')
    // Each result carries its own task's components only, never another task's at 0.
    expect(Object.keys(results[0]?.components ?? {}).sort()).toEqual([
      'correct',
      'correctness',
      'format',
    ])
    expect(results[3]?.components).not.toHaveProperty('correct')
    expect(results[3]?.components).toHaveProperty('recall')
  })

  async function verifyLines(lines: readonly string[], extra: readonly string[] = []) {
    const folder = mkdtempSync(join(tmpdir(), 'galen-verify-'))
    const input = join(folder, 'items.jsonl')
    const output = join(folder, 'results.jsonl')
    writeFileSync(input, lines.join('\n'))
    let stderr = ''
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk)
      return true
    })
    const previous = process.env.GALEN_TERMINOLOGY
    delete process.env.GALEN_TERMINOLOGY
    try {
      process.exitCode = undefined
      const code = await main([
        'node',
        'galen',
        'verify',
        '--input',
        input,
        '--out',
        output,
        ...extra,
      ])
      const results = readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { status: string; reason: string })
      return { code, stderr, results }
    } finally {
      spy.mockRestore()
      process.exitCode = undefined
      if (previous !== undefined) process.env.GALEN_TERMINOLOGY = previous
    }
  }

  it('numbers records from 1, by their line in the file', async () => {
    const { results } = await verifyLines([
      '{"task":"exam","response":"B","ground_truth":{"answer":"B"}}',
      '',
      '{"task":"surgery","response":"x","ground_truth":{}}',
    ])
    expect(results[1]?.reason).toBe(
      'line 3: unknown task "surgery" (expected exam, diagnosis, drug, test_ordering, format)',
    )
  })

  it('says when the records look like rollouts rather than verify records', async () => {
    const { results } = await verifyLines([
      '{"prompt_id":"p1","prompt":"Q?","response":"A","reward":1}',
    ])
    expect(results[0]?.reason).toContain(
      'line 1: unknown task null (expected exam, diagnosis, drug, test_ordering, format); this looks like a rollout: verify reads records with task, response and ground_truth',
    )
  })

  it('fails a diagnosis item without a terminology, naming --terminology, instead of abstaining', async () => {
    const { code, stderr, results } = await verifyLines([
      '{"task":"exam","response":"B","ground_truth":{"answer":"B"}}',
      '{"task":"diagnosis","response":"Type 2 diabetes","ground_truth":{"icd10":["E11.9"]}}',
    ])
    expect(code).toBe(1)
    expect(results.map((result) => result.status)).toEqual(['ok', 'error'])
    expect(results[1]?.reason).toContain(
      'line 2: diagnosis needs a terminology: pass --terminology',
    )
    expect(stderr).toContain('1 diagnosis item could not be scored without a terminology')
    expect(stderr).toContain('verify: 2 items')
    expect(stderr).toContain('  exam: 1 item, mean 1')
  })
})
