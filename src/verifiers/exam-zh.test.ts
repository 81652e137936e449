import { describe, expect, it } from 'vitest'
import { verifyExam } from './exam.js'
import { extractChoice, foldFullWidth } from './extract-choice.js'

const ABCDE = ['A', 'B', 'C', 'D', 'E']
const ZH_OPTIONS = { A: '依那普利', B: '美托洛尔', C: '赖诺普利', D: '氨氯地平', E: '氢氯噻嗪' }
const EN_OPTIONS = {
  A: 'Enalapril',
  B: 'Metoprolol',
  C: 'Lisinopril',
  D: 'Amlodipine',
  E: 'Hydrochlorothiazide',
}

function read(
  response: string,
  multiple = false,
  optionTexts: Record<string, string> = ZH_OPTIONS,
) {
  return extractChoice(response, { optionLetters: ABCDE, optionTexts, multiple })
}

describe('Chinese final-answer forms (single answer)', () => {
  it.each([
    ['答案：C', 'C'],
    ['答案是（B）', 'B'],
    ['综上所述，故选C。', 'C'],
    ['正确答案为 D 选项', 'D'],
    ['选C', 'C'],
    ['本题选 B', 'B'],
    ['正确选项是E', 'E'],
    ['答案C', 'C'],
    ['答案应为 C。', 'C'],
    ['B项正确', 'B'],
    ['所以选择 D 项', 'D'],
  ])('reads %j as %s', (response, letter) => {
    const result = read(response)
    expect(result.status).toBe('ok')
    expect(result.letters).toEqual([letter])
  })

  it.each([
    ['答案：Ｃ', 'C'],
    ['答案是【Ｂ】', 'B'],
    ['综上，选（Ａ）。', 'A'],
    ['答案：（Ｄ）', 'D'],
    ['{"answer": "Ｅ"}', 'E'],
  ])('reads full-width letters and brackets in %j as %s', (response, letter) => {
    expect(read(response)).toMatchObject({ status: 'ok', letters: [letter] })
  })

  it('reads a response that is only one option, in Chinese and in English', () => {
    expect(read('C. 赖诺普利')).toMatchObject({ status: 'ok', letters: ['C'] })
    expect(read('（C）赖诺普利')).toMatchObject({ status: 'ok', letters: ['C'] })
    expect(read('Ｃ．赖诺普利')).toMatchObject({ status: 'ok', letters: ['C'] })
    expect(read('(C) Lisinopril', false, EN_OPTIONS)).toMatchObject({
      status: 'ok',
      letters: ['C'],
    })
  })

  it('does not take an option label followed by another option text as an answer', () => {
    expect(read('(C) 美托洛尔').status).toBe('format_error')
  })

  it('scores a hedged "A或C" answer as 0 with format_error', () => {
    const result = verifyExam({
      response: '答案是A或C',
      groundTruth: { answer: 'C' },
      options: ZH_OPTIONS,
    })
    expect(result).toMatchObject({ score: 0, status: 'format_error' })
    expect(result.reason).toContain('hedged')
    expect(read('答案是A或者C').status).toBe('format_error')
  })

  it('scores "两个都对" (both are right) as 0, never as an answer', () => {
    const result = verifyExam({
      response: 'A和C两个都对',
      groundTruth: { answer: 'C' },
      options: ZH_OPTIONS,
    })
    expect(result.score).toBe(0)
    expect(result.status).toBe('format_error')
  })

  it('scores several letters for a single-answer question as 0', () => {
    const result = verifyExam({
      response: '答案：AC',
      groundTruth: { answer: 'C' },
      options: ZH_OPTIONS,
    })
    expect(result).toMatchObject({ score: 0, status: 'format_error' })
    expect(result.reason).toContain('several answers')
  })

  it('does not credit a negated statement (答案不是A) and lets the last answer win', () => {
    expect(read('答案不是A').status).toBe('format_error')
    expect(read('排除A，答案是B')).toMatchObject({ letters: ['B'] })
    expect(read('先考虑A。最终答案：D')).toMatchObject({ letters: ['D'] })
  })

  it('credits the right Chinese answer 1 through the exam verifier', () => {
    const result = verifyExam({
      response: '本题选 C',
      groundTruth: { answer: 'C' },
      options: ZH_OPTIONS,
    })
    expect(result).toMatchObject({ score: 1, status: 'ok' })
  })
})

describe('Chinese multiple-answer sets (多选)', () => {
  it.each([
    ['答案：AC', ['A', 'C']],
    ['答案为ABD', ['A', 'B', 'D']],
    ['答案：A、C、E', ['A', 'C', 'E']],
    ['答案：A，C', ['A', 'C']],
    ['答案：A和C', ['A', 'C']],
    ['答案：ＡＣ', ['A', 'C']],
    ['故选（ACE）', ['A', 'C', 'E']],
  ])('reads %j as %j', (response, letters) => {
    expect(read(response, true)).toMatchObject({ status: 'ok', letters })
  })

  it('scores a complete set 1 and a hedged set 0, as in English', () => {
    const right = verifyExam({
      response: '答案：ACE',
      groundTruth: { answers: ['A', 'C', 'E'] },
      options: ZH_OPTIONS,
    })
    expect(right.score).toBe(1)
    const hedged = verifyExam({
      response: '答案：A或C',
      groundTruth: { answers: ['A', 'C'] },
      options: ZH_OPTIONS,
    })
    expect(hedged).toMatchObject({ score: 0, status: 'format_error' })
  })

  it('refuses a letter run that is a word or names a letter that is not an option', () => {
    expect(read('答案是ACEI', true).status).toBe('format_error')
    expect(read('答案：AF', true).status).toBe('format_error')
    expect(read('The answer is ACE inhibitors', true, EN_OPTIONS).letters).not.toEqual([
      'A',
      'C',
      'E',
    ])
  })

  it('refuses an answer that lists every option', () => {
    expect(read('答案：ABCDE', true)).toMatchObject({ status: 'format_error' })
  })
})

describe('foldFullWidth', () => {
  it('maps full-width letters and punctuation one code unit for one', () => {
    const text = '答案：（Ｃ）．'
    const folded = foldFullWidth(text)
    expect(folded).toBe('答案:(C).')
    expect(folded.length).toBe(text.length)
  })
})
