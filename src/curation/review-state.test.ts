import { describe, expect, it } from 'vitest'
import { draftCandidate, draftItem } from '../../test/support/draft-items.js'
import { InputError } from '../errors.js'
import type { DraftItem } from './draft-item.js'
import { createMemoryReviewStore } from './memory-review-store.js'
import type { NewReviewEvent } from './review-event-store.js'
import { deriveProjectState, parseReviewPayload } from './review-state.js'

function item(id: string): DraftItem {
  return draftItem(
    id,
    [draftCandidate('a', 'best answer [1].'), draftCandidate('b', 'other answer [1].')],
    {
      query: `question ${id}`,
      provenance: { index: 'demo', models: [], n: 1, draftedAt: '2026-12-06T00:00:00Z' },
    },
  )
}

const queued = (id: string): NewReviewEvent => ({
  actor: 'pipeline',
  itemId: id,
  type: 'item.queued',
  before: null,
  after: item(id),
})
const review = (
  id: string,
  actor: string,
  after: object,
  type: 'review' | 'adjudicate' = 'review',
) => ({ actor, itemId: id, type, before: null, after }) as NewReviewEvent

describe('deriveProjectState', () => {
  it('assigns round robin, overlapping every item with overlap 1, and waits for both reviewers', async () => {
    const store = createMemoryReviewStore()
    await store.append({ events: [queued('q1'), queued('q2'), queued('q3')] })
    await store.append({ events: [review('q1', 'ana', { decision: 'accept' })] })
    const settings = { reviewers: ['ana', 'ben'], overlap: 1 }
    let state = deriveProjectState(await store.read(), settings)
    expect(state.items.map((entry) => entry.assigned)).toEqual([
      ['ana', 'ben'],
      ['ben', 'ana'],
      ['ana', 'ben'],
    ])
    expect(state.byId.get('q1')?.status).toBe('pending')
    await store.append({
      events: [review('q1', 'ben', { decision: 'accept', answer: 'edited [1].' })],
    })
    state = deriveProjectState(await store.read(), settings)
    expect(state.byId.get('q1')?.status).toBe('accepted')
    expect(state.byId.get('q1')?.final).toMatchObject({
      answer: 'edited [1].',
      edited: true,
      reviewer: 'ben',
    })
  })

  it('marks a disagreement as disputed until an adjudicator decides', async () => {
    const store = createMemoryReviewStore()
    await store.append({
      events: [
        queued('q1'),
        review('q1', 'ana', { decision: 'accept' }),
        review('q1', 'ben', { decision: 'reject', reason: 'unsafe dose' }),
      ],
    })
    const settings = { reviewers: ['ana', 'ben'], overlap: 1 }
    expect(deriveProjectState(await store.read(), settings).byId.get('q1')?.status).toBe('disputed')
    await store.append({
      events: [review('q1', 'cai', { decision: 'accept', candidateId: 'b#0' }, 'adjudicate')],
    })
    const state = deriveProjectState(await store.read(), settings).byId.get('q1')
    expect(state?.status).toBe('accepted')
    expect(state?.final).toMatchObject({
      answer: 'other answer [1].',
      edited: false,
      reviewer: 'cai',
    })
  })

  it('keeps the latest autosaved draft per reviewer and ignores skips for status', async () => {
    const store = createMemoryReviewStore()
    await store.append({
      events: [
        queued('q1'),
        { actor: 'ana', itemId: 'q1', type: 'edit', before: null, after: { answer: 'v1' } },
        {
          actor: 'ana',
          itemId: 'q1',
          type: 'edit',
          before: { answer: 'v1' },
          after: { answer: 'v2' },
        },
        review('q1', 'ana', { decision: 'skip' }),
      ],
    })
    const state = deriveProjectState(await store.read(), { reviewers: ['ana'] }).byId.get('q1')
    expect(state?.drafts.get('ana')).toBe('v2')
    expect(state?.status).toBe('pending')
  })
})

describe('parseReviewPayload', () => {
  it('names the field at fault', () => {
    expect(() => parseReviewPayload({ decision: 'approve' })).toThrow(/decision "approve"/)
    expect(() => parseReviewPayload({ decision: 'reject' })).toThrow(InputError)
    expect(() => parseReviewPayload({ decision: 'accept', answer: 3 })).toThrow(
      /answer must be a string/,
    )
    expect(parseReviewPayload({ decision: 'flag', reason: 'unsafe' })).toEqual({
      decision: 'flag',
      reason: 'unsafe',
    })
  })
})
