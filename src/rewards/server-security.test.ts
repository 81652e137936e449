import { connect, type Socket } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { createItemVerifier, type ItemVerifier } from '../verifiers/index.js'
import { createRewardServer, type RewardServer } from './server.js'

const KEY = 'reward-key-0123456789abcdef'

/** The rule verifier, except that a response of "spin" burns CPU until it is stopped. */
function spinningVerifier(): ItemVerifier {
  const inner = createItemVerifier()
  return {
    usesJudge: false,
    verifyBatch: (values, options) => inner.verifyBatch(values, options),
    verify(item, options) {
      if (item.response === 'spin') {
        for (;;) {
          // a CPU-bound item that never ends on its own
        }
      }
      return inner.verify(item, options)
    },
  }
}

const exam = (response: string) => ({ task: 'exam', response, ground_truth: { answer: 'C' } })

/** Sends raw bytes on a fresh connection; resolves with everything read until the server closes. */
function rawExchange(
  port: number,
  text: string,
  options: { keepOpenMs?: number } = {},
): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text))
    let reply = ''
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
    })
    socket.on('error', () => undefined)
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }))
    if (options.keepOpenMs !== undefined) {
      setTimeout(() => {
        socket.destroy()
        reject(new Error(`still open after ${options.keepOpenMs} ms`))
      }, options.keepOpenMs)
    }
  })
}

