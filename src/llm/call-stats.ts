/**
 * Accounting of a wrapped model: calls, tries, retries, failures, cache hits, tokens and latency.
 */
import type { TokenUsage } from './chat-model.js'

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

/** A usage of zero tokens (cache hits cost none). */
export const emptyUsage = (): TokenUsage => ({
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
})

/** Accounting with every count at zero. */
export function emptyStats(): ChatModelStats {
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

/** Adds one finished call (started at `started`, from `performance.now()`) to `stats`. */
export function recordCall(
  stats: ChatModelStats,
  started: number,
  usage: TokenUsage | undefined,
  failed: boolean,
): void {
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
