import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { loadDictionaries } from './dictionaries.js'
import {
  type AnnotatedNote,
  assignFolds,
  bratPatient,
  crossValidate,
  detectWithPolicy,
  loadTagger,
  parseAnnotatedJsonLines,
  parseBrat,
  phiTypeOfGold,
  readAnnotatedNotes,
  trainTagger,
} from './index.js'
import { caseStyle, tokenize } from './tokens.js'

/**
 * A small invented corpus: names after "reviewed with", "called by", "discussed with" (no rule
 * cue), places after "lives near". Invented given names and surnames, so no list holds them.
 */
const GIVEN = ['Talwen', 'Brisa', 'Oduya', 'Kelmar', 'Fenwick', 'Ysolde', 'Marnix', 'Quilla']
const SURNAMES = ['Varrow', 'Densmire', 'Okonto', 'Hallack', 'Prieve', 'Sunderby', 'Crowle']
const TOWNS = ['Ellsworth Bay', 'Marden', 'Tully Cross', 'Ashcombe']

function note(index: number): AnnotatedNote {
  const given = GIVEN[index % GIVEN.length] as string
  const surname = SURNAMES[(index * 3) % SURNAMES.length] as string
  const town = TOWNS[index % TOWNS.length] as string
  const parts = [
    'Vitals stable overnight, afebrile. ',
    `Plan reviewed with ${given} ${surname} this morning. `,
    `Lives near ${town} with family. `,
    'Will continue diuresis and monitor lytes.',
  ]
  const text = parts.join('')
  const nameStart = text.indexOf(given)
  const townStart = text.indexOf(town)
  return {
    id: String(index),
    patient: `p${Math.floor(index / 2)}`,
    text,
    gold: [
      { start: nameStart, end: nameStart + given.length + 1 + surname.length, type: 'HCPName' },
      { start: townStart, end: townStart + town.length, type: 'Location' },
    ],
  }
}

const corpus = Array.from({ length: 40 }, (_, index) => note(index))

describe('trainTagger', () => {
  it('learns names and places from context and finds unseen ones', () => {
    const tagger = trainTagger(corpus, { epochs: 6 })
    expect(tagger.types).toEqual(['LOCATION', 'NAME'])
    const text =
      'Vitals stable overnight, afebrile. Plan reviewed with Zorvan Peltrick this morning. Lives near Kestle Moor with family.'
    // the tagger alone, without the rules
    const tokens = tokenize(text, loadDictionaries())
    const spans = tagger.tag({ tokens, style: caseStyle(tokens), ruleSpans: [] })
    const found = spans.map((span) => text.slice(span.start, span.end))
    expect(found).toContain('Zorvan Peltrick')
    expect(found.join(' ')).toContain('Kestle')
    expect(spans.every((span) => span.source === 'tagger')).toBe(true)
  })

  it('saves and loads a model that labels exactly as before', () => {
    const tagger = trainTagger(corpus, { epochs: 3 })
    const saved = JSON.stringify(tagger.toJSON())
    const loaded = loadTagger(saved)
    const text = 'Plan reviewed with Talwen Okonto this morning. Lives near Marden.'
    expect(detectWithPolicy(text, { tagger: loaded })).toEqual(detectWithPolicy(text, { tagger }))
    // the model keeps no word that only one patient's notes hold
    expect(saved).not.toContain('Talwen')
  })

  it('refuses a file that is no tagger, naming the field', () => {
    expect(() => loadTagger('{"format":"galen-deid-tagger","version":1,"labels":["X"]}')).toThrow(
      /field "labels"/,
    )
    expect(() => loadTagger('not json')).toThrow(InputError)
    const broken = { ...trainTagger(corpus, { epochs: 1 }).toJSON(), weights: [1, 2, 3] }
    expect(() => loadTagger(JSON.stringify(broken))).toThrow(/field "weights"/)
  })

  it('refuses notes without any gold PHI', () => {
    expect(() => trainTagger([{ id: '1', patient: 'a', text: 'no phi', gold: [] }])).toThrow(
      InputError,
    )
  })
})

describe('the recall policy', () => {
  it('treats unknown words as PHI and keeps English and clinical words', () => {
    const text = 'Seen with Zorvan, afebrile, diuresis continues; MAE, SBP stable.'
    const recall = detectWithPolicy(text, { policy: 'recall' }).map((span) =>
      text.slice(span.start, span.end),
    )
    expect(recall).toContain('Zorvan')
    for (const safe of ['afebrile', 'diuresis', 'continues', 'stable', 'SBP'])
      expect(recall).not.toContain(safe)
  })
})

