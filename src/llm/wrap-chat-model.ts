/**
 * What Galen puts around any backend: retries with exponential backoff and jitter on retryable
 * failures only, a deadline per call that raises `TimeoutError`, a limit on calls in flight and
 * optionally per minute, an opt-in SQLite response cache, and token and latency accounting.
 */
import { AbortError, ApiCallError, GalenError, TimeoutError } from '../errors.js'
import type {
  ChatChoice,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  TokenUsage,
  ToolCall,
} from './chat-model.js'
import { parseStructuredReply } from './json-output.js'
import { createRequestLimiter } from './request-limiter.js'
import {
  type CachedSample,
  chatCacheKey,
  openResponseCache,
  type ResponseCache,
} from './response-cache.js'

/** Construction settings of {@link wrapChatModel}. */
export interface ChatModelPolicySettings {
  /** Retries after the first try, on retryable failures only (429, 5xx, dropped connections). Default 3. */
  maxRetries?: number
  /** First backoff delay in milliseconds; doubles each retry, with jitter. Default 500. */
  retryBaseDelayMs?: number
  /** Longest backoff delay in milliseconds. Default 20,000. */
  retryMaxDelayMs?: number
  /**
   * Deadline of one call (all its tries and waits) in milliseconds; `TimeoutError` past it.
   * Default 120,000; 0 disables it. `ChatOptions.timeoutMs` overrides it per call.
   */
  timeoutMs?: number
  /** Calls in flight at once (each try holds a slot; backoff waits do not). Default 64. */
  concurrency?: number
  /** Tries started per minute, spaced evenly. Default: no limit. */
  requestsPerMinute?: number
  /** SQLite file of the opt-in response cache. Default: no cache. */
  cachePath?: string
  /** An already open cache (wins over `cachePath`). */
  cache?: ResponseCache
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number
}

/** Accounting of a wrapped model since it was created (or since `resetStats`). */
export interface ChatModelStats {
  /** Calls of `chat`, `stream` and `embed`. */
  requests: number
  /** Tries made against the backend (fanned-out HTTP requests count one each). */
  attempts: number
  retries: number
  /** Calls that failed after their last try. */
  failures: number
  /** Samples served from the response cache. */
  cacheHits: number
  /** Samples looked up in the cache and not found. */
  cacheMisses: number
  promptTokens: number
  completionTokens: number
  totalTokens: number
  /** Sum of call wall times, milliseconds. */
  totalLatencyMs: number
  meanLatencyMs: number
  maxLatencyMs: number
}

/** A model wrapped with Galen's policies. */
export interface ManagedChatModel extends ChatModel {
  /** The backend underneath. */
  readonly backend: ChatModel
  stats(): ChatModelStats
  resetStats(): void
  /** Closes the response cache file it opened and disposes a backend that can be disposed. */
  close(): Promise<void>
}

const emptyUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0 })

function emptyStats(): ChatModelStats {
  return {
    requests: 0,
    attempts: 0,
    retries: 0,
    failures: 0,
    cacheHits: 0,
    cacheMisses: 0,
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    totalLatencyMs: 0,
    meanLatencyMs: 0,
    maxLatencyMs: 0,
  }
}

/** A deadline and the caller's signal, combined. */
interface CallScope {
  signal: AbortSignal
  timedOut(): boolean
  dispose(): void
}

function openScope(
  userSignal: AbortSignal | undefined,
  timeoutMs: number,
  what: string,
): CallScope {
  // One controller per call, linked to the caller's signal by hand: AbortSignal.any costs
  // several times more per call on Node 20.
  const controller = new AbortController()
  let fired = false
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          fired = true
          controller.abort(
            new TimeoutError(`llm: ${what} timed out after ${timeoutMs} ms`, { timeoutMs }),
          )
        }, timeoutMs)
      : undefined
  const forward = (): void => controller.abort(userSignal?.reason)
  if (userSignal?.aborted) forward()
  else userSignal?.addEventListener('abort', forward, { once: true })
  return {
    signal: controller.signal,
    timedOut: () => fired,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer)
      userSignal?.removeEventListener('abort', forward)
    },
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts (a backend that
 * ignores its signal cannot hold a call past its deadline). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Iterates a backend's stream, giving up as soon as the signal aborts. */
