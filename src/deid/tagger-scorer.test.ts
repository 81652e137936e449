import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { referenceTag } from './__fixtures__/tagger-reference.js'
import type { AnnotatedNote } from './annotated.js'
import { detectWithRules } from './detect.js'
import { loadDictionaries } from './dictionaries.js'
import { assignFolds, loadTagger, readAnnotatedNotes, trainTagger } from './index.js'
import { bioSteps, viterbi } from './tagger-scorer.js'
import { caseStyle, tokenize } from './tokens.js'

const dictionaries = loadDictionaries()

/** Invented clinicians and towns (no list holds them) in a few nursing-note sentences. */
const GIVEN = ['Talwen', 'Brisa', 'Oduya', 'Kelmar', 'Fenwick', 'Ysolde']
const SURNAMES = ['Varrow', 'Densmire', 'Okonto', 'Hallack', 'Prieve']
const TOWNS = ['Ellsworth Bay', 'Marden', 'Tully Cross']

function trainingNote(index: number): AnnotatedNote {
  const name = `${GIVEN[index % GIVEN.length]} ${SURNAMES[(index * 3) % SURNAMES.length]}`
  const town = TOWNS[index % TOWNS.length] as string
  const text = `NEURO: alert, MAE. Plan reviewed with ${name} on 3/${(index % 27) + 1}. Lives near ${town}.\nCont lasix, monitor lytes.`
  const at = (part: string): number => text.indexOf(part)
  return {
    id: String(index),
    patient: `p${index >> 1}`,
    text,
    gold: [
      { start: at(name), end: at(name) + name.length, type: 'HCPName' },
      { start: at(' on 3/') + 4, end: text.indexOf('.', at(' on 3/')), type: 'Date' },
      { start: at(town), end: at(town) + town.length, type: 'Location' },
    ],
  }
}

/** Pieces random notes are made of: cue words, clinical words, names, numbers, symbols, breaks. */
const PIECES = [
  'Plan reviewed with',
  'Dr.',
  'wife',
  'called',
  'aware',
  'Talwen',
  'OKONTO',
  'zorvan',
  'Peltrick',
  'Marden',
  'lives near',
  'afebrile',
  'lasix',
  'MAE',
  'cont',
  'monitor lytes',
  'on',
  '3/14',
  '2019',
  "'91",
  '617-555-0199',
  '88',
  ',',
  '.',
  ':',
  '(',
  ')',
  '-',
  '\n',
  'NEURO:',
  "Vasquez's",
]

describe('the fast tagger path', () => {
  const tagger = trainTagger(
    Array.from({ length: 30 }, (_, index) => trainingNote(index)),
    {
      epochs: 3,
    },
  )
  const saved = tagger.toJSON()
  const withRules = trainTagger(
    Array.from({ length: 30 }, (_, index) => trainingNote(index)),
    { epochs: 3, ruleFeatures: true },
  )
  const savedWithRules = withRules.toJSON()

  it('labels random notes exactly as the reference scoring does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }),
        fc.constantFrom(0, 4, 0.5),
        (pieces, bias) => {
          const text = pieces.join(' ')
          const tokens = tokenize(text, dictionaries)
          const ruleSpans = detectWithRules(text, { dictionaries })
          const style = caseStyle(tokens)
          for (const [model, form] of [
            [tagger, saved],
            [withRules, savedWithRules],
          ] as const) {
            expect(model.tag({ tokens, style, ruleSpans, bias })).toEqual(
              referenceTag(form, { tokens, ruleSpans, bias, dictionaries }),
            )
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('labels alike when trained and when loaded from its file', () => {
    const loaded = loadTagger(JSON.stringify(saved))
    const text = PIECES.join(' ')
    const tokens = tokenize(text, dictionaries)
    const options = { tokens, style: caseStyle(tokens), ruleSpans: [], bias: 4 }
    expect(loaded.tag(options)).toEqual(tagger.tag(options))
    expect(loaded.toJSON()).toEqual(saved)
  })

  it('refuses a model whose weights are too large to sum exactly, naming the field', () => {
    const huge = { ...saved, weights: saved.weights.map((value, at) => (at === 0 ? 5e6 : value)) }
    expect(() => loadTagger(JSON.stringify(huge))).toThrow(/field "weights" holds 5000000/)
  })
})

describe('Viterbi decoding', () => {
  const labels = ['O', 'B-DATE', 'I-DATE', 'B-NAME', 'I-NAME']
  const steps = bioSteps(labels)

  it('finds the same path with and without pruning on integer scores', () => {
    const score = fc.integer({ min: -5000, max: 5000 })
    fc.assert(
      fc.property(
        fc.array(fc.array(score, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
        fc.array(score, { minLength: 30, maxLength: 30 }),
        (rows, transitions) => {
          // stride 8: rows padded as the scorer pads them
          const emission = new Float64Array(rows.length * 8)
          rows.forEach((row, at) => {
            emission.set(row, at * 8)
          })
          const plain = viterbi(emission, 8, 5, transitions, steps)
          const pruned = viterbi(emission, 8, 5, transitions, steps, { prune: true })
          expect(Array.from(pruned)).toEqual(Array.from(plain))
          // never an I- label after O or at the start
          Array.from(plain).forEach((label, at) => {
            const before = at === 0 ? 'O' : (labels[plain[at - 1] as number] as string)
            const name = labels[label] as string
            if (name.startsWith('I-')) expect(before.slice(2)).toBe(name.slice(2))
          })
        },
      ),
      { numRuns: 300 },
    )
  })
})

const PHYSIONET = 'deid/physionet-deid-dev/id.text'

describe.skipIf(!hasSharedData(PHYSIONET))('the fast tagger path on PhysioNet notes', () => {
  it('labels notes of unseen patients exactly as the reference scoring does', () => {
    const notes = readAnnotatedNotes({ format: 'physionet', data: sharedDataPath(PHYSIONET) })
    const folds = assignFolds(notes, 5, 'patient')
    const train = notes.filter((_, index) => folds[index] !== 0).slice(0, 250)
    const held = notes.filter((_, index) => folds[index] === 0).slice(0, 40)
    const tagger = trainTagger(train, { epochs: 4 })
    const saved = tagger.toJSON()
    let spans = 0
    for (const note of held) {
      const tokens = tokenize(note.text, dictionaries)
      for (const bias of [0, 4]) {
        const fast = tagger.tag({ tokens, style: caseStyle(tokens), ruleSpans: [], bias })
        expect(fast).toEqual(referenceTag(saved, { tokens, ruleSpans: [], bias, dictionaries }))
        spans += fast.length
      }
    }
    // the comparison covered notes where the tagger found PHI
    expect(spans).toBeGreaterThan(20)
  })
})
