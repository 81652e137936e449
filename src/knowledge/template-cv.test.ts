import { describe, expect, it } from 'vitest'
import { crossValidateTemplates } from './template-cv.js'
import type { WebnlgEntry } from './webnlg.js'

const entry = (category: string, subject: string, object: string, text: string): WebnlgEntry => ({
  id: `${category}-${subject}`,
  category,
  size: 1,
  triples: [{ subject, predicate: 'country', object }],
  texts: [text],
})

describe('leave-one-category-out cross-validation of learned templates', () => {
  it('learns without the held-out category and scores every dev input once per configuration', () => {
    const train = [
      entry('Airport', 'Aarhus', 'Denmark', 'Aarhus is in Denmark.'),
      entry('City', 'Agra', 'India', 'Agra is located in India.'),
    ]
    const dev = [
      entry('Airport', 'Billund', 'Denmark', 'Billund is located in Denmark.'),
      entry('City', 'Turku', 'Finland', 'Turku is in Finland.'),
    ]
    // each held-out category is realised with the other category's wording
    const [exact, capped] = crossValidateTemplates({
      train,
      dev,
      configs: [
        { name: 'templates', options: {} },
        { name: 'one per set', options: {}, learn: { maxPerKey: 1 } },
      ],
    })
    expect(exact?.n).toBe(2)
    expect(exact?.byCategory.Airport?.n).toBe(1)
    expect(exact?.bleu).toBeCloseTo(1, 6)
    expect(exact?.chrf).toBeCloseTo(1, 6)
    expect(capped?.name).toBe('one per set')
    // with the references swapped between categories no held-out wording matches its reference
    const [swapped] = crossValidateTemplates({
      train,
      dev: dev.map((item) => ({
        ...item,
        category: item.category === 'Airport' ? 'City' : 'Airport',
      })),
      configs: [{ name: 'templates', options: {} }],
    })
    expect(swapped?.n).toBe(2)
    expect(swapped?.bleu).toBeLessThan(0.5)
    expect(swapped?.chrf).toBeLessThan(0.9)
    expect(swapped?.chrf).toBeGreaterThan(0)
  })
})
