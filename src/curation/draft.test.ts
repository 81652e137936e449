import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIndexEvidenceSource } from '../answer/index.js'
import { createOpenAICompatibleModel } from '../llm/index.js'
import { type DemoProject, draftDemoProject, PHI_QUERY } from './__fixtures__/scripted-project.js'
import { parseKeyPoints, runDraft } from './draft.js'
import type { DraftItem } from './draft-item.js'
import { createSqliteReviewStore } from './sqlite-review-store.js'

let folder: string
let project: DemoProject
let items: DraftItem[]

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-draft-'))
  project = await draftDemoProject(folder)
  const store = createSqliteReviewStore({ path: project.storePath })
  items = (await store.read({ types: ['item.queued'] })).map((event) => event.after as DraftItem)
  await store.close()
})

afterAll(async () => {
  await project.close()
  rmSync(folder, { recursive: true, force: true })
})

describe('runDraft over the demo index with two scripted models', () => {
  it('queues all 50 queries with 2 models x 4 candidates each', () => {
    expect(project.result).toMatchObject({ total: 50, done: 50, failed: 0, skipped: 0 })
    expect(items).toHaveLength(50)
    for (const item of items) {
      expect(item.candidates).toHaveLength(8)
      expect(new Set(item.candidates.map((candidate) => candidate.model))).toEqual(
        new Set(['model-a', 'model-b']),
      )
    }
  })

  it('picks the candidate with the highest total score', () => {
    let differentPicks = 0
    for (const item of items) {
      const best = item.candidates.find((candidate) => candidate.id === item.bestId)
      const highest = Math.max(...item.candidates.map((candidate) => candidate.scores.total))
      expect(best?.scores.total).toBe(highest)
      if (item.bestId !== item.candidates[0]?.id) differentPicks += 1
    }
    // The scripted replies differ by sample, so the pick must not always be the first one.
    expect(differentPicks).toBeGreaterThan(0)
  })

  it('annotates a candidate citing a passage that was not given', () => {
    const withSources = items.filter(
      (item) => item.references.length > 0 && item.references.length < 9,
    )
    expect(withSources.length).toBeGreaterThan(40)
    for (const item of withSources) {
      const citingNine = item.candidates.find((candidate) => candidate.id === 'model-b#1')
      expect(citingNine?.citations.invalid).toEqual([9])
      expect(citingNine?.annotations).toContainEqual({
        rule: 'citation',
        severity: 'error',
        message: expect.stringMatching(/cites \[9\], which was not given/),
      })
      const short = item.candidates.find((candidate) => candidate.id === 'model-b#2')
      expect(short?.annotations.map((annotation) => annotation.rule)).toContain('length')
    }
  })

  it('de-identifies a query with a name and a phone number before any model sees it', () => {
    const item = items.find((entry) => entry.id === PHI_QUERY.id)
    expect(item?.query).not.toMatch(/John|Smith|617-555-0199/)
    expect(item?.deid).toMatchObject({ applied: true, types: ['NAME', 'PHONE'] })
    for (const server of project.servers) {
      for (const request of server.requests()) {
        expect(request.lastUserMessage ?? '').not.toMatch(/John Smith|555-0199/)
      }
    }
  })

  it('keeps key points, references with authority and provenance', () => {
    const item = items[0] as DraftItem
    expect(item.keyPoints).toEqual(['Answer from the sources', 'Advise seeing a clinician'])
    expect(item.references[0]).toMatchObject({
      index: 1,
      authority: expect.stringMatching(/^[A-E]$/),
    })
    expect(item.provenance).toMatchObject({
      index: 'demo',
      n: 4,
      models: [{ name: 'model-a' }, { name: 'model-b' }],
    })
  })

  it('resumes: a second run skips every queued query and calls no model', async () => {
    const before = project.servers.map((server) => server.requestCount())
    const store = createSqliteReviewStore({ path: project.storePath })
    const index = project.index
    const result = await runDraft(project.queries, {
      store,
      evidence: createIndexEvidenceSource({
        name: 'demo',
        search: (options) => index.search(options),
      }),
      indexName: 'demo',
      models: project.servers.map((server) => ({
        name: 'again',
        url: server.url,
        model: createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted' }),
      })),
      deidentifier: false,
    })
    expect((await store.read()).length).toBe(50)
    await store.close()
    expect(result).toMatchObject({ skipped: 50, done: 0, failed: 0 })
    expect(project.servers.map((server) => server.requestCount())).toEqual(before)
  })
})

describe('parseKeyPoints', () => {
  it('reads a JSON list of strings out of untrusted text and nothing else', () => {
    expect(parseKeyPoints('Sure: ["a", "b", 3, ""]')).toEqual(['a', 'b'])
    expect(parseKeyPoints('{"points": 1}')).toEqual([])
    expect(parseKeyPoints('[not json')).toEqual([])
  })
})
