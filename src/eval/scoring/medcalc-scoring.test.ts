import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { getBenchmark } from '../benchmarks/registry.js'
import type { BenchmarkItem, CalculationOutputType } from '../item.js'
import { readRecordedResponses, replayResponses } from '../replay.js'
import { summarize } from '../summary.js'
import { scoreCalculation } from './medcalc-scoring.js'
import { roundHalfEven } from './medcalc-values.js'

function calc(
  outputType: CalculationOutputType,
  gold: string,
  lower = gold,
  upper = gold,
): BenchmarkItem {
  return {
    id: '1',
    kind: 'calculation',
    question: 'q',
    gold: [gold],
    calculation: {
      calculatorId: '2',
      calculatorName: 'x',
      outputType,
      lowerLimit: lower,
      upperLimit: upper,
    },
  }
}

describe('scoreCalculation (MedCalc-Bench official rules)', () => {
  it('accepts a decimal within the limits, bounds included, and rejects one outside', () => {
    const item = calc('decimal', '25.238', '23.9761', '26.4999')
    expect(scoreCalculation(item, '{"answer": "23.9761"}').correct).toBe(true)
    expect(scoreCalculation(item, '{"answer": "26.4999"}').correct).toBe(true)
    expect(scoreCalculation(item, '{"answer": "26.5"}').correct).toBe(false)
  })

  it('reads percentages as fractions and eGFR values before their unit, as the official code does', () => {
    expect(scoreCalculation(calc('decimal', '0.5', '0.45', '0.55'), 'It is 50%').parsed).toBe('0.5')
    expect(
      scoreCalculation(calc('decimal', '60', '57', '63'), '60.2 mL/min/1.73 m² (stage 2)').correct,
    ).toBe(true)
  })

  it('rounds integers half to even like Python before comparing exactly', () => {
    expect(roundHalfEven(2.5)).toBe(2)
    expect(roundHalfEven(3.5)).toBe(4)
    expect(scoreCalculation(calc('integer', '2'), '2.5').correct).toBe(true)
    expect(scoreCalculation(calc('integer', '3'), 'score 3 out of 9').correct).toBe(true)
    expect(scoreCalculation(calc('integer', '3'), 'criteria 1, 4, 7').correct).toBe(true)
  })

  it('compares dates as calendar days and rejects impossible dates', () => {
    expect(scoreCalculation(calc('date', '09/03/2014'), '{"answer": "9/3/2014"}').correct).toBe(
      true,
    )
    expect(scoreCalculation(calc('date', '09/03/2014'), '02/30/2014').status).toBe('format_error')
  })

  it('compares gestational ages in weeks and days', () => {
    const item = calc('weeks-days', "('35 weeks', '4 days')")
    expect(scoreCalculation(item, '{"answer": "(35 weeks, 4 days)"}').correct).toBe(true)
    expect(scoreCalculation(item, '[35, 3]').correct).toBe(false)
  })

  it('reports unreadable answers as format errors, never as a silent zero', () => {
    expect(scoreCalculation(calc('integer', '3'), 'Not Found')).toMatchObject({
      status: 'format_error',
      correct: false,
    })
    expect(scoreCalculation(calc('decimal', '3', '2', '4'), 'str(round(3.1))').status).toBe(
      'format_error',
    )
  })
})

const data = 'medcalc-bench/test_data_dev_half.csv'
const outputs = 'model-outputs/medcalc-bench/openai_gpt-4o-mini_direct_answer_dev_half.jsonl'

describe.skipIf(!hasSharedData(data) || !hasSharedData(outputs))(
  'MedCalc-Bench replay parity',
  () => {
    it('agrees with the official Correct/Incorrect on every recorded row', async () => {
      const { items, issues } = await getBenchmark('medcalc-bench').load({
        path: sharedDataPath(data),
      })
      expect(issues).toEqual([])
      const { responses } = await readRecordedResponses({
        path: sharedDataPath(outputs),
        idField: 'Row Number',
        responseField: 'LLM Answer',
        verdictField: 'Result',
      })
      const { records, missing } = await replayResponses({
        items,
        responses,
        scorer: (await import('./scorer.js')).createScorer('strict'),
      })
      expect(missing).toEqual([])
      const summary = summarize('medcalc-bench', records)
      expect(summary.verdict_agreement).toEqual({ compared: 525, agree: 525, rate: 1 })
      expect(summary.correct).toBe(120)
    })
  },
)
