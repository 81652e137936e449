import { describe, expect, it } from 'vitest'
import { getCalculator, listCalculators } from './registry.js'
import { calculatorTool, calculatorTools, executeToolCall, toolName } from './tools.js'

describe('calculatorTools', () => {
  it('gives every calculator a valid OpenAI function name and a closed object schema', () => {
    const tools = calculatorTools()
    expect(tools.length).toBe(listCalculators().length)
    const names = new Set<string>()
    for (const tool of tools) {
      expect(tool.type).toBe('function')
      expect(tool.function.name).toMatch(/^[a-zA-Z0-9_]{1,64}$/)
      names.add(tool.function.name)
      const parameters = tool.function.parameters as {
        type: string
        properties: Record<string, { type: unknown; description?: string }>
        required: string[]
        additionalProperties: boolean
      }
      expect(parameters.type).toBe('object')
      expect(parameters.additionalProperties).toBe(false)
      for (const required of parameters.required)
        expect(parameters.properties).toHaveProperty(required)
      for (const property of Object.values(parameters.properties))
        expect(property.type).toBeDefined()
    }
    expect(names.size).toBe(tools.length)
  })

  it('describes the unit and range of a quantity and the options of an enum', () => {
    const tool = calculatorTool(getCalculator('cockcroft-gault'))
    const properties = (
      tool.function.parameters as {
        properties: Record<string, { description: string; enum?: string[] }>
      }
    ).properties
    expect(properties.creatinine?.description).toContain('mg/dL')
    expect(properties.creatinine?.description).toContain('µmol/L')
    expect(properties.sex?.enum).toEqual(['male', 'female'])
  })

  it('selects tools by id, slug or name and skips unknown ones', () => {
    expect(calculatorTools([6, 'ckd-epi-2021', 'nope']).map((tool) => tool.function.name)).toEqual([
      'bmi',
      'ckd_epi_2021',
    ])
  })
})

describe('executeToolCall', () => {
  it('computes from an OpenAI tool call and returns the tool message', () => {
    const execution = executeToolCall({
      id: 'call_7',
      type: 'function',
      function: {
        name: toolName(getCalculator(6)),
        arguments: '{"weight": "154 lb", "height": "1.75 m"}',
      },
    })
    expect(execution.ok).toBe(true)
    expect(execution.result?.value).toBeCloseTo(22.81, 2)
    expect(execution.message).toEqual({
      role: 'tool',
      tool_call_id: 'call_7',
      content: execution.content,
    })
    const content = JSON.parse(execution.content) as {
      value: number
      unit: string
      steps: string[]
    }
    expect(content.unit).toBe('kg/m²')
    expect(content.steps.length).toBeGreaterThan(0)
  })

  it('accepts a flat call with already-parsed arguments', () => {
    const execution = executeToolCall({
      name: 'anion_gap',
      arguments: { sodium: 140, chloride: 100, bicarbonate: 24 },
    })
    expect(execution.result?.value).toBe(16)
  })

  it.each([
    [{ id: 'a', function: { name: 'bmi', arguments: '{"weight": 70' } }, /not valid JSON/],
    [
      { id: 'a', function: { name: 'bmi', arguments: '{"weight": -70, "height": 170}' } },
      /"weight" = -70 kg is outside/,
    ],
    [
      { id: 'a', function: { name: 'bmi', arguments: '{"weight": 70}' } },
      /"height" \(cm\) is required/,
    ],
    [{ id: 'a', function: { name: 'bmi', arguments: '[1]' } }, /must be an object/],
    [
      { id: 'a', function: { name: 'no_such_tool', arguments: '{}' } },
      /unknown tool "no_such_tool"/,
    ],
    [{ id: 'a', function: {} }, /no function name/],
    [null, /not an object/],
    [{ name: 'bmi', arguments: 42 }, /neither JSON text nor an object/],
  ])('returns a clear error message instead of throwing (%#)', (call, message) => {
    const execution = executeToolCall(call)
    expect(execution.ok).toBe(false)
    expect(execution.error).toMatch(message)
    expect((JSON.parse(execution.content) as { error: string }).error).toBe(execution.error)
  })
})
