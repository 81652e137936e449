/**
 * Limits on calls to a model: how many may be in flight at once, and optionally how many may
 * start per minute (spaced evenly, so a burst never exceeds the server's rate limit).
 */
import { AbortError } from '../errors.js'

/** A concurrency and rate limiter. */
export interface RequestLimiter {
  /** Waits for a slot; resolves to a release function. Rejects with `AbortError` on abort. */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Calls in flight now. */
  inFlight(): number
}

/**
 * Creates a limiter.
 *
 * @param settings.concurrency - calls in flight at once (default unlimited)
 * @param settings.requestsPerMinute - starts per minute, spaced `60000 / n` ms apart (default none)
 */
export function createRequestLimiter(settings: {
  concurrency?: number
  requestsPerMinute?: number
}): RequestLimiter {
  const limit = settings.concurrency ?? Number.POSITIVE_INFINITY
  const interval =
    settings.requestsPerMinute === undefined ? 0 : 60_000 / settings.requestsPerMinute
  let active = 0
  let nextStart = 0
  const waiting: Array<{ grant: () => void }> = []

  const release = (): void => {
    active -= 1
    const next = waiting.shift()
    if (next !== undefined) {
      active += 1
      next.grant()
    }
  }

  const pace = async (signal: AbortSignal | undefined): Promise<void> => {
    if (interval === 0) return
    const now = performance.now()
    const start = Math.max(now, nextStart)
    nextStart = start + interval
    const wait = start - now
    if (wait <= 0) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, wait)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(
          new AbortError('llm: aborted while waiting for the rate limit', {
            cause: signal?.reason,
          }),
        )
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  const acquire = async (signal?: AbortSignal): Promise<() => void> => {
    if (signal?.aborted) {
      throw new AbortError('llm: aborted before start', { cause: signal.reason })
    }
    if (active < limit) active += 1
    else {
      await new Promise<void>((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        const onAbort = (): void => {
          const at = waiting.indexOf(entry)
          if (at >= 0) waiting.splice(at, 1)
          reject(new AbortError('llm: aborted while waiting for a slot', { cause: signal?.reason }))
        }
        waiting.push(entry)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    }
    try {
      await pace(signal)
    } catch (error) {
      release()
      throw error
    }
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }

  return { acquire, inFlight: () => active }
}