describe('reward server under attack', () => {
  let server: RewardServer
  let url = ''
  let port = 0
  beforeAll(async () => {
    server = createRewardServer({
      verifier: spinningVerifier(),
      port: 0,
      token: KEY,
      maxBodyBytes: 64 * 1024,
      itemCpuMs: 200,
      maxItemChars: 10_000,
      headersTimeoutMs: 500,
      requestTimeoutMs: 1_000,
    })
    const address = await server.start()
    url = address.url
    port = address.port
  })
  afterAll(async () => {
    await server.close()
  })

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
      body,
    })
    return { status: response.status, text: await response.text() }
  }

  it('answers 401 on every protected route without the key and a minimal /healthz', async () => {
    for (const path of ['/v1/rewards', '/get_reward']) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"items":[]}',
      })
      expect(response.status).toBe(401)
    }
    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' })
    const detailed = await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${KEY}` } })
    expect(await detailed.json()).toMatchObject({ status: 'ok', judge: false })
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${KEY}x` } })
    expect(wrong.status).toBe(401)
  })

  it('asks for the key before saying a route does not exist, and never echoes the URL', async () => {
    expect((await fetch(`${url}/secret?token=leaked-value`)).status).toBe(401)
    const missing = await fetch(`${url}/secret?token=leaked-value`, {
      headers: { authorization: `Bearer ${KEY}` },
    })
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('leaked-value')
  })

  it('refuses a cross-site simple POST (text/plain) with 415 before reading it', async () => {
    const response = await post('/v1/rewards', JSON.stringify({ items: [exam('C')] }), {
      'content-type': 'text/plain',
    })
    expect(response.status).toBe(415)
  })

  it('answers 413 to a declared oversized body without reading it, and to an oversized stream', async () => {
    const declared = await rawExchange(
      port,
      `POST /v1/rewards HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ncontent-length: 60000000\r\n\r\n{"items":[`,
      { keepOpenMs: 5_000 },
    )
    expect(declared.reply).toMatch(/^HTTP\/1\.1 413/)
    const chunk = `${'x'.repeat(16 * 1024).length.toString(16)}\r\n${'x'.repeat(16 * 1024)}\r\n`
    const streamed = await rawExchange(
      port,
      `POST /v1/rewards HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${chunk.repeat(6)}`,
      { keepOpenMs: 5_000 },
    )
    expect(streamed.reply).toMatch(/^HTTP\/1\.1 413/)
  })

  it('answers 400 to JSON nested 10,000 deep', async () => {
    const deep = `{"items":${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    const response = await post('/v1/rewards', deep)
    expect(response.status).toBe(400)
    expect(response.text).toContain('nested deeper')
  })

  it('drops connections whose headers dribble in or whose chunked body never ends', async () => {
    const slowHeaders = rawExchange(port, 'POST /v1/rewards HTTP/1.1\r\nhost: x\r\n', {
      keepOpenMs: 6_000,
    })
    const endless = rawExchange(
      port,
      `POST /v1/rewards HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n1\r\n{\r\n`,
      { keepOpenMs: 6_000 },
    )
    const [headers, body] = await Promise.all([slowHeaders, endless])
    expect(headers.closedAfterMs).toBeLessThan(4_000)
    expect(body.closedAfterMs).toBeLessThan(5_000)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
  })

  it('stops a CPU-bound item at its deadline while health checks and other items go on', async () => {
    const started = performance.now()
    const batch = post(
      '/v1/rewards',
      JSON.stringify({ items: [exam('C'), exam('spin'), exam('B')] }),
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    const healthStarted = performance.now()
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect(performance.now() - healthStarted).toBeLessThan(1_000)
    const { status, text } = await batch
    expect(status).toBe(200)
    const results = (
      JSON.parse(text) as { results: Array<{ status: string; score: number; reason: string }> }
    ).results
    expect(results.map((result) => result.status)).toEqual(['ok', 'timeout', 'ok'])
    expect(results[1]?.reason).toContain('200 ms of CPU')
    expect(results.map((result) => result.score)).toEqual([1, 0, 0])
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('stops running a batch after two items ran out of CPU time', async () => {
    const items = [exam('spin'), exam('spin'), exam('spin'), exam('C')]
    const { text } = await post('/v1/rewards', JSON.stringify({ items }))
    const results = (JSON.parse(text) as { results: Array<{ status: string; reason: string }> })
      .results
    expect(results.map((result) => result.status)).toEqual([
      'timeout',
      'timeout',
      'timeout',
      'timeout',
    ])
    expect(results[3]?.reason).toContain('not run')
  })

  it('bounds a catastrophic-backtracking pattern in a format item', async () => {
    const item = {
      task: 'format',
      response: JSON.stringify({ code: `${'a'.repeat(37)}!` }),
      ground_truth: {
        schema: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } },
      },
    }
    const started = performance.now()
    const { status, text } = await post('/v1/rewards', JSON.stringify({ items: [item, exam('C')] }))
    expect(status).toBe(200)
    expect(performance.now() - started).toBeLessThan(3_000)
    const results = (JSON.parse(text) as { results: Array<{ status: string }> }).results
    expect(results[1]?.status).toBe('ok')
  })

  it('gives an item whose text is over the per-item limit an error result', async () => {
    const { text } = await post(
      '/v1/rewards',
      JSON.stringify({ items: [exam(`${'x'.repeat(20_000)} C`), exam('C')] }),
    )
    const results = (JSON.parse(text) as { results: Array<{ status: string; reason: string }> })
      .results
    expect(results[0]).toMatchObject({ status: 'error' })
    expect(results[0]?.reason).toContain('10000 characters')
    expect(results[1]?.status).toBe('ok')
  })

  it('lets no request target reach a protected route without the key (fuzz)', async () => {
    const protectedPaths = ['/v1/rewards', '/get_reward', '/metrics']
    const encodeSome = (text: string, mask: number) =>
      [...text]
        .map((character, position) =>
          (mask >> position) & 1
            ? `%${character.charCodeAt(0).toString(16).padStart(2, '0')}`
            : character,
        )
        .join('')
    const target = fc
      .record({
        path: fc.constantFrom(...protectedPaths),
        mask: fc.integer({ min: 0, max: 2 ** 12 - 1 }),
        upper: fc.boolean(),
        dots: fc.constantFrom('', '/.', '/x/..', '/./'),
        slashes: fc.constantFrom('/', '//', '///'),
        absolute: fc.constantFrom('', 'http://x', 'HTTP://localhost:1'),
        query: fc.constantFrom('', '?a=1', '#f'),
      })
      .map(({ path, mask, upper, dots, slashes, absolute, query }) => {
        const encoded = encodeSome(path, mask)
        const cased = upper
          ? encoded.replace(/%([0-9a-f]{2})/g, (_all, hex: string) => `%${hex.toUpperCase()}`)
          : encoded
        return `${absolute}${slashes}${dots.replace(/^\//, '')}${cased.replace(/^\//, '')}${query}`
      })
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('GET', 'POST'), async (requestTarget, method) => {
        const { reply } = await rawExchange(
          port,
          `${method} ${requestTarget} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 12\r\nconnection: close\r\n\r\n{"items":[]}`,
          { keepOpenMs: 5_000 },
        )
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1])
        expect(status, `${method} ${requestTarget}`).toBeGreaterThanOrEqual(400)
        expect(reply).not.toContain('galen_reward')
        expect(reply).not.toContain('"results"')
        expect(reply).not.toContain('"rewards"')
      }),
      { numRuns: 150 },
    )
  })
})

