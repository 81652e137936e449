/**
 * Regression guard of the evidence the page shows, on the demonstration index: the issue's
 * examples, and the held-out relevance set's figures (data/relevance/heldout.jsonl; the policy was
 * tuned on tuning.jsonl only).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoIndex } from '../corpus/index.js'
import { openIndex, type RetrievalIndex } from '../retrieval/index.js'
import { type AnswerResult, createAnswerer } from './answer-question.js'
import { evaluateEvidence, loadRelevanceSet } from './evaluate-evidence.js'
import { createIndexEvidenceSource } from './index-evidence-source.js'

const RELEVANCE = resolve(import.meta.dirname, '..', '..', 'data', 'relevance')
let folder: string
let index: RetrievalIndex
let answerer: ReturnType<typeof createAnswerer>
let before: ReturnType<typeof createAnswerer>

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'galen-evidence-'))
  const demo = await ensureDemoIndex({ path: join(folder, 'demo.db') })
  index = await openIndex({ path: demo.path, create: false })
  const evidence = createIndexEvidenceSource({
    name: 'demo',
    search: (options) => index.search(options),
    termStatistics: (options) => index.backend.termStatistics(options),
  })
  answerer = createAnswerer({ evidence })
  before = createAnswerer({ evidence, evidencePolicy: false })
}, 60_000)

afterAll(async () => {
  await index?.close()
  rmSync(folder, { recursive: true, force: true })
})

const shown = (result: AnswerResult) => result.citations.map((card) => card.documentId)

describe('evidence on the demonstration index', () => {
  it('answers the README example with metformin passages only', async () => {
    const result = await answerer.answer({ question: 'When is metformin contraindicated?' })
    expect(result.citations.length).toBeGreaterThan(0)
    for (const card of result.citations) expect(card.title.toLowerCase()).toContain('metformin')
    expect(shown(result)[0]).toBe('demo-drug-metformin-02')
    // Before the policy, three of the six were about other drugs.
    const old = await before.answer({ question: 'When is metformin contraindicated?' })
    expect(shown(old)).toContain('demo-drug-lisinopril-02')
  })

  it('raises no conflict between hypertension guidelines for a diabetes question', async () => {
    const result = await answerer.answer({
      question: 'What is the first-line treatment for type 2 diabetes?',
    })
    expect(shown(result)[0]).toBe('demo-dm-04')
    expect(result.conflicts).toEqual([])
    expect(shown(result).some((id) => id.startsWith('demo-htn'))).toBe(false)
  })

  it('puts the hyperkalaemia page first and no gout guideline for high potassium', async () => {
    const result = await answerer.answer({ question: 'how to treat high potassium' })
    expect(shown(result)[0]).toBe('demo-test-potassium-01')
    expect(shown(result).some((id) => id.startsWith('demo-gout'))).toBe(false)
    expect(result.evidence.searchQuery).toContain('hyperkalaemia')
  })

  it('hides the forum post about vaccines and autism behind the review evidence', async () => {
    const result = await answerer.answer({ question: 'Do vaccines cause autism?' })
    expect(shown(result)).toEqual(expect.arrayContaining(['demo-vax-01', 'demo-vax-02']))
    expect(shown(result)).not.toContain('demo-forum-01')
    expect(result.evidence.hiddenLowAuthority).toBe(1)
    const all = await answerer.answer({
      question: 'Do vaccines cause autism?',
      policy: { authorityFloor: 'E' },
    })
    expect(shown(all).at(-1)).toBe('demo-forum-01')
  })

  it('shows nothing, and says so, when the index cannot answer', async () => {
    const result = await answerer.answer({ question: 'What is the treatment for malaria?' })
    expect(result.citations).toEqual([])
    expect(result.notes[0]).toContain('no passage in the index answers this question')
  })

  it('computes CHA2DS2-VASc inside the answer, with steps, source and the score evidence', async () => {
    const result = await answerer.answer({
      question: 'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
    })
    expect(result.calculatorIntent).toEqual([4])
    expect(result.calculations[0]).toMatchObject({ status: 'computed', display: '4 points' })
    expect(result.answer).toContain('4 points (Moderate-high risk')
    expect(result.answer).toContain('Source: Lip GYH')
    expect(result.answer).not.toMatch(/\b1 points\b|\bnull\b/)
    expect(shown(result)[0]).toBe('demo-af-01')
  })

  it('names the missing input and returns the prefilled form for an incomplete question', async () => {
    const result = await answerer.answer({
      question: 'What is the CHA2DS2-VASc score for a 70 year old with diabetes?',
    })
    expect(result.calculations[0]).toMatchObject({
      status: 'needs-inputs',
      missing: [{ name: 'sex', label: 'Sex' }],
      form: { calculator: 'cha2ds2-vasc', prefill: { age: 70, diabetes: true } },
    })
    expect(result.notes.join(' ')).toContain('open the calculator form')
  })

  it('keeps the held-out relevance figures (nDCG@5, precision, E above A-C)', async () => {
    const figures = await evaluateEvidence({
      answer: (options) => answerer.answer(options),
      questions: loadRelevanceSet(join(RELEVANCE, 'heldout.jsonl')),
    })
    expect(figures.questions).toBeGreaterThanOrEqual(20)
    expect(figures['ndcg@5']).toBeGreaterThanOrEqual(0.8)
    expect(figures.precision).toBeGreaterThanOrEqual(0.85)
    expect(figures.eAboveHigher).toBe(0)
    expect(figures.offTopicConflicts).toBe(0)
    expect(figures.unanswerable.shownNothing).toBe(figures.unanswerable.questions)
  }, 30_000)
})
