import { describe, expect, it } from 'vitest'
import {
  answerCalculatorQuestion,
  calculatorAnswerFromToolCall,
  describeCalculatorAnswer,
  formatCalculatorValue,
} from './calculator-answer.js'
import { detectCalculatorIntent } from './understand-query.js'

describe('formatCalculatorValue', () => {
  it('rounds to the unit precision and never prints float noise', () => {
    expect(formatCalculatorValue(76.86660378027413, 'mL/min')).toBe('76.9 mL/min')
    expect(formatCalculatorValue(23.4567, 'kg/m²')).toBe('23.5 kg/m²')
    expect(formatCalculatorValue(93.333, 'mmHg')).toBe('93 mmHg')
    expect(formatCalculatorValue(0.123456, '')).toBe('0.12')
  })

  it('writes one point in the singular and other counts in the plural', () => {
    expect(formatCalculatorValue(1, 'points', { integer: true })).toBe('1 point')
    expect(formatCalculatorValue(0, 'points', { integer: true })).toBe('0 points')
    expect(formatCalculatorValue(4, 'points', { integer: true })).toBe('4 points')
    expect(formatCalculatorValue('(1, 1)', 'weeks and days')).toBe('1 week 1 day')
    expect(formatCalculatorValue('(38, 2)', 'weeks and days')).toBe('38 weeks 2 days')
  })
})

describe('detectCalculatorIntent in many phrasings', () => {
  it.each([
    ['CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes', [4]],
    ["What's the CHA2DS2-VASc score of a 76-year-old man?", [4]],
    ['chads-vasc 80 yo female with CHF', [4]],
    ['What is the stroke risk of a 72 year old man with atrial fibrillation?', [4]],
    ['Bleeding risk on warfarin for a 70 year old with hypertension?', [25]],
    ['Creatinine clearance for a 65-year-old man, 80 kg, creatinine 1.1 mg/dL', [2]],
    ['CURB-65 for a confused 70 year old', [45]],
    ['Work out the BMI: 80 kg, 180 cm', [6]],
    ['What is the albumin corrected anion gap for Na 140, Cl 100, HCO3 20, albumin 2.5?', [65]],
    ['anion gap for Na 140 Cl 100 HCO3 24', [39]],
    ['QTc Framingham for QT 400 ms and HR 80', [57]],
    ['prednisone 10 mg: equivalent dexamethasone dose?', [24]],
    ['How many weeks pregnant am I if my LMP was 2026-10-01?', [69]],
  ])('recognises "%s"', (question, ids) => {
    expect(detectCalculatorIntent(question)).toEqual(ids)
  })

  it('leaves questions about a score, without a case, to the evidence', () => {
    expect(detectCalculatorIntent('How is stroke risk assessed in atrial fibrillation?')).toEqual(
      [],
    )
    expect(detectCalculatorIntent('BMI has known limitations in athletes')).toEqual([])
  })
})

describe('answerCalculatorQuestion', () => {
  it('computes CHA2DS2-VASc 4 with steps and source for the issue example', () => {
    const answer = answerCalculatorQuestion(
      4,
      'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
    )
    expect(answer.status).toBe('computed')
    expect(answer.display).toBe('4 points')
    expect(answer.form.prefill).toEqual({
      age: 70,
      sex: 'female',
      hypertension: true,
      diabetes: true,
    })
    expect(answer.steps.map((step) => step.display)).toContain('total 1 point')
    expect(answer.source).toContain('Chest. 2010')
    const text = describeCalculatorAnswer(answer)
    expect(text).toContain('4 points')
    expect(text).toContain('Source: Lip GYH')
    expect(text).not.toMatch(/\b1 points\b|null|undefined/)
  })

  it('reads negated criteria as absent and a prior TIA as present', () => {
    const answer = answerCalculatorQuestion(
      4,
      'What is the stroke risk of a 72 year old man with atrial fibrillation and no diabetes but a prior TIA?',
    )
    expect(answer.form.prefill).toMatchObject({
      age: 72,
      sex: 'male',
      diabetes: false,
      transientIschemicAttack: true,
    })
    // "stroke risk" names the score; it is not a prior stroke.
    expect(answer.form.prefill).not.toHaveProperty('stroke')
    expect(answer.display).toBe('3 points')
  })

  it('names the missing inputs and prefills the form with the stated ones', () => {
    const answer = answerCalculatorQuestion(4, 'What is the CHA2DS2-VASc score for a 70 year old?')
    expect(answer.status).toBe('needs-inputs')
    expect(answer.missing).toEqual([{ name: 'sex', label: 'Sex' }])
    expect(answer.form).toEqual({ calculator: 'cha2ds2-vasc', prefill: { age: 70 } })
    expect(describeCalculatorAnswer(answer)).toContain('also give sex')
  })

  it('converts units it reads and formats Cockcroft-Gault to one decimal', () => {
    const answer = answerCalculatorQuestion(
      2,
      'Creatinine clearance for a 65-year-old man, weight 80 kg, height 175 cm, creatinine 97 µmol/L',
    )
    expect(answer.status).toBe('computed')
    expect(answer.form.prefill.creatinine).toBe('97 µmol/L')
    expect(answer.display).toMatch(/^\d+\.\d mL\/min$/)
  })

  it('computes the albumin-corrected anion gap from abbreviations (23.8 mEq/L)', () => {
    const answer = answerCalculatorQuestion(
      65,
      'albumin corrected anion gap for Na 140, Cl 100, HCO3 20, albumin 2.5 g/dL',
    )
    expect(answer.display).toBe('23.8 mEq/L')
  })

  it('reads a blood pressure written as systolic/diastolic', () => {
    const answer = answerCalculatorQuestion(5, 'Calculate the MAP for BP 120/80')
    expect(answer.display).toBe('93 mmHg')
  })

  it('reports a rejected value instead of throwing', () => {
    const answer = answerCalculatorQuestion(6, 'BMI for 80 kg and height 9000 cm')
    expect(answer.status).toBe('invalid-inputs')
    expect(answer.problem).toContain('height')
  })
})

describe('Chinese calculator questions', () => {
  it('reads age, sex and negated or stated conditions written in Chinese', () => {
    const question = '68岁男性房颤患者，没有糖尿病，有心衰，CHA2DS2-VASc几分？'
    expect(detectCalculatorIntent(question)).toEqual([4])
    const answer = answerCalculatorQuestion(4, question)
    expect(answer.form.prefill).toEqual({
      age: 68,
      sex: 'male',
      congestiveHeartFailure: true,
      diabetes: false,
    })
    expect(answer.display).toBe('2 points')
    const woman = answerCalculatorQuestion(
      4,
      '70岁女性，有高血压和糖尿病，CHA2DS2-VASc评分是多少？',
    )
    expect(woman.display).toBe('4 points')
  })
})

describe('calculatorAnswerFromToolCall', () => {
  it('computes from the model arguments and ignores an unknown tool', () => {
    const answer = calculatorAnswerFromToolCall(
      'cha2ds2_vasc',
      JSON.stringify({ age: 76, sex: 'female', hypertension: true }),
    )
    expect(answer?.display).toBe('4 points')
    expect(answer?.stated.map((input) => input.text)).toEqual([
      'model tool call',
      'model tool call',
      'model tool call',
    ])
    expect(calculatorAnswerFromToolCall('no_such_tool', '{}')).toBeNull()
    expect(calculatorAnswerFromToolCall('cha2ds2_vasc', 'not json')?.status).toBe('needs-inputs')
  })
})
