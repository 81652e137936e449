import { describe, expect, it } from 'vitest'
import { verifyExam } from './exam.js'

const OPTIONS = { A: 'Aspirin', B: 'Heparin', C: 'Alteplase', D: 'Warfarin' }

describe('verifyExam', () => {
  it('scores the right letter 1 and a wrong letter 0 with status ok', () => {
    const right = verifyExam({ response: 'The answer is C', groundTruth: { answer: 'C' } })
    expect(right).toEqual({
      score: 1,
      status: 'ok',
      components: { correct: 1, format: 1 },
      reason: 'exam: correct, read "C" (statement)',
    })
    const wrong = verifyExam({ response: 'The answer is B', groundTruth: { answer: 'C' } })
    expect(wrong.score).toBe(0)
    expect(wrong.status).toBe('ok')
    expect(wrong.reason).toContain('key "C"')
  })

  it('scores a hedged "A or C" answer as 0 with format_error', () => {
    const result = verifyExam({ response: 'A or C', groundTruth: { answer: 'C' } })
    expect(result).toMatchObject({ score: 0, status: 'format_error' })
    expect(result.components).toEqual({ correct: 0, format: 0 })
  })

  it('scores an empty answer as 0 with format_error, never silently', () => {
    const result = verifyExam({ response: '', groundTruth: { answer: 'A' } })
    expect(result.status).toBe('format_error')
    expect(result.reason).toContain('empty')
  })

  it('accepts an option list and a key given as option text', () => {
    const result = verifyExam({
      response: 'Final answer: alteplase',
      groundTruth: { answer: 'Alteplase' },
      options: OPTIONS,
    })
    expect(result.score).toBe(1)
    const fromList = verifyExam({
      response: 'Answer: B',
      groundTruth: { answer: 'b' },
      options: ['x', 'y', 'z'],
    })
    expect(fromList.score).toBe(1)
  })

  it('rejects a letter outside the given options', () => {
    const result = verifyExam({
      response: 'The answer is E',
      groundTruth: { answer: 'A' },
      options: OPTIONS,
    })
    expect(result.status).toBe('format_error')
    expect(result.reason).toContain('not an option')
  })

  it('scores multiple-response items exactly by default and partially when configured', () => {
    const truth = { answers: ['A', 'C'] }
    expect(verifyExam({ response: 'Answer: A, C', groundTruth: truth }).score).toBe(1)
    expect(verifyExam({ response: 'Answer: C and A', groundTruth: truth }).score).toBe(1)
    expect(verifyExam({ response: 'Answer: A', groundTruth: truth }).score).toBe(0)
    expect(
      verifyExam({ response: 'Answer: A', groundTruth: truth, partialCredit: 'jaccard' }).score,
    ).toBe(0.5)
    expect(
      verifyExam({ response: 'Answer: A, B', groundTruth: truth, partialCredit: 'proportional' })
        .score,
    ).toBe(0)
    expect(
      verifyExam({ response: 'Answer: A, B', groundTruth: truth, partialCredit: 'jaccard' }).score,
    ).toBeCloseTo(1 / 3)
  })

  it('reports a malformed ground truth as error naming the field', () => {
    const result = verifyExam({ response: 'A', groundTruth: { answer: 'maybe' } as never })
    expect(result.status).toBe('error')
    expect(result.reason).toContain('ground_truth.answer')
    const list = verifyExam({ response: 'A', groundTruth: { answers: [] } })
    expect(list.status).toBe('error')
  })

  it('keeps the same component keys for every outcome', () => {
    const responses = ['The answer is A', 'A or B', '', 'I do not know', 'Answer: Q']
    for (const response of responses) {
      const result = verifyExam({ response, groundTruth: { answer: 'A' } })
      expect(Object.keys(result.components).sort()).toEqual(['correct', 'format'])
    }
  })
})
