import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { BUILTIN_TASK_DIRECTORY } from '../instructions/index.js'

describe('galen tasks and galen data', () => {
  it('tasks validate --json prints the report fields with no errors', async () => {
    // Two built-in tasks in a folder of their own keep the test fast; the whole registry is
    // validated in src/instructions/registry.test.ts.
    const registry = mkdtempSync(join(tmpdir(), 'galen-tasks-cli-'))
    for (const name of ['drug-class.json', 'false-premise-detection.json']) {
      writeFileSync(join(registry, name), readFileSync(join(BUILTIN_TASK_DIRECTORY, name)))
    }
    const result = await runGalenInProcess(['tasks', 'validate', '--json', '--registry', registry])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(report)).toEqual([
      'tasks',
      'by_dimension',
      'by_language',
      'min_templates',
      'errors',
      'warnings',
    ])
    expect(report.errors).toEqual([])
  })

  it('tasks show names the tasks that exist for an unknown id, exit 1', async () => {
    const result = await runGalenInProcess(['tasks', 'show', 'no-such-task'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /unknown task "no-such-task"; the registry holds: anion-gap-calculation/,
    )
  })

  it('data build with a mixture, then export to openai JSONL', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-data-cli-'))
    const mixture = join(folder, 'mixture.json')
    writeFileSync(
      mixture,
      JSON.stringify({ format: 'galen-mixture/1', groups: [{ name: 'safety', ratio: 1 }] }),
    )
    const out = join(folder, 'set')
    const built = await runGalenInProcess([
      'data',
      'build',
      '--n',
      '60',
      '--seed',
      '2',
      '--out',
      out,
      '--mixture',
      mixture,
      '--no-decontaminate',
      '--json',
    ])
    expect(built.code).toBe(0)
    expect(JSON.parse(built.stdout)).toMatchObject({ written: 60, complete: true })
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.decontamination.notes).toEqual([
      'decontamination turned off (--no-decontaminate)',
    ])
    expect(manifest.tasks.map((task: { group: string }) => task.group)).toEqual([
      'safety',
      'safety',
      'safety',
    ])
    const exported = await runGalenInProcess([
      'data',
      'export',
      '--from',
      out,
      '--format',
      'openai',
      '--out',
      join(folder, 'openai'),
    ])
    expect(exported.code).toBe(0)
    expect(
      readFileSync(join(folder, 'openai', 'openai.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(60)
  })

  it('rejects an unknown export format as a usage error', async () => {
    const result = await runGalenInProcess([
      'data',
      'export',
      '--from',
      'x',
      '--format',
      'csv',
      '--out',
      'y',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'option --format = "csv" is invalid: expected llama-factory, trl, openai, superni, verl',
    )
  })
})
