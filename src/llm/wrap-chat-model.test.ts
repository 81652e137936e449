import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ApiCallError, ConfigError, InputError, TimeoutError } from '../errors.js'
import type { ChatModel, ChatOptions, ChatResult } from './chat-model.js'
import { createChatModelFromSettings } from './create-chat-model.js'
import { createRequestLimiter } from './request-limiter.js'
import { chatCacheKey, openResponseCache } from './response-cache.js'
import { wrapChatModel } from './wrap-chat-model.js'

const messages = [{ role: 'user' as const, content: 'hi' }]

function result(text: string): ChatResult {
  return {
    model: 'fake',
    choices: [{ index: 0, text, toolCalls: [], finishReason: 'stop' }],
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    latencyMs: 0,
    attempts: 1,
    cached: false,
  }
}

/** A backend whose chat runs `behaviour` with the call number. */
function fakeBackend(behaviour: (call: number, options: ChatOptions) => Promise<ChatResult>): {
  backend: ChatModel
  calls: () => number
} {
  let calls = 0
  return {
    backend: {
      name: 'fake',
      model: 'fake',
      chat: (options) => {
        calls += 1
        return behaviour(calls, options)
      },
      async *stream() {
        yield { type: 'start', model: 'fake' }
      },
      embed: async () => ({
        model: 'fake',
        vectors: [],
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      }),
    },
    calls: () => calls,
  }
}

describe('wrapChatModel', () => {
  it('backs off exponentially with jitter between half and all of each step', async () => {
    const delays: number[] = []
    let last = performance.now()
    const { backend } = fakeBackend(async (call) => {
      const now = performance.now()
      if (call > 1) delays.push(now - last)
      last = now
      if (call <= 3) throw new ApiCallError('llm: busy', { status: 503 })
      return result('ok')
    })
    const model = wrapChatModel(backend, { retryBaseDelayMs: 40, random: () => 0 })
    const answer = await model.chat({ messages })
    expect(answer.attempts).toBe(4)
    // random() = 0 gives exactly half of each step: 20, 40, 80 ms.
    expect(delays[0]).toBeGreaterThanOrEqual(19)
    expect(delays[1]).toBeGreaterThanOrEqual(39)
    expect(delays[2]).toBeGreaterThanOrEqual(79)
    expect(delays[2]).toBeLessThan(400)
  })

  it('never retries errors that are not retryable API failures', async () => {
    const { backend, calls } = fakeBackend(async () => {
      throw new InputError('llm: broken input')
    })
    const model = wrapChatModel(backend, { retryBaseDelayMs: 1 })
    await expect(model.chat({ messages })).rejects.toBeInstanceOf(InputError)
    expect(calls()).toBe(1)
  })

  it('keeps at most `concurrency` calls in flight', async () => {
    let active = 0
    let peak = 0
    const { backend } = fakeBackend(async () => {
      active += 1
      peak = Math.max(peak, active)
      await new Promise((resolve) => setTimeout(resolve, 5))
      active -= 1
      return result('ok')
    })
    const model = wrapChatModel(backend, { concurrency: 3 })
    await Promise.all(Array.from({ length: 12 }, () => model.chat({ messages })))
    expect(peak).toBe(3)
    expect(model.stats()).toMatchObject({ requests: 12, attempts: 12, failures: 0 })
  })

  it('times out a call whose backend ignores the signal', async () => {
    const { backend } = fakeBackend(() => new Promise(() => undefined))
    const model = wrapChatModel(backend, { timeoutMs: 30 })
    const started = performance.now()
    await expect(model.chat({ messages })).rejects.toBeInstanceOf(TimeoutError)
    expect(performance.now() - started).toBeLessThan(900)
    expect(model.stats().failures).toBe(1)
  })
})

describe('createRequestLimiter', () => {
  it('spaces starts evenly under a requests-per-minute limit', async () => {
    const limiter = createRequestLimiter({ requestsPerMinute: 60_000 / 20 })
    const starts: number[] = []
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const release = await limiter.acquire()
        starts.push(performance.now())
        release()
      }),
    )
    const first = starts[0] ?? 0
    expect((starts[3] ?? 0) - first).toBeGreaterThanOrEqual(55)
  })

  it('rejects a waiting caller whose signal aborts, and frees no slot twice', async () => {
    const limiter = createRequestLimiter({ concurrency: 1 })
    const release = await limiter.acquire()
    const controller = new AbortController()
    const waiting = limiter.acquire(controller.signal)
    controller.abort()
    await expect(waiting).rejects.toThrow(/aborted while waiting/)
    release()
    release()
    expect(limiter.inFlight()).toBe(0)
  })
})

describe('response cache', () => {
  it('keys samples by the whole request and treats an unreadable row as a miss', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'galen-cache-')), 'cache.sqlite')
    const cache = openResponseCache(path)
    const options: ChatOptions = { messages, temperature: 0.5 }
    const key = chatCacheKey('m', options, 0)
    expect(chatCacheKey('m', { temperature: 0.5, messages }, 0)).toBe(key)
    expect(chatCacheKey('m', options, 1)).not.toBe(key)
    expect(chatCacheKey('m', { ...options, seed: 1 }, 0)).not.toBe(key)
    expect(chatCacheKey('m', { ...options, timeoutMs: 5 }, 0)).toBe(key)
    cache.set(key, {
      model: 'm',
      text: 'hello',
      toolCalls: [],
      finishReason: 'stop',
      promptTokens: 1,
      completionTokens: 1,
    })
    expect(cache.get(key)?.text).toBe('hello')
    cache.close()
    const database = new Database(path)
    database.prepare('update responses set value = ?').run('{"text": 42')
    database.close()
    const reopened = openResponseCache(path)
    expect(reopened.get(key)).toBeUndefined()
    expect(reopened.size()).toBe(1)
    reopened.close()
  })
})

describe('createChatModelFromSettings', () => {
  it('asks for a URL or a GGUF path when neither is configured', async () => {
    const error = await createChatModelFromSettings({}, 'judge').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toContain('"judge.url" (GALEN_MODEL_URL)')
  })

  it('builds an HTTP model with the configured policies', async () => {
    const model = await createChatModelFromSettings({
      url: 'http://127.0.0.1:9/v1',
      name: 'qwen',
      timeoutMs: 50,
      maxRetries: 0,
    })
    expect(model.name).toBe('openai-compatible:http://127.0.0.1:9/v1')
    expect(model.model).toBe('qwen')
    // Port 9 refuses connections: a retryable failure, but maxRetries is 0.
    const error = await model.chat({ messages }).catch((caught: unknown) => caught)
    expect(error instanceof ApiCallError || error instanceof TimeoutError).toBe(true)
    expect(model.stats().attempts).toBe(1)
    await model.close()
  })
})
