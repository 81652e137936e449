/**
 * Fractional excretion of sodium (MedCalc-Bench id 40).
 *
 * Source: Espinel CH. The FENa test. Use in the differential diagnosis of acute renal failure.
 * JAMA. 1976;236(6):579-581. FENa (%) = (urine Na x serum Cr) / (serum Na x urine Cr) x 100.
 * Below 1 % suggests a prerenal cause, above 2 % acute tubular necrosis.
 */
import type { Calculator } from '../calculator.js'
import { CREATININE_INPUT, numberValue, roundTo, SODIUM_INPUT } from '../common-inputs.js'

/** FENa in percent. */
export const fenaCalculator: Calculator = {
  id: 40,
  slug: 'fena',
  name: 'Fractional Excretion of Sodium (FENa)',
  category: 'lab',
  outputType: 'decimal',
  source: 'Espinel CH. JAMA 1976;236:579-581',
  inputs: [
    SODIUM_INPUT,
    CREATININE_INPUT,
    { ...SODIUM_INPUT, name: 'urineSodium', label: 'Urine sodium', min: 1, max: 400 },
    { ...CREATININE_INPUT, name: 'urineCreatinine', label: 'Urine creatinine', min: 1, max: 1000 },
  ],
  entityMap: { 'Urine sodium': 'urineSodium', 'Urine creatinine': 'urineCreatinine' },
  compute(input) {
    const sodium = numberValue(input, 'sodium')
    const creatinine = numberValue(input, 'creatinine')
    const urineSodium = numberValue(input, 'urineSodium')
    const urineCreatinine = numberValue(input, 'urineCreatinine')
    const value = ((urineSodium * creatinine) / (sodium * urineCreatinine)) * 100
    return {
      value,
      unit: '%',
      steps: [
        {
          description: `(${urineSodium} x ${roundTo(creatinine, 4)}) / (${sodium} x ${roundTo(urineCreatinine, 4)}) x 100`,
          value: roundTo(value),
          unit: '%',
        },
      ],
      interpretation:
        value < 1
          ? 'prerenal (< 1 %)'
          : value > 2
            ? 'intrinsic renal, e.g. ATN (> 2 %)'
            : 'indeterminate (1-2 %)',
    }
  },
}
