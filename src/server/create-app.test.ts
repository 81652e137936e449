import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnswerer, type EvidencePassage, type EvidenceSource } from '../answer/index.js'
import { createServiceApp } from './create-app.js'

const passages: EvidencePassage[] = [
  {
    id: 'metformin-1',
    documentId: 'metformin',
    title: 'Metformin: kidney function',
    source: 'FDA',
    url: 'https://example.org/metformin',
    date: '2024',
    authority: 'A',
    materialType: 'drug_label',
    text: 'Metformin is contraindicated when the eGFR is below 30 mL/min/1.73 m2.',
    score: 2,
  },
  {
    id: 'forum-1',
    documentId: 'forum',
    title: 'Forum answer',
    source: 'Forum',
    url: 'https://example.org/forum',
    date: '2021',
    authority: 'E',
    materialType: 'web',
    text: 'Someone wrote that metformin is fine for everybody.',
    score: 1,
  },
]

const evidence: EvidenceSource = {
  name: 'fixture',
  async search({ query, topK, filter }) {
    const order = ['A', 'B', 'C', 'D', 'E']
    return passages
      .filter(() => query.toLowerCase().includes('metformin'))
      .filter(
        (passage) =>
          filter?.minAuthority === undefined ||
          order.indexOf(passage.authority) <= order.indexOf(filter.minAuthority),
      )
      .slice(0, topK)
  },
}

describe('the HTTP service in evidence mode', () => {
  const { app } = createServiceApp({
    answerer: createAnswerer({ evidence }),
    evidence,
    bodyLimitBytes: 4096,
  })
  let base = ''
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await app.close()
  })

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('answers a chat completion with citations and the evidence-mode note', async () => {
    const { status, body } = await post('/v1/chat/completions', {
      model: 'galen-grounded',
      messages: [{ role: 'user', content: 'When is metformin contraindicated?' }],
    })
    expect(status).toBe(200)
    expect(body.object).toBe('chat.completion')
    const citations = body.citations as Array<Record<string, unknown>>
    expect(citations[0]).toMatchObject({
      index: 1,
      title: 'Metformin: kidney function',
      source: 'FDA',
      url: 'https://example.org/metformin',
      date: '2024',
      authority: 'A',
      supported: null,
    })
    expect(Object.keys(citations[0] ?? {})).toEqual(
      expect.arrayContaining([
        'index',
        'title',
        'source',
        'url',
        'date',
        'authority',
        'passage',
        'supported',
      ]),
    )
    const galen = body.galen as { mode: string; notes: string[] }
    expect(galen.mode).toBe('evidence')
    expect(galen.notes[0]).toContain('no answer was generated')
  })

  it('streams the answer as server-sent events ending with the citations and [DONE]', async () => {
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stream: true,
        messages: [{ role: 'user', content: 'metformin and kidneys' }],
      }),
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const text = await response.text()
    const events = text.split('\n\n').filter(Boolean)
    expect(events.at(-1)).toBe('data: [DONE]')
    const last = JSON.parse((events.at(-2) ?? '').slice('data: '.length)) as {
      citations: unknown[]
      choices: Array<{ finish_reason: string }>
    }
    expect(last.choices[0]?.finish_reason).toBe('stop')
    // The level E forum passage is hidden beside on-topic level A evidence (issue 14).
    expect(last.citations.length).toBe(1)
  })

  it('searches with a minimum authority filter', async () => {
    const { status, body } = await post('/v1/search', {
      query: 'metformin',
      k: 5,
      filter: { minAuthority: 'B' },
    })
    expect(status).toBe(200)
    const hits = body.hits as Array<Record<string, unknown>>
    expect(hits.map((hit) => hit.authority)).toEqual(['A'])
    expect(hits[0]).toMatchObject({
      title: 'Metformin: kidney function',
      passage: passages[0]?.text,
      score: 2,
    })
  })

  it('answers malformed JSON with a 400 OpenAI-style error', async () => {
    const { status, body } = await post('/v1/search', '{"query": ')
    expect(status).toBe(400)
    expect((body.error as { type: string }).type).toBe('invalid_request_error')
  })

  it('names the field of an invalid body', async () => {
    const { status, body } = await post('/v1/search', { query: 'x', k: 0 })
    expect(status).toBe(400)
    expect((body.error as { param: string; message: string }).param).toBe('k')
  })

  it('answers an oversized body with 413', async () => {
    const { status } = await post('/v1/search', { query: 'x'.repeat(10_000) })
    expect(status).toBe(413)
  })

  it('lists calculators and runs one from a form body', async () => {
    const list = await fetch(`${base}/v1/calculators`).then(
      (response) => response.json() as Promise<{ calculators: unknown[] }>,
    )
    expect(list.calculators.length).toBeGreaterThan(0)
    const { status, body } = await post('/v1/calculators/6', {
      inputs: { weight: 70, height: 175 },
    })
    expect(status).toBe(200)
    expect(body.value).toBeCloseTo(22.857, 2)
  })

  it('answers bad calculator input with a 400 that names the field', async () => {
    const { status, body } = await post('/v1/calculators/6', {
      inputs: { weight: -5, height: 175 },
    })
    expect(status).toBe(400)
    expect((body.error as { message: string }).message).toContain('weight')
  })

  it('serves the web page, health and metrics', async () => {
    const page = await fetch(`${base}/`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('Not medical advice')
    const health = (await fetch(`${base}/healthz`).then((response) => response.json())) as {
      status: string
    }
    expect(health.status).toBe('ok')
    const metrics = await fetch(`${base}/metrics`).then((response) => response.text())
    expect(metrics).toContain('galen_http_requests_total{route="/v1/search",status="200"}')
  })

  it('answers an unknown route with 404 JSON', async () => {
    const response = await fetch(`${base}/v1/nothing`)
    expect(response.status).toBe(404)
  })
})

