import { describe, expect, it } from 'vitest'
import {
  CALCULATOR_NAMES_ZH,
  type CalculatorInputValues,
  INPUT_LABELS_ZH,
  listCalculators,
  OPTION_LABELS_ZH,
  runCalculator,
} from '../calculators/index.js'
import { createAnswerer } from './answer-question.js'
import { answerCalculatorQuestion, describeCalculatorAnswer } from './calculator-answer.js'
import {
  describeCalculatorAnswerZh,
  formatCalculatorValueZh,
  interpretationZh,
  isChineseQuestion,
  localizeCalculatorAnswerZh,
} from './calculator-answer-zh.js'
import type { EvidenceSource } from './evidence-source.js'
import { detectCalculatorIntent } from './understand-query.js'

/** English prose that must not appear in a Chinese answer (the source line aside). */
const ENGLISH_PROSE =
  /\b(?:the|and|of|points?|risk|yes|no|inputs?|steps?|source|stated|absent|total|years?|weeks?|days?|likely|unlikely|prolonged|normal|class|severity|mortality|consider)\b/i

function withoutSource(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('出处：'))
    .join('\n')
}

describe('Chinese calculator answers', () => {
  it.each([
    {
      question: '70岁女性，有高血压和糖尿病，CHA2DS2-VASc评分是多少？',
      id: 4,
      expected: [
        'CHA₂DS₂-VASc 评分（房颤卒中风险）：4 分。',
        '中高危：推荐口服抗凝治疗',
        '年龄：70 岁',
        '高血压：有',
        '题中未提及、按“无”计分：充血性心力衰竭',
      ],
    },
    {
      question: '男，65岁，身高175厘米，体重80公斤，血肌酐1.1 mg/dL，肌酐清除率是多少？',
      id: 2,
      expected: [
        '肌酐清除率（Cockcroft-Gault 公式）：',
        'mL/min。',
        '体重：80 kg',
        '血肌酐：1.1 mg/dL',
      ],
    },
    {
      question: '体重80公斤，身高180厘米，体重指数是多少？',
      id: 6,
      expected: [
        '体重指数（BMI）：24.7 kg/m²。',
        '按 WHO 标准为体重正常',
        '我国成人标准为 BMI 24.0-27.9 超重',
      ],
    },
    {
      question:
        '患者男，70岁，意识模糊，尿素氮25 mg/dL，呼吸频率32次/分，血压85/50 mmHg，CURB-65评分？',
      id: 45,
      expected: [
        'CURB-65 评分（社区获得性肺炎严重程度）：5 分。',
        '30 天病死率',
        '意识模糊：有',
        '呼吸频率：32 次/分',
      ],
    },
    {
      question: 'Child-Pugh 评分：总胆红素2.5 mg/dL，白蛋白3.0 g/dL，INR 1.8，轻度腹水，无肝性脑病',
      id: 15,
      expected: [
        'Child-Pugh 评分（肝功能分级）：9 分。',
        'Child-Pugh B 级（7-9 分）：肝功能明显受损',
        '腹水：轻度',
        '肝性脑病：无',
      ],
    },
    {
      question: 'QT间期400毫秒，心率80次/分，按Bazett公式校正QT间期是多少？',
      id: 11,
      expected: [
        '校正 QT 间期（Bazett 公式）：462 ms。',
        '结果解读：延长（> 450 ms）',
        '心率：80 次/分',
      ],
    },
    {
      question: '血钠140 mmol/L，血氯100 mmol/L，碳酸氢根20 mmol/L，阴离子间隙是多少？',
      id: 39,
      expected: ['阴离子间隙：20.0 mEq/L。', '升高（> 12 mEq/L）', '血钠：140 mmol/L'],
    },
  ])('answers "$question" in Chinese', ({ question, id, expected }) => {
    expect(isChineseQuestion(question)).toBe(true)
    expect(detectCalculatorIntent(question)).toEqual([id])
    const answer = answerCalculatorQuestion(id, question)
    expect(answer.status).toBe('computed')
    const text = describeCalculatorAnswerZh(answer)
    for (const part of expected) expect(text).toContain(part)
    expect(withoutSource(text)).not.toMatch(ENGLISH_PROSE)
    expect(text).not.toMatch(/undefined|null|NaN/)
  })

  it('names what is missing, in Chinese, when the question lacks a required input', () => {
    const answer = answerCalculatorQuestion(2, '男，65岁，体重80公斤，肌酐清除率是多少？')
    expect(answer.status).toBe('needs-inputs')
    expect(describeCalculatorAnswerZh(answer)).toBe(
      '肌酐清除率（Cockcroft-Gault 公式）：还需提供血肌酐才能计算。计算器表单已按题中信息预填（年龄、性别、体重）。',
    )
  })

  it('localises the structured result for the page, keeping values, units and the form', () => {
    const answer = answerCalculatorQuestion(
      4,
      '70岁女性，有高血压和糖尿病，CHA2DS2-VASc评分是多少？',
    )
    const localized = localizeCalculatorAnswerZh(answer)
    expect(localized.calculator.name).toBe('CHA₂DS₂-VASc 评分（房颤卒中风险）')
    expect(localized.display).toBe('4 分')
    expect(localized.interpretation).toBe('中高危：推荐口服抗凝治疗')
    expect(localized.stated.map((input) => input.label)).toEqual([
      '年龄',
      '性别',
      '高血压',
      '糖尿病',
    ])
    expect(localized.steps.at(-1)?.display).toBe('累计 4 分')
    expect(localized.value).toBe(answer.value)
    expect(localized.form).toEqual(answer.form)
    expect(localizeCalculatorAnswerZh(localized)).toEqual(localized)
  })

  it('keeps English questions in English', () => {
    const answer = answerCalculatorQuestion(
      4,
      'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
    )
    expect(isChineseQuestion('CHA2DS2-VASc for a 70 year old woman')).toBe(false)
    expect(describeCalculatorAnswer(answer)).toContain('4 points')
  })

  it('writes units the Chinese way', () => {
    expect(formatCalculatorValueZh(1, 'points', { integer: true })).toBe('1 分')
    expect(formatCalculatorValueZh('(38, 2)', 'weeks and days')).toBe('38 周 2 天')
    expect(formatCalculatorValueZh(76.866, 'mL/min')).toBe('76.9 mL/min')
    expect(formatCalculatorValueZh(88, '/min', { integer: true })).toBe('88 次/分')
  })
})

