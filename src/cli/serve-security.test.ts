import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'

const cli = resolve(import.meta.dirname, 'main.ts')
const tsxLoader = pathToFileURL(
  resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs'),
).href
const children: ChildProcess[] = []

afterAll(() => {
  for (const child of children) child.kill('SIGTERM')
})

describe('serve and reward serve refuse to listen beyond loopback without a good key', () => {
  it('refuses serve on 0.0.0.0 without a key, with an empty key and with a short key', async () => {
    const none = await runGalenInProcess(['serve', '--host', '0.0.0.0', '--port', '0'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('needs a key')
    const empty = await runGalenInProcess(['serve', '--host', '0.0.0.0', '--api-key', ''])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('--api-key is empty')
    const short = await runGalenInProcess(['serve', '--host', '0.0.0.0', '--api-key', 'short'])
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('at least 16')
    expect(short.stderr).not.toContain('short"')
  })

  it('refuses reward serve on 0.0.0.0 without a token and a short token anywhere', async () => {
    const none = await runGalenInProcess(['reward', 'serve', '--host', '0.0.0.0', '--port', '0'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('needs a key')
    const short = await runGalenInProcess(['reward', 'serve', '--port', '0', '--token', 'abcde'])
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('--token has 5 characters')
  })

  it('starts with --insecure-no-auth, warns, and prints the address it really bound', async () => {
    const home = mkdtempSync(join(tmpdir(), 'galen-reward-'))
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsxLoader,
        cli,
        'reward',
        'serve',
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--insecure-no-auth',
      ],
      {
        cwd: home,
        env: { ...process.env, GALEN_CONFIG: '', GALEN_REWARD_TOKEN: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    children.push(child)
    const stderr = await new Promise<string>((resolveText, reject) => {
      let text = ''
      const timer = setTimeout(
        () => reject(new Error(`reward serve did not start: ${text}`)),
        60_000,
      )
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (/listening on http/.test(text)) {
          clearTimeout(timer)
          resolveText(text)
        }
      })
      child.on('exit', (code) => reject(new Error(`reward serve exited with ${code}: ${text}`)))
    })
    expect(stderr).toContain('WARNING')
    expect(stderr).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/)
  })
})
