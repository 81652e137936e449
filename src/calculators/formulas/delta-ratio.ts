/**
 * Delta ratio (MedCalc-Bench id 64).
 *
 * Source: Rastegar A. Use of the ΔAG/ΔHCO3- ratio in the diagnosis of mixed acid-base
 * disorders. J Am Soc Nephrol. 2007;18(9):2429-2431. Delta ratio = (AG - 12) / (24 - HCO3).
 * Below 0.4 a hyperchloraemic normal-gap acidosis, 1-2 a pure high-gap acidosis, above 2 a
 * coexisting metabolic alkalosis.
 */
import { InputError } from '../../errors.js'
import type { Calculator } from '../calculator.js'
import {
  BICARBONATE_INPUT,
  CHLORIDE_INPUT,
  numberValue,
  roundTo,
  SODIUM_INPUT,
} from '../common-inputs.js'
import { anionGap, anionGapStep } from './shared.js'

/** Reads the delta ratio bands of Rastegar 2007. */
export function deltaRatioBand(ratio: number): string {
  if (ratio < 0.4) return 'hyperchloraemic normal anion gap acidosis (< 0.4)'
  if (ratio < 1) return 'combined high and normal anion gap acidosis (0.4-0.8/1)'
  if (ratio <= 2) return 'pure anion gap acidosis (1-2)'
  return 'anion gap acidosis with a metabolic alkalosis (> 2)'
}

/** Refuses a bicarbonate of exactly 24 (the ratio divides by 24 - HCO3). */
export function bicarbonateDrop(bicarbonate: number): number {
  const drop = 24 - bicarbonate
  if (drop === 0) {
    throw new InputError(
      'calculators: "bicarbonate" = 24 mEq/L makes the delta ratio undefined (24 - HCO3 = 0)',
      {
        field: 'bicarbonate',
        value: bicarbonate,
      },
    )
  }
  return drop
}

/** Delta ratio (unitless). */
export const deltaRatioCalculator: Calculator = {
  id: 64,
  slug: 'delta-ratio',
  name: 'Delta Ratio',
  category: 'lab',
  outputType: 'decimal',
  source: 'Rastegar A. J Am Soc Nephrol 2007;18:2429-2431: (AG - 12) / (24 - HCO3)',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT],
  compute(input) {
    const bicarbonate = numberValue(input, 'bicarbonate')
    const gap = anionGap(numberValue(input, 'sodium'), numberValue(input, 'chloride'), bicarbonate)
    const drop = bicarbonateDrop(bicarbonate)
    const value = (gap - 12) / drop
    return {
      value,
      unit: '',
      steps: [
        anionGapStep(gap),
        { description: `(${roundTo(gap)} - 12) / (24 - ${bicarbonate})`, value: roundTo(value) },
      ],
      interpretation: deltaRatioBand(value),
    }
  },
}