describe('reward server settings', () => {
  it('refuses short and empty tokens, and listening beyond loopback without one', async () => {
    expect(() => createRewardServer({ verifier: createItemVerifier(), token: 'short' })).toThrow(
      ConfigError,
    )
    expect(() => createRewardServer({ verifier: createItemVerifier(), token: '' })).toThrow(/empty/)
    const open = createRewardServer({ verifier: createItemVerifier(), host: '0.0.0.0', port: 0 })
    await expect(open.start()).rejects.toThrow(/needs a key/)
    const lab = createRewardServer({
      verifier: createItemVerifier(),
      host: '0.0.0.0',
      port: 0,
      insecureNoAuth: true,
    })
    const address = await lab.start()
    try {
      expect(address.warning).toContain('WARNING')
      expect(address.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/)
    } finally {
      await lab.close()
    }
  })

  it('bounds the memory of many parallel unfinished bodies with the shared byte budget', async () => {
    const bounded = createRewardServer({
      verifier: createItemVerifier(),
      port: 0,
      maxBufferedBytes: 512 * 1024,
      headersTimeoutMs: 500,
      requestTimeoutMs: 1_500,
    })
    const { port, url } = await bounded.start()
    try {
      const piece = 'x'.repeat(100 * 1024)
      const chunk = `${piece.length.toString(16)}\r\n${piece}\r\n`
      const replies = await Promise.all(
        Array.from({ length: 24 }, () =>
          rawExchange(
            port,
            `POST /v1/rewards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${chunk}`,
            { keepOpenMs: 8_000 },
          ),
        ),
      )
      const statuses = replies.map(({ reply }) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]))
      // At most five 100 KiB bodies fit in 512 KiB; the rest are refused, none is scored.
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThanOrEqual(19)
      expect(statuses.every((status) => status === 503 || status === 408)).toBe(true)
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
    } finally {
      await bounded.close()
    }
  })

  it('answers 503 before reading the body when every receiving slot is taken', async () => {
    const busy = createRewardServer({
      verifier: createItemVerifier(),
      port: 0,
      maxReceiving: 1,
    })
    const { port } = await busy.start()
    try {
      // The first request holds the only slot while its body trickles in.
      const holder = connect(port, '127.0.0.1')
      holder.on('error', () => undefined)
      holder.write(
        'POST /v1/rewards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{',
      )
      await new Promise((resolve) => setTimeout(resolve, 100))
      const { reply } = await rawExchange(
        port,
        'POST /v1/rewards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n{',
        { keepOpenMs: 5_000 },
      )
      expect(reply).toMatch(/^HTTP\/1\.1 503/)
      holder.destroy()
    } finally {
      await busy.close()
    }
  })
})
