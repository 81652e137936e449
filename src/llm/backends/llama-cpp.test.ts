/**
 * Local GGUF inference on the 260K-parameter TinyStories model: its text is meaningless, so these
 * tests check mechanics (tokens produced, determinism with a seed, schema-valid JSON, streaming).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { BackendError } from '../../errors.js'
import type { ResponseFormat } from '../chat-model.js'
import { createChatModelFromSettings } from '../create-chat-model.js'
import { validateJsonSchema } from '../json-output.js'
import { createLlamaCppModel } from './llama-cpp.js'
import { toChatHistory } from './llama-cpp-convert.js'

const MODEL = 'models/stories260K.gguf'

const personSchema: ResponseFormat = {
  type: 'json_schema',
  name: 'person',
  schema: {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer' } },
    required: ['name', 'age'],
    additionalProperties: false,
  },
}

describe('toChatHistory', () => {
  it('maps roles, attaches tool results to their calls and opens a model turn', () => {
    const history = toChatHistory([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'bmi?' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: 'c1', name: 'bmi', arguments: '{"kg":70}' }],
      },
      { role: 'tool', content: '22.9', toolCallId: 'c1' },
    ])
    expect(history).toEqual([
      { type: 'system', text: 'be brief' },
      { type: 'user', text: 'bmi?' },
      {
        type: 'model',
        response: [{ type: 'functionCall', name: 'bmi', params: { kg: 70 }, result: '22.9' }],
      },
    ])
    expect(toChatHistory([{ role: 'user', content: 'hi' }]).at(-1)).toEqual({
      type: 'model',
      response: [],
    })
  })
})

describe.skipIf(!hasSharedData(MODEL))('local GGUF model (stories260K, CPU)', () => {
  const model = createLlamaCppModel({
    modelPath: sharedDataPath(MODEL),
    gpu: false,
    contextSize: 256,
    threads: 1,
  })
  afterAll(async () => {
    await model.dispose()
  })
  const messages = [{ role: 'user' as const, content: 'Once upon a time' }]

  it('produces tokens, and the same seed gives the same text', async () => {
    const first = await model.chat({ messages, maxTokens: 12, temperature: 0.9, seed: 42, n: 2 })
    expect(first.model).toBe('stories260K')
    expect(first.choices).toHaveLength(2)
    expect(first.usage.completionTokens).toBeGreaterThan(0)
    expect(first.usage.completionTokens).toBeLessThanOrEqual(24)
    expect(first.usage.promptTokens).toBeGreaterThan(0)
    expect(first.choices[0]?.text.length).toBeGreaterThan(0)
    expect(first.choices[0]?.finishReason).toMatch(/^(length|stop)$/)
    const again = await model.chat({ messages, maxTokens: 12, temperature: 0.9, seed: 42 })
    expect(again.choices[0]?.text).toBe(first.choices[0]?.text)
    // Sample 1 ran with seed 43: asking for seed 43 directly reproduces it.
    const second = await model.chat({ messages, maxTokens: 12, temperature: 0.9, seed: 43 })
    expect(second.choices[0]?.text).toBe(first.choices[1]?.text)
  })

  it('constrains output to a JSON schema with a grammar', async () => {
    const result = await model.chat({
      messages,
      responseFormat: personSchema,
      maxTokens: 80,
      temperature: 0.8,
      seed: 3,
    })
    const choice = result.choices[0]
    expect(choice?.jsonError).toBeUndefined()
    expect(choice?.json).toBeDefined()
    if (personSchema.type === 'json_schema') {
      expect(validateJsonSchema(personSchema.schema, choice?.json)).toEqual({ ok: true })
    }
  })

  it('streams text deltas that add up to the non-streamed text', async () => {
    const options = { messages, maxTokens: 10, temperature: 0.9, seed: 5 }
    let text = ''
    const types: string[] = []
    for await (const event of model.stream(options)) {
      types.push(event.type)
      if (event.type === 'text-delta') text += event.text
    }
    expect(types[0]).toBe('start')
    expect(types.slice(-2)).toEqual(['finish', 'usage'])
    const plain = await model.chat(options)
    expect(text).toBe(plain.choices[0]?.text)
  })

  it('embeds texts into fixed-length vectors, the same text the same vector', async () => {
    const result = await model.embed({ texts: ['a cat', 'a dog', 'a cat'] })
    expect(result.vectors).toHaveLength(3)
    const [first, second, third] = result.vectors
    expect(first?.length).toBeGreaterThan(0)
    expect(second).toHaveLength(first?.length ?? -1)
    expect(third).toEqual(first)
    expect(result.usage.promptTokens).toBeGreaterThan(0)
  })

  it('is what createChatModelFromSettings builds for a configured GGUF', async () => {
    const managed = await createChatModelFromSettings({ gguf: sharedDataPath(MODEL) })
    try {
      expect(managed.name).toBe(`llama-cpp:${sharedDataPath(MODEL)}`)
      expect(managed.model).toBe('stories260K')
    } finally {
      await managed.close()
    }
  })

  it('reports a missing file as a BackendError naming the path', async () => {
    const missing = createLlamaCppModel({ modelPath: '/nonexistent/model.gguf', gpu: false })
    const error = await missing.chat({ messages, maxTokens: 1 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toContain('"/nonexistent/model.gguf"')
  })
})
