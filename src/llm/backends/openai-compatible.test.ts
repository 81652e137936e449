/**
 * Acceptance tests of the OpenAI-compatible model against the scripted server over real HTTP on
 * 127.0.0.1: structured replies, streaming, fan-out, retries, timeouts, caching, malformed replies.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AbortError, ApiCallError, TimeoutError } from '../../errors.js'
import type { ChatStreamEvent, ResponseFormat } from '../chat-model.js'
import { createOpenAICompatibleModel } from '../create-chat-model.js'
import type { ModelScript } from '../scripted-server/script.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../scripted-server/server.js'
import type { ManagedChatModel } from '../wrap-chat-model.js'

const servers: ScriptedModelServer[] = []
const models: ManagedChatModel[] = []
afterEach(async () => {
  await Promise.all(models.splice(0).map((model) => model.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function setUp(
  script: ModelScript,
  settings: Partial<Parameters<typeof createOpenAICompatibleModel>[0]> = {},
): Promise<{ server: ScriptedModelServer; model: ManagedChatModel }> {
  const server = await startScriptedModelServer({ script })
  servers.push(server)
  const model = createOpenAICompatibleModel({
    baseUrl: server.url,
    model: 'scripted',
    retryBaseDelayMs: 1,
    ...settings,
  })
  models.push(model)
  return { server, model }
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] })

const doseSchema: ResponseFormat = {
  type: 'json_schema',
  name: 'dose',
  schema: {
    type: 'object',
    properties: { drug: { type: 'string' }, milligrams: { type: 'number' } },
    required: ['drug', 'milligrams'],
    additionalProperties: false,
  },
}

describe('OpenAI-compatible model over HTTP', () => {
  it('parses and validates JSON-schema replies, reporting a reply that does not match', async () => {
    const { model } = await setUp({
      rules: [
        { match: { contains: 'good' }, reply: '{"drug":"furosemide","milligrams":40}' },
        { match: { contains: 'fenced' }, reply: '```json\n{"drug":"x","milligrams":1}\n```' },
        { match: { contains: 'bad' }, reply: '{"drug":"furosemide","milligrams":"forty"}' },
        { reply: 'not json at all' },
      ],
    })
    const good = await model.chat({ ...ask('good'), responseFormat: doseSchema })
    expect(good.choices[0]?.json).toEqual({ drug: 'furosemide', milligrams: 40 })
    expect(good.choices[0]?.jsonError).toBeUndefined()
    const fenced = await model.chat({ ...ask('fenced'), responseFormat: doseSchema })
    expect(fenced.choices[0]?.json).toEqual({ drug: 'x', milligrams: 1 })
    const bad = await model.chat({ ...ask('bad'), responseFormat: doseSchema })
    expect(bad.choices[0]?.json).toBeUndefined()
    expect(bad.choices[0]?.jsonError).toBe(
      'reply does not match schema "dose": $.milligrams must be number',
    )
    const prose = await model.chat({ ...ask('prose'), responseFormat: { type: 'json_object' } })
    expect(prose.choices[0]?.jsonError).toMatch(/not valid JSON/)
  })

  it('falls back to json_object plus validation when the server rejects json_schema', async () => {
    const { server, model } = await setUp({
      rules: [{ reply: '{"drug":"aspirin","milligrams":81}' }],
      rejectJsonSchema: true,
    })
    const first = await model.chat({ ...ask('dose?'), responseFormat: doseSchema })
    expect(first.choices[0]?.json).toEqual({ drug: 'aspirin', milligrams: 81 })
    expect(server.requests().map((entry) => entry.outcome)).toEqual(['rejected json_schema', 'ok'])
    // Learned: the next call goes straight to json_object.
    await model.chat({ ...ask('dose?'), responseFormat: doseSchema })
    expect(server.requestCount()).toBe(3)
  })

  it('streams typed events in order: start, deltas, finish, usage', async () => {
    const { model } = await setUp({
      rules: [
        {
          match: { contains: 'tool' },
          reply: { toolCalls: [{ name: 'lookup', arguments: '{"term":"sepsis"}' }] },
        },
        { reply: 'Start antibiotics within one hour.' },
      ],
    })
    const events: ChatStreamEvent[] = []
    for await (const event of model.stream(ask('plan?'))) events.push(event)
    expect(events[0]).toEqual({ type: 'start', model: 'scripted' })
    const deltas = events.filter((event) => event.type === 'text-delta')
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.map((event) => event.text).join('')).toBe('Start antibiotics within one hour.')
    expect(events.slice(-2)).toEqual([
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { promptTokens: 1, completionTokens: 5, totalTokens: 6 } },
    ])
    const toolEvents: ChatStreamEvent[] = []
    for await (const event of model.stream(ask('tool'))) toolEvents.push(event)
    const calls = toolEvents.filter((event) => event.type === 'tool-call-delta')
    expect(calls[0]).toMatchObject({ name: 'lookup', toolCallIndex: 0 })
    expect(calls.map((event) => event.argumentsDelta).join('')).toBe('{"term":"sepsis"}')
  })

  it('fans n = 4 out into separate requests when the server ignores n', async () => {
    const { server, model } = await setUp({
      rules: [{ replies: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] }],
      ignoreN: true,
    })
    const result = await model.chat({ ...ask('answer?'), n: 4, seed: 7 })
    expect(result.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3])
    expect(new Set(result.choices.map((choice) => choice.text)).size).toBe(4)
    expect(server.requestCount()).toBe(4)
    expect(result.attempts).toBe(4)
    // Learned: the next call sends four n = 1 requests straight away.
    const again = await model.chat({ ...ask('answer?'), n: 4 })
    expect(again.choices).toHaveLength(4)
    expect(server.requestCount()).toBe(8)
  })

  it('streams n = 3 samples one after another when the server ignores n', async () => {
    const { server, model } = await setUp({ rules: [{ replies: ['A', 'B', 'C'] }], ignoreN: true })
    const texts = ['', '', '']
    const finished: number[] = []
    for await (const event of model.stream({ ...ask('q'), n: 3 })) {
      if (event.type === 'text-delta') texts[event.index] += event.text
      if (event.type === 'finish') finished.push(event.index)
    }
    expect(texts).toEqual(['A', 'B', 'C'])
    expect(finished).toEqual([0, 1, 2])
    expect(server.requestCount()).toBe(3)
  })

  it('asks once for n = 4 when the server honours n', async () => {
    const { server, model } = await setUp({ rules: [{ replies: ['A', 'B', 'C', 'D'] }] })
    const result = await model.chat({ ...ask('answer?'), n: 4 })
    expect(result.choices.map((choice) => choice.text)).toEqual(['A', 'B', 'C', 'D'])
    expect(server.requestCount()).toBe(1)
  })

  it('retries a 429 and a dropped connection, counting the attempts', async () => {
    const { server, model } = await setUp({
      rules: [{ reply: 'ok', failures: [{ status: 429 }, { drop: true }, { status: 503 }] }],
    })
    const result = await model.chat(ask('hi'))
    expect(result.choices[0]?.text).toBe('ok')
    expect(result.attempts).toBe(4)
    expect(server.requestCount()).toBe(4)
    expect(model.stats()).toMatchObject({ requests: 1, attempts: 4, retries: 3, failures: 0 })
  })

  it('does not retry a 400, and gives up on a 500 after maxRetries', async () => {
    const { server, model } = await setUp(
      {
        rules: [
          {
            match: { contains: 'bad' },
            reply: 'x',
            failures: [{ status: 400, message: 'bad field' }],
          },
          { reply: 'x', failures: [{ status: 500 }, { status: 500 }, { status: 500 }] },
        ],
      },
      { maxRetries: 1 },
    )
    const error = await model.chat(ask('bad')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiCallError)
    expect(error).toMatchObject({ status: 400, isRetryable: false })
    expect((error as Error).message).toMatch(/answered HTTP 400: bad field/)
    expect(server.requestCount()).toBe(1)
    await expect(model.chat(ask('other'))).rejects.toMatchObject({ status: 500 })
    expect(server.requestCount()).toBe(3)
    expect(model.stats().failures).toBe(2)
  })

  it('raises TimeoutError when the server is slower than the deadline', async () => {
    const { model } = await setUp(
      { rules: [{ reply: 'late', latencyMs: 2000 }] },
      { timeoutMs: 100 },
    )
    const started = performance.now()
    const error = await model.chat(ask('hi')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).timeoutMs).toBe(100)
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('raises TimeoutError when a stream stalls', async () => {
    const { model } = await setUp({
      rules: [{ reply: 'one two three four five', failures: [{ slowStreamMs: 300 }] }],
    })
    const read = async () => {
      for await (const _event of model.stream({ ...ask('hi'), timeoutMs: 200 })) {
        // drain
      }
    }
    await expect(read()).rejects.toBeInstanceOf(TimeoutError)
  })

  it('stops with AbortError when the caller aborts', async () => {
    const { model } = await setUp({ rules: [{ reply: 'late', latencyMs: 2000 }] })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    await expect(model.chat({ ...ask('hi'), signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    )
  })

  it('serves a cached request without a second HTTP call, samples keyed by index', async () => {
    const cachePath = join(mkdtempSync(join(tmpdir(), 'galen-cache-')), 'responses.sqlite')
    const { server, model } = await setUp(
      { rules: [{ replies: ['first', 'second', 'third', 'fourth'] }] },
      { cachePath },
    )
    const fresh = await model.chat({ ...ask('q'), n: 2, temperature: 0.7 })
    expect(fresh.cached).toBe(false)
    expect(server.requestCount()).toBe(1)
    // A new model on the same file, as a re-run would have.
    const rerun = createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted', cachePath })
    models.push(rerun)
    const again = await rerun.chat({ ...ask('q'), n: 2, temperature: 0.7 })
    expect(server.requestCount()).toBe(1)
    expect(again).toMatchObject({ cached: true, attempts: 0 })
    expect(again.choices.map((choice) => choice.text)).toEqual(['first', 'second'])
    expect(rerun.stats()).toMatchObject({ cacheHits: 2, attempts: 0 })
    // A different request (other temperature, or a third sample) does call the server.
    const third = await rerun.chat({ ...ask('q'), n: 3, temperature: 0.7 })
    expect(third.choices.map((choice) => choice.text)).toEqual(['first', 'second', 'third'])
    expect(server.requestCount()).toBe(2)
    // Streams read the cache too.
    let streamed = ''
    for await (const event of rerun.stream({ ...ask('q'), n: 1, temperature: 0.7 })) {
      if (event.type === 'text-delta') streamed += event.text
    }
    expect(streamed).toBe('first')
    expect(server.requestCount()).toBe(2)
  })

  it('turns malformed replies into a clear, non-retried ApiCallError', async () => {
    const { server, model } = await setUp({
      rules: [
        { match: { contains: 'truncated' }, reply: 'x', malformed: true },
        {
          match: { contains: 'shape' },
          reply: 'x',
          malformed: '{"id":"x","object":"chat.completion"}',
        },
        { match: { contains: 'stream' }, reply: 'x', malformed: '{"choices":[{"delta":' },
      ],
    })
    const truncated = await model.chat(ask('truncated')).catch((caught: unknown) => caught)
    expect(truncated).toBeInstanceOf(ApiCallError)
    expect((truncated as ApiCallError).message).toMatch(
      /^llm: malformed reply from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/,
    )
    expect((truncated as ApiCallError).isRetryable).toBe(false)
    const shape = await model.chat(ask('shape')).catch((caught: unknown) => caught)
    expect((shape as Error).message).toMatch(/malformed reply .*"choices" is missing/)
    const read = async () => {
      for await (const _event of model.stream(ask('stream'))) {
        // drain
      }
    }
    await expect(read()).rejects.toBeInstanceOf(ApiCallError)
    expect(server.requestCount()).toBe(3)
  })

  it('sends tools and reads tool calls back', async () => {
    const { model } = await setUp({
      rules: [{ reply: { toolCalls: [{ name: 'calculate', arguments: '{"id":"bmi"}' }] } }],
    })
    const result = await model.chat({
      ...ask('bmi?'),
      tools: [
        { name: 'calculate', description: 'run a calculator', parameters: { type: 'object' } },
      ],
      toolChoice: 'auto',
    })
    expect(result.choices[0]).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ name: 'calculate', arguments: '{"id":"bmi"}' }],
    })
  })

  it('embeds texts in order through the same server', async () => {
    const { model } = await setUp({ rules: [], embeddingDimensions: 16 })
    const result = await model.embed({ texts: ['heart failure', 'renal failure'] })
    expect(result.vectors).toHaveLength(2)
    expect(result.vectors[0]).toHaveLength(16)
    expect(result.usage.promptTokens).toBe(4)
  })

  it('counts tokens and latency across calls', async () => {
    const { model } = await setUp({ rules: [{ reply: 'three word reply' }] })
    await model.chat(ask('one two'))
    await model.chat(ask('one two'))
    const stats = model.stats()
    expect(stats).toMatchObject({
      requests: 2,
      promptTokens: 4,
      completionTokens: 6,
      totalTokens: 10,
    })
    expect(stats.meanLatencyMs).toBeGreaterThan(0)
    expect(stats.maxLatencyMs).toBeGreaterThanOrEqual(stats.meanLatencyMs)
  })
})
