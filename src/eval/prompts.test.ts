import { describe, expect, it } from 'vitest'
import { selectExamples } from './few-shot.js'
import type { BenchmarkItem } from './item.js'
import { buildMessages } from './prompts.js'

function item(id: string, subject?: string): BenchmarkItem {
  return {
    id,
    kind: 'multiple-choice',
    question: `Question ${id}?`,
    options: { A: 'one', B: 'two' },
    gold: ['B'],
    ...(subject === undefined ? {} : { subject }),
  }
}

describe('buildMessages', () => {
  it('asks for the final answer as JSON by default and lists the options', () => {
    const messages = buildMessages({ ...item('1'), context: 'An abstract.' }, 'json')
    const user = messages.at(-1)?.content ?? ''
    expect(messages[0]?.role).toBe('system')
    expect(user).toContain('Context:\nAn abstract.')
    expect(user).toContain('A. one\nB. two')
    expect(user).toContain('"answer": "<letter>"')
  })

  it('asks for every correct letter on multiple-response items and for a final line with cot', () => {
    expect(
      buildMessages({ ...item('1'), multiple: true, gold: ['A', 'B'] }, 'json').at(-1)?.content,
    ).toContain('["<letter>", ...]')
    expect(buildMessages(item('1'), 'cot').at(-1)?.content).toContain('"The answer is X"')
    expect(buildMessages(item('1'), 'direct').at(-1)?.content).toContain('only')
  })

  it('puts few-shot examples before the item as answered turns in the same style', () => {
    const messages = buildMessages(item('9'), 'direct', [item('1'), item('2')])
    expect(messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ])
    expect(messages[2]?.content).toBe('B')
  })
})

describe('selectExamples', () => {
  const pool = [
    item('1', 'anatomy'),
    item('2', 'anatomy'),
    item('3', 'virology'),
    item('4', 'anatomy'),
  ]

  it('is deterministic per item and seed, prefers the same subject and never picks the item itself', () => {
    const target = item('2', 'anatomy')
    const first = selectExamples(target, pool, 2, 7)
    expect(selectExamples(target, pool, 2, 7)).toEqual(first)
    expect(first.map((example) => example.id)).not.toContain('2')
    for (const example of first) expect(example.subject).toBe('anatomy')
  })

  it('falls back to other subjects when the subject has too few examples', () => {
    expect(selectExamples(item('9', 'virology'), pool, 3, 1)).toHaveLength(3)
  })
})
