import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeHttpFetch } from './node-http-fetch.js'

describe('createNodeHttpFetch', () => {
  let seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' })
      response.end('{"ok":true}')
    })
  })
  let port = 0
  const client = createNodeHttpFetch()
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    client.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('sends the method, path, query, headers, host and body length as http.request would', async () => {
    seen = []
    const headers = new Headers({ 'Content-Type': 'application/json', 'X-Extra': 'a' })
    const response = await client.fetch(`http://127.0.0.1:${port}/v1/chat?x=1`, {
      method: 'POST',
      headers,
      body: '{"é":1}',
    })
    expect(response.status).toBe(201)
    expect(response.ok).toBe(true)
    expect(response.headers.get('X-Request-Id')).toBe('r1')
    expect(response.headers.get('constructor')).toBeNull()
    const names: string[] = []
    response.headers.forEach((_value, name) => {
      names.push(name)
    })
    expect(names).toContain('x-request-id')
    expect(await response.json()).toEqual({ ok: true })
    const request = seen[0]
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/v1/chat?x=1')
    expect(request?.headers.host).toBe(`127.0.0.1:${port}`)
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength('{"é":1}')))
    expect(request?.headers['x-extra']).toBe('a')
    expect(request?.body).toBe('{"é":1}')
  })

  it('turns credentials in the URL into basic authorization unless one is given', async () => {
    seen = []
    await client.fetch(`http://user:p%40ss@127.0.0.1:${port}/a`, { headers: { Accept: 'x' } })
    await client.fetch(`http://user:p%40ss@127.0.0.1:${port}/b`, {
      headers: { Authorization: 'Bearer t' },
    })
    expect(seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
    )
    expect(seen[0]?.headers.accept).toBe('x')
    expect(seen[1]?.headers.authorization).toBe('Bearer t')
  })
})
