import { type ChildProcess, execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startServeInFreshFolder } from '../../test/support/serve.js'
import { type ScriptedModelServer, startScriptedModelServer } from '../llm/index.js'

const cli = resolve(import.meta.dirname, 'main.ts')
// The tsx loader by absolute URL, since the service runs in a fresh folder outside the repository.
const tsxLoader = pathToFileURL(
  resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs'),
).href
const children: ChildProcess[] = []
let model: ScriptedModelServer | undefined

function startServe(extra: string[]): Promise<string> {
  return startServeInFreshFolder({ args: extra, children })
}

async function ask(url: string, question: string) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
  })
  return (await response.json()) as {
    choices: Array<{ message: { content: string } }>
    citations: Array<{
      index: number
      title: string
      authority: string
      source: string
      supported: boolean | null
    }>
    galen: { mode: string; notes: string[] }
    support: { all_supported: boolean } | null
  }
}

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM')
  await model?.close()
})

describe('galen serve', () => {
  it('serves the demonstration corpus in evidence mode on a fresh folder', async () => {
    const url = await startServe([])
    const page = await fetch(`${url}/`).then((response) => response.text())
    expect(page).toContain('Not medical advice')
    const answer = await ask(url, 'Do vaccines cause autism?')
    expect(answer.galen.mode).toBe('evidence')
    expect(answer.galen.notes[0]).toContain('no answer was generated')
    const titles = answer.citations.map((citation) => citation.title)
    expect(titles.some((title) => /autism/i.test(title))).toBe(true)
    // The systematic review and the public-health page outrank the forum answer.
    const forum = titles.findIndex((title) => /forum/i.test(title))
    const review = titles.findIndex((title) => /systematic review/i.test(title))
    expect(review).toBeGreaterThanOrEqual(0)
    if (forum >= 0) expect(review).toBeLessThan(forum)
  })

  it('answers with checked citations through a configured model', async () => {
    model = await startScriptedModelServer({
      script: {
        rules: [
          {
            contains: 'metformin',
            reply:
              'Metformin is contraindicated when the estimated glomerular filtration rate is below 30 mL/min/1.73 m2 [1].',
          },
        ].map((rule) => ({ match: { contains: rule.contains }, reply: rule.reply })),
      },
    })
    const url = await startServe(['--model-url', model.url, '--model', 'scripted'])
    const answer = await ask(url, 'When is metfromin contraindicated?')
    expect(answer.galen.mode).toBe('generated')
    expect(answer.galen.notes.join(' ')).toContain('"metfromin" → "metformin"')
    expect(answer.citations[0]?.title).toMatch(/Metformin/)
    expect(answer.citations[0]?.supported).toBe(true)
    expect(answer.support?.all_supported).toBe(true)
  })

  it('serves the reward routes with --rewards', async () => {
    const url = await startServe(['--rewards'])
    const response = await fetch(`${url}/get_reward`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: ['Q: pick one. A: The answer is B.'],
        prompts: ['Q: pick one. A: '],
        labels: [JSON.stringify({ task: 'exam', ground_truth: { answer: 'B' } })],
      }),
    })
    const body = (await response.json()) as { rewards: number[] }
    expect(body.rewards).toEqual([1])
  })

  it('refuses to listen beyond loopback without an API key (exit 2)', async () => {
    const run = promisify(execFile)
    const failure = await run(
      process.execPath,
      ['--import', tsxLoader, cli, 'serve', '--host', '0.0.0.0'],
      {
        env: { ...process.env, GALEN_CONFIG: '' },
      },
    ).catch((error: { code: number; stderr: string }) => error)
    expect((failure as { code: number }).code).toBe(2)
    expect((failure as { stderr: string }).stderr).toContain('needs a key (--api-key')
  })
})
