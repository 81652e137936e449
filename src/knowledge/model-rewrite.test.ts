import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  startScriptedModelServer,
} from '../llm/index.js'
import { rewriteWithModel } from './model-rewrite.js'
import type { Triple } from './triples.js'

describe('model rewrite through the consistency gate (scripted OpenAI-protocol server)', () => {
  let server: ScriptedModelServer
  beforeAll(async () => {
    server = await startScriptedModelServer({
      script: {
        rules: [
          // the rewrites
          {
            match: { contains: 'Metformin is used to treat' },
            reply: 'Metformin is a first-line medicine for type 2 diabetes mellitus.',
          },
          {
            match: { contains: 'Amlodipine is used to treat' },
            reply: 'Amlodipine, like lisinopril, lowers blood pressure in hypertension.',
          },
          { match: { contains: '二甲双胍用于治疗' }, reply: '二甲双胍是治疗2型糖尿病的一线药物。' },
          // the model reading its rewrites back
          {
            match: { contains: 'first-line medicine' },
            reply: 'Metformin | treats | type 2 diabetes mellitus',
          },
          {
            match: { contains: 'lowers blood pressure' },
            reply: 'Amlodipine | treats | hypertension\nLisinopril | treats | hypertension',
          },
          {
            match: { contains: '一线药物' },
            reply: '二甲双胍 | treats | 2型糖尿病\nnoise that is not a triple',
          },
        ],
      },
    })
  })
  afterAll(async () => {
    await server.close()
  })

  const model = () =>
    createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted', maxRetries: 0 })
  const triple = (subject: string, object: string): Triple => ({
    id: '1',
    subject,
    predicate: 'treats',
    object,
  })

  it('keeps a rewrite that states every fact and nothing else', async () => {
    const result = await rewriteWithModel({
      model: model(),
      templateText: 'Metformin is used to treat type 2 diabetes mellitus.',
      triples: [triple('Metformin', 'type 2 diabetes mellitus')],
      language: 'en',
    })
    expect(result).toEqual({
      text: 'Metformin is a first-line medicine for type 2 diabetes mellitus.',
      mode: 'model',
      rejected: [],
    })
  })

  it('keeps the template text when the rewrite adds an entity', async () => {
    const result = await rewriteWithModel({
      model: model(),
      templateText: 'Amlodipine is used to treat hypertension.',
      triples: [triple('Amlodipine', 'hypertension')],
      language: 'en',
    })
    expect(result).toEqual({
      text: 'Amlodipine is used to treat hypertension.',
      mode: 'template',
      rejected: ['unsupported_entity'],
    })
  })

  it('reads untrusted replies line by line (Chinese)', async () => {
    const result = await rewriteWithModel({
      model: model(),
      templateText: '二甲双胍用于治疗2型糖尿病。',
      triples: [triple('二甲双胍', '2型糖尿病')],
      language: 'zh',
    })
    expect(result.mode).toBe('model')
    expect(result.text).toBe('二甲双胍是治疗2型糖尿病的一线药物。')
  })
})
