/**
 * Target weight for a target BMI (MedCalc-Bench id 61).
 *
 * Source: the BMI definition inverted (WHO Technical Report Series 894, 2000): weight (kg) =
 * target BMI (kg/m²) x height (m)².
 */
import type { Calculator } from '../calculator.js'
import { HEIGHT_INPUT, numberValue, roundTo } from '../common-inputs.js'

/** Target weight in kg. */
export const targetWeightCalculator: Calculator = {
  id: 61,
  slug: 'target-weight',
  name: 'Target weight',
  category: 'physical',
  outputType: 'decimal',
  source: 'BMI definition (WHO TRS 894, 2000): weight = BMI x height^2',
  inputs: [
    {
      name: 'targetBmi',
      label: 'Target BMI',
      type: 'quantity',
      unit: 'kg/m²',
      required: true,
      min: 10,
      max: 60,
    },
    HEIGHT_INPUT,
  ],
  entityMap: { 'Body Mass Index (BMI)': 'targetBmi' },
  compute(input) {
    const bmi = numberValue(input, 'targetBmi')
    const height = numberValue(input, 'height')
    const value = bmi * (height / 100) ** 2
    return {
      value,
      unit: 'kg',
      steps: [
        {
          description: `${bmi} x (${roundTo(height / 100, 4)} m)²`,
          value: roundTo(value),
          unit: 'kg',
        },
      ],
    }
  },
}
