import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../errors.js'
import { deterministicEmbedding } from './embeddings.js'
import { hashChatRequest } from './request-hash.js'
import { loadModelScript, type ModelScript, safeParseModelScript } from './script.js'
import { type ScriptedModelServer, startScriptedModelServer } from './server.js'

const servers: ScriptedModelServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(script: ModelScript): Promise<ScriptedModelServer> {
  const server = await startScriptedModelServer({ script })
  servers.push(server)
  return server
}

async function chat(
  server: ScriptedModelServer,
  body: Record<string, unknown>,
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'scripted', ...body }),
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, body: parsed, text }
}

const user = (content: string) => ({ messages: [{ role: 'user', content }] })

describe('scripted model server', () => {
  it('lists its models and answers on a /v1 base URL', async () => {
    const server = await start({ rules: [], models: ['a', 'b'] })
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    const response = await fetch(`${server.url}/models`)
    const body = (await response.json()) as { data: Array<{ id: string }> }
    expect(body.data.map((entry) => entry.id)).toEqual(['a', 'b'])
    expect(server.requestCount()).toBe(1)
  })

  it('matches the last user message by regex, exact text and substring, first rule wins', async () => {
    const server = await start({
      rules: [
        { match: { exact: 'hello' }, reply: 'exact' },
        { match: { regex: '^what is (\\d+)\\?$', flags: 'i' }, reply: 'regex' },
        { match: { contains: 'fever' }, reply: 'contains' },
      ],
      fallback: 'fallback',
    })
    const answer = async (text: string) => {
      const result = await chat(server, {
        messages: [
          { role: 'user', content: 'ignored earlier turn: hello' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: text },
        ],
      })
      return (result.body as { choices: Array<{ message: { content: string } }> }).choices[0]
        ?.message.content
    }
    expect(await answer('  hello ')).toBe('exact')
    expect(await answer('WHAT IS 42?')).toBe('regex')
    expect(await answer('a fever of 39')).toBe('contains')
    expect(await answer('nothing')).toBe('fallback')
  })

  it('answers an unmatched request without fallback with a 400 naming the message', async () => {
    const server = await start({ rules: [{ match: { exact: 'x' }, reply: 'y' }] })
    const result = await chat(server, user('chest pain'))
    expect(result.status).toBe(400)
    expect(result.text).toContain('no rule matches the last user message \\"chest pain\\"')
  })

  it('replays replies in order, one per choice, repeating the last', async () => {
    const server = await start({ rules: [{ replies: ['one', 'two', 'three'] }] })
    const first = await chat(server, { ...user('q'), n: 2 })
    const second = await chat(server, { ...user('q'), n: 2 })
    const texts = (result: { body: unknown }) =>
      (result.body as { choices: Array<{ message: { content: string } }> }).choices.map(
        (choice) => choice.message.content,
      )
    expect(texts(first)).toEqual(['one', 'two'])
    expect(texts(second)).toEqual(['three', 'three'])
  })

  it('returns a single choice when told to ignore n', async () => {
    const server = await start({ rules: [{ reply: 'x' }], ignoreN: true })
    const result = await chat(server, { ...user('q'), n: 4 })
    expect((result.body as { choices: unknown[] }).choices).toHaveLength(1)
  })

  it('injects failures in order, then succeeds', async () => {
    const server = await start({
      rules: [{ reply: 'fine', failures: [{ status: 429 }, { status: 500, message: 'boom' }] }],
    })
    expect((await chat(server, user('q'))).status).toBe(429)
    const second = await chat(server, user('q'))
    expect(second.status).toBe(500)
    expect(second.text).toContain('boom')
    expect((await chat(server, user('q'))).status).toBe(200)
    expect(server.requests().map((entry) => entry.outcome)).toEqual([
      'failure 429',
      'failure 500',
      'ok',
    ])
  })

  it('drops the connection when the failure says so', async () => {
    const server = await start({ rules: [{ reply: 'fine', failures: [{ drop: true }] }] })
    await expect(chat(server, user('q'))).rejects.toThrow()
    expect((await chat(server, user('q'))).status).toBe(200)
  })

  it('sends a malformed body when the rule says so', async () => {
    const server = await start({ rules: [{ reply: 'x', malformed: true }] })
    const result = await chat(server, user('q'))
    expect(result.status).toBe(200)
    expect(result.body).toBeUndefined()
  })

  it('rejects json_schema response formats with a 400 when told to', async () => {
    const server = await start({ rules: [{ reply: '{}' }], rejectJsonSchema: true })
    const rejected = await chat(server, {
      ...user('q'),
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } },
    })
    expect(rejected.status).toBe(400)
    const accepted = await chat(server, { ...user('q'), response_format: { type: 'json_object' } })
    expect(accepted.status).toBe(200)
  })

  it('applies stop sequences and max_tokens, counting whitespace tokens', async () => {
    const server = await start({ rules: [{ reply: 'one two three END four' }] })
    const stopped = await chat(server, { ...user('a b'), stop: ['END'] })
    const stoppedBody = stopped.body as {
      choices: Array<{ message: { content: string }; finish_reason: string }>
      usage: { prompt_tokens: number; completion_tokens: number }
    }
    expect(stoppedBody.choices[0]?.message.content).toBe('one two three ')
    expect(stoppedBody.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 3 })
    const cut = await chat(server, { ...user('q'), max_tokens: 2 })
    const cutBody = cut.body as {
      choices: Array<{ message: { content: string }; finish_reason: string }>
    }
    expect(cutBody.choices[0]).toMatchObject({
      message: { content: 'one two' },
      finish_reason: 'length',
    })
  })

  it('matches a rule by request hash, ignoring the stream flag', async () => {
    const request = { model: 'scripted', ...user('same text'), temperature: 0 }
    const server = await start({
      rules: [
        { match: { requestHash: hashChatRequest(request) }, reply: 'by hash' },
        { reply: 'other' },
      ],
    })
    const client = new OpenAI({ baseURL: server.url, apiKey: 'x', maxRetries: 0 })
    const hit = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'same text' }],
      temperature: 0,
    })
    expect(hit.choices[0]?.message.content).toBe('by hash')
    const miss = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'same text' }],
      temperature: 0.5,
    })
    expect(miss.choices[0]?.message.content).toBe('other')
  })

  it('streams SSE chunks that the official client reassembles, usage and [DONE] last', async () => {
    const server = await start({
      rules: [
        {
          match: { contains: 'tool' },
          reply: { toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] },
        },
        { reply: 'The answer is 42.' },
      ],
    })
    const client = new OpenAI({ baseURL: server.url, apiKey: 'x', maxRetries: 0 })
    const stream = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let finish: string | null = null
    let usage: unknown
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      if (chunk.usage) usage = chunk.usage
    }
    expect(text).toBe('The answer is 42.')
    expect(finish).toBe('stop')
    expect(usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 4 })
    const raw = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'tool please' }], stream: true }),
    })
    const body = await raw.text()
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const tool = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'tool please' }],
    })
    expect(tool.choices[0]?.finish_reason).toBe('tool_calls')
    expect(tool.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'lookup', arguments: '{"q":"x"}' },
    })
  })

  it('serves deterministic unit embeddings, as floats or base64, similar texts closer', async () => {
    const server = await start({ rules: [], embeddingDimensions: 32 })
    const client = new OpenAI({ baseURL: server.url, apiKey: 'x', maxRetries: 0 })
    // The official client asks for base64 and decodes it.
    const result = await client.embeddings.create({
      model: 'scripted',
      input: ['acute myocardial infarction', 'acute myocardial infarct', 'pediatric asthma'],
    })
    const vectors = result.data.map((entry) => entry.embedding)
    expect(vectors[0]).toHaveLength(32)
    const expected = deterministicEmbedding('acute myocardial infarction', 32)
    vectors[0]?.forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 5)
    })
    const dot = (a: number[], b: number[]) =>
      a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0)
    const [a, b, c] = vectors as [number[], number[], number[]]
    expect(dot(a, a)).toBeCloseTo(1, 4)
    expect(dot(a, b)).toBeGreaterThan(dot(a, c))
    const floats = await client.embeddings.create({
      model: 'scripted',
      input: 'acute myocardial infarction',
      encoding_format: 'float',
    })
    expect(floats.data[0]?.embedding).toEqual(expected)
  })
})

