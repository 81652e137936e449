import { describe, expect, it } from 'vitest'
import { checkConsistency } from './consistency.js'
import { parseText } from './parse-text.js'
import { type Language, PREDICATES } from './predicates.js'
import type { Triple } from './triples.js'
import { createTemplateVerbalizer } from './verbalize.js'

const triple = (
  id: string,
  subject: string,
  predicate: string,
  object: string,
  extra: Partial<Triple> = {},
): Triple => ({
  id,
  subject,
  predicate,
  object,
  ...extra,
})

describe('template catalogue', () => {
  it.each(['en', 'zh'] as Language[])(
    'gives every %s template a subject and an object slot, no wording twice',
    (language) => {
      const seen = new Map<string, string>()
      for (const definition of PREDICATES) {
        const wording = definition[language]
        expect(wording.single.length).toBeGreaterThanOrEqual(2)
        for (const template of wording.single) {
          expect(template.text).toContain('{s}')
          expect(template.text).toContain('{o}')
        }
        for (const template of wording.list) expect(template.text).toContain('{list}')
        for (const template of [...wording.single, ...wording.list]) {
          expect(seen.get(template.text), template.text).toBeUndefined()
          seen.set(template.text, definition.id)
        }
      }
    },
  )
})

describe('template verbaliser', () => {
  it('aggregates same-subject triples into a list sentence and a paragraph with a pronoun', () => {
    const verbalizer = createTemplateVerbalizer({ language: 'en' })
    const output = verbalizer.verbalize({
      triples: [
        triple('1', 'influenza', 'has_symptom', 'fever'),
        triple('2', 'influenza', 'has_symptom', 'cough'),
        triple('3', 'influenza', 'has_symptom', 'myalgia'),
        triple('4', 'influenza', 'subClassOf', 'viral infectious disease'),
        triple('5', 'Oseltamivir', 'treats', 'influenza'),
      ],
    })
    expect(output).toMatchInlineSnapshot(`
      [
        {
          "round_trip": true,
          "text": "Symptoms of influenza include fever, cough and myalgia. This disease is a type of viral infectious disease.",
          "triple_ids": [
            "1",
            "2",
            "3",
            "4",
          ],
        },
        {
          "round_trip": true,
          "text": "Oseltamivir is used to treat influenza.",
          "triple_ids": [
            "5",
          ],
        },
      ]
    `)
  })

  it('writes Chinese with 、 and 和 and refers back with 该病', () => {
    const output = createTemplateVerbalizer({ language: 'zh' }).verbalize({
      triples: [
        triple('1', '流行性感冒', 'has_symptom', '发热'),
        triple('2', '流行性感冒', 'has_symptom', '咳嗽'),
        triple('3', '流行性感冒', 'has_symptom', '肌肉酸痛'),
        triple('4', '流行性感冒', 'is_a', '病毒感染性疾病'),
      ],
    })
    expect(output.map((unit) => unit.text)).toEqual([
      '流行性感冒的常见症状包括发热、咳嗽和肌肉酸痛。该病是病毒感染性疾病的一种。',
    ])
  })

  it('rotates the templates of a predicate', () => {
    const verbalizer = createTemplateVerbalizer({ language: 'en', aggregate: false })
    const texts = verbalizer
      .verbalize({
        triples: [
          triple('1', 'Metformin', 'treats', 'type 2 diabetes mellitus'),
          triple('2', 'Levothyroxine', 'treats', 'hypothyroidism'),
          triple('3', 'Amoxicillin', 'treats', 'otitis media'),
        ],
      })
      .map((unit) => unit.text)
    expect(texts).toEqual([
      'Metformin is used to treat type 2 diabetes mellitus.',
      'Levothyroxine is a treatment for hypothyroidism.',
      'Otitis media can be treated with Amoxicillin.',
    ])
  })

  it('words a triple by its entity types', () => {
    const output = createTemplateVerbalizer({ language: 'en' }).verbalize({
      triples: [
        triple('1', 'Atorvastatin', 'is_a', 'HMG-CoA reductase inhibitors', {
          subjectType: 'drug',
        }),
      ],
    })
    expect(output[0]?.text).toBe(
      'Atorvastatin belongs to the drug class HMG-CoA reductase inhibitors.',
    )
  })

  it('states an unknown predicate with the generic template, and reads it back', () => {
    const [unit] = createTemplateVerbalizer({ language: 'en' }).verbalize({
      triples: [triple('1', 'Aarhus_Airport', 'runwayLength', '2776.0')],
    })
    expect(unit?.text).toBe('The runway length of Aarhus Airport is 2776.0.')
    expect(unit?.round_trip).toBe(true)
  })

  it('splits sentences only where every piece reads back (names may hold a full stop)', () => {
    const sentences = parseText(
      "St. John's wort is used to treat depression. Aspirin is used to treat pain.",
      'en',
    )
    expect(sentences.flatMap((sentence) => sentence.triples)).toEqual([
      { subject: "St. John's wort", predicate: 'treats', object: 'depression' },
      { subject: 'Aspirin', predicate: 'treats', object: 'pain' },
    ])
  })
})

describe('consistency gate', () => {
  const input = [
    triple('1', 'Aspirin', 'treats', 'pain'),
    triple('2', 'Aspirin', 'treats', 'fever'),
  ]

  it('passes a sentence that states every triple', () => {
    const result = checkConsistency({
      text: 'Aspirin is indicated for the treatment of pain and fever.',
      triples: input,
      language: 'en',
    })
    expect(result).toMatchObject({ ok: true, recall: 1, precision: 1, reasons: [] })
  })

  it('rejects a sentence that drops a triple or names an entity not in its input', () => {
    const dropped = checkConsistency({
      text: 'Aspirin is used to treat pain.',
      triples: input,
      language: 'en',
    })
    expect(dropped.reasons).toEqual(['dropped_triple'])
    expect(dropped.recall).toBe(0.5)
    const invented = checkConsistency({
      text: 'Aspirin is indicated for the treatment of pain, fever and gout.',
      triples: input,
      language: 'en',
    })
    expect(invented.reasons).toContain('unsupported_entity')
    expect(invented.unsupportedEntities).toEqual(['gout'])
  })

  it('rejects the wrong language, repetition and text it cannot read', () => {
    expect(
      checkConsistency({
        text: '阿司匹林用于治疗疼痛。',
        triples: [triple('1', 'Aspirin', 'treats', 'pain')],
        language: 'en',
      }).reasons,
    ).toContain('wrong_language')
    const stutter = checkConsistency({
      text: 'Aspirin is used is used is used to treat pain.',
      triples: [triple('1', 'Aspirin', 'treats', 'pain')],
      language: 'en',
    })
    expect(stutter.reasons).toEqual(expect.arrayContaining(['dropped_triple', 'repetition']))
    const extra = checkConsistency({
      text: 'Aspirin is used to treat pain. It is sold widely.',
      triples: [triple('1', 'Aspirin', 'treats', 'pain')],
      language: 'en',
    })
    expect(extra.ok).toBe(false)
  })
})
