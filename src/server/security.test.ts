import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnswerer, type EvidenceSource } from '../answer/index.js'
import { ApiCallError, ConfigError } from '../errors.js'
import { createRewardServer } from '../rewards/index.js'
import { createItemVerifier } from '../verifiers/index.js'
import { createServiceApp } from './create-app.js'

const KEY = 'service-key-0123456789abcdef'

const evidence: EvidenceSource = {
  name: 'fixture',
  async search({ query }) {
    return query.includes('metformin')
      ? [
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
        ]
      : []
  },
}

/** Writes raw bytes on a fresh connection and resolves with the reply once the server closes. */
function rawExchange(
  port: number,
  text: string,
  limitMs = 5_000,
): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let reply = ''
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
    })
    socket.on('error', () => undefined)
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }))
    setTimeout(() => {
      socket.destroy()
      reject(new Error(`still open after ${limitMs} ms`))
    }, limitMs)
  })
}

const statusOf = (reply: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1])

describe('the service with keys under attack', () => {
  const { app } = createServiceApp({
    answerer: createAnswerer({ evidence }),
    evidence,
    apiKeys: [KEY],
    bodyLimitBytes: 2 * 1024 * 1024,
    rateLimitPerMinute: 120,
    rewards: createRewardServer({ verifier: createItemVerifier(), maxBodyBytes: 64 * 1024 }),
    health: { index: 'demo.db' },
    publicHealth: { evidence_policies: ['balanced'] },
    connectionLimits: { headersTimeoutMs: 500, requestTimeoutMs: 1_000 },
  })
  let base = ''
  let port = 0
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    port = Number(new URL(base).port)
  })
  afterAll(async () => {
    await app.close()
  })

  const keyed = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }

  it('answers 401 to encoded, absolute-form and dot-segment targets of protected routes', async () => {
    expect((await fetch(`${base}/%761/models`)).status).toBe(401)
    const search = await fetch(`${base}/v%31/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'metformin' }),
    })
    expect(search.status).toBe(401)
    for (const target of [
      'http://x/v1/models',
      '/%761/chat/completions',
      '/v1/calculators',
      '/metrics',
    ]) {
      const { reply } = await rawExchange(
        port,
        `GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
      )
      expect(statusOf(reply), target).toBe(401)
    }
    expect((await fetch(`${base}/v1/models`, { headers: keyed })).status).toBe(200)
  })

  it('refuses an empty x-api-key header and a wrong key of the right length', async () => {
    expect((await fetch(`${base}/v1/models`, { headers: { 'x-api-key': '' } })).status).toBe(401)
    const wrong = `${KEY.slice(0, -1)}x`
    expect((await fetch(`${base}/v1/models`, { headers: { 'x-api-key': wrong } })).status).toBe(401)
    expect((await fetch(`${base}/v1/models`, { headers: { 'x-api-key': KEY } })).status).toBe(200)
  })

  it('keeps /get_reward behind the key and answers a 60 MB body without reading it', async () => {
    const unkeyed = await rawExchange(
      port,
      'POST /get_reward HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 60000000\r\n\r\n{"query":[',
    )
    expect(statusOf(unkeyed.reply)).toBe(401)
    const keyedLarge = await rawExchange(
      port,
      `POST /get_reward HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ncontent-length: 60000000\r\n\r\n{"query":[`,
    )
    expect(statusOf(keyedLarge.reply)).toBe(413)
    // The reward routes need the key but are not rate limited (trainers call them constantly).
    for (let round = 0; round < 40; round += 1) {
      const scored = await fetch(`${base}/v1/rewards`, {
        method: 'POST',
        headers: keyed,
        body: JSON.stringify({
          items: [{ task: 'exam', response: 'C', ground_truth: { answer: 'C' } }],
        }),
      })
      expect(scored.status).toBe(200)
    }
  })

  it('shows a minimal /healthz without a key and the details with one', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({
      status: 'ok',
      evidence_policies: ['balanced'],
    })
    const detailed = (await (await fetch(`${base}/healthz`, { headers: keyed })).json()) as Record<
      string,
      unknown
    >
    expect(detailed).toMatchObject({ status: 'ok', index: 'demo.db', evidence: 'fixture' })
  })

  it('refuses deep JSON, other content types, long content parts and bad dates with 4xx', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = keyed) =>
      fetch(`${base}${path}`, { method: 'POST', headers, body })
    expect(
      (
        await post(
          '/v1/search',
          `{"query":"x","filter":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await post('/v1/search', JSON.stringify({ query: 'metformin' }), {
          ...keyed,
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(415)
    const longParts = JSON.stringify({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'metformin '.repeat(99_000) }] }],
    })
    const parts = await post('/v1/chat/completions', longParts)
    expect(parts.status).toBe(400)
    const manyParts = JSON.stringify({
      messages: [
        {
          role: 'user',
          content: Array.from({ length: 40 }, () => ({ type: 'text', text: 'x'.repeat(1_000) })),
        },
      ],
    })
    expect((await post('/v1/chat/completions', manyParts)).status).toBe(400)
    const date = await post(
      '/v1/search',
      JSON.stringify({ query: 'metformin', filter: { publishedFrom: 'zzz' } }),
    )
    expect(date.status).toBe(400)
    expect(((await date.json()) as { error: { param: string } }).error.param).toBe(
      'filter.publishedFrom',
    )
  })

  it('answers an unknown route with 404 that does not echo the URL, after the key', async () => {
    expect((await fetch(`${base}/nothing?token=leaked-value`)).status).toBe(401)
    const missing = await fetch(`${base}/nothing?token=leaked-value`, { headers: keyed })
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('leaked-value')
  })

  it('sends anti-framing, no-sniff and referrer headers on the page and the API', async () => {
    for (const response of [
      await fetch(`${base}/`),
      await fetch(`${base}/v1/models`, { headers: keyed }),
    ]) {
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('drops a connection whose headers never finish', async () => {
    const { closedAfterMs } = await rawExchange(
      port,
      'GET /v1/models HTTP/1.1\r\nhost: x\r\n',
      6_000,
    )
    expect(closedAfterMs).toBeLessThan(4_000)
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })

  it('lets no request target reach a protected route without the key (fuzz)', async () => {
    const routes = [
      '/v1/models',
      '/v1/search',
      '/v1/chat/completions',
      '/v1/calculators',
      '/v1/calculators/6',
      '/metrics',
      '/v1/rewards',
      '/get_reward',
    ]
    const target = fc
      .record({
        path: fc.constantFrom(...routes),
        mask: fc.integer({ min: 0, max: 2 ** 20 - 1 }),
        upperHex: fc.boolean(),
        upperPath: fc.boolean(),
        prefix: fc.constantFrom('', '/.', '/x/..', '/./', '/v1/..'),
        slashes: fc.constantFrom('/', '//', '///'),
        absolute: fc.constantFrom('', 'http://x', 'HTTP://localhost:1', 'https://evil.example'),
        suffix: fc.constantFrom('', '/', '?a=1', '#f', '%3Fa', '/.'),
      })
      .map(({ path, mask, upperHex, upperPath, prefix, slashes, absolute, suffix }) => {
        const cased = upperPath ? path.toUpperCase() : path
        const encoded = [...cased]
          .map((character, position) => {
            if (!((mask >> position) & 1)) return character
            const hex = character.charCodeAt(0).toString(16).padStart(2, '0')
            return `%${upperHex ? hex.toUpperCase() : hex}`
          })
          .join('')
        return `${absolute}${slashes}${prefix.replace(/^\//, '')}${encoded.replace(/^\//, '')}${suffix}`
      })
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('GET', 'POST'), async (requestTarget, method) => {
        const body = method === 'POST' ? '{"query":"metformin","items":[]}' : ''
        const { reply } = await rawExchange(
          port,
          `${method} ${requestTarget} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        )
        const status = statusOf(reply)
        expect(status, `${method} ${requestTarget}`).toBeGreaterThanOrEqual(400)
        expect(reply).not.toContain('galen_http_requests_total')
        expect(reply).not.toContain('"hits"')
        expect(reply).not.toContain('"calculators"')
      }),
      { numRuns: 200 },
    )
  })
})

describe('the service without keys', () => {
  it('gives one rate-limit bucket per address, whatever bearer a client makes up', async () => {
    const { app } = createServiceApp({
      answerer: createAnswerer({ evidence }),
      evidence,
      rateLimitPerMinute: 2,
    })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const statuses: number[] = []
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await fetch(`${base}/v1/models`, {
          headers: { authorization: `Bearer random-${attempt}-${Math.random()}` },
        })
        statuses.push(response.status)
      }
      expect(statuses).toContain(429)
    } finally {
      await app.close()
    }
  })

  it('answers a failed model call with 502 that names neither the upstream URL nor its body', async () => {
    const failing = {
      answer: async () => {
        throw new ApiCallError(
          'llm: http://10.1.2.3:8000/v1/chat/completions answered 500: secret',
          {
            status: 500,
            url: 'http://10.1.2.3:8000/v1/chat/completions',
            responseBody: 'upstream secret',
          },
        )
      },
    } as unknown as ReturnType<typeof createAnswerer>
    const { app } = createServiceApp({ answerer: failing, evidence })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const response = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'metformin' }] }),
      })
      expect(response.status).toBe(502)
      const text = await response.text()
      expect(text).not.toContain('10.1.2.3')
      expect(text).not.toContain('secret')
    } finally {
      await app.close()
    }
  })

  it('refuses empty and short keys when it is created', () => {
    const create = (key: string) => () =>
      createServiceApp({ answerer: createAnswerer({ evidence }), evidence, apiKeys: [key] })
    expect(create('')).toThrow(ConfigError)
    expect(create('short')).toThrow(/at least 16/)
  })
})
