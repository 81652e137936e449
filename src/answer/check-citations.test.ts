import { describe, expect, it } from 'vitest'
import { checkCitations, extractCitations } from './check-citations.js'
import type { NumberedSource } from './pack-evidence.js'

function source(index: number, text: string): NumberedSource {
  return {
    index,
    id: `chunk-${index}`,
    documentId: `doc-${index}`,
    title: `Source ${index}`,
    source: 'Publisher',
    url: `https://example.org/${index}`,
    date: '2024',
    authority: 'A',
    materialType: 'guideline',
    text,
    score: 1,
  }
}

const sources = [
  source(1, 'Metformin is contraindicated when the eGFR is below 30 mL/min/1.73 m2.'),
  source(2, 'Amlodipine commonly causes ankle oedema, which is dose related.'),
]

describe('extractCitations', () => {
  it('reads single, grouped, adjacent and ranged markers', () => {
    expect(extractCitations('A [1]. B [2, 3]. C [4][5]. D [6-8].')).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ])
  })

  it('ignores bracketed text that is not a number list', () => {
    expect(extractCitations('see [note] and [a1]')).toEqual([])
  })
})

describe('checkCitations', () => {
  it('accepts a sentence whose words and numbers are in the cited passage', async () => {
    const check = await checkCitations({
      answer: 'Metformin is contraindicated when eGFR is below 30 [1].',
      sources,
    })
    expect(check.allSupported).toBe(true)
    expect(check.sentences[0]?.supported).toBe(true)
    expect(check.sources[0]).toEqual({ index: 1, cited: true, supported: true })
    expect(check.sources[1]).toEqual({ index: 2, cited: false, supported: null })
  })

  it('flags a citation of a passage that was not given', async () => {
    const check = await checkCitations({ answer: 'Metformin is safe at any eGFR [7].', sources })
    expect(check.invalidCitations).toEqual([7])
    expect(check.sentences[0]?.method).toBe('invalid-citation')
    expect(check.allSupported).toBe(false)
  })

  it('flags a claim the cited passage does not support', async () => {
    const check = await checkCitations({
      answer: 'Amlodipine frequently causes severe liver failure in children [2].',
      sources,
    })
    expect(check.sentences[0]?.supported).toBe(false)
    expect(check.unsupported).toBe(1)
  })

  it('flags a number that does not appear in the cited passage', async () => {
    const check = await checkCitations({
      answer: 'Metformin is contraindicated when the eGFR is below 45 mL/min/1.73 m2 [1].',
      sources,
    })
    expect(check.sentences[0]?.supported).toBe(false)
    expect(check.sentences[0]?.problems.join(' ')).toContain('45')
  })

  it('counts uncited claims separately from unsupported cited ones', async () => {
    const check = await checkCitations({
      answer:
        'Amlodipine causes ankle oedema [2]. Statins always cause muscle damage in every patient.',
      sources,
    })
    expect(check.uncitedClaims).toBe(1)
    expect(check.unsupported).toBe(0)
  })

  it('lets a judge overrule an inconclusive lexical verdict', async () => {
    const judge = {
      name: 'fake-judge',
      model: 'judge',
      async chat() {
        return {
          model: 'judge',
          choices: [
            {
              index: 0,
              text: '{"supported": false, "reason": "not stated"}',
              toolCalls: [],
              finishReason: 'stop' as const,
            },
          ],
          usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
          latencyMs: 1,
          attempts: 1,
          cached: false,
        }
      },
      async *stream() {},
      async embed(): Promise<never> {
        throw new Error('no embeddings')
      },
    }
    const check = await checkCitations({
      answer: 'Amlodipine oedema is related to the dose taken [2].',
      sources,
      judge,
      judgeAll: true,
    })
    expect(check.sentences[0]?.method).toBe('judge')
    expect(check.sentences[0]?.supported).toBe(false)
  })
})
