/**
 * A hard deadline for synchronous work in this thread. JavaScript cannot be preempted from
 * JavaScript, but V8 can stop a script run by `node:vm` with a `timeout`: the watchdog
 * terminates whatever runs inside the call, including functions defined outside the context and
 * a backtracking regular expression. A call therefore either completes or is cut off close to
 * its deadline, and the event loop goes on.
 *
 * Each guarded call starts a watchdog thread (tens of microseconds), so callers batch work into
 * one call rather than guarding each small step.
 */
import { createContext, Script } from 'node:vm'

const context = createContext({ work: undefined as (() => void) | undefined })
const script = new Script('work()', { filename: 'galen-cpu-guard' })

/**
 * Runs `work` with a hard deadline of `timeoutMs`. Returns true when it completed, false when the
 * deadline cut it off (its side effects up to that point remain). Other errors propagate.
 */
export function runWithCpuDeadline(work: () => void, timeoutMs: number): boolean {
  context.work = work
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.ceil(timeoutMs)) })
    return true
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false
    throw error
  } finally {
    context.work = undefined
  }
}
