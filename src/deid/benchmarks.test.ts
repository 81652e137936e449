import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import {
  createDeidentifier,
  evaluatePhysionet,
  evaluatePresidio,
  parsePhysionet,
  scoreDocuments,
} from './index.js'

describe('scoreDocuments', () => {
  it('counts a gold span caught only when all its letters and digits are covered', () => {
    const text = 'Dr. Mary Smith on 7/22.'
    const score = scoreDocuments([
      {
        id: 'a',
        text,
        gold: [
          { start: 4, end: 14, type: 'HCPName' },
          { start: 18, end: 22, type: 'Date' },
        ],
        predicted: [
          { start: 4, end: 8, type: 'NAME', confidence: 1, source: 'test' },
          { start: 18, end: 22, type: 'DATE', confidence: 1, source: 'test' },
          { start: 0, end: 2, type: 'NAME', confidence: 1, source: 'test' },
        ],
      },
    ])
    expect(score.span).toEqual({ recall: 0.5, precision: 0.6667 })
    expect(score.token).toEqual({ recall: 0.75, precision: 0.75 })
    expect(score.leaked.map((leak) => leak.text)).toEqual(['Mary Smith'])
    expect(score.by_type.HCPName).toEqual({ gold: 1, caught: 0, recall: 0, token_recall: 0.5 })
  })
})

describe('parsePhysionet', () => {
  it('reads notes and gold spans relative to the note body', () => {
    const notes = parsePhysionet({
      text: 'START_OF_RECORD=1||||2||||\nSeen by Dr. Healey.\n||||END_OF_RECORD\n',
      phrases: '1 2 12 18 HCPName Healey\n',
    })
    expect(notes).toHaveLength(1)
    const note = notes[0]
    expect(note?.text.slice(note.gold[0]?.start, note.gold[0]?.end)).toBe('Healey')
  })

  it('names the phrase line that does not fit', () => {
    expect(() =>
      parsePhysionet({
        text: 'START_OF_RECORD=1||||2||||\nabc||||END_OF_RECORD',
        phrases: '1 2 0 99 Date x',
      }),
    ).toThrow('phrase line 1')
  })
})

const physionet = 'deid/physionet-deid-dev/id.text'
describe.skipIf(!hasSharedData(physionet))('PhysioNet deid dev half', () => {
  it('keeps span recall and precision above their floors, every type reported', async () => {
    const score = await evaluatePhysionet({
      deidentifier: createDeidentifier(),
      textPath: sharedDataPath(physionet),
      phrasePath: sharedDataPath('deid/physionet-deid-dev/id-phi.phrase'),
    })
    expect(score.documents).toBe(1450)
    // measured: span recall 0.987, precision 0.936 (acceptance: 0.97 and 0.80)
    expect(score.span.recall).toBeGreaterThanOrEqual(0.98)
    expect(score.span.precision).toBeGreaterThanOrEqual(0.93)
    expect(score.by_type.Date?.recall).toBeGreaterThanOrEqual(0.99)
    expect(score.by_type.HCPName?.recall).toBeGreaterThanOrEqual(0.99)
    expect(score.by_type.Location?.recall).toBeGreaterThanOrEqual(0.95)
    expect(score.by_type.RelativeProxyName?.recall).toBeGreaterThanOrEqual(0.98)
    expect(score.by_type.NAME?.precision).toBeGreaterThanOrEqual(0.94)
    expect(score.by_type.DATE?.precision).toBeGreaterThanOrEqual(0.94)
    for (const type of [
      'Age',
      'Date',
      'DateYear',
      'HCPName',
      'Location',
      'PTName',
      'Phone',
      'RelativeProxyName',
    ]) {
      expect(score.by_type[type]?.recall).toBeTypeOf('number')
    }
  })
})

const presidio = 'deid/presidio-research/synth_dataset_v2.json'
describe.skipIf(!hasSharedData(presidio))('Presidio synthetic set', () => {
  it('reports recall per entity type', async () => {
    const score = await evaluatePresidio({
      deidentifier: createDeidentifier(),
      path: sharedDataPath(presidio),
    })
    expect(score.documents).toBe(1500)
    expect(score.by_type.PHONE_NUMBER?.recall).toBeGreaterThanOrEqual(0.7)
    expect(score.by_type.EMAIL_ADDRESS?.recall).toBeGreaterThanOrEqual(0.9)
    // measured 0.625: names in general prose, not only after clinical cues
    expect(score.by_type.PERSON?.recall).toBeGreaterThanOrEqual(0.6)
  })
})
