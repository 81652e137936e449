/**
 * Adjusted body weight (MedCalc-Bench id 62).
 *
 * Source: ABW = IBW + 0.4 x (actual weight - IBW), the dosing weight for obese patients
 * (Bauer LA. Applied Clinical Pharmacokinetics, 2nd ed. McGraw-Hill; 2008, aminoglycosides),
 * with the Devine ideal body weight (Devine BJ. Drug Intell Clin Pharm. 1974;8:650-655).
 */
import type { Calculator } from '../calculator.js'
import {
  HEIGHT_INPUT,
  numberValue,
  roundTo,
  SEX_INPUT,
  stringValue,
  WEIGHT_INPUT,
} from '../common-inputs.js'
import { adjustedBodyWeight, devineIdealBodyWeight } from './shared.js'

/** Adjusted body weight in kg. */
export const adjustedBodyWeightCalculator: Calculator = {
  id: 62,
  slug: 'adjusted-body-weight',
  name: 'Adjusted Body Weight',
  category: 'physical',
  outputType: 'decimal',
  source:
    'Bauer LA. Applied Clinical Pharmacokinetics 2008; Devine BJ. Drug Intell Clin Pharm 1974;8:650',
  inputs: [SEX_INPUT, WEIGHT_INPUT, HEIGHT_INPUT],
  compute(input) {
    const sex = stringValue(input, 'sex')
    const weight = numberValue(input, 'weight')
    const height = numberValue(input, 'height')
    const ideal = devineIdealBodyWeight(sex, height)
    const value = adjustedBodyWeight(ideal, weight)
    return {
      value,
      unit: 'kg',
      steps: [
        { description: 'Ideal body weight (Devine)', value: roundTo(ideal), unit: 'kg' },
        {
          description: `ABW = ${roundTo(ideal)} + 0.4 x (${roundTo(weight)} - ${roundTo(ideal)})`,
          value: roundTo(value),
          unit: 'kg',
        },
      ],
    }
  },
}
