/**
 * What every command shares (docs/cli/README.md): exit codes 0, 1 and 2; a usage error prints the
 * error and one line pointing to --help; models come from the command line, the environment or
 * the config file in the same way; counts read "1 item", "2 items"; progress bars draw cleanly
 * from the first frame.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGalen, runGalenInProcess } from '../../test/support/cli.js'
import { readManifest } from '../eval/index.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'
import { createProgram } from './main.js'
import { resolveModelConfig } from './model-options.js'
import { createProgress, formatEta, plural } from './run-command.js'

/** Every command that runs something (has no subcommands), as its words after `galen`. */
function leafCommands(): string[][] {
  const leaves: string[][] = []
  const walk = (command: Command, path: string[]): void => {
    // A command with arguments runs as well as holding subcommands (`galen deid FILE`).
    if (command.commands.length === 0 || command.registeredArguments.length > 0) leaves.push(path)
    for (const child of command.commands) walk(child, [...path, child.name()])
  }
  for (const command of createProgram().commands) walk(command, [command.name()])
  return leaves
}

const folder = mkdtempSync(join(tmpdir(), 'galen-cli-conventions-'))
const missing = join(folder, 'missing.jsonl')

describe('exit codes, per command', () => {
  const leaves = leafCommands()

  it('knows the commands', () => {
    const names = leaves.map((path) => path.join(' '))
    for (const name of ['verify', 'deid', 'eval run', 'rl export', 'serve', 'ingest', 'search'])
      expect(names).toContain(name)
  })

  it.each(leaves.map((path) => [path.join(' '), path]))(
    '%s: exits 0 for --help and 2 with one pointer line for an unknown option',
    async (name, path) => {
      const help = await runGalenInProcess([...(path as string[]), '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain(`Usage: galen ${name}`)
      const bad = await runGalenInProcess([...(path as string[]), '--no-such-option'])
      expect(bad.code).toBe(2)
      const lines = bad.stderr.trim().split('\n')
      expect(lines.at(-1)).toBe(`Run "galen ${name} --help" for usage.`)
      expect(bad.stderr).not.toContain('Options:')
      expect(lines.length).toBeLessThanOrEqual(2)
    },
  )

  // A missing input file is an input error (1); the command line itself was well formed.
  const inputErrors: Array<[string, string[]]> = [
    ['deid', ['deid', missing]],
    ['verify', ['verify', '--input', missing]],
    ['rl stats', ['rl', 'stats', '--input', missing]],
    ['rl export', ['rl', 'export', '--format', 'openrlhf', '--input', missing, '--out', '-']],
    [
      'eval replay',
      ['eval', 'replay', '--benchmark', 'medqa', '--data', missing, '--responses', missing],
    ],
    ['eval report', ['eval', 'report', folder]],
    ['search', ['search', 'metformin', '--index', join(folder, 'missing.db')]],
    ['rl filter', ['rl', 'filter', '--input', missing, '--out', '-', '--drop-uniform']],
    ['rl select', ['rl', 'select', '--input', missing, '--out', '-']],
    ['rl pairs', ['rl', 'pairs', '--input', missing, '--out', '-']],
    ['rl import', ['rl', 'import', '--input', missing, '--out', '-']],
    ['rl mix', ['rl', 'mix', '--ratios', missing, '--out', '-']],
    [
      'rl decontaminate',
      ['rl', 'decontaminate', '--input', missing, '--out', '-', '--benchmark', `medqa=${missing}`],
    ],
    [
      'eval run',
      [
        'eval',
        'run',
        '--benchmark',
        'medqa',
        '--data',
        missing,
        '--model',
        'http://127.0.0.1:9/v1',
      ],
    ],
    ['index stats', ['index', 'stats', '--index', join(folder, 'missing.db')]],
    ['model-server', ['model-server', '--script', missing]],
    ['kg import', ['kg', 'import', '--input', missing, '--out', '-']],
    [
      'sft draft',
      [
        'sft',
        'draft',
        '--queries',
        missing,
        '--model',
        'http://127.0.0.1:9/v1',
        '--project',
        folder,
      ],
    ],
    ['sft stats', ['sft', 'stats', '--project', join(folder, 'no-project')]],
    ['sft export', ['sft', 'export', '--project', join(folder, 'no-project'), '--format', 'trl']],
    ['studio', ['studio', '--project', join(folder, 'no-project')]],
  ]
  it.each(inputErrors)('%s: exits 1 on a missing input file', async (_name, args) => {
    const result = await runGalenInProcess(args)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^galen: /)
    expect(result.stderr).not.toContain('--help')
  })

  it('points to --help after a usage error found by the command itself', async () => {
    const input = join(folder, 'one.jsonl')
    writeFileSync(input, '{"task":"exam","response":"B","ground_truth":{"answer":"B"}}\n')
    const result = await runGalenInProcess(['verify', '--input', input, '--batch', 'many'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'galen: option --batch = "many" is invalid: expected a whole number >= 1 <= 100000\nRun "galen verify --help" for usage.\n',
    )
  })
})

describe('rl export names the record kind it expected', () => {
  it('says it wants prompt items when given rollouts', async () => {
    const input = join(folder, 'rollouts.jsonl')
    writeFileSync(
      input,
      '{"prompt_id":"p1","prompt":"Q?","response":"A","reward":1}\n{"prompt_id":"p1","prompt":"Q?","response":"B","reward":0}\n',
    )
    const result = await runGalenInProcess([
      'rl',
      'export',
      '--format',
      'verl',
      '--input',
      input,
      '--out',
      join(folder, 'train.parquet'),
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('line 1 is not a valid item (expected prompt items')
    expect(result.stderr).toContain(
      'expected prompt items with id, task, prompt and ground_truth; these look like rollouts',
    )
  })
})

describe('rl stats names what a file of items is', () => {
  it('says the records look like prompt items, not rollouts', async () => {
    const input = join(folder, 'items.jsonl')
    writeFileSync(input, '{"id":"q1","task":"exam","prompt":"Q?","ground_truth":{"answer":"A"}}\n')
    const result = await runGalenInProcess(['rl', 'stats', '--input', input])
    expect(result.stderr).toContain(
      'line 1 is not a rollout: expected "prompt_id" (Galen), "input"/"output"/"score" (verl) or "input"/"reward" (OpenRLHF); this looks like a prompt item',
    )
  })
})

describe('plural', () => {
  it('reads "1 item", "0 items", "2 items" and irregular forms', () => {
    expect(plural(1, 'item')).toBe('1 item')
    expect(plural(0, 'item')).toBe('0 items')
    expect(plural(2, 'document')).toBe('2 documents')
    expect(plural(1, 'query', 'queries')).toBe('1 query')
    expect(plural(12_000, 'query', 'queries')).toBe('12,000 queries')
  })
})

describe('counts in command output', () => {
  it('ingest says "read 1 document" and "1 chunk"', async () => {
    const file = join(folder, 'metformin.md')
    writeFileSync(
      file,
      '# Metformin\n\nMetformin is a first-line drug for type 2 diabetes in most adults without contraindications, taken with meals.\n',
    )
    const result = await runGalenInProcess(['ingest', file, '--index', join(folder, 'one.db')])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(': 1 document, 1 chunk\n')
    expect(result.stdout).toContain('read 1 document (')
    expect(result.stdout).toContain('0 exact duplicates, 0 near-duplicates')
  })
})

describe('progress bars', () => {
  it('draw the first frame without placeholders or a made-up ETA', () => {
    let text = ''
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk)
        done()
      },
    })
    const progress = createProgress({
      total: 10,
      label: 'ingest',
      payloadFormat: '{stored} stored',
      stream,
    })
    progress.stop()
    expect(text).toContain('ingest [')
    expect(text).toContain('0/10 ETA -- - stored')
    expect(text).not.toMatch(/\{\w+\}|NF|NaN|Infinity|NULL/)
  })

  it('formats estimates in seconds, minutes and hours', () => {
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('--')
    expect(formatEta(Number.NaN)).toBe('--')
    expect(formatEta(42.4)).toBe('42s')
    expect(formatEta(185)).toBe('3m05s')
    expect(formatEta(3725)).toBe('1h02m')
  })
})

