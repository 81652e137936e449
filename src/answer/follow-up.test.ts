/**
 * Multi-turn conversations: follow-ups resolved by rule (no model) on the demonstration index,
 * and condensed by a scripted model over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoIndex } from '../corpus/index.js'
import {
  type ChatMessage,
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import { openIndex, type RetrievalIndex } from '../retrieval/index.js'
import { createAnswerer } from './answer-question.js'
import { isFollowUp, resolveFollowUp } from './follow-up.js'
import { createIndexEvidenceSource } from './index-evidence-source.js'
import { loadDrugVocabulary } from './understand-query.js'

const vocabulary = loadDrugVocabulary(
  resolve(import.meta.dirname, '../../data/lexicons/common-drugs.json'),
)

describe('isFollowUp', () => {
  it('spots connectors, pronouns and questions without a topic of their own', () => {
    expect(isFollowUp('and what about in pregnancy?')).toBe(true)
    expect(isFollowUp('Is it safe with kidney disease?')).toBe(true)
    expect(isFollowUp('What dose is usual?')).toBe(true)
    expect(isFollowUp('How is COPD diagnosed?')).toBe(false)
    expect(isFollowUp('那孕妇能用吗？')).toBe(true)
    expect(isFollowUp('慢阻肺怎么诊断？')).toBe(false)
  })
})

describe('resolveFollowUp without a model', () => {
  it('leaves a question with no earlier turns as it is', async () => {
    const resolved = await resolveFollowUp({ question: 'and in pregnancy?' })
    expect(resolved).toEqual({
      query: 'and in pregnancy?',
      method: 'standalone',
      carried: [],
      anchors: [],
    })
  })

  it('carries the topic through a chain of follow-ups and anchors it on the first question', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'When is metformin contraindicated?' },
      { role: 'assistant', content: 'Below an eGFR of 30 [1].' },
      { role: 'user', content: 'and what about in pregnancy?' },
      { role: 'assistant', content: 'The sources do not say.' },
    ]
    const resolved = await resolveFollowUp({ question: 'What dose is usual?', history, vocabulary })
    expect(resolved.method).toBe('carried')
    expect(resolved.carried).toEqual(['pregnancy', 'metformin'])
    expect(resolved.anchors).toEqual(['metformin'])
    expect(resolved.query).toBe('What dose is usual? pregnancy metformin')
  })
})

describe('conversations over the demonstration index', () => {
  let folder: string
  let index: RetrievalIndex
  let server: ScriptedModelServer
  const condenseRequests: string[] = []
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'galen-follow-up-'))
    const demo = await ensureDemoIndex({ path: join(folder, 'demo.db') })
    index = await openIndex({ path: demo.path, create: false })
    server = await startScriptedModelServer({
      script: {
        rules: [
          {
            respond(request) {
              const system = request.messages[0]
              if (system?.role === 'system' && String(system.content).startsWith('Rewrite')) {
                condenseRequests.push(request.lastUserMessage)
                return request.lastUserMessage.includes('pregnancy')
                  ? 'Is lisinopril safe in pregnancy?'
                  : 'line one\nline two'
              }
              return 'The sources answer this [1].'
            },
          },
        ],
      },
    })
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await index?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  const evidence = () =>
    createIndexEvidenceSource({
      name: 'demo',
      search: (options) => index.search(options),
      termStatistics: (options) => index.backend.termStatistics(options),
    })

  it('keeps to metformin when the follow-up only says "and what about in pregnancy?"', async () => {
    const answerer = createAnswerer({ evidence: evidence(), drugVocabulary: vocabulary })
    const first = await answerer.answer({ question: 'When is metformin contraindicated?' })
    const history: ChatMessage[] = [
      { role: 'user', content: 'When is metformin contraindicated?' },
      { role: 'assistant', content: first.answer },
    ]
    const result = await answerer.answer({ question: 'and what about in pregnancy?', history })
    expect(result.followUp).toMatchObject({ method: 'carried', anchors: ['metformin'] })
    const shown = result.citations.map((card) => card.documentId)
    expect(shown.length).toBeGreaterThan(0)
    expect(shown).not.toContain('demo-drug-doxycycline-01')
    for (const card of result.citations) expect(card.passage.toLowerCase()).toContain('metformin')
    // Asked alone, the same words find the doxycycline label.
    const alone = await answerer.answer({ question: 'and what about in pregnancy?' })
    expect(alone.citations.map((card) => card.documentId)).toContain('demo-drug-doxycycline-01')
  })

  it('searches with the standalone query the model condenses', async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: 'scripted',
      maxRetries: 0,
    })
    const answerer = createAnswerer({ evidence: evidence(), model })
    const history: ChatMessage[] = [
      { role: 'user', content: 'What is lisinopril used for?' },
      { role: 'assistant', content: 'Hypertension and heart failure [1].' },
    ]
    const result = await answerer.answer({ question: 'and what about in pregnancy?', history })
    expect(condenseRequests.at(-1)).toContain('What is lisinopril used for?')
    expect(result.followUp).toMatchObject({
      method: 'condensed',
      query: 'Is lisinopril safe in pregnancy?',
    })
    expect(result.citations[0]?.documentId).toBe('demo-drug-lisinopril-02')
  })

  it('falls back to carrying the topic when the model rewrite is unusable', async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: 'scripted',
      maxRetries: 0,
    })
    const answerer = createAnswerer({ evidence: evidence(), model })
    const history: ChatMessage[] = [
      { role: 'user', content: 'How is a gout flare treated?' },
      { role: 'assistant', content: 'Colchicine, NSAIDs or steroids [1].' },
    ]
    const result = await answerer.answer({ question: 'What dose is usual?', history })
    expect(result.followUp.method).toBe('carried')
    expect(result.followUp.modelProblem).toBe('the model rewrite spans several lines')
    expect(result.citations[0]?.documentId).toMatch(/^demo-gout-/)
  })
})
