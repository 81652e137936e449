/**
 * Calculated serum osmolality (MedCalc-Bench id 30).
 *
 * Source: Dorwart WV, Chalmers L. Comparison of methods for calculating serum osmolality from
 * chemical concentrations, and the prognostic value of such calculations. Clin Chem.
 * 1975;21(2):190-194. Osm = 2 x Na (mEq/L) + BUN (mg/dL) / 2.8 + glucose (mg/dL) / 18.
 */
import type { Calculator } from '../calculator.js'
import { BUN_INPUT, GLUCOSE_INPUT, numberValue, roundTo, SODIUM_INPUT } from '../common-inputs.js'

/** Calculated osmolality in mOsm/kg. */
export const serumOsmolalityCalculator: Calculator = {
  id: 30,
  slug: 'serum-osmolality',
  name: 'Serum Osmolality',
  category: 'lab',
  outputType: 'decimal',
  source: 'Dorwart WV, Chalmers L. Clin Chem 1975;21:190-194: 2 Na + BUN/2.8 + glucose/18',
  inputs: [SODIUM_INPUT, BUN_INPUT, GLUCOSE_INPUT],
  entityMap: { 'Blood Urea Nitrogen (BUN)': 'bun' },
  compute(input) {
    const sodium = numberValue(input, 'sodium')
    const bun = numberValue(input, 'bun')
    const glucose = numberValue(input, 'glucose')
    const value = 2 * sodium + bun / 2.8 + glucose / 18
    return {
      value,
      unit: 'mOsm/kg',
      steps: [
        {
          description: `2 x ${sodium} + ${roundTo(bun)} / 2.8 + ${roundTo(glucose)} / 18`,
          value: roundTo(value),
          unit: 'mOsm/kg',
        },
      ],
    }
  },
}