describe('one way to find the model', () => {
  const empty = {}
  it('takes the command line over the environment and the file, and keeps the API key for URLs', () => {
    const config = { model: { url: 'http://a:1/v1', name: 'configured', apiKey: 'k' } }
    expect(resolveModelConfig(config, { target: 'http://b:2/v1' })).toEqual({
      url: 'http://b:2/v1',
      name: 'configured',
      apiKey: 'k',
    })
    expect(resolveModelConfig(config, { name: 'other' })?.name).toBe('other')
    expect(resolveModelConfig(config, { target: '/models/tiny.gguf' })).toEqual({
      gguf: '/models/tiny.gguf',
      name: 'tiny',
    })
  })

  it('returns nothing when no model is named anywhere, and rejects a bad target', () => {
    expect(resolveModelConfig(empty)).toBeUndefined()
    expect(resolveModelConfig({ judge: { url: 'http://j:1/v1' } }, {}, 'judge')?.url).toBe(
      'http://j:1/v1',
    )
    expect(() => resolveModelConfig(empty, { target: 'qwen3', targetOption: '--judge' })).toThrow(
      'option --judge = "qwen3" is invalid',
    )
  })
})

describe('kg verbalize --mode model', () => {
  it('says what to set when no model is named anywhere', async () => {
    const input = join(folder, 'triples.jsonl')
    writeFileSync(input, '{"id":"t1","subject":"aspirin","predicate":"treats","object":"pain"}\n')
    const saved = { url: process.env.GALEN_MODEL_URL, gguf: process.env.GALEN_GGUF }
    delete process.env.GALEN_MODEL_URL
    delete process.env.GALEN_GGUF
    try {
      const result = await runGalenInProcess([
        'kg',
        'verbalize',
        '--input',
        input,
        '--mode',
        'model',
        '--lang',
        'en',
      ])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('kg verbalize --mode model: no model given')
    } finally {
      if (saved.url !== undefined) process.env.GALEN_MODEL_URL = saved.url
      if (saved.gguf !== undefined) process.env.GALEN_GGUF = saved.gguf
    }
  })
})

