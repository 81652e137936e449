import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TimeoutError } from '../errors.js'
import { withStudyLock } from './study-lock.js'

describe('withStudyLock', () => {
  it('holds the lock during the action and removes it afterwards, also on error', () => {
    const study = join(mkdtempSync(join(tmpdir(), 'galen-lock-')), 'study.json')
    expect(withStudyLock(study, () => existsSync(`${study}.lock`))).toBe(true)
    expect(existsSync(`${study}.lock`)).toBe(false)
    expect(() =>
      withStudyLock(study, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(existsSync(`${study}.lock`)).toBe(false)
  })

  it('waits for a live holder and then fails with a timeout naming the lock', () => {
    const study = join(mkdtempSync(join(tmpdir(), 'galen-lock-')), 'study.json')
    writeFileSync(`${study}.lock`, String(process.pid))
    expect(() => withStudyLock(study, () => 1, { waitMs: 120 })).toThrow(TimeoutError)
    expect(() => withStudyLock(study, () => 1, { waitMs: 120 })).toThrow(/study\.json\.lock/)
  })

  it('takes over a lock whose process is gone', () => {
    const study = join(mkdtempSync(join(tmpdir(), 'galen-lock-')), 'study.json')
    writeFileSync(`${study}.lock`, '999999999')
    expect(withStudyLock(study, () => 'ran', { waitMs: 100 })).toBe('ran')
  })
})
