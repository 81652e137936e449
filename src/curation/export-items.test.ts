import { describe, expect, it } from 'vitest'
import { draftCandidate, draftItem } from '../../test/support/draft-items.js'
import { buildDecontaminationIndex } from '../rl-data/index.js'
import type { DraftItem } from './draft-item.js'
import { exportItems } from './export-items.js'
import { createMemoryReviewStore } from './memory-review-store.js'
import { projectStats } from './project-stats.js'
import type { NewReviewEvent } from './review-event-store.js'
import { deriveProjectState } from './review-state.js'

function item(id: string, query: string): DraftItem {
  return draftItem(
    id,
    [
      draftCandidate('m1', 'Metformin first [1].', 0.9),
      draftCandidate('m2', 'Insulin first [1].', 0.5),
    ],
    {
      query,
      references: [
        {
          index: 1,
          id: 'c1',
          title: 'Metformin label',
          source: 'Demo',
          url: 'https://example.org/m',
          authority: 'A',
          text: 'Metformin...',
          date: '2024',
        },
      ],
      systemPrompt: 'Answer from the sources.\n<source n="1">Metformin...</source>',
      provenance: { index: 'demo.db', models: [], n: 1, draftedAt: '2026-12-06T00:00:00.000Z' },
    },
  )
}

const events: NewReviewEvent[] = [
  {
    actor: 'pipeline',
    itemId: 'q1',
    type: 'item.queued',
    before: null,
    after: item('q1', 'What is first-line for type 2 diabetes?'),
  },
  {
    actor: 'pipeline',
    itemId: 'q2',
    type: 'item.queued',
    before: null,
    after: item('q2', 'Which drug lowers glucose first in adults?'),
  },
  {
    actor: 'pipeline',
    itemId: 'q3',
    type: 'item.queued',
    before: null,
    after: item('q3', 'the quick brown fox jumps over the lazy dog near the river bank today'),
  },
  {
    actor: 'ana',
    itemId: 'q1',
    type: 'review',
    before: null,
    after: { decision: 'accept', answer: 'Metformin is first line [1].' },
  },
  {
    actor: 'ana',
    itemId: 'q2',
    type: 'review',
    before: null,
    after: { decision: 'reject', reason: 'wrong drug' },
  },
  { actor: 'ana', itemId: 'q3', type: 'review', before: null, after: { decision: 'accept' } },
]

describe('exportItems', () => {
  it('writes accepted items with the edit and provenance, never rejected ones', async () => {
    const store = createMemoryReviewStore()
    await store.append({ events })
    const state = deriveProjectState(await store.read(), { reviewers: ['ana'] })
    const trl = exportItems(state.items, { format: 'trl' })
    expect(trl.records).toHaveLength(2)
    expect(trl.records[0]).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Answer from the sources.
      <source n="1">Metformin...</source>",
            "role": "system",
          },
          {
            "content": "What is first-line for type 2 diabetes?",
            "role": "user",
          },
          {
            "content": "Metformin is first line [1].",
            "role": "assistant",
          },
        ],
        "metadata": {
          "candidateId": "m1#0",
          "draftedAt": "2026-12-06T00:00:00.000Z",
          "edited": true,
          "id": "q1",
          "index": "demo.db",
          "model": "m1",
          "reviewer": "ana",
          "sources": [
            {
              "authority": "A",
              "date": "2024",
              "id": "c1",
              "index": 1,
              "title": "Metformin label",
              "url": "https://example.org/m",
            },
          ],
          "status": "accepted",
        },
      }
    `)
    const sharegpt = exportItems(state.items, { format: 'sharegpt' }).records[0] as {
      conversations: Array<{ from: string; value: string }>
    }
    expect(sharegpt.conversations.map((turn) => turn.from)).toEqual(['system', 'human', 'gpt'])
    const alpaca = exportItems(state.items, { format: 'llama-factory' }).records[0]
    expect(alpaca).toMatchObject({
      instruction: 'What is first-line for type 2 diabetes?',
      output: 'Metformin is first line [1].',
    })
    expect(exportItems(state.items, { format: 'openai' }).records[0]).not.toHaveProperty('metadata')
  })

  it('leaves out items that share an n-gram with an evaluation set', async () => {
    const store = createMemoryReviewStore()
    await store.append({ events })
    const state = deriveProjectState(await store.read(), { reviewers: ['ana'] })
    const decontamination = await buildDecontaminationIndex([
      {
        benchmark: 'toy',
        text: 'yesterday the quick brown fox jumps over the lazy dog near the river bank today again',
      },
    ])
    const result = exportItems(state.items, { format: 'trl', decontamination })
    expect(result.records).toHaveLength(1)
    expect(result.contaminated).toMatchObject([{ id: 'q3', benchmarks: ['toy'] }])
  })
})

describe('projectStats', () => {
  it('computes acceptance, edit distance, best kept and kappa between two overlapping reviewers', async () => {
    const store = createMemoryReviewStore()
    await store.append({ events: events.slice(0, 3) })
    const decisions: Array<[string, string, string]> = [
      ['q1', 'accept', 'accept'],
      ['q2', 'reject', 'accept'],
      ['q3', 'reject', 'reject'],
    ]
    let minute = 0
    for (const [itemId, ana, ben] of decisions) {
      for (const [actor, decision] of [
        ['ana', ana],
        ['ben', ben],
      ] as const) {
        minute += 1
        await store.append({
          events: [
            {
              actor,
              itemId,
              type: 'review',
              before: null,
              after: { decision, reason: 'r' },
              at: `2026-12-06T10:${String(minute).padStart(2, '0')}:00.000Z`,
            },
          ],
        })
      }
    }
    const state = deriveProjectState(await store.read(), { reviewers: ['ana', 'ben'], overlap: 1 })
    const stats = projectStats(state, await store.read())
    expect(stats.byStatus).toMatchObject({ accepted: 1, rejected: 1, disputed: 1 })
    expect(stats.acceptanceRate).toBe(0.5)
    expect(stats.bestKeptRate).toBe(1)
    expect(stats.meanEditDistance).toBe(0)
    // ana: A R R, ben: A A R -> observed 2/3, expected (1/3)(2/3) + (2/3)(1/3) = 4/9 -> kappa 0.4
    expect(stats.agreement.kappa).toBeCloseTo(0.4)
    expect(stats.reviewsPerHour).toBeCloseTo(6 / (5 / 60))
  })
})
