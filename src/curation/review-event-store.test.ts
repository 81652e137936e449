import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { runReviewEventStoreConformance } from './__fixtures__/review-event-store-conformance.js'
import { createMemoryReviewStore } from './memory-review-store.js'
import { createSqliteReviewStore } from './sqlite-review-store.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-review-store-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let counter = 0

runReviewEventStoreConformance('memory', () => createMemoryReviewStore())
runReviewEventStoreConformance('sqlite, synchronous normal', () => {
  counter += 1
  return createSqliteReviewStore({
    path: join(folder, `normal-${counter}.sqlite`),
    synchronous: 'normal',
  })
})
runReviewEventStoreConformance('sqlite', () => {
  counter += 1
  return createSqliteReviewStore({ path: join(folder, `store-${counter}.sqlite`) })
})

describe('sqlite review store', () => {
  it('refuses updates and deletes at the database level', async () => {
    const path = join(folder, 'append-only.sqlite')
    const store = createSqliteReviewStore({ path })
    await store.append({
      events: [{ actor: 'ana', itemId: 'a', type: 'review', before: null, after: {} }],
    })
    await store.close()
    const database = new Database(path)
    expect(() => database.prepare("UPDATE events SET actor = 'eve'").run()).toThrow(/append-only/)
    expect(() => database.prepare('DELETE FROM events').run()).toThrow(/append-only/)
    database.close()
  })

  it('loses no acknowledged event when its process is killed with SIGKILL', async () => {
    const path = join(folder, 'killed.sqlite')
    const module = new URL('./sqlite-review-store.ts', import.meta.url).pathname
    // The child appends one event per loop and prints its sequence number once the append resolved.
    const script = `
      import { createSqliteReviewStore } from ${JSON.stringify(module)}
      const store = createSqliteReviewStore({ path: ${JSON.stringify(path)} })
      for (let n = 1; ; n += 1) {
        const [event] = await store.append({ events: [{ actor: 'ana', itemId: 'item-' + n, type: 'review', before: null, after: { decision: 'accept', n } }] })
        process.stdout.write(event.seq + '\\n')
      }
    `
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let acknowledged = 0
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const numbers = chunk.toString().trim().split('\n').map(Number)
        acknowledged = Math.max(acknowledged, ...numbers.filter(Number.isFinite))
        if (acknowledged >= 50) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', (code) => {
        if (acknowledged < 50) reject(new Error(`child exited early (${code}): ${errors}`))
      })
    })
    await new Promise((resolve) => child.once('close', resolve))
    const store = createSqliteReviewStore({ path })
    const events = await store.read()
    await store.close()
    expect(events.length).toBeGreaterThanOrEqual(acknowledged)
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1))
    expect(events[acknowledged - 1]?.after).toEqual({ decision: 'accept', n: acknowledged })
  })
})
