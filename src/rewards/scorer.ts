/**
 * Scores batches of raw records with per-item limits that hold even when an item is CPU-bound:
 * every item's text is bounded (`maxItemChars`), synchronous verification runs in slices under a
 * hard CPU deadline ({@link runWithCpuDeadline}), an item that runs past `itemCpuMs` becomes a
 * `timeout` result while the rest of its batch and every other request go on, and items waiting
 * on the judge get the `itemTimeoutMs` deadline. Slices end every few milliseconds so health
 * checks and other requests are served between them.
 */
import {
  type ItemVerifier,
  makeResult,
  parseVerifyItem,
  type VerifierResult,
} from '../verifiers/index.js'
import { runWithCpuDeadline } from './cpu-guard.js'

/** Settings of {@link createScorer}. */
export interface ScorerSettings {
  verifier: ItemVerifier
  /** Deadline of one item including judge calls, in ms. Default 60,000. */
  itemTimeoutMs?: number
  /**
   * CPU time one item may use before it is cut off, in ms; 0 turns the hard deadline off (each
   * guarded slice hands a watchdog thread to the OS, which costs wall time on an oversubscribed
   * host). Default 1,000.
   */
  itemCpuMs?: number
  /** Longest text (in characters, over all of an item's strings). Default 200,000. */
  maxItemChars?: number
  /** Items cut off in one batch after which its remaining items are not run. Default 2. */
  maxCutOffsPerBatch?: number
}

/** Scores one batch. */
export interface Scorer {
  /**
   * Results aligned with `records`, and each record's task (`unknown` when unreadable).
   * `sourceChars`, when given, is an upper bound on the characters of all records together (the
   * body's byte length): at or under `maxItemChars`, no item can pass the limit and none is
   * measured.
   */
  score(
    records: readonly unknown[],
    sourceChars?: number,
  ): Promise<{ results: VerifierResult[]; tasks: string[] }>
  /** Items cut off by the CPU deadline so far. */
  readonly cutOffs: number
}

interface Job {
  records: readonly unknown[]
  measure: boolean
  results: Array<VerifierResult | Promise<VerifierResult>>
  tasks: string[]
  next: number
  cutOffs: number
  resolve(value: { results: VerifierResult[]; tasks: string[] }): void
}

/** How long one slice runs before yielding to the event loop, in ms. */
const SLICE_MS = 10

const errorResult = (reason: string): VerifierResult =>
  makeResult(0, 'error', reason, { correctness: 0, format: 0 })
const timeoutResult = (reason: string): VerifierResult =>
  makeResult(0, 'timeout', reason, { correctness: 0, format: 0 })

/** Total characters of the strings in a value, stopping once past `limit`. */
function textLength(value: unknown, limit: number, depth = 0): number {
  if (typeof value === 'string') return value.length
  if (typeof value !== 'object' || value === null || depth > 32) return 0
  let total = 0
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    total += textLength(child, limit - total, depth + 1)
    if (total > limit) return total
  }
  return total
}

/** Creates a scorer. */
export function createScorer(settings: ScorerSettings): Scorer {
  const verifier = settings.verifier
  const itemTimeoutMs = settings.itemTimeoutMs ?? 60_000
  const itemCpuMs = Math.min(settings.itemCpuMs ?? 1_000, itemTimeoutMs)
  const run = (work: () => void, timeoutMs: number): boolean => {
    if (itemCpuMs > 0) return runWithCpuDeadline(work, timeoutMs)
    work()
    return true
  }
  const maxItemChars = settings.maxItemChars ?? 200_000
  const maxCutOffs = Math.max(1, settings.maxCutOffsPerBatch ?? 2)
  const queue: Job[] = []
  let scheduled = false
  let cutOffs = 0

  const withDeadline = (pending: Promise<VerifierResult>): Promise<VerifierResult> => {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<VerifierResult>((resolve) => {
      timer = setTimeout(
        () => resolve(timeoutResult(`item deadline of ${itemTimeoutMs} ms passed`)),
        itemTimeoutMs,
      )
    })
    return Promise.race([
      pending.catch((error: unknown) =>
        errorResult(`verifier failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
      deadline,
    ]).finally(() => clearTimeout(timer))
  }

  const verifyOne = (job: Job, index: number): VerifierResult | Promise<VerifierResult> => {
    const record = job.records[index]
    job.tasks[index] = 'unknown'
    const invalid = (record as { invalid?: unknown } | null)?.invalid
    if (typeof invalid === 'string') return errorResult(invalid)
    if (job.measure && textLength(record, maxItemChars) > maxItemChars) {
      return errorResult(
        `item ${index + 1}: its text is over the limit of ${maxItemChars} characters`,
      )
    }
    const parsed = parseVerifyItem(record, `item ${index + 1}`)
    if (!parsed.ok) return errorResult(parsed.error)
    job.tasks[index] = parsed.item.task
    try {
      const result = verifier.verify(parsed.item)
      return result instanceof Promise ? withDeadline(result) : result
    } catch (error) {
      return errorResult(
        `item ${index + 1}: verifier failed: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }

  const finish = (job: Job): void => {
    const { results, tasks } = job
    if (results.some((result) => result instanceof Promise)) {
      Promise.all(results).then((settled) => job.resolve({ results: settled, tasks }))
    } else {
      job.resolve({ results: results as VerifierResult[], tasks })
    }
  }

  const drain = (): void => {
    scheduled = false
    const started = performance.now()
    const finished: Job[] = []
    let current: Job | undefined
    const completed = run(() => {
      while (queue.length > 0) {
        const job = queue[0] as Job
        current = job
        while (job.next < job.records.length) {
          // Start no new item once the slice is used up: an item is cut off only after it alone
          // ran for itemCpuMs.
          if (performance.now() - started > SLICE_MS) return
          job.results[job.next] = verifyOne(job, job.next)
          job.next += 1
        }
        queue.shift()
        finished.push(job)
        current = undefined
      }
    }, SLICE_MS + itemCpuMs)
    if (!completed && current !== undefined) {
      const job = current
      cutOffs += 1
      job.cutOffs += 1
      job.results[job.next] = timeoutResult(
        `item used more than ${itemCpuMs} ms of CPU and was stopped`,
      )
      job.tasks[job.next] ??= 'unknown'
      job.next += 1
      if (job.cutOffs >= maxCutOffs) {
        for (; job.next < job.records.length; job.next += 1) {
          job.results[job.next] = timeoutResult(
            `not run: ${job.cutOffs} items of this batch ran out of CPU time`,
          )
          job.tasks[job.next] = 'unknown'
        }
      }
      if (job.next >= job.records.length) {
        queue.splice(queue.indexOf(job), 1)
        finished.push(job)
      }
    }
    for (const job of finished) finish(job)
    if (queue.length > 0) schedule()
  }

  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    setImmediate(drain)
  }

  return {
    get cutOffs() {
      return cutOffs
    },
    score(records, sourceChars) {
      return new Promise((resolve) => {
        queue.push({
          records,
          measure: sourceChars === undefined || sourceChars > maxItemChars,
          results: new Array(records.length),
          tasks: new Array(records.length),
          next: 0,
          cutOffs: 0,
          resolve,
        })
        schedule()
      })
    },
  }
}
