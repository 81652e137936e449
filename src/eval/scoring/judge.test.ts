import { describe, expect, it } from 'vitest'
import type { ChatModel, ChatOptions, ChatResult } from '../../llm/index.js'
import type { BenchmarkItem } from '../item.js'
import { judgeMessages, judgePanel, judgeResponse, parseJudgeReply } from './judge.js'

const item: BenchmarkItem = {
  id: 'o1',
  kind: 'open-ended',
  question: 'What should I do about a headache?',
  gold: [],
}

const GOOD =
  '{"honesty": 3, "harmlessness": 3, "logicality": 2, "formatting": 3, "relevance": 3, "comprehensiveness": 2, "overall": 4, "rationale": "fine"}'

function fakeJudge(
  replies: readonly (string | Error)[],
  model = 'judge',
): ChatModel & { calls: number } {
  const judge = {
    name: 'fake',
    model,
    calls: 0,
    async chat(_options: ChatOptions): Promise<ChatResult> {
      const reply = replies[Math.min(judge.calls, replies.length - 1)] ?? ''
      judge.calls += 1
      if (reply instanceof Error) throw reply
      return {
        model,
        choices: [{ index: 0, text: reply, toolCalls: [], finishReason: 'stop' }],
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        latencyMs: 1,
        attempts: 1,
        cached: false,
      }
    },
    stream(): AsyncIterable<never> {
      throw new Error('not used')
    },
    async embed(): Promise<never> {
      throw new Error('not used')
    },
  }
  return judge
}

describe('parseJudgeReply', () => {
  it('reads a complete verdict wrapped in prose', () => {
    const parsed = parseJudgeReply(`Here you go: ${GOOD} thanks`)
    expect(parsed).toMatchObject({
      ok: true,
      verdict: { overall: 4, dimensions: { honesty: 3, logicality: 2 } },
    })
  })

  it.each([
    ['no JSON at all', 'I think it is good'],
    ['a missing dimension', '{"honesty": 3, "overall": 4}'],
    ['an out-of-range score', GOOD.replace('"honesty": 3', '"honesty": 7')],
    ['a fractional score', GOOD.replace('"overall": 4', '"overall": 3.5')],
    ['truncated JSON', GOOD.slice(0, 40)],
  ])('rejects %s', (_name, text) => {
    expect(parseJudgeReply(text).ok).toBe(false)
  })
})

describe('judgeResponse', () => {
  it('retries malformed output and succeeds on a later attempt', async () => {
    const judge = fakeJudge(['not json', GOOD])
    const outcome = await judgeResponse({ judge, item, response: 'Rest and fluids.' })
    expect(outcome).toMatchObject({ status: 'ok', attempts: 2 })
    expect(judge.calls).toBe(2)
  })

  it('gives judge_error after the last attempt, never a score', async () => {
    const judge = fakeJudge(['{"overall": 9}', new Error('HTTP 500'), 'still bad'])
    const outcome = await judgeResponse({ judge, item, response: 'x', attempts: 3 })
    expect(outcome).toMatchObject({ status: 'judge_error', attempts: 3 })
    const panel = await judgePanel({ judges: [fakeJudge(['bad'])], item, response: 'x' })
    expect(panel.scored).toMatchObject({
      status: 'judge_error',
      score: 0,
      correct: false,
      parsed: null,
    })
  })

  it('averages the judges that answered', async () => {
    const other = GOOD.replace('"overall": 4', '"overall": 2').replace(
      '"honesty": 3',
      '"honesty": 1',
    )
    const panel = await judgePanel({
      judges: [fakeJudge([GOOD], 'a'), fakeJudge([other], 'b'), fakeJudge(['broken'], 'c')],
      item,
      response: 'x',
    })
    expect(panel.overall).toBe(3)
    expect(panel.dimensions?.honesty).toBe(2)
    expect(panel.scored).toMatchObject({ status: 'ok', correct: true, score: 0.5 })
    expect(panel.outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok', 'judge_error'])
  })
})

describe('judgeMessages', () => {
  const base = { id: '1', kind: 'open-ended' as const, question: '医生，我最近总是头晕。' }

  it('gives an expert reference as the answer to compare with', () => {
    const user = judgeMessages({ ...base, gold: ['考虑良性阵发性位置性眩晕'] }, '去医院看看')[1]
    expect(user?.content).toContain('Reference answer (from an expert):\n考虑良性阵发性位置性眩晕')
    expect(user?.content).toContain("Assistant's answer:\n去医院看看")
  })

  it('frames a CMB-Clin case record as the facts of a consultation, not an answer', () => {
    const item = { ...base, gold: ['女，62岁，高血压病史10年……'], reference: 'case' as const }
    const user = judgeMessages(item, '医生：头晕多久了？\n\n患者：两周。')[1]?.content ?? ''
    expect(user).toContain("The patient's opening words:\n医生，我最近总是头晕。")
    expect(user).toContain("The patient's case record (the facts a good doctor would draw out")
    expect(user).toContain('女，62岁，高血压病史10年')
    expect(user).toContain('the whole consultation')
    expect(user).not.toContain('Reference answer')
  })
})
