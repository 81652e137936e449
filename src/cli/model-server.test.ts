import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const cli = resolve(import.meta.dirname, 'main.ts')

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'model-server', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, exited, output: () => ({ stdout, stderr }) }
}

function writeScript(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'galen-model-server-')), 'script.json')
  writeFileSync(path, JSON.stringify(value))
  return path
}

describe('galen model-server', () => {
  it('serves the script, logs each request with its hash and stops on SIGTERM with 0', async () => {
    const script = writeScript({ rules: [{ match: { contains: 'pain' }, reply: 'B' }] })
    const server = start(['--script', script, '--port', '0', '--json', '--log'])
    let url: string | undefined
    for (let wait = 0; wait < 300 && url === undefined; wait += 1) {
      url = /"url": "([^"]+)"/.exec(server.output().stdout)?.[1]
      if (url === undefined) await new Promise((resolveWait) => setTimeout(resolveWait, 50))
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    const response = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'chest pain' }] }),
    })
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> }
    expect(body.choices[0]?.message.content).toBe('B')
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const logged = JSON.parse(server.output().stderr.trim().split('\n')[0] ?? '{}') as {
      outcome?: string
      requestHash?: string
    }
    expect(logged.outcome).toBe('ok')
    expect(logged.requestHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('exits 1 naming the key of an invalid script, 2 for a bad port', async () => {
    const bad = start(['--script', writeScript({ rules: [{ match: { regex: '(' } }] })])
    expect(await bad.exited).toBe(1)
    expect(bad.output().stderr).toContain('script.rules.0.match.regex = "("')
    const port = start(['--script', writeScript({ rules: [] }), '--port', 'eighty'])
    expect(await port.exited).toBe(2)
    expect(port.output().stderr).toContain('option --port = "eighty" is invalid')
  })
})
