/**
 * Albumin-corrected anion gap (MedCalc-Bench id 65).
 *
 * Source: Figge J, Jabor A, Kazda A, Fencl V. Anion gap and hypoalbuminemia. Crit Care Med.
 * 1998;26(11):1807-1810: the gap falls 2.5 mEq/L per g/dL of albumin below normal. Corrected
 * AG = AG + 2.5 x (normal albumin - albumin); normal albumin 4 g/dL by default (Figge used 4.4).
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
import { anionGapOfInput, anionGapStep } from './shared.js'

/** The optional reference albumin of the albumin-corrected calculators and calcium correction. */
export const NORMAL_ALBUMIN_INPUT = {
  ...ALBUMIN_INPUT,
  name: 'normalAlbumin',
  label: 'Normal albumin',
  required: false,
  default: 4,
  min: 3,
  max: 5.5,
  description: 'Reference albumin concentration (default 4 g/dL)',
} as const

/** The albumin-corrected anion gap and its steps. */
export function correctedGap(input: Parameters<Calculator['compute']>[0]): {
  gap: number
  corrected: number
  description: string
} {
  const gap = anionGapOfInput(input)
  const albumin = numberValue(input, 'albumin')
  const normal = numberValue(input, 'normalAlbumin')
  const corrected = gap + 2.5 * (normal - albumin)
  return {
    gap,
    corrected,
    description: `${roundTo(gap)} + 2.5 x (${normal} - ${roundTo(albumin)})`,
  }
}

/** Albumin-corrected anion gap in mEq/L. */
export const albuminCorrectedAnionGapCalculator: Calculator = {
  id: 65,
  slug: 'albumin-corrected-anion-gap',
  name: 'Albumin Corrected Anion Gap',
  category: 'lab',
  outputType: 'decimal',
  source: 'Figge J et al. Crit Care Med 1998;26:1807-1810: AG + 2.5 x (4 - albumin)',
  inputs: [SODIUM_INPUT, CHLORIDE_INPUT, BICARBONATE_INPUT, ALBUMIN_INPUT, NORMAL_ALBUMIN_INPUT],
  compute(input) {
    const { gap, corrected, description } = correctedGap(input)
    return {
      value: corrected,
      unit: 'mEq/L',
      steps: [
        anionGapStep(gap),
        { description: `Corrected AG = ${description}`, value: roundTo(corrected), unit: 'mEq/L' },
      ],
    }
  },
}
