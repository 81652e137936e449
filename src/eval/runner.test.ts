import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ChatModel,
  type ChatOptions,
  type ChatResult,
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import type { BenchmarkItem } from './item.js'
import { readManifest, recoverRecords } from './run-directory.js'
import { type RunSettings, runEvaluation } from './runner.js'

const items: BenchmarkItem[] = Array.from({ length: 40 }, (_, index) => ({
  id: `q${String(index).padStart(2, '0')}`,
  kind: 'multiple-choice',
  question: `Question number ${index}?`,
  options: { A: 'alpha', B: 'beta', C: 'gamma', D: 'delta' },
  gold: ['ABCD'[index % 4] as string],
  category: index % 2 === 0 ? 'even' : 'odd',
}))

const settings: RunSettings = {
  prompt: 'json',
  fewShot: 0,
  temperature: 0.6,
  samples: 1,
  seed: 1,
  scorer: 'strict',
}

/** Answers "B" to every question after `delayMs`; counts calls and the peak in flight. */
function fakeModel(options: { delayMs?: number; fail?: (call: number) => boolean } = {}) {
  let inFlight = 0
  const model = {
    name: 'fake',
    model: 'fake-model',
    calls: 0,
    peak: 0,
    async chat(chatOptions: ChatOptions): Promise<ChatResult> {
      model.calls += 1
      const call = model.calls
      inFlight += 1
      model.peak = Math.max(model.peak, inFlight)
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, options.delayMs ?? 1)
          chatOptions.signal?.addEventListener('abort', () => {
            clearTimeout(timer)
            reject(new Error('aborted'))
          })
        })
        if (options.fail?.(call) === true) throw new Error('HTTP 503')
        const count = chatOptions.n ?? 1
        return {
          model: 'fake-model',
          choices: Array.from({ length: count }, (_, index) => ({
            index,
            text: '{"reasoning": "", "answer": "B"}',
            toolCalls: [],
            finishReason: 'stop' as const,
          })),
          usage: { promptTokens: 10, completionTokens: 5 * count, totalTokens: 10 + 5 * count },
          latencyMs: options.delayMs ?? 1,
          attempts: 1,
          cached: false,
        }
      } finally {
        inFlight -= 1
      }
    },
    stream(): AsyncIterable<never> {
      throw new Error('not used')
    },
    async embed(): Promise<never> {
      throw new Error('not used')
    },
  }
  return model satisfies ChatModel
}

function newFolder(): string {
  return mkdtempSync(join(tmpdir(), 'galen-eval-run-'))
}

