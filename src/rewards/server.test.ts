import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatModel } from '../llm/chat-model.js'
import { createItemVerifier, createJudge } from '../verifiers/index.js'
import { createRewardServer, type RewardServer } from './server.js'

let server: RewardServer
let url: string

beforeAll(async () => {
  server = createRewardServer({
    verifier: createItemVerifier(),
    port: 0,
    maxBodyBytes: 20_000,
    defaultTask: 'exam',
  })
  url = (await server.start()).url
})
afterAll(async () => {
  await server.close()
})

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('reward server', () => {
  it('scores a native batch, one bad item never failing it', async () => {
    const { status, body } = await post('/v1/rewards', {
      items: [
        { task: 'exam', response: 'The answer is C', ground_truth: { answer: 'C' } },
        { task: 'exam', response: 'A or C', ground_truth: { answer: 'C' } },
        { task: 'nope' },
      ],
    })
    expect(status).toBe(200)
    const results = body.results as Array<{
      score: number
      status: string
      components: Record<string, number>
    }>
    expect(results.map((result) => [result.score, result.status])).toEqual([
      [1, 'ok'],
      [0, 'format_error'],
      [0, 'error'],
    ])
    expect(new Set(results.map((result) => Object.keys(result.components).join(','))).size).toBe(1)
  })

  it('speaks OpenRLHF: strips prompt and template, reads labels, aligns extra_logs', async () => {
    const prompt = '<|im_start|>user\nWhich drug?<|im_end|>\n<|im_start|>assistant\n'
    const { status, body } = await post('/get_reward', {
      query: [
        `${prompt}Final answer: B<|im_end|>`,
        `${prompt}Let's think step by step.<|im_end|>`,
        'no label',
      ],
      prompts: [prompt, prompt, 'x'],
      labels: ['{"task":"exam","ground_truth":{"answer":"B"}}', 'B', null],
    })
    expect(status).toBe(200)
    expect(body.rewards).toEqual([1, 0, 0])
    expect(body.scores).toEqual([1, 0, 0])
    const logs = body.extra_logs as Record<string, number[]>
    expect(logs.status_ok).toEqual([1, 0, 0])
    expect(logs.status_format_error).toEqual([0, 1, 0])
    expect(logs.status_error).toEqual([0, 0, 1])
    for (const values of Object.values(logs)) expect(values).toHaveLength(3)
  })

  it('answers health and Prometheus metrics', async () => {
    const health = await fetch(`${url}/healthz`)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toContain('# TYPE galen_reward_requests_total counter')
    expect(metrics).toMatch(/galen_reward_items_total\{task="exam",status="ok"\} \d+/)
    expect(metrics).toContain(
      'galen_reward_request_duration_seconds_bucket{endpoint="/v1/rewards",le="+Inf"}',
    )
  })

  it('rejects bad requests with one JSON error and keeps serving', async () => {
    expect((await post('/v1/rewards', '{not json')).status).toBe(400)
    expect((await post('/v1/rewards', { wrong: 1 })).status).toBe(400)
    const large = await post('/v1/rewards', {
      items: [{ task: 'exam', response: 'x'.repeat(30_000), ground_truth: { answer: 'A' } }],
    })
    expect(large.status).toBe(413)
    expect(String((large.body.error as { message: string }).message)).toContain(
      'limit of 20000 bytes',
    )
    expect((await fetch(`${url}/v1/rewards`)).status).toBe(405)
    expect((await fetch(`${url}/nothing`)).status).toBe(404)
    expect((await post('/v1/rewards', { items: [] })).status).toBe(200)
  })

  it('reuses keep-alive connections', async () => {
    const socketsSeen = new Set<unknown>()
    const agentRequest = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const request = httpRequest(`${url}/healthz`, { agent: keepAlive }, (response) => {
          socketsSeen.add(response.socket)
          response.resume()
          response.on('end', resolve)
        })
        request.on('error', reject)
        request.end()
      })
    const { Agent } = await import('node:http')
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 })
    await agentRequest()
    await agentRequest()
    await agentRequest()
    keepAlive.destroy()
    expect(socketsSeen.size).toBe(1)
  })
})

describe('reward server limits', () => {
  const slowModel: ChatModel = {
    name: 'slow',
    model: 'slow',
    chat: (options) =>
      new Promise((_resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('too slow')), 5_000)
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(new Error('aborted'))
        })
      }),
    stream() {
      throw new Error('unused')
    },
    embed() {
      throw new Error('unused')
    },
  }
  const judgeItem = {
    task: 'drug',
    response: 'Give glucophagus.',
    ground_truth: { drugs: ['metformin'] },
  }

  it('reports an item past its deadline as timeout and requires the bearer token', async () => {
    const verifier = createItemVerifier({
      judge: createJudge({ model: slowModel, timeoutMs: 10_000 }),
      settings: { judge: { mode: 'always' } },
    })
    const limited = createRewardServer({
      verifier,
      port: 0,
      itemTimeoutMs: 50,
      token: 'secret-token-0123456789',
    })
    const { url: limitedUrl } = await limited.start()
    try {
      const unauthorized = await fetch(`${limitedUrl}/v1/rewards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [judgeItem] }),
      })
      expect(unauthorized.status).toBe(401)
      const response = await fetch(`${limitedUrl}/v1/rewards`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer secret-token-0123456789',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [judgeItem] }),
      })
      const body = (await response.json()) as { results: Array<{ status: string; reason: string }> }
      expect(body.results[0]?.status).toBe('timeout')
      expect(body.results[0]?.reason).toContain('50 ms')
    } finally {
      await limited.close()
    }
  })

  it('bounds the requests verified at once and answers 503 when the queue is full', async () => {
    const verifier = createItemVerifier({
      judge: createJudge({ model: slowModel }),
      settings: { judge: { mode: 'always' } },
    })
    const busy = createRewardServer({
      verifier,
      port: 0,
      concurrency: 1,
      maxQueue: 0,
      itemTimeoutMs: 300,
    })
    const { url: busyUrl } = await busy.start()
    try {
      const send = () =>
        fetch(`${busyUrl}/v1/rewards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items: [judgeItem] }),
        })
      const first = send()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const second = await send()
      expect(second.status).toBe(503)
      expect((await first).status).toBe(200)
    } finally {
      await busy.close()
    }
  })
})
