/**
 * Albumin-corrected delta gap (MedCalc-Bench id 66).
 *
 * Source: Figge J et al. Crit Care Med. 1998;26(11):1807-1810 (albumin correction, 2.5 mEq/L per
 * g/dL) and Wrenn K. Ann Emerg Med. 1990;19(11):1310-1313 (delta gap = gap - 12).
 * Albumin-corrected delta gap = AG + 2.5 x (4 - albumin) - 12.
 */
import type { Calculator } from '../calculator.js'
import {
  ALBUMIN_INPUT,
  BICARBONATE_INPUT,
  CHLORIDE_INPUT,
  roundTo,
  SODIUM_INPUT,
} from '../common-inputs.js'
import { correctedGap, NORMAL_ALBUMIN_INPUT } from './albumin-corrected-anion-gap.js'
import { anionGapStep } from './shared.js'

/** Albumin-corrected delta gap in mEq/L. */
export const albuminCorrectedDeltaGapCalculator: Calculator = {
  id: 66,
  slug: 'albumin-corrected-delta-gap',
  name: 'Albumin Corrected Delta Gap',
  category: 'lab',
  outputType: 'decimal',
  source:
    'Figge J et al. Crit Care Med 1998;26:1807-1810; Wrenn K. Ann Emerg Med 1990;19:1310-1313',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT, ALBUMIN_INPUT, NORMAL_ALBUMIN_INPUT],
  compute(input) {
    const { gap, corrected, description } = correctedGap(input)
    const value = corrected - 12
    return {
      value,
      unit: 'mEq/L',
      steps: [
        anionGapStep(gap),
        { description: `Corrected AG = ${description}`, value: roundTo(corrected), unit: 'mEq/L' },
        {
          description: `Corrected delta gap = ${roundTo(corrected)} - 12`,
          value: roundTo(value),
          unit: 'mEq/L',
        },
      ],
    }
  },
}
