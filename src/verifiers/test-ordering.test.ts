import { describe, expect, it } from 'vitest'
import { shippedTestLexicon } from '../terminology/index.js'
import { verifyTestOrdering } from './test-ordering.js'

const lexicon = shippedTestLexicon()
const verify = (response: string, tests: string[]) =>
  verifyTestOrdering({ response, groundTruth: { tests }, lexicon })

describe('verifyTestOrdering', () => {
  it('matches abbreviations and synonyms (ECG/EKG, CXR, CBC)', () => {
    const result = verify('Order an EKG, serial hs-troponin, a CXR and a full blood count.', [
      'electrocardiogram',
      'troponin',
      'chest X-ray',
      'CBC',
    ])
    expect(result.score).toBe(1)
  })

  it('does not count negated tests', () => {
    const result = verify('Get a troponin and an ECG. There is no need for a CT of the chest.', [
      'troponin',
      'ECG',
    ])
    expect(result.components.precision).toBe(1)
    expect(result.score).toBe(1)
    const negatedKey = verify('Obtain an ECG; a troponin is not indicated.', ['troponin', 'ECG'])
    expect(negatedKey.components.recall).toBe(0.5)
  })

  it('treats "rule out" as a reason to test, not a negation', () => {
    expect(
      verify('Order CT pulmonary angiography to rule out pulmonary embolism.', ['CTPA']).score,
    ).toBe(1)
  })

  it('credits a more specific test fully, a more general one by half, and panels for their parts', () => {
    expect(verify('Order a non-contrast CT head.', ['CT']).score).toBe(1)
    expect(verify('Order a CT.', ['CT head']).components.recall).toBe(0.5)
    expect(verify('Send a comprehensive metabolic panel.', ['creatinine']).components.recall).toBe(
      1,
    )
  })

  it('does not read "pt" (patient) as prothrombin time', () => {
    const result = verify('The pt needs an ECG.', ['PT/INR'])
    expect(result.components.recall).toBe(0)
    expect(verify('Check PT/INR and aPTT.', ['PT/INR', 'aPTT']).score).toBe(1)
  })

  it('penalises ordering everything', () => {
    const shotgun = verify(
      'CBC, BMP, LFTs, lipase, troponin, ECG, CXR, CT abdomen, MRI, urinalysis, blood cultures',
      ['lipase', 'CT abdomen'],
    )
    expect(shotgun.components.recall).toBe(1)
    expect(shotgun.score).toBeLessThan(0.4)
  })

  it('reads JSON lists and rejects empty answers', () => {
    expect(
      verify('{"tests": ["D-dimer", "compression ultrasound"]}', ['d-dimer', 'venous doppler'])
        .score,
    ).toBe(1)
    expect(verify('', ['troponin']).status).toBe('format_error')
    expect(verify('Reassure the patient.', ['troponin']).status).toBe('format_error')
  })
})
