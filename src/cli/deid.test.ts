import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'

const cli = resolve(import.meta.dirname, 'main.ts')

function galen(
  args: readonly string[],
  input: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', cli, ...args], {
      env: { ...process.env, GALEN_MODEL_URL: '', GALEN_CONFIG: '', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

describe('galen deid --model-url', () => {
  let server: ScriptedModelServer

  beforeAll(async () => {
    server = await startScriptedModelServer({
      script: {
        rules: [
          {
            match: { contains: 'stonebridge' },
            reply: '{"phi":[{"text":"stonebridge","type":"LOCATION"}]}',
          },
        ],
        fallback: '{"phi":[]}',
      },
    })
  })

  afterAll(async () => {
    await server.close()
  })

  it('redacts what the model pass adds to the rule spans', async () => {
    const result = await galen(
      ['deid', '-', '--model-url', server.url, '--model', 'scripted'],
      'Dr. Healey saw him. He grew up near stonebridge.',
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('Dr. [NAME] saw him. He grew up near [LOCATION].')
    expect(server.requestCount()).toBe(1)
  })

  it('runs the pass with the model named by GALEN_MODEL_URL and GALEN_MODEL for --model-pass', async () => {
    const before = server.requestCount()
    const result = await galen(
      ['deid', '-', '--model-pass'],
      'Dr. Healey saw him. He grew up near stonebridge.',
      { GALEN_MODEL_URL: server.url, GALEN_MODEL: 'scripted' },
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('Dr. [NAME] saw him. He grew up near [LOCATION].')
    expect(server.requestCount()).toBe(before + 1)
  })

  it('exits 2 when --model comes without --model-url', async () => {
    const result = await galen(['deid', '-', '--model', 'scripted'], 'text')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--model needs --model-url or --model-pass')
  })
})
