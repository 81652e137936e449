/**
 * Retries with exponential backoff and jitter, on retryable failures only (`ApiCallError` with
 * `isRetryable`: 408, 409, 429, 5xx, dropped connections) and never once the call has aborted.
 */
import { AbortError, ApiCallError, GalenError, TimeoutError } from '../errors.js'
import { type CallScope, sleep, untilAborted } from './call-scope.js'
import type { RequestLimiter } from './request-limiter.js'

/** How a wrapped model retries. */
export interface RetrySettings {
  /** Retries after the first try. */
  maxRetries: number
  /** First backoff delay in milliseconds; doubles each retry. */
  baseDelayMs: number
  /** Longest backoff delay in milliseconds. */
  maxDelayMs: number
  /** Source of jitter in [0, 1). */
  random: () => number
}

/** The wait before retry number `retry` (from 1): half the capped exponential delay plus jitter. */
export function backoffDelay(retry: number, settings: RetrySettings): number {
  const random = settings.random
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1))
  return ceiling / 2 + (random() * ceiling) / 2
}

/** Why a try failed, as the caller should see it. */
export function explainFailure(error: unknown, scope: CallScope): unknown {
  if (scope.timedOut()) {
    const reason: unknown = scope.signal.reason
    return reason instanceof TimeoutError ? reason : new TimeoutError('llm: call timed out')
  }
  if (scope.signal.aborted && !(error instanceof GalenError)) {
    return new AbortError('llm: call aborted', { cause: scope.signal.reason })
  }
  return error
}

/** Whether a failure (as explained) is worth another try. */
export function isRetryable(reason: unknown, scope: CallScope): boolean {
  return reason instanceof ApiCallError && reason.isRetryable && !scope.signal.aborted
}

/** Waits the backoff after failed try number `tries`; rejects (explained) once the scope aborts. */
export async function waitBeforeRetry(
  tries: number,
  scope: CallScope,
  settings: RetrySettings,
): Promise<void> {
  try {
    await sleep(backoffDelay(tries, settings), scope.signal)
  } catch (error) {
    throw explainFailure(error, scope)
  }
}

/** Hooks and limits of {@link withRetries}. */
export interface RetryRun {
  settings: RetrySettings
  /** Each try holds a slot of the limiter; backoff waits do not. */
  limiter: RequestLimiter
  /** Called when a try starts (after its limiter slot is granted). */
  onAttempt: () => void
  /** Called when a retry starts (after its backoff wait). */
  onRetry: () => void
}

/** Runs `attempt` with retries; returns its value and the tries it took. */
export async function withRetries<T>(
  scope: CallScope,
  attempt: (signal: AbortSignal) => Promise<T>,
  run: RetryRun,
): Promise<{ value: T; tries: number }> {
  for (let tries = 1; ; tries += 1) {
    let release: (() => void) | undefined
    try {
      release = await run.limiter.acquire(scope.signal)
      run.onAttempt()
      return { value: await untilAborted(attempt(scope.signal), scope.signal), tries }
    } catch (error) {
      const reason = explainFailure(error, scope)
      if (!isRetryable(reason, scope) || tries > run.settings.maxRetries) throw reason
    } finally {
      release?.()
    }
    await waitBeforeRetry(tries, scope, run.settings)
    run.onRetry()
  }
}
