import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeHttpFetch } from './node-http-fetch.js'
import { MemoizedOpenAI } from './openai-client.js'

const REPLY = JSON.stringify({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
})

describe('MemoizedOpenAI', () => {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = []
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(REPLY)
    })
  })
  const http = createNodeHttpFetch()
  let baseURL = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  })
  afterAll(async () => {
    http.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const ask = (client: MemoizedOpenAI) =>
    client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })

  it('sends the same path and authorization on every request and follows a changed key', async () => {
    seen.length = 0
    const client = new MemoizedOpenAI({ baseURL, apiKey: 'a', maxRetries: 0, fetch: http.fetch })
    await ask(client)
    await ask(client)
    client.apiKey = 'b'
    await ask(client)
    expect(seen.map((request) => request.url)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/chat/completions',
    ])
    expect(seen.map((request) => request.headers.authorization)).toEqual([
      'Bearer a',
      'Bearer a',
      'Bearer b',
    ])
  })

  it('keeps the default query in the URL', async () => {
    seen.length = 0
    const client = new MemoizedOpenAI({
      baseURL,
      apiKey: 'a',
      maxRetries: 0,
      fetch: http.fetch,
      defaultQuery: { 'api-version': '1' },
    })
    await ask(client)
    expect(seen[0]?.url).toBe('/v1/chat/completions?api-version=1')
  })
})
