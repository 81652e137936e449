/**
 * The conformance suite every {@link ReviewEventStore} runs (STYLE.md §2, §9): append order,
 * atomic appends, filters, JSON round trips, validation and append-only behaviour.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors.js'
import type { NewReviewEvent, ReviewEventStore } from '../review-event-store.js'

function review(itemId: string, actor: string, decision: string): NewReviewEvent {
  return { actor, itemId, type: 'review', before: null, after: { decision } }
}

/** Registers the suite for one store factory (a fresh, empty store per call). */
export function runReviewEventStoreConformance(
  label: string,
  createStore: () => Promise<ReviewEventStore> | ReviewEventStore,
): void {
  describe(`ReviewEventStore conformance: ${label}`, () => {
    it('declares version v1 and a name', async () => {
      const store = await createStore()
      expect(store.specificationVersion).toBe('v1')
      expect(store.name.length).toBeGreaterThan(0)
      await store.close()
    })

    it('numbers events in append order and reads them back in that order', async () => {
      const store = await createStore()
      const first = await store.append({ events: [review('a', 'ana', 'accept')] })
      const second = await store.append({
        events: [review('b', 'ben', 'reject'), review('a', 'ben', 'flag')],
      })
      expect(first[0]?.seq).toBe(1)
      expect(second.map((event) => event.seq)).toEqual([2, 3])
      const all = await store.read()
      expect(all.map((event) => [event.seq, event.itemId, event.actor])).toEqual([
        [1, 'a', 'ana'],
        [2, 'b', 'ben'],
        [3, 'a', 'ben'],
      ])
      await store.close()
    })

    it('filters by item, by sequence and by type', async () => {
      const store = await createStore()
      await store.append({
        events: [
          { actor: 'pipeline', itemId: 'a', type: 'item.queued', before: null, after: { q: 1 } },
          review('a', 'ana', 'accept'),
          review('b', 'ana', 'reject'),
        ],
      })
      expect((await store.read({ itemId: 'a' })).map((event) => event.seq)).toEqual([1, 2])
      expect((await store.read({ afterSeq: 2 })).map((event) => event.seq)).toEqual([3])
      expect((await store.read({ types: ['item.queued'] })).map((event) => event.seq)).toEqual([1])
      expect(await store.read({ types: [] })).toEqual([])
      await store.close()
    })

    it('keeps before and after values, unicode and nesting included, and the given time', async () => {
      const store = await createStore()
      const after = { answer: '二甲双胍是一线用药 [1]。', nested: { list: [1, 'two', null, true] } }
      await store.append({
        events: [
          {
            actor: '李医生',
            itemId: 'q-7',
            type: 'edit',
            before: { answer: 'old' },
            after,
            at: '2026-12-06T10:00:00.000Z',
          },
        ],
      })
      const [event] = await store.read()
      expect(event).toEqual({
        seq: 1,
        actor: '李医生',
        itemId: 'q-7',
        type: 'edit',
        before: { answer: 'old' },
        after,
        at: '2026-12-06T10:00:00.000Z',
      })
      await store.close()
    })

    it('stamps a time when none is given', async () => {
      const store = await createStore()
      const [event] = await store.append({ events: [review('a', 'ana', 'skip')] })
      expect(Number.isNaN(Date.parse(event?.at ?? ''))).toBe(false)
      await store.close()
    })

    it('refuses an event without actor or with an unknown type, and stores none of the batch', async () => {
      const store = await createStore()
      await expect(
        store.append({ events: [review('a', 'ana', 'accept'), review('b', '', 'accept')] }),
      ).rejects.toThrow(InputError)
      await expect(
        store.append({
          events: [{ actor: 'ana', itemId: 'a', type: 'delete' as 'review', before: null, after: null }],
        }),
      ).rejects.toThrow(/unknown event type "delete"/)
      expect(await store.read()).toEqual([])
      await store.close()
    })

    it('hands out copies: changing a returned event changes nothing stored', async () => {
      const store = await createStore()
      const [stored] = await store.append({ events: [review('a', 'ana', 'accept')] })
      ;(stored?.after as { decision: string }).decision = 'reject'
      const [read] = await store.read()
      ;(read?.after as { decision: string }).decision = 'flag'
      expect((await store.read())[0]?.after).toEqual({ decision: 'accept' })
      await store.close()
    })

    it('refuses to work once closed', async () => {
      const store = await createStore()
      await store.close()
      await expect(store.read()).rejects.toThrow(/closed/)
    })
  })
}
