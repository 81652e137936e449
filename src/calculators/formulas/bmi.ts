/**
 * Body Mass Index (MedCalc-Bench id 6).
 *
 * Source: Quetelet's index as adopted by the World Health Organization, "Obesity: preventing and
 * managing the global epidemic", WHO Technical Report Series 894 (2000): BMI = weight (kg) /
 * height (m)². Bands: < 18.5 underweight, 18.5-24.9 normal, 25-29.9 overweight, >= 30 obese.
 */
import type { Calculator } from '../calculator.js'
import { HEIGHT_INPUT, numberValue, roundTo, WEIGHT_INPUT } from '../common-inputs.js'
import { bodyMassIndex, bodyMassIndexBand } from './shared.js'

/** BMI = weight / height². */
export const bmiCalculator: Calculator = {
  id: 6,
  slug: 'bmi',
  name: 'Body Mass Index (BMI)',
  category: 'physical',
  outputType: 'decimal',
  source: 'WHO Technical Report Series 894 (2000): BMI = weight (kg) / height (m)^2',
  inputs: [WEIGHT_INPUT, HEIGHT_INPUT],
  compute(input) {
    const weight = numberValue(input, 'weight')
    const height = numberValue(input, 'height')
    const value = bodyMassIndex(weight, height)
    return {
      value,
      unit: 'kg/m²',
      steps: [
        { description: 'Height in metres', value: height / 100, unit: 'm' },
        {
          description: `BMI = weight / height² = ${roundTo(weight)} / (${roundTo(height / 100, 4)})²`,
          value: roundTo(value),
          unit: 'kg/m²',
        },
      ],
      interpretation: bodyMassIndexBand(value),
    }
  },
}
