import { describe, expect, it } from 'vitest'
import type { EvidencePassage } from './evidence-source.js'
import { formatSourcesForPrompt, packEvidence } from './pack-evidence.js'

function passage(id: string, text: string, extra: Partial<EvidencePassage> = {}): EvidencePassage {
  return {
    id,
    documentId: id,
    title: id,
    source: 'Publisher',
    url: `https://example.org/${id}`,
    date: '2024',
    authority: 'B',
    materialType: 'guideline',
    text,
    score: 1,
    ...extra,
  }
}

describe('packEvidence', () => {
  it('numbers sources from 1 and drops near-duplicates', () => {
    const text = 'Metformin is the usual first-line drug for type 2 diabetes in most adults.'
    const packed = packEvidence({
      passages: [
        passage('a', text),
        passage('b', `${text} `),
        passage('c', 'Insulin glargine is a basal insulin.'),
      ],
    })
    expect(packed.sources.map((source) => [source.index, source.id])).toEqual([
      [1, 'a'],
      [2, 'c'],
    ])
    expect(packed.dropped).toEqual([{ id: 'b', reason: 'near-duplicate of "a"' }])
  })

  it('ranks an authority-A passage above a slightly more relevant E passage', () => {
    const packed = packEvidence({
      passages: [
        passage('forum', 'A forum says vaccines cause autism.', { authority: 'E', score: 1 }),
        passage('review', 'A systematic review found no link between vaccines and autism.', {
          authority: 'A',
          score: 0.9,
        }),
      ],
    })
    expect(packed.sources[0]?.id).toBe('review')
  })

  it('leaves out passages far below the best score as noise', () => {
    const packed = packEvidence({
      passages: [
        passage('strong', 'Metformin is first line for type 2 diabetes.', { score: 1 }),
        passage('weak', 'Furosemide needs electrolyte monitoring.', { score: 0.3 }),
      ],
    })
    expect(packed.sources.map((source) => source.id)).toEqual(['strong'])
    expect(packed.dropped).toEqual([{ id: 'weak', reason: 'low relevance' }])
  })

  it('keeps within the token budget', () => {
    const long = 'word '.repeat(300)
    const packed = packEvidence({
      passages: [
        passage('a', long),
        passage('b', `${'other '.repeat(300)}`),
        passage('c', 'short text here'),
      ],
      tokenBudget: 450,
    })
    expect(packed.sources.map((source) => source.id)).toEqual(['a', 'c'])
    expect(packed.dropped).toEqual([{ id: 'b', reason: 'token budget' }])
  })

  it('keeps disagreeing sources side by side and says why, with dates', () => {
    const packed = packEvidence({
      passages: [
        passage(
          'new',
          'Adults aged 60 or older should not start aspirin for primary prevention of cardiovascular disease.',
          { date: '2022' },
        ),
        passage(
          'old',
          'Adults aged 50 to 59 should take low-dose aspirin for primary prevention of cardiovascular disease.',
          { date: '2016' },
        ),
      ],
    })
    expect(packed.sources).toHaveLength(2)
    expect(packed.conflicts).toHaveLength(1)
    expect(packed.conflicts[0]?.reason).toContain('2022 vs 2016')
    expect(formatSourcesForPrompt(packed)).toContain('may disagree')
  })
})
