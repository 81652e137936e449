/**
 * The scope of one model call: a deadline that raises `TimeoutError`, linked to the caller's abort
 * signal, and helpers that stop waiting (for a try, a stream step or a backoff) once it aborts.
 */
import { TimeoutError } from '../errors.js'

/** A deadline and the caller's signal, combined. */
export interface CallScope {
  signal: AbortSignal
  timedOut(): boolean
  dispose(): void
}

/** Opens the scope of a call described as `what`; a `timeoutMs` of 0 sets no deadline. */
export function openScope(
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
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
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
export async function* guardStream<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal,
): AsyncGenerator<T> {
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

/** Waits `milliseconds`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
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
