/**
 * Delta gap (MedCalc-Bench id 63).
 *
 * Source: Wrenn K. The delta (Δ) gap: an approach to mixed acid-base disorders. Ann Emerg Med.
 * 1990;19(11):1310-1313. Delta gap = anion gap - 12 (normal anion gap) in mEq/L.
 */
import type { Calculator } from '../calculator.js'
import { BICARBONATE_INPUT, CHLORIDE_INPUT, roundTo, SODIUM_INPUT } from '../common-inputs.js'
import { anionGapOfInput, anionGapStep } from './shared.js'

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
    const gap = anionGapOfInput(input)
    const value = gap - 12
    return {
      value,
      unit: 'mEq/L',
      steps: [
        anionGapStep(gap),
        { description: `Delta gap = ${roundTo(gap)} - 12`, value: roundTo(value), unit: 'mEq/L' },
      ],
    }
  },
}
