import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  type ScriptedRequest,
  startScriptedModelServer,
} from '../llm/index.js'
import { createAnswerer } from './answer-question.js'
import type { EvidencePassage, EvidenceSource } from './evidence-source.js'
import { loadDrugVocabulary } from './understand-query.js'

const corpus: EvidencePassage[] = [
  {
    id: 'metformin-renal',
    documentId: 'metformin-label',
    title: 'Metformin: kidney function',
    source: 'FDA',
    url: 'https://example.org/metformin',
    date: '2024',
    authority: 'A',
    materialType: 'drug_label',
    text: 'Metformin is contraindicated when the eGFR is below 30 mL/min/1.73 m2. Starting it is not recommended when eGFR is between 30 and 45.',
    score: 3,
  },
  {
    id: 'af-stroke',
    documentId: 'af-guideline',
    title: 'Atrial fibrillation: stroke risk',
    source: 'ACC/AHA',
    url: 'https://example.org/af',
    date: '2023',
    authority: 'A',
    materialType: 'guideline',
    text: 'Stroke risk in atrial fibrillation is estimated with the CHA2DS2-VASc score; anticoagulation is recommended at a score of 2 or more in men and 3 or more in women.',
    score: 2,
  },
]

const queries: string[] = []
const evidence: EvidenceSource = {
  name: 'fixture',
  async search({ query }) {
    queries.push(query)
    const words = query.toLowerCase()
    return corpus.filter((passage) =>
      words.includes('metformin') ? passage.id === 'metformin-renal' : passage.id === 'af-stroke',
    )
  },
}

function respond(request: ScriptedRequest) {
  const question = request.lastUserMessage.toLowerCase()
  if (question.includes('cha2ds2-vasc')) {
    const toolMessage = request.messages.find((message) => message.role === 'tool')
    if (toolMessage === undefined) {
      return {
        toolCalls: [
          {
            name: 'cha2ds2_vasc',
            arguments: JSON.stringify({ age: 76, sex: 'Female', hypertension: true }),
          },
        ],
      }
    }
    const value = (JSON.parse(toolMessage.content ?? '{}') as { value?: number }).value
    return `The CHA2DS2-VASc score is ${value}. Anticoagulation is recommended at a score of 3 or more in women [1].`
  }
  if (question.includes('fabricated')) {
    return 'Metformin is contraindicated when the eGFR is below 30 [4]. Metformin cures kidney failure in most adults [1].'
  }
  return 'Metformin is contraindicated when the eGFR is below 30 mL/min/1.73 m2 [1].'
}

describe('answering through a scripted model over HTTP', () => {
  let server: ScriptedModelServer
  let answerer: ReturnType<typeof createAnswerer>
  beforeAll(async () => {
    server = await startScriptedModelServer({ script: { rules: [{ respond }] } })
    const model = createOpenAICompatibleModel({
      baseUrl: server.url,
      model: 'scripted',
      maxRetries: 0,
    })
    answerer = createAnswerer({
      evidence,
      model,
      drugVocabulary: loadDrugVocabulary(
        resolve(import.meta.dirname, '../../data/lexicons/common-drugs.json'),
      ),
    })
  })
  afterAll(async () => {
    await server.close()
  })

  it('cites the right passage and marks it supported', async () => {
    const result = await answerer.answer({ question: 'When is metformin contraindicated?' })
    expect(result.mode).toBe('generated')
    expect(result.citations[0]).toMatchObject({
      index: 1,
      title: 'Metformin: kidney function',
      supported: true,
    })
    expect(result.citationCheck?.allSupported).toBe(true)
  })

  it('corrects a misspelled drug name before retrieval', async () => {
    queries.length = 0
    const result = await answerer.answer({ question: 'When is metfromin contraindicated?' })
    expect(queries).toEqual(['When is metformin contraindicated?'])
    expect(result.corrections).toEqual([{ from: 'metfromin', to: 'metformin', distance: 1 }])
    expect(result.citations[0]?.title).toBe('Metformin: kidney function')
  })

  it('flags a citation of a passage that was not given and an unsupported claim', async () => {
    const result = await answerer.answer({ question: 'Give a fabricated metformin answer' })
    expect(result.citationCheck?.invalidCitations).toEqual([4])
    const flagged =
      result.citationCheck?.sentences.filter((sentence) => sentence.supported === false) ?? []
    expect(flagged.map((sentence) => sentence.method)).toEqual(['invalid-citation', 'lexical'])
    expect(result.citations[0]?.supported).toBe(false)
    expect(result.notes.join(' ')).toContain('not given')
  })

  it('routes a calculator question through a tool call and reports the computed value', async () => {
    const result = await answerer.answer({
      question: 'What is the CHA2DS2-VASc score of a 76-year-old woman with hypertension?',
    })
    expect(result.calculatorIntent).toEqual([4])
    expect(result.toolCalls).toHaveLength(1)
    expect(result.toolCalls[0]).toMatchObject({ name: 'cha2ds2_vasc', ok: true })
    const computed = (JSON.parse(result.toolCalls[0]?.result ?? '{}') as { value: number }).value
    expect(computed).toBe(4)
    expect(result.answer).toContain('score is 4')
    expect(result.citationCheck?.unsupported).toBe(0)
    expect(result.calculations).toHaveLength(1)
    expect(result.calculations[0]).toMatchObject({
      status: 'computed',
      display: '4 points',
      stated: expect.arrayContaining([expect.objectContaining({ text: 'model tool call' })]),
    })
  })
})
