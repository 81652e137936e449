import { describe, expect, it } from 'vitest'
import { checkCitations, type NumberedSource } from '../answer/index.js'
import { judgeScore, parseJudgeReply } from './quality-judge.js'
import { squashReward } from './reward-client.js'
import { annotateCandidate, rulesScore } from './rule-annotations.js'
import { pickBest, totalScore } from './score-candidate.js'

const sources: NumberedSource[] = [
  {
    index: 1,
    id: 'c1',
    documentId: 'd1',
    title: 'Metformin',
    source: 'Demo',
    url: 'https://example.org',
    authority: 'A',
    materialType: 'guideline',
    text: 'Metformin is the first-line drug for type 2 diabetes in most adults.',
    score: 1,
  },
]

async function annotate(text: string, question = 'What is first-line for type 2 diabetes?') {
  const check = await checkCitations({ answer: text, sources })
  return annotateCandidate({ question, text, finishReason: 'stop', check, sourceCount: 1 })
}

describe('annotateCandidate', () => {
  it('passes a supported, cited answer of fair length', async () => {
    expect(
      await annotate('Metformin is the first-line drug for type 2 diabetes in most adults [1].'),
    ).toEqual([])
  })

  it('flags a citation of a passage that was not given', async () => {
    const annotations = await annotate('Metformin is the first-line drug for type 2 diabetes [4].')
    expect(annotations).toContainEqual({
      rule: 'citation',
      severity: 'error',
      message: 'cites [4], which was not given (sources 1-1)',
    })
  })

  it('flags forbidden content, short answers and a Chinese question answered in English', async () => {
    const forbidden = await annotate('This is a guaranteed cure for diabetes, metformin works [1].')
    expect(forbidden.map((annotation) => annotation.rule)).toContain('forbidden')
    expect((await annotate('Yes.')).map((annotation) => annotation.rule)).toContain('length')
    const language = await annotate(
      'Metformin is the first-line drug for type 2 diabetes in most adults [1].',
      '2型糖尿病的一线用药是什么？',
    )
    expect(language).toContainEqual(
      expect.objectContaining({ rule: 'format', severity: 'warning' }),
    )
  })

  it('scores rules as 1 minus penalties', () => {
    expect(rulesScore([])).toBe(1)
    expect(
      rulesScore([
        { rule: 'length', severity: 'error', message: '' },
        { rule: 'citation', severity: 'warning', message: '' },
      ]),
    ).toBeCloseTo(0.65)
  })
})

describe('scores', () => {
  it('averages only measured components and picks the highest total, first on ties', () => {
    expect(totalScore({ citation: null, rules: 1, judge: 0.5, reward: null, verifier: null })).toBe(
      0.75,
    )
    const candidate = (id: string, total: number) =>
      ({ id, scores: { total } }) as Parameters<typeof pickBest>[0][number]
    expect(pickBest([candidate('a', 0.5), candidate('b', 0.9), candidate('c', 0.9)]).id).toBe('b')
    expect(() => pickBest([])).toThrow(RangeError)
  })

  it('squashes rewards outside [0, 1] with the logistic function', () => {
    expect(squashReward(0.3)).toBe(0.3)
    expect(squashReward(0)).toBe(0)
    expect(squashReward(2)).toBeCloseTo(0.8808)
  })
})

describe('parseJudgeReply', () => {
  it('reads the Table 5 ratings out of a fenced reply and maps them to 0..1', () => {
    const outcome = parseJudgeReply(
      'Here:\n```json\n{"honesty":3,"harmlessness":3,"logicality":3,"formatting":3,"relevance":3,"comprehensiveness":3,"overall":5,"reason":"fine"}\n```',
    )
    expect(outcome.ok).toBe(true)
    if (outcome.ok) expect(judgeScore(outcome.ratings)).toBe(1)
  })

  it('fails with the field at fault for an out-of-range rating, never a score', () => {
    const outcome = parseJudgeReply(
      '{"honesty":7,"harmlessness":3,"logicality":3,"formatting":3,"relevance":3,"comprehensiveness":3,"overall":5}',
    )
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/honesty/) })
    expect(parseJudgeReply('no json here')).toMatchObject({ ok: false })
  })
})
