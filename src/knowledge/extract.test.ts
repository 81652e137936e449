import { describe, expect, it } from 'vitest'
import { extractTriples, lexiconFromTriples } from './extract.js'

describe('triple extraction', () => {
  it('reads template wordings and free relation patterns from English text', () => {
    const triples = extractTriples({
      language: 'en',
      text: 'Metformin is commonly used to treat type 2 diabetes mellitus. Symptoms of influenza include fever, cough and muscle aches. The weather is fine.',
    })
    expect(
      triples.map(({ subject, predicate, object, method }) => [subject, predicate, object, method]),
    ).toEqual([
      ['Metformin', 'treats', 'type 2 diabetes mellitus', 'pattern'],
      ['influenza', 'has_symptom', 'fever', 'template'],
      ['influenza', 'has_symptom', 'cough', 'template'],
      ['influenza', 'has_symptom', 'muscle aches', 'template'],
    ])
  })

  it('keeps only lexicon terms and maps aliases to the graph name (Chinese)', () => {
    const lexicon = lexiconFromTriples([
      {
        id: '1',
        subject: '二甲双胍',
        predicate: 'treats',
        object: '2型糖尿病',
        subjectAliases: ['甲福明'],
      },
      { id: '2', subject: '流行性感冒', predicate: 'has_symptom', object: '发热' },
    ])
    const triples = extractTriples({
      language: 'zh',
      lexicon,
      text: '甲福明常用于治疗2型糖尿病。流行性感冒的常见症状包括发热和头痛。',
    })
    expect(triples.map(({ subject, predicate, object }) => [subject, predicate, object])).toEqual([
      ['二甲双胍', 'treats', '2型糖尿病'],
      ['流行性感冒', 'has_symptom', '发热'],
    ])
  })
})
