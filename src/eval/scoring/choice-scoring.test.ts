import { describe, expect, it } from 'vitest'
import { verifyExam } from '../../verifiers/index.js'
import type { BenchmarkItem } from '../item.js'
import { scoreChoice } from './choice-scoring.js'
import { createScorer } from './scorer.js'

const item: BenchmarkItem = {
  id: 'q1',
  kind: 'multiple-choice',
  question: 'Which drug?',
  options: { A: 'Aspirin', B: 'Heparin', C: 'Warfarin', D: 'Alteplase' },
  gold: ['C'],
}

describe('scoreChoice (through the exam verifier)', () => {
  it('reads a JSON answer and scores it', () => {
    expect(scoreChoice(item, '{"reasoning": "...", "answer": "C"}')).toMatchObject({
      parsed: 'C',
      status: 'ok',
      correct: true,
      score: 1,
    })
  })

  it('does not read "Let\'s think step by step" as an answer', () => {
    const scored = scoreChoice(item, "Let's think step by step about anticoagulants.")
    expect(scored.status).not.toBe('ok')
    expect(scored.correct).toBe(false)
  })

  it('does not take a letter from "Eliminated: (A), (C)"', () => {
    const scored = scoreChoice(item, 'Eliminated: (A), (C). The answer is B.')
    expect(scored.parsed).toBe('B')
    expect(scored.correct).toBe(false)
  })

  it('counts a hedge as unparsed and wrong', () => {
    expect(scoreChoice(item, 'The answer is A or C.')).toMatchObject({
      status: 'format_error',
      correct: false,
    })
  })

  it('gives the same verdict as verifyExam for every reading', () => {
    const responses = [
      'C',
      'The answer is C.',
      '**C**',
      'B. Heparin',
      'none of the above',
      '{"answer": "A"}',
    ]
    for (const response of responses) {
      for (const lenient of [false, true]) {
        const ours = scoreChoice(item, response, lenient ? 'lenient' : 'strict')
        const verifier = verifyExam({
          response,
          groundTruth: { answer: 'C' },
          options: item.options ?? {},
          lenient,
        })
        expect(ours.score).toBe(verifier.score)
      }
    }
  })

  it('needs every key letter of a multiple-response item', () => {
    const multiple: BenchmarkItem = { ...item, gold: ['A', 'C'], multiple: true }
    expect(scoreChoice(multiple, '{"answer": ["A", "C"]}').correct).toBe(true)
    expect(scoreChoice(multiple, '{"answer": ["A"]}').correct).toBe(false)
  })

  it('treats an empty response as unparsed', () => {
    expect(createScorer('strict').score(item, [''])).toMatchObject({
      status: 'format_error',
      parsed: null,
    })
  })
})