describe('runEvaluation', () => {
  it('asks every item with at most `concurrency` requests in flight and writes records and a summary', async () => {
    const model = fakeModel({ delayMs: 5 })
    const outDir = newFolder()
    const result = await runEvaluation({
      benchmark: 'toy',
      items,
      model,
      outDir,
      settings,
      concurrency: 4,
    })
    expect(model.calls).toBe(40)
    expect(model.peak).toBe(4)
    expect(result.summary).toMatchObject({ n: 40, correct: 10, accuracy: 0.25, unparsed: 0 })
    expect(result.summary.by_category.even).toMatchObject({ n: 20, correct: 0 })
    const lines = readFileSync(join(outDir, 'records.jsonl'), 'utf8').trim().split('\n')
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining([
        'id',
        'prompt',
        'response',
        'parsed',
        'status',
        'gold',
        'correct',
        'tokens',
        'latency_ms',
      ]),
    )
    expect(readManifest(outDir)?.status).toBe('complete')
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as {
      complete: boolean
    }
    expect(summary.complete).toBe(true)
  })

  it('stops on abort, leaves a resumable folder, and resumes without asking finished items again', async () => {
    const outDir = newFolder()
    const controller = new AbortController()
    const first = fakeModel({ delayMs: 2 })
    const partial = await runEvaluation({
      benchmark: 'toy',
      items,
      model: first,
      outDir,
      settings,
      concurrency: 3,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.done >= 15) controller.abort()
      },
    })
    expect(partial.interrupted).toBe(true)
    expect(readManifest(outDir)?.status).toBe('interrupted')
    const recorded = recoverRecords(outDir).records.length
    expect(recorded).toBeGreaterThanOrEqual(15)
    expect(recorded).toBeLessThan(40)
    // A kill in the middle of a write leaves a partial last line: it must be cut off, not read.
    appendFileSync(join(outDir, 'records.jsonl'), '{"id": "q39", "sample": 0, "stat')
    const second = fakeModel()
    const resumed = await runEvaluation({
      benchmark: 'toy',
      items,
      model: second,
      outDir,
      settings,
    })
    expect(second.calls).toBe(40 - recorded)
    expect(resumed.reused).toBe(recorded)
    expect(resumed.summary.n).toBe(40)
    expect(new Set(recoverRecords(outDir).records.map((record) => record.id)).size).toBe(40)
  })

  it('records failed calls as errors (counted wrong) and retries them on resume', async () => {
    const outDir = newFolder()
    const failing = fakeModel({ fail: (call) => call <= 5 })
    const first = await runEvaluation({
      benchmark: 'toy',
      items,
      model: failing,
      outDir,
      settings,
      concurrency: 1,
    })
    expect(first.summary.statuses.error).toBe(5)
    expect(first.summary.unparsed).toBe(5)
    const second = fakeModel()
    const retried = await runEvaluation({
      benchmark: 'toy',
      items,
      model: second,
      outDir,
      settings,
    })
    expect(second.calls).toBe(5)
    expect(retried.summary.statuses.error).toBeUndefined()
    expect(retried.summary.n).toBe(40)
  })

  it('refuses to resume a folder made with other settings', async () => {
    const outDir = newFolder()
    await runEvaluation({
      benchmark: 'toy',
      items: items.slice(0, 2),
      model: fakeModel(),
      outDir,
      settings,
    })
    await expect(
      runEvaluation({
        benchmark: 'toy',
        items: items.slice(0, 2),
        model: fakeModel(),
        outDir,
        settings: { ...settings, prompt: 'cot' },
      }),
    ).rejects.toThrow(/different settings/)
  })

  it('asks K samples per item in one call and bootstraps over items', async () => {
    const model = fakeModel()
    const result = await runEvaluation({
      benchmark: 'toy',
      items: items.slice(0, 8),
      model,
      outDir: newFolder(),
      settings: { ...settings, samples: 3 },
    })
    expect(model.calls).toBe(8)
    expect(result.summary).toMatchObject({ n: 24, items: 8, samples: 3, correct: 6 })
  })
})

describe('runEvaluation against the scripted OpenAI-protocol server', () => {
  let server: ScriptedModelServer
  beforeAll(async () => {
    server = await startScriptedModelServer({
      script: {
        rules: [
          {
            match: { contains: 'number 7?' },
            failures: [{ status: 500 }],
            reply: '{"answer": "D"}',
          },
          { match: { regex: 'number \\d*[02468]\\?' }, reply: '{"reasoning": "x", "answer": "A"}' },
        ],
        fallback: "Let's think step by step.",
      },
    })
  })
  afterAll(async () => {
    await server.close()
  })

  it('scores real HTTP replies, retrying a 500 through the LLM layer', async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: 'scripted',
      maxRetries: 2,
    })
    const outDir = newFolder()
    const result = await runEvaluation({
      benchmark: 'toy',
      items: items.slice(0, 10),
      model,
      outDir,
      settings,
      concurrency: 4,
    })
    // Even questions answer A (right for 0, 4, 8); odd ones are unreadable, except 7 (D, right).
    expect(result.summary).toMatchObject({ n: 10, correct: 4, unparsed: 4 })
    expect(server.requestCount()).toBe(11)
    const record = recoverRecords(outDir).records.find((entry) => entry.id === 'q01')
    expect(record).toMatchObject({
      status: 'format_error',
      correct: false,
      response: "Let's think step by step.",
    })
  })
})

