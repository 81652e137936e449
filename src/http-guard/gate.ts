/**
 * Admission before work: a bound on requests in progress (counted from before their bodies are
 * read) with a bounded wait queue, and a byte budget shared by every body being buffered, so
 * that memory stays bounded whatever clients send.
 */
import { HttpError } from './http-error.js'

/** A bound on requests in progress with a bounded queue. */
export interface AdmissionGate {
  /** Requests holding a slot now. */
  readonly active: number
  /** Requests waiting for a slot now. */
  readonly waiting: number
  /**
   * Resolves with a release function once a slot is free.
   *
   * @throws HttpError 503 (at once) when the queue is full.
   */
  enter(): Promise<() => void>
}

/**
 * Creates a gate.
 *
 * @param settings.concurrency - slots (at least 1).
 * @param settings.maxQueue - waiting requests beyond which the gate answers 503 (0: none wait).
 */
export function createAdmissionGate(settings: {
  concurrency: number
  maxQueue: number
}): AdmissionGate {
  const concurrency = Math.max(1, settings.concurrency)
  const maxQueue = Math.max(0, settings.maxQueue)
  let active = 0
  const queue: Array<() => void> = []
  const release = (): void => {
    const next = queue.shift()
    if (next !== undefined) next()
    else active -= 1
  }
  const releaser = (): (() => void) => {
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }
  return {
    get active() {
      return active
    },
    get waiting() {
      return queue.length
    },
    enter() {
      if (active < concurrency) {
        active += 1
        return Promise.resolve(releaser())
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new HttpError(503, `busy: ${active} requests in progress and ${queue.length} waiting`, {
            code: 'busy',
            headers: { 'retry-after': '1' },
          }),
        )
      }
      return new Promise((resolve) => queue.push(() => resolve(releaser())))
    },
  }
}

/** Bytes of request bodies buffered at once, across requests. */
export interface ByteBudget {
  /** Bytes reserved now. */
  readonly used: number
  /**
   * Reserves `bytes` for a body that already holds `held` bytes; false (nothing reserved) when
   * that would pass the budget. Bodies past the small-body size may not use the part of the
   * budget kept for small bodies, so large or endless streams cannot starve ordinary requests.
   */
  reserve(bytes: number, held?: number): boolean
  /** Gives back `bytes` reserved earlier. */
  release(bytes: number): void
}

/**
 * Creates a byte budget of `limitBytes`.
 *
 * @param options.smallBodyBytes - bodies up to this size may use the whole budget. Default 1 MiB.
 * @param options.keptForSmallBytes - the part of the budget only small bodies may use. Default a
 *   quarter of the budget.
 */
export function createByteBudget(
  limitBytes: number,
  options: { smallBodyBytes?: number; keptForSmallBytes?: number } = {},
): ByteBudget {
  const smallBodyBytes = options.smallBodyBytes ?? 1024 * 1024
  const keptForSmall = Math.min(limitBytes, options.keptForSmallBytes ?? Math.floor(limitBytes / 4))
  let used = 0
  return {
    get used() {
      return used
    },
    reserve(bytes, held = 0) {
      const ceiling = held + bytes > smallBodyBytes ? limitBytes - keptForSmall : limitBytes
      if (used + bytes > ceiling) return false
      used += bytes
      return true
    },
    release(bytes) {
      used = Math.max(0, used - bytes)
    },
  }
}
