/**
 * Free water deficit in hypernatraemia (MedCalc-Bench id 38).
 *
 * Source: Adrogué HJ, Madias NE. Hypernatremia. N Engl J Med. 2000;342(20):1493-1499.
 * Deficit (L) = total body water x (Na / 140 - 1), total body water = weight (kg) x 0.6
 * (children, and men 18-64), 0.5 (women 18-64, and men >= 65), 0.45 (women >= 65).
 */
import type { Calculator } from '../calculator.js'
import {
  AGE_INPUT,
  numberValue,
  roundTo,
  SEX_INPUT,
  SODIUM_INPUT,
  stringValue,
  WEIGHT_INPUT,
} from '../common-inputs.js'

/** Total body water fraction by age and sex (Adrogué & Madias 2000). */
export function totalBodyWaterFraction(age: number, sex: string): number {
  if (age < 18) return 0.6
  if (age < 65) return sex === 'male' ? 0.6 : 0.5
  return sex === 'male' ? 0.5 : 0.45
}

/** Free water deficit in L (negative when sodium is below 140). */
export const freeWaterDeficitCalculator: Calculator = {
  id: 38,
  slug: 'free-water-deficit',
  name: 'Free Water Deficit',
  category: 'lab',
  outputType: 'decimal',
  source: 'Adrogué HJ, Madias NE. N Engl J Med 2000;342:1493-1499',
  inputs: [AGE_INPUT, SEX_INPUT, WEIGHT_INPUT, SODIUM_INPUT],
  compute(input) {
    const age = numberValue(input, 'age')
    const sex = stringValue(input, 'sex')
    const weight = numberValue(input, 'weight')
    const sodium = numberValue(input, 'sodium')
    const fraction = totalBodyWaterFraction(age, sex)
    const value = fraction * weight * (sodium / 140 - 1)
    return {
      value,
      unit: 'L',
      steps: [
        {
          description: `Total body water fraction (age ${roundTo(age, 2)}, ${sex})`,
          value: fraction,
        },
        {
          description: `${fraction} x ${roundTo(weight)} x (${sodium} / 140 - 1)`,
          value: roundTo(value),
          unit: 'L',
        },
      ],
    }
  },
}