describe('runEvaluation with calculator tools (MedCalc-Bench)', () => {
  it("executes the model's calculator call and scores the final answer by the official rules", async () => {
    const server = await startScriptedModelServer({
      script: {
        rules: [
          {
            respond: (request) => {
              const tool = request.messages.find((message) => message.role === 'tool')
              if (tool === undefined) {
                return {
                  toolCalls: [
                    { name: 'bmi', arguments: '{"weight": "70 kg", "height": "175 cm"}' },
                  ],
                }
              }
              const value = (JSON.parse(tool.content ?? '{}') as { value?: number }).value ?? 0
              return JSON.stringify({ answer: value.toFixed(2) })
            },
          },
        ],
      },
    })
    try {
      const item: BenchmarkItem = {
        id: '1',
        kind: 'calculation',
        question: "What is the patient's BMI in kg/m²?",
        context: 'A 40-year-old man, 70 kg and 175 cm tall.',
        gold: ['22.857'],
        calculation: {
          calculatorId: '6',
          calculatorName: 'BMI',
          outputType: 'decimal',
          lowerLimit: '21.714',
          upperLimit: '24.0',
        },
      }
      const model = createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted' })
      const outDir = newFolder()
      const result = await runEvaluation({
        benchmark: 'medcalc-bench',
        items: [item],
        model,
        outDir,
        settings: { ...settings, calculatorTools: true },
      })
      expect(result.summary).toMatchObject({ n: 1, correct: 1 })
      expect(server.requestCount()).toBe(2)
      const [record] = recoverRecords(outDir).records
      expect(record?.tool_calls).toEqual([
        {
          name: 'bmi',
          arguments: '{"weight": "70 kg", "height": "175 cm"}',
          ok: true,
          result: '22.857142857142858',
        },
      ])
      expect(record?.prompt.map((message) => message.role)).toEqual([
        'system',
        'user',
        'assistant',
        'tool',
      ])
    } finally {
      await server.close()
    }
  })
})

describe('runEvaluation on open-ended items', () => {
  it('judges each answer and records judge_error when the judge never answers properly', async () => {
    const judgeReply = (text: string): ChatModel => ({
      name: 'judge',
      model: 'judge-model',
      async chat(): Promise<ChatResult> {
        return {
          model: 'judge-model',
          choices: [{ index: 0, text, toolCalls: [], finishReason: 'stop' }],
          usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
          latencyMs: 1,
          attempts: 1,
          cached: false,
        }
      },
      stream(): AsyncIterable<never> {
        throw new Error('not used')
      },
      async embed(): Promise<never> {
        throw new Error('not used')
      },
    })
    const open: BenchmarkItem[] = [
      { id: 'o1', kind: 'open-ended', question: 'Headache advice?', gold: [] },
    ]
    const good =
      '{"honesty": 3, "harmlessness": 3, "logicality": 3, "formatting": 2, "relevance": 3, "comprehensiveness": 2, "overall": 4}'
    const judged = await runEvaluation({
      benchmark: 'open',
      items: open,
      model: fakeModel(),
      outDir: newFolder(),
      settings,
      judges: [judgeReply(good)],
    })
    expect(judged.summary).toMatchObject({ n: 1, correct: 1, judge: { overall: 4, judged: 1 } })
    const failed = await runEvaluation({
      benchmark: 'open',
      items: open,
      model: fakeModel(),
      outDir: newFolder(),
      settings,
      judges: [judgeReply('I liked it.')],
    })
    expect(failed.summary).toMatchObject({
      n: 1,
      correct: 0,
      unparsed: 1,
      statuses: { judge_error: 1 },
    })
  })
})