describe('Chinese tables', () => {
  it('name every calculator, label every input and word every option in Chinese', () => {
    for (const calculator of listCalculators()) {
      expect(CALCULATOR_NAMES_ZH[calculator.slug], calculator.slug).toMatch(/[\u4e00-\u9fff]/)
      for (const input of calculator.inputs) {
        expect(INPUT_LABELS_ZH[input.name], input.name).toMatch(/[\u4e00-\u9fff]/)
        for (const option of input.options ?? []) {
          expect(
            OPTION_LABELS_ZH[`${input.name}:${option}`] ?? OPTION_LABELS_ZH[option],
            `${input.name}: ${option}`,
          ).toMatch(/[\u4e00-\u9fff]/)
        }
      }
    }
  })

  it('word every interpretation the calculators give in Chinese', () => {
    // Inputs drawn across each input's range, deterministically.
    let state = 11
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff
      return state / 0x7fffffff
    }
    const seen = new Set<string>([
      'Low risk (0): outpatient management can be considered (Stanley 2009)',
      'Risk class I: 30-day mortality 0.1% (outpatient care)',
      'PERC negative: with a low pre-test probability (< 15%), PE is ruled out without further testing',
      '>= 50 MME/day: reassess benefits and risks',
      '< 50 MME/day',
      'Low risk (0-1)',
      'Moderate risk (2)',
      'High risk (3-4)',
      'SIRS absent (0 of 4 criteria; 2 or more needed)',
    ])
    for (const calculator of listCalculators()) {
      for (let sample = 0; sample < 600; sample += 1) {
        const values: Record<string, number | boolean | string> = {}
        for (const input of calculator.inputs) {
          if (!input.required && next() < 0.2) continue
          if (input.type === 'boolean') values[input.name] = next() < 0.5
          else if (input.type === 'enum') {
            const options = input.options ?? []
            values[input.name] = options[Math.floor(next() * options.length)] as string
          } else if (input.type === 'date')
            values[input.name] = `2026-0${1 + Math.floor(next() * 9)}-15`
          else {
            const low = input.min ?? 0
            const high = input.max ?? 200
            const value = low + (high - low) * next() ** 2
            values[input.name] = input.integer ? Math.round(value) : value
          }
        }
        try {
          const result = runCalculator(calculator, values as CalculatorInputValues)
          if (result.interpretation !== undefined) seen.add(result.interpretation)
        } catch {
          // inputs out of a calculator's joint range are rejected; skip them
        }
      }
    }
    expect(seen.size).toBeGreaterThan(150)
    const missing = [...seen].filter((text) => interpretationZh(text) === undefined)
    expect(missing).toEqual([])
    for (const text of seen) expect(interpretationZh(text)).not.toMatch(ENGLISH_PROSE)
  })
})

describe('createAnswerer with a Chinese calculator question', () => {
  it('puts the calculator part of the evidence answer in Chinese', async () => {
    const evidence: EvidenceSource = { name: 'empty', search: async () => [] }
    const answerer = createAnswerer({ evidence })
    const result = await answerer.answer({
      question: '70岁女性，有高血压和糖尿病，CHA2DS2-VASc评分是多少？',
    })
    expect(result.calculations[0]?.calculator.name).toBe('CHA₂DS₂-VASc 评分（房颤卒中风险）')
    expect(result.calculations[0]?.display).toBe('4 分')
    expect(result.answer).toContain('CHA₂DS₂-VASc 评分（房颤卒中风险）：4 分。')
    expect(result.answer).toContain('结果解读：中高危：推荐口服抗凝治疗。')
  })

  it('asks for the missing inputs in Chinese', async () => {
    const evidence: EvidenceSource = { name: 'empty', search: async () => [] }
    const result = await createAnswerer({ evidence }).answer({
      question: '男，65岁，体重80公斤，肌酐清除率是多少？',
    })
    expect(result.calculations[0]?.status).toBe('needs-inputs')
    expect(result.calculations[0]?.missing.map((input) => input.label)).toEqual(['血肌酐'])
    expect(result.answer).toContain('肌酐清除率（Cockcroft-Gault 公式）：还需提供血肌酐才能计算。')
    expect(result.notes).toContain(
      '肌酐清除率（Cockcroft-Gault 公式）：请打开计算器表单（已按题中信息预填）补充缺少的数据。',
    )
  })
})
