/**
 * Serum anion gap (MedCalc-Bench id 39).
 *
 * Source: Emmett M, Narins RG. Clinical use of the anion gap. Medicine (Baltimore).
 * 1977;56(1):38-54; Kraut JA, Madias NE. Serum anion gap: its uses and limitations in clinical
 * medicine. Clin J Am Soc Nephrol. 2007;2(1):162-174. AG = Na - (Cl + HCO3) in mEq/L.
 */
import type { Calculator } from '../calculator.js'
import {
  BICARBONATE_INPUT,
  CHLORIDE_INPUT,
  numberValue,
  roundTo,
  SODIUM_INPUT,
} from '../common-inputs.js'
import { anionGap } from './shared.js'

/** Anion gap in mEq/L. */
export const anionGapCalculator: Calculator = {
  id: 39,
  slug: 'anion-gap',
  name: 'Anion Gap',
  category: 'lab',
  outputType: 'decimal',
  source: 'Emmett M, Narins RG. Medicine 1977;56:38-54; Kraut JA, Madias NE. CJASN 2007;2:162-174',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT],
  compute(input) {
    const sodium = numberValue(input, 'sodium')
    const chloride = numberValue(input, 'chloride')
    const bicarbonate = numberValue(input, 'bicarbonate')
    const value = anionGap(sodium, chloride, bicarbonate)
    return {
      value,
      unit: 'mEq/L',
      steps: [
        {
          description: `AG = ${sodium} - (${chloride} + ${bicarbonate})`,
          value: roundTo(value),
          unit: 'mEq/L',
        },
      ],
      interpretation:
        value > 12
          ? 'elevated (> 12 mEq/L)'
          : value < 3
            ? 'low (< 3 mEq/L)'
            : 'normal (3-12 mEq/L)',
    }
  },
}
