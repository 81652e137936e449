/**
 * Child-Pugh (Child-Turcotte-Pugh) score for severity of cirrhosis.
 *
 * Source: Pugh RNH, Murray-Lyon IM, Dawson JL, Pietroni MC, Williams R. Transection of the
 * oesophagus for bleeding oesophageal varices. Br J Surg. 1973;60(8):646-649 (after Child CG,
 * Turcotte JG, 1964). The INR bands replace the prothrombin-time prolongation of the original.
 *
 * Each of five measures scores 1, 2 or 3 points. Total bilirubin: < 2 mg/dL (< 34.2 µmol/L) 1,
 * 2-3 mg/dL 2, > 3 mg/dL 3. Albumin: > 3.5 g/dL 1, 2.8-3.5 g/dL 2, < 2.8 g/dL 3. INR: < 1.7 1,
 * 1.7-2.3 2, > 2.3 3. Ascites: absent 1, slight 2, moderate (or severe) 3. Hepatic
 * encephalopathy: none 1, grade 1-2 2, grade 3-4 3. Range 5-15. Class A 5-6, B 7-9, C 10-15.
 * Encephalopathy not given counts as none (the steps say so).
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { ALBUMIN_INPUT } from '../common-inputs.js'
import {
  BILIRUBIN_INPUT,
  createTally,
  enumInput,
  requireNumber,
  requireOption,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'child-pugh'
const ascitesOptions = ['absent', 'slight', 'moderate'] as const
const encephalopathyOptions = ['none', 'grade 1-2', 'grade 3-4'] as const

function interpret(score: number): string {
  if (score <= 6) return 'Child-Pugh class A (5-6 points): well-compensated disease'
  if (score <= 9) return 'Child-Pugh class B (7-9 points): significant functional compromise'
  return 'Child-Pugh class C (10-15 points): decompensated disease'
}

/** Child-Pugh score (MedCalc-Bench id 15): 5-15 points. */
export const childPughCalculator: ScoreCalculator = {
  id: 15,
  slug,
  name: 'Child-Pugh Score for Cirrhosis Mortality',
  category: 'severity',
  outputType: 'integer',
  source:
    'Pugh RNH et al. Transection of the oesophagus for bleeding oesophageal varices. Br J Surg. 1973;60(8):646-649.',
  inputs: [
    BILIRUBIN_INPUT,
    ALBUMIN_INPUT,
    {
      name: 'inr',
      label: 'International normalised ratio (INR)',
      type: 'number',
      required: true,
      min: 0.5,
      max: 20,
    },
    enumInput({ name: 'ascites', label: 'Ascites', options: ascitesOptions }),
    enumInput({
      name: 'encephalopathy',
      label: 'Hepatic encephalopathy',
      options: encephalopathyOptions,
      required: false,
      description: 'West Haven grade; none when not given.',
    }),
  ],
  entityMap: {
    Bilirubin: 'bilirubin',
    Albumin: 'albumin',
    'international normalized ratio': 'inr',
    Ascites: 'ascites',
    Encephalopathy: 'encephalopathy',
  },
  entityValueMap: {
    ascites: {
      none: 'absent',
      mild: 'slight',
      severe: 'moderate',
      'moderate to severe': 'moderate',
    },
    encephalopathy: {
      'no encephalopathy': 'none',
      absent: 'none',
      'grade 1-2 encephalopathy': 'grade 1-2',
      'grade 3-4 encephalopathy': 'grade 3-4',
    },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const bilirubin = roundTo(requireNumber(input, slug, 'bilirubin'), 2)
    const albumin = roundTo(requireNumber(input, slug, 'albumin'), 2)
    const inr = requireNumber(input, slug, 'inr')
    const ascites = requireOption(input, slug, 'ascites', ascitesOptions)
    const givenEncephalopathy = input.encephalopathy
    const encephalopathy = requireOption(
      input,
      slug,
      'encephalopathy',
      encephalopathyOptions,
      'none',
    )
    const tally = createTally()
    if (bilirubin < 2) tally.add(1, `Bilirubin ${bilirubin} mg/dL (< 2)`)
    else if (bilirubin <= 3) tally.add(2, `Bilirubin ${bilirubin} mg/dL (2-3)`)
    else tally.add(3, `Bilirubin ${bilirubin} mg/dL (> 3)`)
    if (albumin > 3.5) tally.add(1, `Albumin ${albumin} g/dL (> 3.5)`)
    else if (albumin >= 2.8) tally.add(2, `Albumin ${albumin} g/dL (2.8-3.5)`)
    else tally.add(3, `Albumin ${albumin} g/dL (< 2.8)`)
    if (inr < 1.7) tally.add(1, `INR ${inr} (< 1.7)`)
    else if (inr <= 2.3) tally.add(2, `INR ${inr} (1.7-2.3)`)
    else tally.add(3, `INR ${inr} (> 2.3)`)
    tally.add(ascitesOptions.indexOf(ascites) + 1, `Ascites: ${ascites}`)
    tally.add(
      encephalopathyOptions.indexOf(encephalopathy) + 1,
      givenEncephalopathy === undefined
        ? 'Encephalopathy not given: counted as none'
        : `Encephalopathy: ${encephalopathy}`,
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
