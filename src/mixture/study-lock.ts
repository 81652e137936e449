/**
 * An exclusive lock beside a study file (`STUDY.lock`, created with O_EXCL), so that two
 * `galen mix` processes (say, two training jobs of one batch observing at the same time) never
 * read the same study and overwrite each other's trial. A lock whose owner process is gone, or
 * older than `staleMs`, is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { TimeoutError } from '../errors.js'

/** Options of {@link withStudyLock}. */
export interface StudyLockOptions {
  /** How long to wait for another holder, in milliseconds (default 30,000). */
  waitMs?: number
  /** A lock older than this is considered abandoned, in milliseconds (default 600,000). */
  staleMs?: number
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isAbandoned(lockPath: string, staleMs: number): boolean {
  try {
    const age = Date.now() - statSync(lockPath).mtimeMs
    const pid = Number(readFileSync(lockPath, 'utf8').trim())
    return age > staleMs || (Number.isInteger(pid) && pid > 0 && !processAlive(pid))
  } catch {
    return false
  }
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds)
}

/**
 * Runs `action` while holding the study's lock.
 *
 * @throws TimeoutError when another live process holds the lock for longer than `waitMs`
 */
export function withStudyLock<T>(
  studyPath: string,
  action: () => T,
  options: StudyLockOptions = {},
): T {
  const lockPath = `${studyPath}.lock`
  const waitMs = options.waitMs ?? 30_000
  const staleMs = options.staleMs ?? 600_000
  const deadline = Date.now() + waitMs
  let handle: number | undefined
  while (handle === undefined) {
    try {
      handle = openSync(lockPath, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (isAbandoned(lockPath, staleMs)) {
        rmSync(lockPath, { force: true })
        continue
      }
      if (Date.now() > deadline) {
        throw new TimeoutError(
          `mixture: study "${studyPath}" is locked by another process (${lockPath}); waited ${waitMs} ms`,
          { timeoutMs: waitMs },
        )
      }
      sleep(50)
    }
  }
  try {
    writeSync(handle, String(process.pid))
    closeSync(handle)
    return action()
  } finally {
    rmSync(lockPath, { force: true })
  }
}
