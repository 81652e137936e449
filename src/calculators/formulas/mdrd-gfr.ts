/**
 * Estimated GFR by the 4-variable MDRD study equation, IDMS-traceable (MedCalc-Bench id 9).
 *
 * Source: Levey AS, Coresh J, Greene T, et al. Using standardized serum creatinine values in
 * the Modification of Diet in Renal Disease study equation for estimating glomerular filtration
 * rate. Ann Intern Med. 2006;145(4):247-254. eGFR = 175 x Scr^-1.154 x age^-0.203 x 0.742
 * [if female] x 1.212 [if Black]; Scr in mg/dL.
 */
import type { Calculator } from '../calculator.js'
import {
  CREATININE_INPUT,
  KIDNEY_EQUATION_AGE_INPUT,
  numberValue,
  pediatricCaution,
  roundTo,
  SEX_INPUT,
  stringValue,
} from '../common-inputs.js'
import { gfrStage } from './ckd-epi-2021.js'

/** MDRD eGFR in mL/min/1.73 m². */
export const mdrdGfrCalculator: Calculator = {
  id: 9,
  slug: 'mdrd-gfr',
  name: 'MDRD GFR Equation',
  category: 'lab',
  outputType: 'decimal',
  source: 'Levey AS et al. Ann Intern Med 2006;145:247-254 (IDMS-traceable MDRD, 175)',
  inputs: [
    KIDNEY_EQUATION_AGE_INPUT,
    SEX_INPUT,
    CREATININE_INPUT,
    {
      name: 'race',
      label: 'Race',
      type: 'enum',
      options: ['black', 'other'],
      required: false,
      default: 'other',
      description: 'The equation multiplies by 1.212 for Black patients (default other)',
    },
  ],
  compute(input) {
    const age = numberValue(input, 'age')
    const female = stringValue(input, 'sex') === 'female'
    const black = stringValue(input, 'race') === 'black'
    const creatinine = numberValue(input, 'creatinine')
    const value =
      175 * creatinine ** -1.154 * age ** -0.203 * (female ? 0.742 : 1) * (black ? 1.212 : 1)
    return {
      value,
      unit: 'mL/min/1.73 m²',
      steps: [
        {
          description: `eGFR = 175 x ${roundTo(creatinine, 4)}^-1.154 x ${age}^-0.203${female ? ' x 0.742' : ''}${black ? ' x 1.212' : ''}`,
          value: roundTo(value),
          unit: 'mL/min/1.73 m²',
        },
      ],
      interpretation: [gfrStage(value), pediatricCaution(age)].filter(Boolean).join('; '),
    }
  },
}
