/**
 * Delta gap (MedCalc-Bench id 63).
 *
 * Source: Wrenn K. The delta (Δ) gap: an approach to mixed acid-base disorders. Ann Emerg Med.
 * 1990;19(11):1310-1313. Delta gap = anion gap - 12 (normal anion gap) in mEq/L.
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

/** Delta gap in mEq/L. */
export const deltaGapCalculator: Calculator = {
  id: 63,
  slug: 'delta-gap',
  name: 'Delta Gap',
  category: 'lab',
  outputType: 'decimal',
  source: 'Wrenn K. Ann Emerg Med 1990;19:1310-1313: anion gap - 12',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT],
  compute(input) {
    const gap = anionGap(
      numberValue(input, 'sodium'),
      numberValue(input, 'chloride'),
      numberValue(input, 'bicarbonate'),
    )
    const value = gap - 12
    return {
      value,
      unit: 'mEq/L',
      steps: [
        { description: 'Anion gap = Na - (Cl + HCO3)', value: roundTo(gap), unit: 'mEq/L' },
        { description: `Delta gap = ${roundTo(gap)} - 12`, value: roundTo(value), unit: 'mEq/L' },
      ],
    }
  },
}