describe('annotated corpora', () => {
  it('maps gold labels of PhysioNet, i2b2 and Presidio to PHI types', () => {
    expect(phiTypeOfGold('HCPName')).toBe('NAME')
    expect(phiTypeOfGold('DOCTOR')).toBe('NAME')
    expect(phiTypeOfGold('MEDICALRECORD')).toBe('ID')
    expect(phiTypeOfGold('STREET_ADDRESS')).toBe('ADDRESS')
    expect(phiTypeOfGold('PROFESSION')).toBeUndefined()
    expect(phiTypeOfGold('something-new')).toBe('ID')
  })

  it('reads BRAT standoff with discontinuous spans and i2b2 patient names', () => {
    const text = 'Seen by Dr Varrow on 3/4.'
    const gold = parseBrat({
      ann: 'T1\tDOCTOR 11 17\tVarrow\nT2\tDATE 21 22;23 24\t3 4\nR1\tRel Arg1:T1 Arg2:T2\n',
      text,
      file: 'x.ann',
    })
    expect(gold).toEqual([
      { start: 11, end: 17, type: 'DOCTOR' },
      { start: 21, end: 22, type: 'DATE' },
      { start: 23, end: 24, type: 'DATE' },
    ])
    expect(() => parseBrat({ ann: 'T1\tDOCTOR 11 99\tx', text, file: 'x.ann' })).toThrow(
      /x\.ann line 1/,
    )
    expect(bratPatient('110-02.txt')).toBe('110')
    expect(bratPatient('note.ann')).toBe('note')
  })

  it('reads a BRAT folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-brat-'))
    writeFileSync(join(folder, '7-01.txt'), 'Dr Varrow saw him.')
    writeFileSync(join(folder, '7-01.ann'), 'T1\tDOCTOR 3 9\tVarrow\n')
    const notes = readAnnotatedNotes({ format: 'brat', data: folder })
    expect(notes).toEqual([
      {
        id: '7-01',
        patient: '7',
        text: 'Dr Varrow saw him.',
        gold: [{ start: 3, end: 9, type: 'DOCTOR' }],
      },
    ])
  })

  it('reads JSON Lines and names the line and field of a bad span', () => {
    const good = parseAnnotatedJsonLines(
      '{"text":"Dr Varrow","spans":[{"start":3,"end":9,"type":"NAME"}],"patient":"a"}\n',
    )
    expect(good[0]?.patient).toBe('a')
    expect(() =>
      parseAnnotatedJsonLines('{"text":"abc","spans":[{"start":1,"end":9,"type":"NAME"}]}', 'f'),
    ).toThrow(/f:1: spans\[0\]/)
    expect(() => readAnnotatedNotes({ format: 'xml', data: 'x' })).toThrow(/unknown format "xml"/)
  })
})

describe('cross-validation', () => {
  it('keeps every patient in one fold and balances the folds', () => {
    const folds = assignFolds(corpus, 4, 'patient')
    const foldOf = new Map<string, number>()
    corpus.forEach((item, index) => {
      const fold = folds[index] as number
      expect(foldOf.get(item.patient) ?? fold).toBe(fold)
      foldOf.set(item.patient, fold)
    })
    const sizes = [0, 1, 2, 3].map((fold) => folds.filter((value) => value === fold).length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2)
    expect(() => assignFolds(corpus.slice(0, 2), 5, 'patient')).toThrow(/5 folds need/)
  })

  it('scores every note once, with the tagger trained on the other folds', async () => {
    const seen: number[] = []
    const result = await crossValidate({
      notes: corpus,
      folds: 4,
      train: { epochs: 3 },
      onFold: (fold) => seen.push(fold.notes),
    })
    expect(seen.reduce((sum, count) => sum + count, 0)).toBe(corpus.length)
    const balanced = result.pooled.balanced
    expect(balanced?.by_type.HCPName?.gold).toBe(corpus.length)
    // invented names recur across patients here, so the folds can learn them from context
    expect(balanced?.span.recall ?? 0).toBeGreaterThan(0.9)
    expect(result.summary.recall?.span_recall.mean ?? 0).toBeGreaterThanOrEqual(
      result.summary.balanced?.span_recall.mean ?? 1,
    )
  })
})
