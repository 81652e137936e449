import { describe, expect, it } from 'vitest'
import { frameworkFromTriples, judgePoint, renderCoverageHtml } from './coverage.js'

const [point] = frameworkFromTriples([
  {
    id: 'p1',
    subject: 'metformin',
    predicate: 'treats',
    object: 'type 2 diabetes mellitus',
    subjectType: 'drug',
    subjectAliases: ['Glucophage'],
  },
])

describe('knowledge-point coverage', () => {
  it('files a point under its Bloom category and subdomain', () => {
    expect(point).toMatchObject({ category: 'procedural', subdomain: 'drugs' })
  })

  it('counts a point as covered when a sentence states it, co-mentioned when the entities only meet', () => {
    if (point === undefined) throw new Error('no point')
    const covered = judgePoint(point, [
      {
        text: 'Diet comes first. Glucophage is commonly used to treat type 2 diabetes mellitus. It is cheap.',
        citation: 'Label A',
        language: 'en',
      },
    ])
    expect(covered).toMatchObject({
      status: 'covered',
      evidence: {
        citation: 'Label A',
        sentence: 'Glucophage is commonly used to treat type 2 diabetes mellitus.',
      },
    })
    const mentioned = judgePoint(point, [
      {
        text: 'Metformin and insulin were compared in type 2 diabetes mellitus.',
        citation: 'Trial B',
        language: 'en',
      },
    ])
    expect(mentioned.status).toBe('co_mentioned')
    expect(
      judgePoint(point, [{ text: 'Metforminum is a salt.', citation: 'C', language: 'en' }]).status,
    ).toBe('uncovered')
  })

  it('reads Chinese passages', () => {
    const [zh] = frameworkFromTriples([
      { id: 'z1', subject: '二甲双胍', predicate: 'treats', object: '2型糖尿病' },
    ])
    if (zh === undefined) throw new Error('no point')
    expect(
      judgePoint(zh, [
        {
          text: '生活方式干预是基础。二甲双胍常用于治疗2型糖尿病。',
          citation: '指南',
          language: 'zh',
        },
      ]).status,
    ).toBe('covered')
  })

  it('renders an HTML report with the groups and the uncovered points, escaping text', () => {
    const html = renderCoverageHtml({
      n: 2,
      covered: 1,
      co_mentioned: 0,
      coverage: 0.5,
      by_category: { procedural: { n: 2, covered: 1, co_mentioned: 0, coverage: 0.5 } },
      by_subdomain: { drugs: { n: 2, covered: 1, co_mentioned: 0, coverage: 0.5 } },
      points: [
        {
          id: 'a',
          subject: 'metformin',
          relation: 'treats',
          object: 'T2DM',
          category: 'procedural',
          subdomain: 'drugs',
          status: 'covered',
          evidence: { citation: 'Label <A>', sentence: 's' },
        },
        {
          id: 'b',
          subject: 'x & y',
          relation: 'treats',
          object: 'z',
          category: 'procedural',
          subdomain: 'drugs',
          status: 'uncovered',
        },
      ],
    })
    expect(html).toContain('<h2>Uncovered points</h2>')
    expect(html).toContain('x &#38; y')
    expect(html).toContain('Label &#60;A&#62;')
    expect(html).toContain('<td>50.0%</td>')
  })
})

describe('probing the knowledge points with a model', () => {
  it('asks each point its probe and checks the answer against the object and its aliases', async () => {
    const { startScriptedModelServer, createOpenAICompatibleModel } = await import(
      '../llm/index.js'
    )
    const { probePoints } = await import('./coverage.js')
    const server = await startScriptedModelServer({
      script: {
        rules: [
          { match: { contains: 'Metformin is used to treat' }, reply: 'Type 2 diabetes.' },
          { match: { contains: '流行性感冒可表现为' }, reply: '发热' },
        ],
        fallback: 'I am not sure.',
      },
    })
    try {
      const model = createOpenAICompatibleModel({
        baseUrl: server.url,
        model: 'scripted',
        maxRetries: 0,
      })
      const points = frameworkFromTriples([
        {
          id: 'a',
          subject: 'metformin',
          predicate: 'treats',
          object: 'type 2 diabetes mellitus',
          objectAliases: ['type 2 diabetes'],
        },
        { id: 'b', subject: 'amlodipine', predicate: 'treats', object: 'hypertension' },
        { id: 'c', subject: 'anything', predicate: 'unknownRelation', object: 'x' },
      ])
      const answers = await probePoints({ model, points, language: 'en' })
      expect(answers.map(({ id, correct }) => [id, correct])).toEqual([
        ['a', true],
        ['b', false],
      ])
      const zh = await probePoints({
        model,
        points: frameworkFromTriples([
          { id: 'z', subject: '流行性感冒', predicate: 'has_symptom', object: '发热' },
        ]),
        language: 'zh',
      })
      expect(zh[0]?.correct).toBe(true)
    } finally {
      await server.close()
    }
  })
})
