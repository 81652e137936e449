/**
 * What Galen puts around any backend: retries with exponential backoff and jitter on retryable
 * failures only, a deadline per call that raises `TimeoutError`, a limit on calls in flight and
 * optionally per minute, an opt-in SQLite response cache, and token and latency accounting.
 */
import {
  cachedChoice,
  mergeChoices,
  replayCachedSamples,
  sampleKeys,
  storeChatChoices,
  storeStreamedSamples,
} from './cached-chat.js'
import { guardStream, openScope } from './call-scope.js'
import { type ChatModelStats, emptyStats, emptyUsage, recordCall } from './call-stats.js'
import type {
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  TokenUsage,
  ToolCall,
} from './chat-model.js'
import { createRequestLimiter } from './request-limiter.js'
import { type CachedSample, openResponseCache, type ResponseCache } from './response-cache.js'
import {
  explainFailure,
  isRetryable,
  type RetryRun,
  type RetrySettings,
  waitBeforeRetry,
  withRetries,
} from './retry-policy.js'

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

/** A model wrapped with Galen's policies. */
export interface ManagedChatModel extends ChatModel {
  /** The backend underneath. */
  readonly backend: ChatModel
  stats(): ChatModelStats
  resetStats(): void
  /** Closes the response cache file it opened and disposes a backend that can be disposed. */
  close(): Promise<void>
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
  const retrySettings: RetrySettings = {
    maxRetries: settings.maxRetries ?? 3,
    baseDelayMs: settings.retryBaseDelayMs ?? 500,
    maxDelayMs: settings.retryMaxDelayMs ?? 20_000,
    random: settings.random ?? Math.random,
  }
  const defaultTimeout = settings.timeoutMs ?? 120_000
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

  const finishCall = (started: number, usage: TokenUsage | undefined, failed: boolean): void =>
    recordCall(stats, started, usage, failed)

  const retryRun: RetryRun = {
    settings: retrySettings,
    limiter,
    onAttempt: () => {
      stats.attempts += 1
    },
    onRetry: () => {
      stats.retries += 1
    },
  }

  const chat = async (options: ChatOptions): Promise<ChatResult> => {
    const started = performance.now()
    stats.requests += 1
    const n = options.n ?? 1
    const keys = sampleKeys(cache, backend.model, options, n)
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
      const { value, tries } = await withRetries(
        scope,
        (signal) => backend.chat({ ...asked, signal }),
        retryRun,
      )
      const attempts = tries - 1 + value.attempts
      stats.attempts += value.attempts - 1
      let choices = value.choices
      if (cache !== undefined) {
        storeChatChoices(cache, keys, missing, value)
        if (missing.length < n) choices = mergeChoices(n, missing, found, value.choices, options)
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

  async function* stream(options: ChatOptions): AsyncGenerator<ChatStreamEvent> {
    const started = performance.now()
    stats.requests += 1
    const n = options.n ?? 1
    const keys = sampleKeys(cache, backend.model, options, n)
    const found = keys.map((key) => cache?.get(key))
    if (cache !== undefined && found.every((sample) => sample !== undefined)) {
      stats.cacheHits += n
      finishCall(started, undefined, false)
      yield* replayCachedSamples(found as CachedSample[], options, backend)
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
          const reason = explainFailure(error, scope)
          if (!isRetryable(reason, scope) || yielded || tries > retrySettings.maxRetries)
            throw reason
        } finally {
          release?.()
        }
        await waitBeforeRetry(tries, scope, retrySettings)
        stats.retries += 1
      }
      failed = false
      if (cache !== undefined) {
        storeStreamedSamples(cache, keys, { finished, texts, calls, usage, model, n })
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
      const { value } = await withRetries(
        scope,
        (signal) => backend.embed({ ...options, signal }),
        retryRun,
      )
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
