import { describe, expect, it } from 'vitest'
import type { EvidencePassage } from './evidence-source.js'
import { analyseQuestion } from './query-concepts.js'
import { selectEvidence } from './select-evidence.js'

function passage(
  id: string,
  title: string,
  text: string,
  authority: EvidencePassage['authority'] = 'A',
  score = 1,
): EvidencePassage {
  return {
    id,
    documentId: id,
    title,
    source: 'test',
    url: `https://example.org/${id}`,
    authority,
    materialType: 'guideline',
    text,
    score,
  }
}

const metformin = passage(
  'metformin',
  'Metformin: kidney function',
  'Metformin is contraindicated when eGFR is below 30.',
  'A',
  3,
)
const aceInhibitors = passage(
  'ace',
  'ACE inhibitors: contraindicated in pregnancy',
  'ACE inhibitors are contraindicated in pregnancy.',
  'A',
  2.5,
)
const metforminDose = passage(
  'metformin-dose',
  'Metformin: dosing',
  'Metformin is started at 500 mg with meals.',
  'A',
  1.5,
)

describe('selectEvidence', () => {
  it('drops a passage that shares only the aspect word with the question', () => {
    const { concepts } = analyseQuestion('When is metformin contraindicated?')
    const selection = selectEvidence({
      passages: [metformin, aceInhibitors, metforminDose],
      concepts,
    })
    expect(selection.passages.map((item) => item.id)).toEqual(['metformin', 'metformin-dose'])
    expect(selection.dropped.map((item) => item.id)).toEqual(['ace'])
  })

  it('shows nothing when no passage names the topic', () => {
    const { concepts } = analyseQuestion('What is the treatment for malaria?')
    const selection = selectEvidence({ passages: [metformin, aceInhibitors], concepts })
    expect(selection.passages).toEqual([])
  })

  it('hides level E when on-topic A-C evidence exists, and ranks it last when shown', () => {
    const forum = passage(
      'forum',
      'Forum: vaccines and autism',
      'Vaccines cause autism, a user wrote.',
      'E',
      5,
    )
    const review = passage(
      'review',
      'Vaccines and autism: the evidence',
      'No link between vaccines and autism.',
      'C',
      2,
    )
    const { concepts } = analyseQuestion('Do vaccines cause autism?')
    const hidden = selectEvidence({ passages: [forum, review], concepts })
    expect(hidden.passages.map((item) => item.id)).toEqual(['review'])
    expect(hidden.hiddenLowAuthority).toBe(1)
    const shown = selectEvidence({
      passages: [forum, review],
      concepts,
      policy: { authorityFloor: 'E' },
    })
    expect(shown.passages.map((item) => item.id)).toEqual(['review', 'forum'])
  })

  it('shows low-authority evidence, flagged, when nothing better is on topic', () => {
    const forum = passage(
      'forum',
      'Forum: vaccines and autism',
      'Vaccines cause autism, a user wrote.',
      'E',
    )
    const { concepts } = analyseQuestion('Do vaccines cause autism?')
    const selection = selectEvidence({ passages: [forum, metformin], concepts })
    expect(selection.passages.map((item) => item.id)).toEqual(['forum'])
    expect(selection.onlyLowAuthority).toBe(true)
  })

  it('keeps everything above a zero floor', () => {
    const { concepts } = analyseQuestion('When is metformin contraindicated?')
    const selection = selectEvidence({
      passages: [metformin, aceInhibitors],
      concepts,
      policy: { minRelevance: 0, minRelativeRelevance: 0 },
    })
    expect(selection.passages.map((item) => item.id)).toEqual(['metformin', 'ace'])
  })
})

describe('analyseQuestion', () => {
  it('maps a lay phrase to the clinical terms and keeps the aspect apart', () => {
    const analysis = analyseQuestion('how to treat high potassium')
    expect(analysis.concepts.map((concept) => [concept.kind, concept.text])).toEqual([
      ['aspect', 'treat'],
      ['topic', 'high potassium'],
    ])
    expect(analysis.expansion).toEqual(['hyperkalaemia', 'hyperkalemia'])
  })

  it('searches a brand name as its generic and lets either match', () => {
    const analysis = analyseQuestion('Is Tylenol bad for the liver?', {
      synonyms: new Map([['tylenol', 'acetaminophen']]),
    })
    expect(analysis.expansion).toEqual(['acetaminophen'])
    const label = passage(
      'apap',
      'Acetaminophen: liver injury',
      'Acetaminophen overdose injures the liver.',
    )
    expect(
      selectEvidence({ passages: [label], concepts: analysis.concepts }).passages,
    ).toHaveLength(1)
  })

  it('matches British and American spellings of the same word', () => {
    const { concepts } = analyseQuestion('signs of hypoglycemia')
    const british = passage('hypo', 'Hypoglycaemia', 'Hypoglycaemia causes sweating.')
    expect(selectEvidence({ passages: [british], concepts }).passages).toHaveLength(1)
    expect(analyseQuestion('hypoglycemia').expansion).toContain('hypoglycaemia')
  })
})