async function* guardStream<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]()
  let finished = false
  try {
    while (true) {
      const step = await untilAborted(iterator.next(), signal)
      if (step.done) {
        finished = true
        return
      }
      yield step.value
    }
  } finally {
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined)
  }
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Wraps a backend with retries, a deadline, limits, an optional response cache and accounting.
 *
 * @example
 * const model = wrapChatModel(createOpenAICompatibleBackend({ baseUrl, model: 'qwen' }), {
 *   maxRetries: 5, timeoutMs: 60_000, concurrency: 16, cachePath: '.galen/cache.sqlite',
 * })
 * const result = await model.chat({ messages: [{ role: 'user', content: 'Hi' }] })
 * console.log(result.attempts, model.stats().totalTokens)
 */
export function wrapChatModel(
  backend: ChatModel,
  settings: ChatModelPolicySettings = {},
): ManagedChatModel {
  const maxRetries = settings.maxRetries ?? 3
  const baseDelay = settings.retryBaseDelayMs ?? 500
  const maxDelay = settings.retryMaxDelayMs ?? 20_000
  const defaultTimeout = settings.timeoutMs ?? 120_000
  const random = settings.random ?? Math.random
  const limiter = createRequestLimiter({
    concurrency: settings.concurrency ?? 64,
    ...(settings.requestsPerMinute === undefined
      ? {}
      : { requestsPerMinute: settings.requestsPerMinute }),
  })
  const cache =
    settings.cache ??
    (settings.cachePath === undefined ? undefined : openResponseCache(settings.cachePath))
  let stats = emptyStats()

  const finishCall = (started: number, usage: TokenUsage | undefined, failed: boolean): void => {
    const latency = performance.now() - started
    stats.totalLatencyMs += latency
    stats.maxLatencyMs = Math.max(stats.maxLatencyMs, latency)
    stats.meanLatencyMs = stats.requests === 0 ? 0 : stats.totalLatencyMs / stats.requests
    if (failed) stats.failures += 1
    if (usage !== undefined) {
      stats.promptTokens += usage.promptTokens
      stats.completionTokens += usage.completionTokens
      stats.totalTokens += usage.totalTokens
    }
  }

  const backoff = (retry: number): number => {
    const ceiling = Math.min(maxDelay, baseDelay * 2 ** (retry - 1))
    return ceiling / 2 + (random() * ceiling) / 2
  }

  /** Why a try failed, as the caller should see it. */
  const explain = (error: unknown, scope: CallScope): unknown => {
    if (scope.timedOut()) {
      const reason: unknown = scope.signal.reason
      return reason instanceof TimeoutError ? reason : new TimeoutError('llm: call timed out')
    }
    if (scope.signal.aborted && !(error instanceof GalenError)) {
      return new AbortError('llm: call aborted', { cause: scope.signal.reason })
    }
    return error
  }

  /** Runs `attempt` with retries; returns its value and the tries it took. */
  const withRetries = async <T>(
    scope: CallScope,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ value: T; tries: number }> => {
    for (let tries = 1; ; tries += 1) {
      let release: (() => void) | undefined
      try {
        release = await limiter.acquire(scope.signal)
        stats.attempts += 1
        return { value: await untilAborted(attempt(scope.signal), scope.signal), tries }
      } catch (error) {
        const reason = explain(error, scope)
        const retryable =
          reason instanceof ApiCallError && reason.isRetryable && !scope.signal.aborted
        if (!retryable || tries > maxRetries) throw reason
      } finally {
        release?.()
      }
      try {
        await sleep(backoff(tries), scope.signal)
      } catch (error) {
        throw explain(error, scope)
      }
      stats.retries += 1
    }
  }

  const cachedChoice = (sample: CachedSample, index: number, options: ChatOptions): ChatChoice => {
    const choice: ChatChoice = {
      index,
      text: sample.text,
      toolCalls: sample.toolCalls,
      finishReason: sample.finishReason,
    }
    if (options.responseFormat !== undefined && sample.toolCalls.length === 0) {
      Object.assign(choice, parseStructuredReply(sample.text, options.responseFormat))
    }
    return choice
  }

  const chat = async (options: ChatOptions): Promise<ChatResult> => {
    const started = performance.now()
    stats.requests += 1
    const n = options.n ?? 1
    const keys =
      cache === undefined
        ? []
        : Array.from({ length: n }, (_, index) => chatCacheKey(backend.model, options, index))
    const found = keys.map((key) => cache?.get(key))
    const missing: number[] = []
    for (let index = 0; index < n; index += 1)
      if (cache === undefined || found[index] === undefined) missing.push(index)
    if (cache !== undefined) {
      stats.cacheHits += n - missing.length
      stats.cacheMisses += missing.length
    }
    if (missing.length === 0) {
      const samples = found as CachedSample[]
      const result: ChatResult = {
        model: samples[0]?.model ?? backend.model,
        choices: samples.map((sample, index) => cachedChoice(sample, index, options)),
        usage: emptyUsage(),
        latencyMs: performance.now() - started,
        attempts: 0,
        cached: true,
      }
      finishCall(started, undefined, false)
      return result
    }
    const scope = openScope(
      options.signal,
      options.timeoutMs ?? defaultTimeout,
      `chat with ${backend.name}`,
    )
    try {
      const asked: ChatOptions = { ...options, n: missing.length, signal: scope.signal }
      const { value, tries } = await withRetries(scope, (signal) =>
        backend.chat({ ...asked, signal }),
      )
      const attempts = tries - 1 + value.attempts
      stats.attempts += value.attempts - 1
      let choices = value.choices
      if (cache !== undefined) {
        const share =
          value.choices.length === 0
            ? 0
            : Math.round(value.usage.completionTokens / value.choices.length)
        for (const [position, choice] of value.choices.entries()) {
          const index = missing[position]
          const key = index === undefined ? undefined : keys[index]
          if (key === undefined) continue
          cache.set(key, {
            model: value.model,
            text: choice.text,
            toolCalls: choice.toolCalls,
            finishReason: choice.finishReason,
            promptTokens: value.usage.promptTokens,
            completionTokens: share,
          })
        }
        if (missing.length < n) {
          const fresh = new Map(missing.map((index, position) => [index, value.choices[position]]))
          choices = []
          for (let index = 0; index < n; index += 1) {
            const choice = fresh.get(index)
            const sample = found[index]
            if (choice !== undefined) choices.push({ ...choice, index })
            else if (sample !== undefined) choices.push(cachedChoice(sample, index, options))
          }
        }
      }
      finishCall(started, value.usage, false)
      return { ...value, choices, attempts, latencyMs: performance.now() - started, cached: false }
    } catch (error) {
      finishCall(started, undefined, true)
      throw error
    } finally {
      scope.dispose()
    }
  }

  async function* replay(
    samples: CachedSample[],
    options: ChatOptions,
  ): AsyncGenerator<ChatStreamEvent> {
    yield { type: 'start', model: samples[0]?.model ?? options.model ?? backend.model }
    for (const [index, sample] of samples.entries()) {
      if (sample.text !== '') yield { type: 'text-delta', index, text: sample.text }
      for (const [toolCallIndex, call] of sample.toolCalls.entries()) {
        yield {
          type: 'tool-call-delta',
          index,
          toolCallIndex,
          id: call.id,
          name: call.name,
          argumentsDelta: call.arguments,
        }
      }
      yield { type: 'finish', index, finishReason: sample.finishReason }
    }
    yield { type: 'usage', usage: emptyUsage() }
  }

  async function* stream(options: ChatOptions): AsyncGenerator<ChatStreamEvent> {
    const started = performance.now()
    stats.requests += 1
    const n = options.n ?? 1
    const keys =
      cache === undefined
        ? []
        : Array.from({ length: n }, (_, index) => chatCacheKey(backend.model, options, index))
    const found = keys.map((key) => cache?.get(key))
    if (cache !== undefined && found.every((sample) => sample !== undefined)) {
      stats.cacheHits += n
      finishCall(started, undefined, false)
      yield* replay(found as CachedSample[], options)
      return
    }
    if (cache !== undefined) stats.cacheMisses += n
    const scope = openScope(
      options.signal,
      options.timeoutMs ?? defaultTimeout,
      `stream from ${backend.name}`,
    )
    const texts: string[] = Array.from({ length: n }, () => '')
    const calls: Array<Map<number, ToolCall>> = Array.from({ length: n }, () => new Map())
    const finished: Array<ChatStreamEvent & { type: 'finish' }> = []
    let usage: TokenUsage | undefined
    let model = options.model ?? backend.model
    let failed = true
    try {
      for (let tries = 1; ; tries += 1) {
        let release: (() => void) | undefined
        let yielded = false
        try {
          release = await limiter.acquire(scope.signal)
          stats.attempts += 1
          for await (const event of guardStream(
            backend.stream({ ...options, signal: scope.signal }),
            scope.signal,
          )) {
            if (event.type === 'start') {
              model = event.model
              if (tries === 1) yield event
              continue
            }
            yielded = true
            if (event.type === 'text-delta')
              texts[event.index] = (texts[event.index] ?? '') + event.text
            else if (event.type === 'tool-call-delta') {
              const map = calls[event.index]
              const call = map?.get(event.toolCallIndex) ?? { id: '', name: '', arguments: '' }
              if (event.id !== undefined) call.id = event.id
              if (event.name !== undefined) call.name += event.name
              call.arguments += event.argumentsDelta
              map?.set(event.toolCallIndex, call)
            } else if (event.type === 'finish') finished.push(event)
            else if (event.type === 'usage') usage = event.usage
            yield event
          }
          break
        } catch (error) {
          const reason = explain(error, scope)
          const retryable =
            reason instanceof ApiCallError && reason.isRetryable && !scope.signal.aborted
          if (!retryable || yielded || tries > maxRetries) throw reason
        } finally {
          release?.()
        }
        try {
          await sleep(backoff(tries), scope.signal)
        } catch (error) {
          throw explain(error, scope)
        }
        stats.retries += 1
      }
      failed = false
      if (cache !== undefined && finished.length === n) {
        const share = usage === undefined ? 0 : Math.round(usage.completionTokens / n)
        for (const event of finished) {
          const key = keys[event.index]
          if (key === undefined) continue
          cache.set(key, {
            model,
            text: texts[event.index] ?? '',
            toolCalls: [...(calls[event.index]?.values() ?? [])],
            finishReason: event.finishReason,
            promptTokens: usage?.promptTokens ?? 0,
            completionTokens: share,
          })
        }
      }
    } finally {
      scope.dispose()
      finishCall(started, usage, failed)
    }
  }

  const embed = async (options: EmbedOptions): Promise<EmbedResult> => {
    const started = performance.now()
    stats.requests += 1
    const scope = openScope(options.signal, defaultTimeout, `embeddings from ${backend.name}`)
    try {
      const { value } = await withRetries(scope, (signal) => backend.embed({ ...options, signal }))
      finishCall(started, value.usage, false)
      return value
    } catch (error) {
      finishCall(started, undefined, true)
      throw error
    } finally {
      scope.dispose()
    }
  }

  return {
    name: backend.name,
    get model() {
      return backend.model
    },
    backend,
    chat,
    stream,
    embed,
    stats: () => ({ ...stats }),
    resetStats: () => {
      stats = emptyStats()
    },
    close: async () => {
      if (settings.cache === undefined) cache?.close()
      const disposable = backend as Partial<{ dispose: () => Promise<void> }>
      await disposable.dispose?.()
    },
  }
}
