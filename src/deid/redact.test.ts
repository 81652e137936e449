import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import type { ChatModel, ChatOptions, ChatResult } from '../llm/chat-model.js'
import { createDeidentifier, parseModelAnswer, redact, shiftDateText } from './index.js'

function fakeModel(answer: string, seen: ChatOptions[] = []): ChatModel {
  return {
    name: 'fake',
    model: 'fake',
    async chat(options): Promise<ChatResult> {
      seen.push(options)
      return {
        model: 'fake',
        choices: [{ index: 0, text: answer, toolCalls: [], finishReason: 'stop' }],
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        latencyMs: 0,
        attempts: 1,
        cached: false,
      }
    },
    stream() {
      throw new Error('not used')
    },
    async embed() {
      throw new Error('not used')
    },
  }
}

describe('redact', () => {
  it('writes type tags in tags mode', () => {
    expect(redact('Dr. Healey saw him on 7/22 at GH.').text).toBe(
      'Dr. [NAME] saw him on [DATE] at [HOSPITAL].',
    )
  })

  it('returns the input and its spans in spans mode', () => {
    const result = redact('Dr. Healey saw him on 7/22.', { mode: 'spans' })
    expect(result.text).toBe('Dr. Healey saw him on 7/22.')
    expect(result.spans.map((span) => span.type)).toEqual(['NAME', 'DATE'])
  })

  it('rejects an unknown mode naming the value', () => {
    expect(() => redact('x', { mode: 'blur' as never })).toThrow(InputError)
    expect(() => redact('x', { mode: 'blur' as never })).toThrow('unknown mode "blur"')
  })

  it('gives the same surrogate to the same name within a document', () => {
    const { text } = redact('Mr. Nicholson is awake. Mrs. Nicholson called. Dr. Vasquez aware.', {
      mode: 'surrogate',
    })
    const names = text.match(/(?:Mr|Mrs|Dr)\. (\w+)/g) ?? []
    expect(names).toHaveLength(3)
    const [first, second, third] = names.map((name) => name.split(' ')[1])
    expect(first).toBe(second)
    expect(first).not.toBe('Nicholson')
    expect(third).not.toBe('Vasquez')
  })

  it('shifts all dates of a patient by the same number of days', () => {
    const options = { mode: 'surrogate' as const, patientId: '17', seed: 'test' }
    const result = redact('Admitted 07/01/2019, extubated 07/11/2019.', options)
    const dates = result.text.match(/\d{2}\/\d{2}\/\d{4}/g) ?? []
    expect(dates).toHaveLength(2)
    const [a, b] = dates.map((date) => {
      const [month, day, year] = date.split('/').map(Number) as [number, number, number]
      return Date.UTC(year, month - 1, day)
    })
    expect(((b ?? 0) - (a ?? 0)) / 86_400_000).toBe(10)
    expect(result.dateShiftDays).toBeLessThan(0)
    expect(redact('On 07/01/2019.', options).text).toContain(dates[0])
  })

  it('keeps the layout of shifted dates', () => {
    expect(shiftDateText('7/22', 10)).toBe('8/1')
    expect(shiftDateText('07-22-2019', -22)).toBe('06-30-2019')
    expect(shiftDateText('Jan 3rd', 31)).toBe('Feb 3rd')
    expect(shiftDateText("'92", 365)).toBe("'93")
  })
})

describe('model pass', () => {
  it('adds the spans the model names and keeps the rule spans', async () => {
    const seen: ChatOptions[] = []
    const deid = createDeidentifier({
      model: fakeModel(
        '{"phi":[{"text":"zorblat","type":"NAME"},{"text":"not in text","type":"NAME"}]}',
        seen,
      ),
    })
    const text = 'Dr. Healey visited. the zorblat family left; zorblat called.'
    await expect(createDeidentifier().detect({ text })).resolves.toHaveLength(1)
    const spans = await deid.detect({ text })
    expect(spans.map((span) => span.source)).toEqual(['name-title', 'model', 'model'])
    expect(seen[0]?.messages[1]).toEqual({ role: 'user', content: text })
  })

  it('ignores malformed model answers without removing rule spans', async () => {
    const deid = createDeidentifier({ model: fakeModel('I think there is PHI here!') })
    const result = await deid.redact({ text: 'Dr. Healey visited.' })
    expect(result.text).toBe('Dr. [NAME] visited.')
    expect(parseModelAnswer('{"phi":[{"text":42},{"text":"Ann Lee","type":"person"}]}')).toEqual([
      { text: 'Ann Lee', type: 'NAME' },
    ])
  })
})

describe('createDeidentifier', () => {
  it('carries a name found in one note of a patient to the others', async () => {
    const deid = createDeidentifier()
    const [, second] = await deid.detectMany({
      texts: ['Mr. Przybylo is awake.', 'przybylo slept well overnight.'],
    })
    expect(second?.map((span) => span.type)).toEqual(['NAME'])
  })

  it('rejects an out-of-range confidence threshold', () => {
    expect(() => createDeidentifier({ minConfidence: 2 })).toThrow('minConfidence 2')
  })
})
