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
    const keys = Object.keys(results[0]?.components ?? {})
    for (const result of results) expect(Object.keys(result.components)).toEqual(keys)
  })
})
