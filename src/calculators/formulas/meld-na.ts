/**
 * MELD-Na as used by UNOS/OPTN for liver allocation from 2016 (MedCalc-Bench id 23).
 *
 * Source: Kim WR, Biggins SW, Kremers WK, et al. Hyponatremia and mortality among patients on
 * the liver-transplant waiting list. N Engl J Med. 2008;359(10):1018-1026; OPTN Policy 9.1
 * (MELD calculation, 2016). MELD(i) = 0.957 x ln(Cr) + 0.378 x ln(bilirubin) + 1.120 x ln(INR)
 * + 0.643, rounded to the tenth and multiplied by 10; values below 1.0 are set to 1.0;
 * creatinine is capped at 4.0 mg/dL and set to 4.0 after dialysis twice in the past week or 24
 * hours of CVVHD; sodium is bounded to 125-137 mEq/L. If MELD(i) > 11: MELD = MELD(i) + 1.32 x
 * (137 - Na) - 0.033 x MELD(i) x (137 - Na). The score is capped at 40 and reported as a whole
 * number.
 */
import type { CalculationStep, Calculator } from '../calculator.js'
import {
  booleanValue,
  CREATININE_INPUT,
  numberValue,
  roundTo,
  SODIUM_INPUT,
} from '../common-inputs.js'

/** MELD-Na (points). */
export const meldNaCalculator: Calculator = {
  id: 23,
  slug: 'meld-na',
  name: 'MELD Na (UNOS/OPTN)',
  category: 'lab',
  outputType: 'decimal',
  source: 'Kim WR et al. N Engl J Med 2008;359:1018-1026; OPTN Policy 9.1 (2016 MELD-Na)',
  inputs: [
    CREATININE_INPUT,
    {
      name: 'bilirubin',
      label: 'Total bilirubin',
      type: 'quantity',
      unit: 'mg/dL',
      acceptedUnits: ['µmol/L'],
      analyte: 'bilirubin',
      required: true,
      min: 0.05,
      max: 80,
    },
    { name: 'inr', label: 'INR', type: 'number', required: true, min: 0.5, max: 20 },
    SODIUM_INPUT,
    {
      name: 'dialysisTwiceInPastWeek',
      label: 'Dialysis at least twice in the past week',
      type: 'boolean',
      required: false,
    },
    {
      name: 'cvvhdInPastWeek',
      label: 'CVVHD for >= 24 hours in the past week',
      type: 'boolean',
      required: false,
    },
  ],
  entityMap: {
    'international normalized ratio': 'inr',
    'Dialysis at least twice in the past week': 'dialysisTwiceInPastWeek',
    'Continuous veno-venous hemodialysis for ≥24 hours in the past week': 'cvvhdInPastWeek',
  },
  compute(input) {
    const steps: CalculationStep[] = []
    const dialysis =
      booleanValue(input, 'dialysisTwiceInPastWeek') || booleanValue(input, 'cvvhdInPastWeek')
    let creatinine = Math.max(1, Math.min(4, numberValue(input, 'creatinine')))
    if (dialysis) creatinine = 4
    const bilirubin = Math.max(1, numberValue(input, 'bilirubin'))
    const inr = Math.max(1, numberValue(input, 'inr'))
    const sodium = Math.max(125, Math.min(137, numberValue(input, 'sodium')))
    steps.push({
      description: `Bounded values: creatinine${dialysis ? ' (dialysis: set to 4.0)' : ''} ${roundTo(creatinine)} mg/dL, bilirubin ${roundTo(bilirubin)} mg/dL, INR ${inr}, sodium ${sodium} mEq/L`,
    })
    const raw =
      0.957 * Math.log(creatinine) + 0.378 * Math.log(bilirubin) + 1.12 * Math.log(inr) + 0.643
    const meldI = Math.round(raw * 10)
    steps.push({
      description: '0.957 ln(Cr) + 0.378 ln(bili) + 1.120 ln(INR) + 0.643',
      value: roundTo(raw, 4),
    })
    steps.push({ description: 'MELD(i): rounded to the tenth, x 10', value: meldI })
    let meld = meldI
    if (meldI > 11) {
      meld = meldI + 1.32 * (137 - sodium) - 0.033 * meldI * (137 - sodium)
      steps.push({
        description: `MELD(i) > 11: ${meldI} + 1.32 x (137 - ${sodium}) - 0.033 x ${meldI} x (137 - ${sodium})`,
        value: roundTo(meld),
      })
    }
    const value = Math.min(40, Math.round(meld))
    steps.push({ description: 'Rounded to a whole number, capped at 40', value, unit: 'points' })
    return { value, unit: 'points', steps }
  },
}
