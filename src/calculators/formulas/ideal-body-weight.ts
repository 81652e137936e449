/**
 * Ideal body weight by the Devine formula (MedCalc-Bench id 10).
 *
 * Source: Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.
 * IBW = 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch of height over 60 inches.
 */
import type { Calculator } from '../calculator.js'
import { HEIGHT_INPUT, numberValue, roundTo, SEX_INPUT, stringValue } from '../common-inputs.js'
import { CM_PER_INCH, devineIdealBodyWeight } from './shared.js'

/** Devine IBW in kg. */
export const idealBodyWeightCalculator: Calculator = {
  id: 10,
  slug: 'ideal-body-weight',
  name: 'Ideal Body Weight',
  category: 'physical',
  outputType: 'decimal',
  source: 'Devine BJ. Drug Intell Clin Pharm 1974;8:650-655',
  inputs: [SEX_INPUT, HEIGHT_INPUT],
  compute(input) {
    const sex = stringValue(input, 'sex')
    const height = numberValue(input, 'height')
    const value = devineIdealBodyWeight(sex, height)
    return {
      value,
      unit: 'kg',
      steps: [
        { description: 'Height in inches', value: roundTo(height / CM_PER_INCH), unit: 'in' },
        {
          description: `IBW = ${sex === 'male' ? 50 : 45.5} + 2.3 x (${roundTo(height / CM_PER_INCH)} - 60)`,
          value: roundTo(value),
          unit: 'kg',
        },
      ],
    }
  },
}
