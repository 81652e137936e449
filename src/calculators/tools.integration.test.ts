/**
 * The tool-augmented calculator loop against a real OpenAI-protocol server on 127.0.0.1: the
 * model asks for a calculator through a tool call, Galen computes, the tool message goes back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  type ChatMessage,
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import { calculatorTools, executeToolCall } from './tools.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

describe('calculator tools over the OpenAI protocol', () => {
  it('executes the model tool call and sends the result back as a tool message', async () => {
    const server: ScriptedModelServer = await startScriptedModelServer({
      script: {
        rules: [
          {
            match: { contains: 'BMI' },
            respond: (request) => {
              const tool = request.messages.find((message) => message.role === 'tool')
              if (tool === undefined) {
                return {
                  toolCalls: [
                    {
                      id: 'call_bmi',
                      name: 'bmi',
                      arguments: '{"weight": "150 lb", "height": "5 ft 7 in"}',
                    },
                  ],
                }
              }
              const value = (JSON.parse(tool.content ?? '{}') as { value: number }).value
              return `The BMI is ${value.toFixed(1)} kg/m².`
            },
          },
        ],
      },
    })
    closers.push(() => server.close())
    const model = createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted' })
    closers.push(() => model.close())
    const tools = calculatorTools().map((tool) => tool.function)
    const messages: ChatMessage[] = [
      { role: 'user', content: 'What is the BMI of a 150 lb, 5 ft 7 in man?' },
    ]

    const first = await model.chat({ messages, tools })
    const calls = first.choices[0]?.toolCalls ?? []
    expect(calls.map((call) => call.name)).toEqual(['bmi'])
    messages.push({ role: 'assistant', content: null, toolCalls: calls })
    for (const call of calls) {
      const execution = executeToolCall(call)
      expect(execution.ok).toBe(true)
      expect(execution.result?.value).toBeCloseTo(23.49, 2)
      messages.push({ role: 'tool', content: execution.content, toolCallId: call.id })
    }

    const second = await model.chat({ messages, tools })
    expect(second.choices[0]?.text).toBe('The BMI is 23.5 kg/m².')
    expect(server.requestCount()).toBe(2)
  })
})
