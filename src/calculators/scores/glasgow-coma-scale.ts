/**
 * Glasgow Coma Scale (GCS).
 *
 * Sources: Teasdale G, Jennett B. Assessment of coma and impaired consciousness. A practical
 * scale. Lancet. 1974;2(7872):81-84. Teasdale G, Maas A, Lecky F, Manley G, Stocchetti N, Murray
 * G. The Glasgow Coma Scale at 40 years: standing the test of time. Lancet Neurol.
 * 2014;13(8):844-854 (15-point total; a component that cannot be tested is recorded as NT).
 *
 * Eye opening: spontaneous 4, to sound 3, to pain 2, none 1. Verbal: oriented 5, confused 4,
 * inappropriate words 3, incomprehensible sounds 2, none 1. Motor: obeys commands 6, localises
 * 5, normal flexion (withdrawal) 4, abnormal flexion 3, extension 2, none 1. The total is
 * E + V + M, each component counted once: range 3-15. A component marked "not testable" scores
 * nothing and the total covers only the testable components (the steps say so). Severity of
 * brain injury: 13-15 mild, 9-12 moderate, <= 8 severe.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import {
  createTally,
  enumInput,
  requireOption,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'glasgow-coma-scale'
const notTestable = 'not testable'

/** Options with their points, best first. */
const eyeResponses = [
  ['eyes open spontaneously', 4],
  ['eye opening to verbal command', 3],
  ['eye opening to pain', 2],
  ['no eye opening', 1],
] as const
const verbalResponses = [
  ['oriented', 5],
  ['confused', 4],
  ['inappropriate words', 3],
  ['incomprehensible sounds', 2],
  ['no verbal response', 1],
] as const
const motorResponses = [
  ['obeys commands', 6],
  ['localizes pain', 5],
  ['withdrawal from pain', 4],
  ['flexion to pain', 3],
  ['extension to pain', 2],
  ['no motor response', 1],
] as const

type Scale = ReadonlyArray<readonly [string, number]>

function optionsOf(scale: Scale): string[] {
  return [...scale.map(([option]) => option), notTestable]
}

function interpret(score: number, untested: string[]): string {
  const severity = score >= 13 ? 'Mild (13-15)' : score >= 9 ? 'Moderate (9-12)' : 'Severe (<= 8)'
  if (untested.length === 0) return `${severity} brain injury`
  return `Partial total: ${untested.join(', ')} not testable (NT); the score covers the testable components only and is not a full GCS`
}

/** Glasgow Coma Scale (MedCalc-Bench id 21): 3-15 points. */
export const glasgowComaScaleCalculator: ScoreCalculator = {
  id: 21,
  slug,
  name: 'Glasgow Coma Score (GCS)',
  category: 'severity',
  outputType: 'integer',
  source:
    'Teasdale G, Jennett B. Assessment of coma and impaired consciousness. Lancet. 1974;2(7872):81-84; Teasdale G et al. The Glasgow Coma Scale at 40 years. Lancet Neurol. 2014;13(8):844-854.',
  inputs: [
    enumInput({ name: 'eye', label: 'Best eye response', options: optionsOf(eyeResponses) }),
    enumInput({
      name: 'verbal',
      label: 'Best verbal response',
      options: optionsOf(verbalResponses),
    }),
    enumInput({ name: 'motor', label: 'Best motor response', options: optionsOf(motorResponses) }),
  ],
  entityMap: {
    'Best eye response': 'eye',
    'Best verbal response': 'verbal',
    'Best motor response': 'motor',
  },
  entityValueMap: {
    eye: { 'eyes open to pain': 'eye opening to pain', spontaneously: 'eyes open spontaneously' },
    motor: {
      'abnormal flexion to pain': 'flexion to pain',
      'abnormal extension to pain': 'extension to pain',
      'localizes to pain': 'localizes pain',
    },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const tally = createTally()
    const untested: string[] = []
    const components = [
      ['eye', 'Best eye response', eyeResponses],
      ['verbal', 'Best verbal response', verbalResponses],
      ['motor', 'Best motor response', motorResponses],
    ] as const
    for (const [name, label, scale] of components) {
      const response = requireOption(input, slug, name, optionsOf(scale))
      const points = (scale as Scale).find(([option]) => option === response)?.[1]
      if (points === undefined) {
        untested.push(label.toLowerCase())
        tally.note(`${label}: not testable (NT), not scored`)
      } else tally.add(points, `${label}: ${response}`)
    }
    return tallyResult(tally, interpret(tally.total, untested))
  },
}
