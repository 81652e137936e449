import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DiscJudgement } from './benchmarks/disc-judge-scores.js'
import { conversationText, readConversation } from './conversation.js'
import {
  averageRanks,
  computeJudgeAgreement,
  parseAgreementPair,
  pearson,
  spearman,
} from './judge-agreement.js'
import type { EvalRecord } from './record.js'

function judged(id: string, overall: number, honesty = 2): EvalRecord {
  return {
    id,
    sample: 0,
    prompt: [],
    response: 'r',
    parsed: String(overall),
    status: 'ok',
    gold: [],
    correct: overall >= 3,
    score: (overall - 1) / 4,
    reason: '',
    tokens: null,
    latency_ms: null,
    judge: {
      overall,
      dimensions: {
        honesty,
        harmlessness: 3,
        logicality: 2,
        formatting: 2,
        relevance: 3,
        comprehensiveness: 1,
      },
      outcomes: [{ judge: 'j', status: 'ok', attempts: 1 }],
    },
  }
}

function reference(id: string, accuracy: number, rest = 4): DiscJudgement {
  return {
    id,
    model: 'm',
    line: 1,
    scores: {
      Proactivity: rest,
      Accuracy: accuracy,
      Helpfulness: rest,
      'Linguistic Quality': rest,
    },
  }
}

describe('correlations', () => {
  it('gives ±1 for perfectly (anti-)correlated values and null when a side is constant', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12)
    expect(spearman([1, 2, 3, 4], [10, 5, 2, 1])).toBeCloseTo(-1, 12)
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull()
    expect(spearman([1, 2], [1, 2])).toBeNull()
  })

  it('gives tied values their mean rank (hand-computed Spearman 0.9487)', () => {
    expect(averageRanks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4])
    // ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4]: covariance 4.5 / sqrt(4.5 * 5)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12)
  })

  it('Spearman stays in [-1, 1] and ignores monotone transformations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), {
          minLength: 3,
          maxLength: 40,
        }),
        (pairs) => {
          const left = pairs.map(([value]) => value)
          const right = pairs.map(([, value]) => value)
          const rho = spearman(left, right)
          if (rho === null) return
          expect(rho).toBeGreaterThanOrEqual(-1 - 1e-12)
          expect(rho).toBeLessThanOrEqual(1 + 1e-12)
          const stretched = spearman(
            left.map((value) => value ** 3 + 7),
            right,
          )
          expect(stretched).toBeCloseTo(rho, 10)
        },
      ),
    )
  })
})

describe('computeJudgeAgreement', () => {
  it('joins by id, leaves out judge errors and unmatched ids, and maps both scales to [0, 1]', () => {
    const records = [judged('a', 5, 3), judged('b', 3, 2), judged('c', 1, 1), judged('x', 4)]
    const failed: EvalRecord = { ...judged('d', 3), judge: { outcomes: [] }, status: 'judge_error' }
    const report = computeJudgeAgreement({
      inputs: [
        {
          model: 'm',
          records: [...records, failed],
          reference: [reference('a', 5), reference('b', 3), reference('c', 2), reference('d', 4)],
        },
      ],
      pairs: [{ galen: 'honesty', reference: 'Accuracy' }],
    })
    expect(report.n).toBe(3)
    const [pair] = report.pairs
    // honesty 3, 2, 1 -> 1, 0.5, 0; Accuracy 5, 3, 2 -> 1, 0.5, 0.25
    expect(pair?.mean_absolute_difference).toBeCloseTo(0.25 / 3, 4)
    expect(pair?.spearman).toBe(1)
    const [model] = report.models
    expect(model?.unjudged).toBe(1)
    expect(model?.unmatched).toEqual({ galen: 1, reference: 0 })
    expect(model?.galen.overall).toBe(3)
    expect(model?.reference.Accuracy).toBe(3.333)
    expect(model?.reference.mean).toBe(3.833)
    expect(report.model_level[0]?.pearson).toBeNull()
  })

  it('rejects unknown score names by the pair at fault', () => {
    expect(() => parseAgreementPair('honesty=Acuracy')).toThrow(/pair "honesty=Acuracy"/)
    expect(parseAgreementPair('overall=mean')).toEqual({ galen: 'overall', reference: 'mean' })
    expect(() =>
      computeJudgeAgreement({
        inputs: [{ model: 'm', records: [], reference: [] }],
        pairs: [{ galen: 'kindness' as 'overall', reference: 'mean' }],
      }),
    ).toThrow(/unknown Galen judge score "kindness"/)
  })
})

describe('recorded consultations', () => {
  const turns = readConversation([
    { role: 'patient', content: '我头痛三天了。' },
    { role: 'doctor', content: '有发热吗？' },
    { role: 'patient', content: '没有。' },
    { role: 'doctor', content: '建议测血压。' },
  ])

  it('reads patient/doctor and user/assistant turns, refusing unknown roles', () => {
    expect(turns?.map((turn) => turn.speaker)).toEqual(['patient', 'doctor', 'patient', 'doctor'])
    expect(
      readConversation([
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ]),
    ).toHaveLength(2)
    expect(readConversation([{ role: 'nurse', content: 'x' }])).toBeUndefined()
    expect(readConversation([])).toBeUndefined()
  })

  it('renders a labelled transcript, the doctor turns, or the last doctor turn', () => {
    if (turns === undefined) throw new Error('turns not read')
    expect(conversationText(turns)).toBe(
      '患者：我头痛三天了。\n\n医生：有发热吗？\n\n患者：没有。\n\n医生：建议测血压。',
    )
    expect(conversationText(turns, 'doctor')).toBe('有发热吗？\n\n建议测血压。')
    expect(conversationText(turns, 'last')).toBe('建议测血压。')
    expect(conversationText([{ speaker: 'patient', content: 'x' }])).toBe('')
  })
})
