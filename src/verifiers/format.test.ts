import { describe, expect, it } from 'vitest'
import { verifyFormat } from './format.js'

describe('verifyFormat', () => {
  const schema = {
    type: 'object',
    required: ['diagnoses'],
    properties: { diagnoses: { type: 'array', minItems: 1, items: { type: 'string' } } },
    additionalProperties: false,
  }

  it('accepts JSON that matches the schema, fenced or not, after reasoning', () => {
    expect(
      verifyFormat({
        response: '<think>hmm</think>{"diagnoses": ["NSTEMI"]}',
        groundTruth: { schema },
      }).score,
    ).toBe(1)
    expect(
      verifyFormat({ response: '```json\n{"diagnoses": ["NSTEMI"]}\n```', groundTruth: { schema } })
        .status,
    ).toBe('ok')
  })

  it('names what is wrong with JSON that breaks the schema', () => {
    const result = verifyFormat({
      response: '{"diagnoses": [], "note": 1}',
      groundTruth: { schema },
    })
    expect(result.status).toBe('format_error')
    expect(result.reason).toContain('fewer than 1')
    expect(result.reason).toContain('$.note is not allowed')
    expect(verifyFormat({ response: 'NSTEMI', groundTruth: { schema } }).components.json).toBe(0)
  })

  it('checks reasoning followed by a final answer', () => {
    const good =
      'The troponin rise with ST depression indicates myocardial injury.\nFinal answer: NSTEMI'
    expect(
      verifyFormat({ response: good, groundTruth: { structure: 'reasoning_then_answer' } }).score,
    ).toBe(1)
    expect(
      verifyFormat({
        response: 'Final answer: NSTEMI',
        groundTruth: { structure: 'reasoning_then_answer' },
      }).status,
    ).toBe('format_error')
    expect(
      verifyFormat({
        response: 'Thought process:',
        groundTruth: { structure: 'reasoning_then_answer' },
      }).score,
    ).toBe(0)
  })

  it('checks sections in order and a length limit', () => {
    const note = 'Assessment: chest pain.\nPlan: troponin.'
    expect(
      verifyFormat({
        response: note,
        groundTruth: { sections: ['Assessment', 'Plan'], max_length: 100 },
      }).score,
    ).toBe(1)
    const swapped = verifyFormat({
      response: 'Plan: x\nAssessment: y',
      groundTruth: { sections: ['Assessment', 'Plan'] },
    })
    expect(swapped.status).toBe('format_error')
  })

  it('reports a ground truth with no requirement as error', () => {
    expect(verifyFormat({ response: 'x', groundTruth: {} }).status).toBe('error')
  })
})
