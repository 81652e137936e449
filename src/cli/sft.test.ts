import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { ensureDemoIndex } from '../corpus/index.js'
import { replyFor } from '../curation/__fixtures__/scripted-project.js'
import { createSqliteReviewStore, type DraftItem, projectStorePath } from '../curation/index.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'
import { parseNamedModel } from './sft.js'

let folder: string
let indexPath: string
let server: ScriptedModelServer
let queries: string

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-sft-cli-'))
  indexPath = (await ensureDemoIndex({ path: join(folder, 'demo.db') })).path
  server = await startScriptedModelServer({ script: { rules: [{ respond: replyFor('b') }] } })
  queries = join(folder, 'queries.csv')
  writeFileSync(
    queries,
    'id,query\nq1,When is metformin contraindicated?\nq2,"Call me on 617-555-0199, what is a normal blood pressure?"\n',
  )
})

afterAll(async () => {
  await server.close()
  rmSync(folder, { recursive: true, force: true })
})

describe('galen sft', () => {
  it('drafts, reports statistics and exports accepted items with provenance', async () => {
    const project = join(folder, 'project')
    const draft = await runGalenInProcess([
      'sft',
      'draft',
      '--queries',
      queries,
      '--index',
      indexPath,
      '--model',
      `scripted=${server.url}`,
      '--n',
      '2',
      '--project',
      project,
    ])
    expect(draft.stderr).toContain('2 items queued, 0 already queued, 0 failed')
    expect(draft.code).toBe(0)
    const store = createSqliteReviewStore({ path: projectStorePath(project) })
    await store.append({
      events: [
        {
          actor: 'ana',
          itemId: 'q1',
          type: 'review',
          before: null,
          after: { decision: 'accept', answer: 'Edited [1].' },
        },
        {
          actor: 'ana',
          itemId: 'q2',
          type: 'review',
          before: null,
          after: { decision: 'reject', reason: 'wrong' },
        },
      ],
    })
    const queued = (await store.read({ types: ['item.queued'] })).map(
      (event) => event.after as { query: string },
    )
    await store.close()
    expect(queued[1]?.query).not.toContain('555-0199')

    const stats = await runGalenInProcess(['sft', 'stats', '--project', project, '--json'])
    expect(stats.code).toBe(0)
    expect(JSON.parse(stats.stdout)).toMatchObject({
      items: 2,
      acceptanceRate: 0.5,
      byStatus: { accepted: 1, rejected: 1 },
    })

    const out = join(folder, 'sft.jsonl')
    const exported = await runGalenInProcess([
      'sft',
      'export',
      '--project',
      project,
      '--format',
      'sharegpt',
      '--out',
      out,
    ])
    expect(exported.code).toBe(0)
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      conversations: [
        { from: 'system' },
        { from: 'human', value: 'When is metformin contraindicated?' },
        { from: 'gpt', value: 'Edited [1].' },
      ],
      metadata: { id: 'q1', reviewer: 'ana', edited: true, model: 'scripted' },
    })
  })

  it('answers usage errors with exit code 2 and bad query files with 1, naming the field', async () => {
    const noModel = await runGalenInProcess([
      'sft',
      'draft',
      '--queries',
      queries,
      '--project',
      join(folder, 'x'),
    ])
    expect(noModel).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--model NAME=URL is required'),
    })
    const badFormat = await runGalenInProcess([
      'sft',
      'export',
      '--project',
      join(folder, 'project'),
      '--format',
      'alpaca',
    ])
    expect(badFormat).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format "alpaca" is invalid'),
    })
    const broken = join(folder, 'broken.jsonl')
    writeFileSync(broken, '{"id": "a", "query": "ok?"}\n{"id": "b"}\n')
    const badQueries = await runGalenInProcess([
      'sft',
      'draft',
      '--queries',
      broken,
      '--index',
      indexPath,
      '--model',
      `m=${server.url}`,
      '--project',
      join(folder, 'y'),
    ])
    expect(badQueries).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('line 2: "query" is missing'),
    })
  })
})