describe('model scripts', () => {
  it('loads a script file and names the key at fault in a bad one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-script-'))
    const good = join(folder, 'good.json')
    writeFileSync(
      good,
      JSON.stringify({
        rules: [{ match: { regex: 'fever' }, replies: ['a', { content: 'b' }], latencyMs: 5 }],
      }),
    )
    expect(loadModelScript(good).rules[0]?.replies).toEqual(['a', { content: 'b' }])
    const bad = safeParseModelScript({ rules: [{ match: { regex: '(' } }] })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('script.rules.0.match.regex = "("')
    const wrongType = safeParseModelScript({ rules: [{ latencyMs: 'slow' }] })
    if (!wrongType.ok)
      expect(wrongType.error.message).toContain('script.rules.0.latencyMs = "slow"')
    expect(wrongType.ok).toBe(false)
    const unknown = safeParseModelScript({ rules: [], color: 'red' })
    if (!unknown.ok) expect(unknown.error.message).toContain('unknown key(s) "color"')
    const notJson = join(folder, 'bad.json')
    writeFileSync(notJson, '{ rules: ')
    expect(() => loadModelScript(notJson)).toThrow(InputError)
    expect(() => loadModelScript(join(folder, 'missing.json'))).toThrow(/cannot read script/)
  })
})
