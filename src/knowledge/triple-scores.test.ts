import { describe, expect, it } from 'vitest'
import { assignMinimumCost, normalizeTripleElement, scoreTriples } from './triple-scores.js'
import { parseWebnlgXml } from './webnlg.js'

const triple = (subject: string, predicate: string, object: string) => ({
  subject,
  predicate,
  object,
})

describe('text-to-triples scores', () => {
  it('normalises camelCase, underscores, case and a trailing unit of the object', () => {
    expect(normalizeTripleElement('birthPlace', 'predicate')).toBe('birth place')
    expect(normalizeTripleElement('ALCO_RS-3', 'subject')).toBe('alco rs-3')
    expect(normalizeTripleElement('17068.8_(millimetres)', 'object')).toBe('17068.8')
  })

  it('gives 1 on every scheme for the same triples in another order', () => {
    const gold = [triple('A', 'p', 'B'), triple('C', 'q', 'D')]
    const scores = scoreTriples(
      [gold],
      [[gold[1], gold[0]].flatMap((item) => (item ? [item] : []))],
    )
    for (const scheme of ['strict', 'exact', 'partial', 'type'] as const) {
      expect(scores[scheme].f1).toBe(1)
    }
  })

  it('lets exact match a swapped subject and object, but not strict', () => {
    const scores = scoreTriples(
      [[triple('Aspirin', 'treats', 'Pain')]],
      [[triple('Pain', 'treats', 'Aspirin')]],
    )
    expect(scores.exact.f1).toBe(1)
    expect(scores.strict.f1).toBeCloseTo(1 / 3, 12)
  })

  it('gives half credit to overlapping words under partial and full credit under type', () => {
    const scores = scoreTriples(
      [[triple('Acute_myocardial_infarction', 'hasSymptom', 'Chest_pain')]],
      [[triple('Myocardial_infarction', 'hasSymptom', 'Chest_pain')]],
    )
    expect(scores.exact.f1).toBeCloseTo(2 / 3, 12)
    expect(scores.partial.f1).toBeCloseTo(2.5 / 3, 12)
    expect(scores.type.f1).toBe(1)
  })

  it('pads a missing triple with an empty one that scores 0', () => {
    const scores = scoreTriples(
      [[triple('A', 'p', 'B'), triple('C', 'q', 'D')]],
      [[triple('A', 'p', 'B')]],
    )
    expect(scores.pairs).toBe(2)
    expect(scores.strict.recall).toBeCloseTo(0.5, 12)
  })

  it('finds the minimum-cost assignment', () => {
    expect(
      assignMinimumCost([
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ]),
    ).toEqual([1, 0, 2])
  })

  it('reads submission XML with a raw ampersand', () => {
    const entries = parseWebnlgXml(
      '<entries><entry eid="Id2"><generatedtripleset><gtriple>College_of_William_&_Mary | city | Williamsburg</gtriple></generatedtripleset></entry><entry eid="Id4"><generatedtripleset/></entry></entries>',
    )
    expect(entries.map((entry) => entry.id)).toEqual(['Id2', 'Id4'])
    expect(entries[0]?.triples[0]?.subject).toBe('College_of_William_&_Mary')
    expect(entries[1]?.triples).toEqual([])
  })
})
