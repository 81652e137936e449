import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EvidencePassage, EvidenceSource } from '../answer/index.js'
import {
  type ChatModel,
  type ChatOptions,
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import { createItemVerifier } from '../verifiers/index.js'
import { runDraft } from './draft.js'
import type { DraftItem } from './draft-item.js'
import { createMemoryReviewStore } from './memory-review-store.js'
import { createRewardClient } from './reward-client.js'

const passage: EvidencePassage = {
  id: 'c1',
  documentId: 'd1',
  title: 'Loop diuretics',
  source: 'Demo',
  url: 'https://example.org/furosemide',
  authority: 'A',
  materialType: 'drug-label',
  text: 'Furosemide is a loop diuretic used to treat oedema in heart failure.',
  score: 1,
}
const evidence: EvidenceSource = { name: 'fixed', search: async () => [passage] }

let answers: ScriptedModelServer
let judge: ScriptedModelServer
let reward: Server
let rewardUrl: string
let rewardBodies: unknown[] = []

beforeAll(async () => {
  answers = await startScriptedModelServer({
    script: {
      rules: [
        {
          respond: (request) =>
            `Furosemide is a loop diuretic used to treat oedema in heart failure [1]. The answer is ${request.choiceIndex === 0 ? 'B' : 'C'}.`,
        },
      ],
    },
  })
  judge = await startScriptedModelServer({
    script: {
      rules: [
        {
          match: { contains: 'answer is B' },
          reply:
            '{"honesty":3,"harmlessness":3,"logicality":3,"formatting":3,"relevance":3,"comprehensiveness":2,"overall":4,"reason":"good"}',
        },
      ],
      fallback: 'not json at all',
    },
  })
  reward = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    request.on('end', () => {
      const body = JSON.parse(text) as { query: string[] }
      rewardBodies.push(body)
      response.setHeader('content-type', 'application/json')
      // a reward model that prefers answer C, on an unbounded scale
      response.end(
        JSON.stringify({
          rewards: body.query.map((query) => (query.includes('answer is C') ? 3 : -3)),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => reward.listen(0, '127.0.0.1', resolve))
  rewardUrl = `http://127.0.0.1:${(reward.address() as AddressInfo).port}/get_reward`
})

afterAll(async () => {
  await answers.close()
  await judge.close()
  await new Promise((resolve) => reward.close(resolve))
})

async function draftWith(options: {
  judge?: boolean
  reward?: boolean
  verifier?: boolean
}): Promise<DraftItem> {
  rewardBodies = []
  const store = createMemoryReviewStore()
  const result = await runDraft(
    [
      {
        id: 'q1',
        query: 'Which drug is a loop diuretic? A) metformin B) furosemide C) aspirin',
        reference: { task: 'exam', answer: { answer: 'B' } },
      },
    ],
    {
      store,
      evidence,
      indexName: 'fixed',
      models: [
        {
          name: 'm',
          url: answers.url,
          model: createOpenAICompatibleModel({ baseUrl: answers.url, model: 'm' }),
        },
      ],
      n: 2,
      deidentifier: false,
      ...(options.judge
        ? {
            judge: {
              name: 'judge',
              url: judge.url,
              model: createOpenAICompatibleModel({ baseUrl: judge.url, model: 'judge' }),
            },
          }
        : {}),
      ...(options.reward ? { reward: createRewardClient({ url: rewardUrl }) } : {}),
      ...(options.verifier ? { verifier: createItemVerifier() } : {}),
    },
  )
  expect(result.failures).toEqual([])
  const [event] = await store.read()
  return event?.after as DraftItem
}

describe('runDraft scoring components', () => {
  it('scores with the Table 5 judge; an unparsable judge reply gives no judge score, not a zero', async () => {
    const item = await draftWith({ judge: true })
    const [b, c] = item.candidates
    expect(b?.judge).toMatchObject({ comprehensiveness: 2, overall: 4 })
    expect(b?.scores.judge).toBeCloseTo((5 * 1 + 0.5 + 0.75) / 7)
    expect(c?.scores.judge).toBeNull()
    expect(c?.judgeError).toBe('judge reply holds no JSON object')
    expect(item.provenance.judge).toBe('judge')
  })

  it('sends every candidate to the reward endpoint in one call and squashes the rewards', async () => {
    const item = await draftWith({ reward: true })
    expect(rewardBodies).toHaveLength(1)
    expect(item.candidates.map((candidate) => candidate.scores.reward?.toFixed(4))).toEqual([
      '0.0474',
      '0.9526',
    ])
    expect(item.bestId).toBe('m#1')
  })

  it('uses the verifiers when the query has a reference answer', async () => {
    const item = await draftWith({ verifier: true })
    expect(item.candidates.map((candidate) => candidate.scores.verifier)).toEqual([1, 0])
    expect(item.bestId).toBe('m#0')
    expect(item.reference).toEqual({ task: 'exam', answer: { answer: 'B' } })
  })

  it('fails the query, naming it and the reason, when the verifier cannot read its reference', async () => {
    const store = createMemoryReviewStore()
    const result = await runDraft(
      [{ id: 'bad', query: 'Which?', reference: { task: 'exam', answer: 'B' } }],
      {
        store,
        evidence,
        indexName: 'fixed',
        models: [
          {
            name: 'm',
            url: answers.url,
            model: createOpenAICompatibleModel({ baseUrl: answers.url, model: 'm' }),
          },
        ],
        n: 1,
        deidentifier: false,
        verifier: createItemVerifier(),
      },
    )
    expect(result.failures).toEqual([
      {
        id: 'bad',
        error: expect.stringMatching(/query "bad": exam: ground_truth must be an object/),
      },
    ])
    expect(await store.read()).toEqual([])
  })

  it('sends the reference as the reward label; an item the endpoint could not score (status_error) has no reward, not a 0', async () => {
    const labels: string[][] = []
    // Answers like Galen's reward server: a missing label is an error item with reward 0.
    const galenLike = createServer((request, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      request.on('end', () => {
        const body = JSON.parse(text) as { labels: string[] }
        labels.push(body.labels)
        response.setHeader('content-type', 'application/json')
        response.end(
          JSON.stringify({
            rewards: body.labels.map((label) => (label === '' ? 0 : 1)),
            extra_logs: { status_error: body.labels.map((label) => (label === '' ? 1 : 0)) },
          }),
        )
      })
    })
    await new Promise<void>((resolve) => galenLike.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(galenLike.address() as AddressInfo).port}/get_reward`
    try {
      const store = createMemoryReviewStore()
      const result = await runDraft(
        [
          {
            id: 'exam',
            query: 'Which drug is a loop diuretic? A) metformin B) furosemide C) aspirin',
            reference: { task: 'exam', answer: { answer: 'B' } },
          },
          { id: 'open', query: 'What is furosemide?' },
        ],
        {
          store,
          evidence,
          indexName: 'fixed',
          models: [
            {
              name: 'm',
              url: answers.url,
              model: createOpenAICompatibleModel({ baseUrl: answers.url, model: 'm' }),
            },
          ],
          n: 2,
          concurrency: 1,
          deidentifier: false,
          reward: createRewardClient({ url }),
        },
      )
      expect(result.failures).toEqual([])
      expect(labels).toEqual([
        Array(2).fill('{"task":"exam","ground_truth":{"answer":"B"}}'),
        ['', ''],
      ])
      const [exam, open] = (await store.read()).map((event) => event.after as DraftItem)
      expect(exam?.candidates.map((candidate) => candidate.scores.reward)).toEqual([1, 1])
      expect(open?.candidates.map((candidate) => candidate.scores.reward)).toEqual([null, null])
      // The missing reward is left out of the total, not counted as 0.
      for (const candidate of open?.candidates ?? []) {
        const { citation, rules, judge, verifier } = candidate.scores
        const measured = [citation, rules, judge, verifier].filter(
          (value): value is number => value !== null,
        )
        expect(candidate.scores.total).toBeCloseTo(
          measured.reduce((sum, value) => sum + value, 0) / measured.length,
        )
      }
    } finally {
      await new Promise((resolve) => galenLike.close(resolve))
    }
  })

  it('passes temperature, token limit and seed to every model and records them in provenance', async () => {
    const seen: ChatOptions[] = []
    const inner = createOpenAICompatibleModel({ baseUrl: answers.url, model: 'm' })
    const recording: ChatModel = {
      name: inner.name,
      model: inner.model,
      chat: (options) => {
        seen.push(options)
        return inner.chat(options)
      },
      stream: (options) => inner.stream(options),
      embed: (options) => inner.embed(options),
    }
    const store = createMemoryReviewStore()
    const result = await runDraft([{ id: 'q1', query: 'What is furosemide?' }], {
      store,
      evidence,
      indexName: 'fixed',
      models: [
        { name: 'a', url: 'local:a.gguf', model: recording },
        { name: 'b', url: 'local:b.gguf', model: recording },
      ],
      n: 3,
      temperature: 0,
      maxTokens: 24,
      seed: 7,
      deidentifier: false,
    })
    expect(result.failures).toEqual([])
    expect(
      seen.map(({ model, n, temperature, maxTokens, seed }) => ({
        model,
        n,
        temperature,
        maxTokens,
        seed,
      })),
    ).toEqual([
      { model: 'a', n: 3, temperature: 0, maxTokens: 24, seed: 7 },
      { model: 'b', n: 3, temperature: 0, maxTokens: 24, seed: 7 },
    ])
    const item = (await store.read())[0]?.after as DraftItem
    expect(item.provenance).toMatchObject({ n: 3, temperature: 0, maxTokens: 24, seed: 7 })
    expect(item.candidates.map((candidate) => candidate.model)).toEqual([
      'a',
      'a',
      'a',
      'b',
      'b',
      'b',
    ])
  })
})