describe('galen sft draft --model', () => {
  it('reads NAME=URL, NAME=FILE.gguf and bare values, naming a bare GGUF after its file', () => {
    const gguf = join(folder, 'tiny-model.gguf')
    writeFileSync(gguf, 'GGUF')
    expect(parseNamedModel('--model', 'qwen=http://127.0.0.1:8000/v1', 'model-1')).toEqual({
      name: 'qwen',
      kind: 'url',
      target: 'http://127.0.0.1:8000/v1',
    })
    expect(parseNamedModel('--model', 'http://127.0.0.1:8000/v1', 'model-2')).toMatchObject({
      name: 'model-2',
      kind: 'url',
    })
    expect(parseNamedModel('--model', `smol=${gguf}`, 'model-1')).toEqual({
      name: 'smol',
      kind: 'gguf',
      target: gguf,
    })
    expect(parseNamedModel('--model', gguf, 'model-1')).toMatchObject({ name: 'tiny-model' })
  })

  it('says which value is wrong: not a URL or GGUF (exit 2), a missing GGUF file (exit 1)', async () => {
    const args = ['sft', 'draft', '--queries', queries, '--index', indexPath, '--project']
    const notAModel = await runGalenInProcess([...args, join(folder, 'z'), '--model', 'a=qwen3'])
    expect(notAModel).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'option --model "a=qwen3" is invalid: expected NAME=URL, NAME=FILE.gguf',
      ),
    })
    const missing = join(folder, 'missing.gguf')
    const noFile = await runGalenInProcess([...args, join(folder, 'z'), '--model', `a=${missing}`])
    expect(noFile).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`GGUF file "${missing}" of --model does not exist`),
    })
    const badTemperature = await runGalenInProcess([
      ...args,
      join(folder, 'z'),
      '--model',
      `m=${server.url}`,
      '--temperature',
      'hot',
    ])
    expect(badTemperature).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--temperature'),
    })
  })
})

const TINY_GGUF = 'models/stories260K.gguf'

describe.skipIf(!hasSharedData(TINY_GGUF))('galen sft draft with a local GGUF model', () => {
  it('drafts with NAME=FILE.gguf through node-llama-cpp, the sampling settings recorded', async () => {
    const project = join(folder, 'gguf-project')
    const one = join(folder, 'one-query.jsonl')
    writeFileSync(one, '{"id": "q1", "query": "When is metformin contraindicated?"}\n')
    // One llama.cpp thread: more spin against each other on a shared machine.
    vi.stubEnv('GALEN_THREADS', '1')
    onTestFinished(() => {
      vi.unstubAllEnvs()
    })
    const draft = await runGalenInProcess([
      'sft',
      'draft',
      '--queries',
      one,
      '--index',
      indexPath,
      '--model',
      `tiny=${sharedDataPath(TINY_GGUF)}`,
      '--model',
      `scripted=${server.url}`,
      '--n',
      '2',
      '--temperature',
      '0',
      '--max-tokens',
      '8',
      '--max-sources',
      '1',
      '--token-budget',
      '60',
      '--concurrency',
      '1',
      '--project',
      project,
    ])
    expect(draft.code, draft.stderr).toBe(0)
    expect(draft.stderr).toContain('1 item queued, 0 already queued, 0 failed')
    const store = createSqliteReviewStore({ path: projectStorePath(project) })
    const items = (await store.read({ types: ['item.queued'] })).map(
      (event) => event.after as DraftItem,
    )
    await store.close()
    expect(items).toHaveLength(1)
    for (const item of items) {
      expect(item.candidates.map((candidate) => candidate.id)).toEqual([
        'tiny#0',
        'tiny#1',
        'scripted#0',
        'scripted#1',
      ])
      expect(item.provenance).toMatchObject({
        models: [
          { name: 'tiny', url: sharedDataPath(TINY_GGUF) },
          { name: 'scripted', url: server.url },
        ],
        temperature: 0,
        maxTokens: 8,
      })
      // Greedy: the local model's two samples are the same text.
      expect(item.candidates[0]?.text).toBe(item.candidates[1]?.text)
    }
  })
})
