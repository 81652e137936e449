/**
 * Sodium corrected for hyperglycaemia (MedCalc-Bench id 26).
 *
 * Source: Hillier TA, Abbott RD, Barrett EJ. Hyponatremia: evaluating the correction factor for
 * hyperglycemia. Am J Med. 1999;106(4):399-403. Corrected Na = Na + 2.4 x (glucose - 100) / 100
 * (sodium in mEq/L, glucose in mg/dL).
 */
import type { Calculator } from '../calculator.js'
import { GLUCOSE_INPUT, numberValue, roundTo, SODIUM_INPUT } from '../common-inputs.js'

/** Corrected sodium in mEq/L. */
export const sodiumCorrectionCalculator: Calculator = {
  id: 26,
  slug: 'sodium-correction-hyperglycemia',
  name: 'Sodium Correction for Hyperglycemia',
  category: 'lab',
  outputType: 'decimal',
  source: 'Hillier TA et al. Am J Med 1999;106:399-403 (2.4 mEq/L per 100 mg/dL)',
  inputs: [SODIUM_INPUT, GLUCOSE_INPUT],
  compute(input) {
    const sodium = numberValue(input, 'sodium')
    const glucose = numberValue(input, 'glucose')
    const value = sodium + 0.024 * (glucose - 100)
    return {
      value,
      unit: 'mEq/L',
      steps: [
        { description: 'Glucose', value: roundTo(glucose), unit: 'mg/dL' },
        {
          description: `${sodium} + 0.024 x (${roundTo(glucose)} - 100)`,
          value: roundTo(value),
          unit: 'mEq/L',
        },
      ],
    }
  },
}
