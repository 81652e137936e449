import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import type { BenchmarkItem } from '../eval/index.js'
import { getBenchmark, readManifest, recoverRecords } from '../eval/index.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'

const cli = resolve(import.meta.dirname, 'main.ts')
const medqa = 'benchmarks/medqa/phrases_no_exclude_test.jsonl'

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function galen(args: readonly string[]): { child: ChildProcess; done: Promise<Finished> } {
  const env = { ...process.env }
  for (const key of ['GALEN_MODEL_URL', 'GALEN_CONFIG', 'GALEN_API_KEY', 'GALEN_MODEL'])
    delete env[key]
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const done = new Promise<Finished>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

function recordLines(folder: string): number {
  const path = join(folder, 'records.jsonl')
  if (!existsSync(path)) return 0
  return readFileSync(path, 'utf8').split('\n').length - 1
}

/** Sends `signal` once the run folder holds at least `lines` records. */
async function signalAfter(
  child: ChildProcess,
  folder: string,
  lines: number,
  signal: NodeJS.Signals,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) return
    if (recordLines(folder) >= lines) {
      child.kill(signal)
      return
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 10))
  }
}

describe.skipIf(!hasSharedData(medqa))(
  'galen eval run over the whole MedQA test set (scripted server, 32 in flight)',
  () => {
    let server: ScriptedModelServer
    let items: BenchmarkItem[] = []
    const plan = new Map<string, { reply: string; correct: boolean; unparsed: boolean }>()

    beforeAll(async () => {
      items = (await getBenchmark('medqa').load({ path: sharedDataPath(medqa) })).items
      for (const [index, item] of items.entries()) {
        const gold = item.gold[0] ?? 'A'
        const wrong = gold === 'A' ? 'B' : 'A'
        const kind = index % 20
        const reply =
          kind === 0
            ? "Let's think step by step."
            : JSON.stringify({ reasoning: 'scripted', answer: kind <= 6 ? wrong : gold })
        plan.set(item.question, { reply, correct: kind > 6, unparsed: kind === 0 })
      }
      server = await startScriptedModelServer({
        script: {
          rules: [
            {
              latencyMs: 25,
              respond: (request) => {
                const question =
                  /Question:\n([\s\S]*?)\n\nOptions:/.exec(request.lastUserMessage)?.[1] ?? ''
                return plan.get(question)?.reply ?? 'no such question'
              },
            },
          ],
        },
      })
    })
    afterAll(async () => {
      await server.close()
    })

    it('survives Ctrl-C and a kill, and resumes without asking a finished item again', async () => {
      const out = mkdtempSync(join(tmpdir(), 'galen-eval-cli-'))
      const args = [
        'eval',
        'run',
        '--benchmark',
        'medqa',
        '--data',
        sharedDataPath(medqa),
        '--model',
        server.url,
        '--model-name',
        'scripted',
        '--limit',
        'all',
        '--concurrency',
        '32',
        '--out',
        out,
        '--json',
      ]
      // 1. Ctrl-C after about 300 answers: a clean stop, exit 1, a resumable folder.
      const first = galen(args)
      await signalAfter(first.child, out, 300, 'SIGINT')
      const interrupted = await first.done
      expect(interrupted.code).toBe(1)
      expect(interrupted.stderr).toContain('run the same command again to resume')
      expect(readManifest(out)?.status).toBe('interrupted')
      const afterInterrupt = recoverRecords(out).records.length
      expect(afterInterrupt).toBeGreaterThanOrEqual(300)
      expect(afterInterrupt).toBeLessThan(1273)

      // 2. Resume, then SIGKILL halfway through: no chance to clean up.
      const second = galen(args)
      await signalAfter(second.child, out, 700, 'SIGKILL')
      const killed = await second.done
      expect(killed.signal).toBe('SIGKILL')
      const recorded = recoverRecords(out).records
      expect(new Set(recorded.map((record) => record.id)).size).toBe(recorded.length)
      expect(recorded.length).toBeLessThan(1273)
      const requestsBefore = server.requestCount()

      // 3. Resume to the end: only the items without a record are asked.
      const third = galen(args)
      const finished = await third.done
      expect(finished.code).toBe(0)
      expect(server.requestCount() - requestsBefore).toBe(1273 - recorded.length)
      const summary = JSON.parse(finished.stdout) as Record<string, unknown>
      expect(Object.keys(summary)).toEqual([
        'benchmark',
        'n',
        'correct',
        'accuracy',
        'ci95',
        'unparsed',
        'by_category',
      ])
      const expectedCorrect = [...plan.values()].filter((entry) => entry.correct).length
      const expectedUnparsed = [...plan.values()].filter((entry) => entry.unparsed).length
      expect(summary).toMatchObject({
        benchmark: 'medqa',
        n: 1273,
        correct: expectedCorrect,
        unparsed: expectedUnparsed,
      })
      const final = recoverRecords(out).records
      expect(new Set(final.map((record) => record.id)).size).toBe(1273)
      expect(final).toHaveLength(1273)
      expect(readManifest(out)?.status).toBe('complete')
    })
  },
)

describe('galen eval (CLI)', () => {
  it('lists the benchmarks with their layouts as JSON', async () => {
    const { done } = galen(['eval', 'list', '--json'])
    const result = await done
    expect(result.code).toBe(0)
    const list = JSON.parse(result.stdout) as {
      benchmarks: Array<{ name: string; layout: string }>
    }
    expect(list.benchmarks.map((entry) => entry.name)).toContain('medcalc-bench')
  })

  it('exits 2 naming the option for a bad --scorer or an unknown benchmark', async () => {
    const bad = await galen([
      'eval',
      'replay',
      '--benchmark',
      'medqa2',
      '--data',
      'x',
      '--responses',
      'y',
    ]).done
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('unknown benchmark "medqa2"')
    const scorer = await galen([
      'eval',
      'replay',
      '--benchmark',
      'medqa',
      '--data',
      'x',
      '--responses',
      'y',
      '--scorer',
      'loose',
    ]).done
    expect(scorer.code).toBe(2)
    expect(scorer.stderr).toContain('option --scorer = "loose" is invalid')
  })
})
