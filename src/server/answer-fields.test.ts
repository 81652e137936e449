/**
 * The answer and search fields the page renders (docs/serving.md, "Answer fields"), over the
 * demonstration index: the evidence policy and its controls, follow-ups and calculations.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnswerer, createIndexEvidenceSource } from '../answer/index.js'
import { ensureDemoIndex } from '../corpus/index.js'
import { openIndex, type RetrievalIndex } from '../retrieval/index.js'
import { createServiceApp } from './create-app.js'

let folder: string
let index: RetrievalIndex
let app: ReturnType<typeof createServiceApp>['app']
let base = ''

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-answer-fields-'))
  const demo = await ensureDemoIndex({ path: join(folder, 'demo.db') })
  index = await openIndex({ path: demo.path, create: false })
  const evidence = createIndexEvidenceSource({
    name: 'demo',
    search: (options) => index.search(options),
    termStatistics: (options) => index.backend.termStatistics(options),
  })
  app = createServiceApp({ answerer: createAnswerer({ evidence }), evidence }).app
  base = await app.listen({ host: '127.0.0.1', port: 0 })
}, 60_000)

afterAll(async () => {
  await app?.close()
  await index?.close()
  rmSync(folder, { recursive: true, force: true })
})

async function post(path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

type Card = { document_id: string; authority: string; relevance: number | null }
type Galen = {
  evidence: { hidden_low_authority: number; search_query: string; policy: unknown }
  calculations: Array<{ status: string; display: string | null; form: unknown }>
  follow_up: { method: string; anchors: string[] }
}

describe('answer fields of /v1/chat/completions', () => {
  it('hides the forum post by default and shows it last when the page lowers the floor', async () => {
    const question = { role: 'user', content: 'Do vaccines cause autism?' }
    const { body } = await post('/v1/chat/completions', { messages: [question] })
    const cards = body.citations as Card[]
    expect(cards.map((card) => card.document_id)).not.toContain('demo-forum-01')
    expect(cards.every((card) => typeof card.relevance === 'number')).toBe(true)
    expect((body.galen as Galen).evidence.hidden_low_authority).toBe(1)
    const all = await post('/v1/chat/completions', {
      messages: [question],
      evidence: { authority_floor: 'E' },
    })
    expect((all.body.citations as Card[]).at(-1)?.document_id).toBe('demo-forum-01')
  })

  it('returns the computed calculation with its display and form', async () => {
    const { body } = await post('/v1/chat/completions', {
      messages: [
        {
          role: 'user',
          content: 'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
        },
      ],
    })
    const [calculation] = (body.galen as Galen).calculations
    expect(calculation).toMatchObject({
      status: 'computed',
      display: '4 points',
      form: { calculator: 'cha2ds2-vasc' },
    })
  })

  it('resolves a follow-up against the earlier turns', async () => {
    const { body } = await post('/v1/chat/completions', {
      messages: [
        { role: 'user', content: 'When is metformin contraindicated?' },
        { role: 'assistant', content: 'Below an eGFR of 30 [1].' },
        { role: 'user', content: 'and what about in pregnancy?' },
      ],
    })
    expect((body.galen as Galen).follow_up).toMatchObject({
      method: 'carried',
      anchors: ['metformin'],
    })
    const cards = body.citations as Card[]
    expect(cards.map((card) => card.document_id)).not.toContain('demo-drug-doxycycline-01')
  })

  it('names the field of an invalid evidence control', async () => {
    const { status, body } = await post('/v1/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      evidence: { min_relevance: 2 },
    })
    expect(status).toBe(400)
    expect((body.error as { param: string }).param).toBe('evidence.min_relevance')
  })
})

describe('search fields of /v1/search', () => {
  it('never ranks the forum post above the review evidence; policy off shows the raw ranking', async () => {
    const { body } = await post('/v1/search', { query: 'Do vaccines cause autism?' })
    const hits = body.hits as Card[]
    expect(hits.map((hit) => hit.document_id)).not.toContain('demo-forum-01')
    expect(hits[0]?.authority).not.toBe('E')
    const raw = await post('/v1/search', {
      query: 'Do vaccines cause autism?',
      evidence: { policy: 'off' },
    })
    const rawHits = raw.body.hits as Card[]
    expect(rawHits.map((hit) => hit.document_id)).toContain('demo-forum-01')
    expect(rawHits.every((hit) => hit.relevance === null)).toBe(true)
  })
})
