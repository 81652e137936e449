/**
 * Calcium corrected for hypoalbuminaemia (MedCalc-Bench id 7).
 *
 * Source: Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of serum calcium in
 * patients with abnormal serum proteins. Br Med J. 1973;4(5893):643-646. Corrected calcium
 * (mg/dL) = calcium (mg/dL) + 0.8 x (normal albumin - albumin (g/dL)); normal albumin 4 g/dL.
 */
import type { Calculator } from '../calculator.js'
import { ALBUMIN_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { NORMAL_ALBUMIN_INPUT } from './albumin-corrected-anion-gap.js'

/** Corrected calcium in mg/dL. */
export const calciumCorrectionCalculator: Calculator = {
  id: 7,
  slug: 'calcium-correction',
  name: 'Calcium Correction for Hypoalbuminemia',
  category: 'lab',
  outputType: 'decimal',
  source: 'Payne RB et al. Br Med J 1973;4:643-646: Ca + 0.8 x (4 - albumin)',
  inputs: [
    {
      name: 'calcium',
      label: 'Total serum calcium',
      type: 'quantity',
      unit: 'mg/dL',
      acceptedUnits: ['mmol/L', 'mEq/L'],
      analyte: 'calcium',
      required: true,
      min: 1,
      max: 25,
    },
    ALBUMIN_INPUT,
    NORMAL_ALBUMIN_INPUT,
  ],
  compute(input) {
    const calcium = numberValue(input, 'calcium')
    const albumin = numberValue(input, 'albumin')
    const normal = numberValue(input, 'normalAlbumin')
    const value = calcium + 0.8 * (normal - albumin)
    return {
      value,
      unit: 'mg/dL',
      steps: [
        { description: 'Calcium', value: roundTo(calcium), unit: 'mg/dL' },
        {
          description: `Corrected Ca = ${roundTo(calcium)} + 0.8 x (${normal} - ${roundTo(albumin)})`,
          value: roundTo(value),
          unit: 'mg/dL',
        },
      ],
    }
  },
}
