import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import { createDeidentifier } from './index.js'

const NOTE = 'Dr. Healey saw him. He grew up on a farm near stonebridge and still fishes there.'

describe('model pass against an OpenAI-protocol server on 127.0.0.1', () => {
  let server: ScriptedModelServer

  beforeAll(async () => {
    server = await startScriptedModelServer({
      script: {
        rules: [
          {
            match: { contains: 'stonebridge' },
            // the model names a place the rules miss, repeats a rule span, and invents one
            reply:
              '{"phi":[{"text":"stonebridge","type":"LOCATION"},{"text":"Healey","type":"NAME"},{"text":"Atlantis","type":"LOCATION"}]}',
          },
        ],
        fallback: '{"phi":[]}',
      },
    })
  })

  afterAll(async () => {
    await server.close()
  })

  it('adds the places the model names and keeps every rule span', async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: 'scripted',
      maxRetries: 0,
    })
    const withModel = createDeidentifier({ model })
    const result = await withModel.redact({ text: NOTE })
    expect(result.text).toBe(
      'Dr. [NAME] saw him. He grew up on a farm near [LOCATION] and still fishes there.',
    )
    expect(result.spans.map((span) => span.source)).toEqual(['name-title', 'model'])

    // a model that finds nothing removes nothing
    const before = server.requestCount()
    const quiet = await withModel.detect({ text: 'Dr. Healey saw him.' })
    expect(server.requestCount()).toBe(before + 1)
    expect(quiet.map((span) => NOTE.slice(span.start, span.end))).toEqual(['Healey'])
  })
})
