import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { draftCandidate, draftItem } from '../../test/support/draft-items.js'
import {
  createSqliteReviewStore,
  type DraftItem,
  openProject,
  projectStorePath,
} from '../curation/index.js'
import { startStudio } from './studio-app.js'

const TOKENS = {
  ana: 'ana-token-0123456789',
  ben: 'ben-token-0123456789',
  cai: 'cai-token-0123456789',
}

function item(id: string): DraftItem {
  return draftItem(id, [
    draftCandidate('m1', `Answer one for ${id} [1].`, 0.9),
    draftCandidate('m2', `Answer two for ${id} [1].`, 0.4),
  ])
}

let folder: string
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-studio-'))
  const store = createSqliteReviewStore({ path: projectStorePath(folder) })
  await store.append({
    events: ['q1', 'q2', 'q3', 'q4'].map((id) => ({
      actor: 'pipeline',
      itemId: id,
      type: 'item.queued' as const,
      before: null,
      after: item(id),
    })),
  })
  await store.close()
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

async function call(url: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('review studio API', () => {
  it('refuses to listen beyond loopback without tokens', async () => {
    const project = openProject({ folder, reviewers: [], overlap: 0 })
    await expect(startStudio({ project, reviewers: [], host: '0.0.0.0' })).rejects.toThrow(
      /needs a key/,
    )
    await project.close()
  })

  it('asks for a token on the API, serves the page without one, and knows who is calling', async () => {
    const project = openProject({ folder, reviewers: ['ana', 'ben'], overlap: 1 })
    const studio = await startStudio({
      project,
      reviewers: [
        { name: 'ana', role: 'reviewer', token: TOKENS.ana },
        { name: 'ben', role: 'reviewer', token: TOKENS.ben },
        { name: 'cai', role: 'adjudicator', token: TOKENS.cai },
      ],
    })
    try {
      expect((await call(studio.url, '/api/items', undefined)).status).toBe(401)
      expect((await call(studio.url, '/api/items', 'wrong-token-0123456789')).status).toBe(401)
      const page = await fetch(`${studio.url}/`)
      expect(page.status).toBe(200)
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      expect((await call(studio.url, '/api/me', TOKENS.ben)).body).toEqual({
        name: 'ben',
        role: 'reviewer',
      })

      const mine = await call(studio.url, '/api/items?status=pending&assigned=me', TOKENS.ana)
      expect((mine.body.items as unknown[]).length).toBe(4)
      const bad = await call(studio.url, '/api/items?status=done', TOKENS.ana)
      expect(bad.status).toBe(400)
      expect(bad.body).toMatchObject({ error: { param: 'status' } })
      const noReason = await call(studio.url, '/api/items/q1/review', TOKENS.ana, {
        decision: 'reject',
      })
      expect(noReason).toMatchObject({ status: 400, body: { error: { param: 'reason' } } })
      expect((await call(studio.url, '/api/items/nope', TOKENS.ana)).status).toBe(404)

      // autosave, then accept with an edit
      await call(studio.url, '/api/items/q1/draft', TOKENS.ana, { answer: 'draft text' })
      expect((await call(studio.url, '/api/items/q1', TOKENS.ana)).body.draft).toBe('draft text')
      // both reviewers on every item (overlap 1): agreements on q1, q2, disagreement on q3
      await call(studio.url, '/api/items/q1/review', TOKENS.ana, {
        decision: 'accept',
        answer: 'Edited answer [1].',
      })
      await call(studio.url, '/api/items/q1/review', TOKENS.ben, { decision: 'accept' })
      await call(studio.url, '/api/items/q2/review', TOKENS.ana, {
        decision: 'reject',
        reason: 'Unsafe advice',
      })
      await call(studio.url, '/api/items/q2/review', TOKENS.ben, {
        decision: 'reject',
        reason: 'Factually wrong',
      })
      await call(studio.url, '/api/items/q3/review', TOKENS.ana, { decision: 'accept' })
      const disputed = await call(studio.url, '/api/items/q3/review', TOKENS.ben, {
        decision: 'reject',
        reason: 'Not supported',
      })
      expect(disputed.body.status).toBe('disputed')
      const stats = await call(studio.url, '/api/stats', TOKENS.cai)
      // ana A R A, ben A R R: observed 2/3, expected 2/3*1/3 + 1/3*2/3 = 4/9, kappa 0.4
      expect(stats.body.agreement).toMatchObject({ items: 3 })
      expect((stats.body.agreement as { kappa: number }).kappa).toBeCloseTo(0.4)

      const refused = await call(studio.url, '/api/items/q3/adjudicate', TOKENS.ana, {
        decision: 'accept',
      })
      expect(refused.status).toBe(403)
      const resolved = await call(studio.url, '/api/items/q3/adjudicate', TOKENS.cai, {
        decision: 'accept',
        candidateId: 'm2#0',
      })
      expect(resolved.body).toMatchObject({
        status: 'accepted',
        final: { candidateId: 'm2#0', reviewer: 'cai' },
      })
    } finally {
      await studio.close()
      await project.close()
    }
  })

  it('loses no review when the studio process is killed with SIGKILL and restarted', async () => {
    writeFileSync(
      join(folder, 'curation.json'),
      JSON.stringify({ overlap: 0, reviewers: [{ name: 'ana', role: 'reviewer' }] }),
    )
    const cli = new URL('../cli/main.ts', import.meta.url).pathname
    const launch = async () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          'studio',
          '--project',
          folder,
          '--port',
          '0',
          '--token',
          `ana=${TOKENS.ana}`,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      const url = await new Promise<string>((resolve, reject) => {
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = /listening on (http:\/\/\S+)/.exec(output)
          if (match?.[1] !== undefined) resolve(match[1])
        })
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString()
        })
        child.once('exit', (code) => reject(new Error(`studio exited (${code}): ${output}`)))
      })
      return { child, url }
    }
    const first = await launch()
    const before = (await call(first.url, '/api/stats', TOKENS.ana)).body.reviews as number
    const answered = await call(first.url, '/api/items/q4/review', TOKENS.ana, {
      decision: 'flag',
      reason: 'Unsafe advice: dose',
    })
    expect(answered.status).toBe(200)
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('close', resolve))
    const second = await launch()
    try {
      const detail = await call(second.url, '/api/items/q4', TOKENS.ana)
      expect(detail.body.status).toBe('flagged')
      expect((await call(second.url, '/api/stats', TOKENS.ana)).body.reviews).toBe(before + 1)
    } finally {
      second.child.kill('SIGTERM')
      await new Promise((resolve) => second.child.once('close', resolve))
    }
  })
})
