/**
 * Albumin-corrected delta ratio (MedCalc-Bench id 67).
 *
 * Source: Figge J et al. Crit Care Med. 1998;26(11):1807-1810 (albumin correction) and Rastegar
 * A. J Am Soc Nephrol. 2007;18(9):2429-2431 (delta ratio). Ratio = (AG + 2.5 x (4 - albumin)
 * - 12) / (24 - HCO3).
 */
import type { Calculator } from '../calculator.js'
import {
  ALBUMIN_INPUT,
  BICARBONATE_INPUT,
  CHLORIDE_INPUT,
  numberValue,
  roundTo,
  SODIUM_INPUT,
} from '../common-inputs.js'
import { correctedGap, NORMAL_ALBUMIN_INPUT } from './albumin-corrected-anion-gap.js'
import { bicarbonateDrop, deltaRatioBand } from './delta-ratio.js'
import { anionGapStep } from './shared.js'

/** Albumin-corrected delta ratio (unitless). */
export const albuminCorrectedDeltaRatioCalculator: Calculator = {
  id: 67,
  slug: 'albumin-corrected-delta-ratio',
  name: 'Albumin Corrected Delta Ratio',
  category: 'lab',
  outputType: 'decimal',
  source:
    'Figge J et al. Crit Care Med 1998;26:1807-1810; Rastegar A. J Am Soc Nephrol 2007;18:2429-2431',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT, ALBUMIN_INPUT, NORMAL_ALBUMIN_INPUT],
  compute(input) {
    const bicarbonate = numberValue(input, 'bicarbonate')
    const drop = bicarbonateDrop(bicarbonate)
    const { gap, corrected, description } = correctedGap(input)
    const value = (corrected - 12) / drop
    return {
      value,
      unit: '',
      steps: [
        anionGapStep(gap),
        { description: `Corrected AG = ${description}`, value: roundTo(corrected), unit: 'mEq/L' },
        {
          description: `(${roundTo(corrected)} - 12) / (24 - ${bicarbonate})`,
          value: roundTo(value),
        },
      ],
      interpretation: deltaRatioBand(value),
    }
  },
}
