import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import {
  createDrugVocabulary,
  loadDrugBankVocabulary,
  readLexiconEntries,
} from '../terminology/index.js'
import { verifyDrugs } from './drug.js'

const brands = readLexiconEntries('drug-brands.json') as Record<string, string>
const small = createDrugVocabulary({
  records: [
    { id: 'DB00331', name: 'Metformin', synonyms: ['Metformina'] },
    { id: 'DB00722', name: 'Lisinopril', synonyms: [] },
    { id: 'DB01076', name: 'Atorvastatin', synonyms: [] },
    { id: 'DB00945', name: 'Acetylsalicylic acid', synonyms: ['Aspirin', 'ASA'] },
  ],
  brands,
})

describe('verifyDrugs', () => {
  const truth = { drugs: ['metformin', 'lisinopril'] }

  it('normalises brands, synonyms and misspellings before scoring', () => {
    const result = verifyDrugs({
      response: '{"drugs": ["Glucophage", "lisinoprill"]}',
      groundTruth: truth,
      vocabulary: small,
    })
    expect(result.score).toBe(1)
    expect(result.components).toMatchObject({ precision: 1, recall: 1, f1: 1, format: 1 })
  })

  it('computes precision, recall and F1 for partial answers', () => {
    const result = verifyDrugs({
      response: '{"drugs": ["metformin", "atorvastatin", "aspirin"]}',
      groundTruth: truth,
      vocabulary: small,
    })
    expect(result.components.precision).toBeCloseTo(1 / 3)
    expect(result.components.recall).toBeCloseTo(0.5)
    expect(result.score).toBeCloseTo(0.4)
  })

  it('reads structured items and dose lines', () => {
    const json =
      '{"medications": [{"name": "Metformin", "dose": "500 mg"}, {"drug": "Zestril 10 mg daily"}]}'
    expect(verifyDrugs({ response: json, groundTruth: truth, vocabulary: small }).score).toBe(1)
    const list = 'Plan:\n- Metformin 500 mg PO BID\n- Lisinopril 10 mg daily'
    expect(verifyDrugs({ response: list, groundTruth: truth, vocabulary: small }).score).toBe(1)
  })

  it('does not count drugs the text says to avoid', () => {
    const text = 'Start metformin and lisinopril. Avoid aspirin in this patient.'
    expect(verifyDrugs({ response: text, groundTruth: truth, vocabulary: small }).score).toBe(1)
  })

  it('never rewards an empty answer or a response that names no drug', () => {
    expect(verifyDrugs({ response: '', groundTruth: truth, vocabulary: small }).status).toBe(
      'format_error',
    )
    const none = verifyDrugs({
      response: 'I would consult a specialist.',
      groundTruth: truth,
      vocabulary: small,
    })
    expect(none.score).toBe(0)
    expect(none.status).toBe('format_error')
  })

  it('names the field of a malformed key', () => {
    const result = verifyDrugs({
      response: 'metformin',
      groundTruth: { drugs: [] },
      vocabulary: small,
    })
    expect(result.status).toBe('error')
    expect(result.reason).toContain('ground_truth.drugs')
  })
})

describe.skipIf(!hasSharedData('terminology/drugbank-open-vocabulary/drugbank vocabulary.csv'))(
  'verifyDrugs with DrugBank',
  () => {
    it('matches generic and brand names through the open vocabulary', () => {
      const records = loadDrugBankVocabulary(
        sharedDataPath('terminology/drugbank-open-vocabulary/drugbank vocabulary.csv'),
      )
      const drugs = createDrugVocabulary({ records, brands })
      const result = verifyDrugs({
        response: 'Recommend Eliquis (apixaban) and atorvastatin; hold ibuprofen.',
        groundTruth: { drugs: ['apixaban', 'Lipitor'] },
        vocabulary: drugs,
      })
      expect(result.components.recall).toBe(1)
      expect(result.components.precision).toBe(1)
    })
  },
)