describe('the HTTP service with API keys and a rate limit', () => {
  const { app } = createServiceApp({
    answerer: createAnswerer({ evidence }),
    evidence,
    apiKeys: ['secret-key-0123456789'],
    rateLimitPerMinute: 2,
  })
  let base = ''
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses a request without the key and accepts one with it, until the rate limit', async () => {
    const search = (headers: Record<string, string>) =>
      fetch(`${base}/v1/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: 'metformin' }),
      })
    expect((await search({})).status).toBe(401)
    const authorised = { authorization: 'Bearer secret-key-0123456789' }
    expect((await search(authorised)).status).toBe(200)
    const statuses = [(await search(authorised)).status, (await search(authorised)).status]
    expect(statuses).toContain(429)
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })
})

describe('the HTTP service with reward routes and deadlines', () => {
  let base = ''
  let close: () => Promise<void> = async () => {}
  beforeAll(async () => {
    const [{ createRewardServer }, { createItemVerifier }] = await Promise.all([
      import('../rewards/index.js'),
      import('../verifiers/index.js'),
    ])
    const slowAnswerer = {
      answer: (options: { signal?: AbortSignal }) =>
        new Promise<never>((_resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(new Error('aborted')))
        }),
    } as unknown as ReturnType<typeof createAnswerer>
    const { app } = createServiceApp({
      answerer: slowAnswerer,
      evidence,
      requestTimeoutMs: 300,
      rewards: createRewardServer({ verifier: createItemVerifier() }),
    })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    close = () => app.close()
  })
  afterAll(async () => {
    await close()
  })

  it('scores a batch on the mounted native reward route', async () => {
    const response = await fetch(`${base}/v1/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { task: 'exam', response: 'The answer is C.', ground_truth: { answer: 'C' } },
          { task: 'exam', response: 'A or C', ground_truth: { answer: 'C' } },
        ],
      }),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { results: Array<{ score: number; status: string }> }
    expect(body.results.map((result) => result.score)).toEqual([1, 0])
  })

  it('answers a chat request past its deadline with 504', async () => {
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'metformin' }] }),
    })
    expect(response.status).toBe(504)
    const body = (await response.json()) as { error: { type: string } }
    expect(body.error.type).toBe('timeout_error')
  })

  it('runs a calculator named in the body', async () => {
    const response = await fetch(`${base}/v1/calculators`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ calculator: 'bmi', inputs: { weight: '154 lb', height: '70 in' } }),
    })
    const body = (await response.json()) as { value: number; unit: string }
    expect(body.value).toBeCloseTo(22.1, 1)
  })
})