describe('galen eval run reads GALEN_MODEL_URL, GALEN_MODEL and the config file', () => {
  let server: ScriptedModelServer
  const data = join(folder, 'medqa.jsonl')
  beforeAll(async () => {
    writeFileSync(
      data,
      [
        {
          question: 'First question?',
          options: { A: 'a', B: 'b', C: 'c', D: 'd' },
          answer_idx: 'B',
        },
        {
          question: 'Second question?',
          options: { A: 'a', B: 'b', C: 'c', D: 'd' },
          answer_idx: 'C',
        },
      ]
        .map((record) => JSON.stringify({ ...record, meta_info: 'step1' }))
        .join('\n'),
    )
    server = await startScriptedModelServer({
      script: { rules: [], fallback: '{"answer": "B"}' },
    })
  })
  afterAll(async () => {
    await server.close()
  })

  const args = (out: string) => [
    'eval',
    'run',
    '--benchmark',
    'medqa',
    '--data',
    data,
    '--limit',
    'all',
    '--out',
    join(folder, out),
    '--json',
  ]

  it('uses the environment when --model is not given', async () => {
    const result = await runGalen(args('from-environment'), {
      env: { GALEN_MODEL_URL: server.url, GALEN_MODEL: 'env-model' },
    })
    expect(result.stderr).not.toContain('no model')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as { n: number; correct: number }
    expect(summary.n).toBe(2)
    expect(summary.correct).toBe(1)
    expect(readManifest(join(folder, 'from-environment'))?.model.name).toBe('env-model')
  })

  it('uses the config file when the environment is empty, and says what to set when neither is', async () => {
    const config = join(folder, 'galen.config.json')
    writeFileSync(config, JSON.stringify({ model: { url: server.url, name: 'file-model' } }))
    const fromFile = await runGalen(args('from-file'), { env: { GALEN_CONFIG: config } })
    expect(fromFile.code).toBe(0)
    expect(readManifest(join(folder, 'from-file'))?.model.name).toBe('file-model')
    const none = await runGalen(args('none'), { env: { GALEN_MODEL: '', GALEN_GGUF: '' } })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no model given: pass --model URL|GGUF, or set GALEN_MODEL_URL')
    expect(none.stderr).toContain('Run "galen eval run --help" for usage.')
  })
})
