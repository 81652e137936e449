/**
 * Estimated GFR by the 2021 CKD-EPI creatinine equation, without race (MedCalc-Bench id 3).
 *
 * Source: Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations
 * to estimate GFR without race. N Engl J Med. 2021;385(19):1737-1749.
 * eGFR = 142 x min(Scr/κ, 1)^α x max(Scr/κ, 1)^-1.200 x 0.9938^age x 1.012 [if female], with
 * κ = 0.7 (female) or 0.9 (male) and α = -0.241 (female) or -0.302 (male); Scr in mg/dL.
 */
import type { Calculator } from '../calculator.js'
import {
  CREATININE_INPUT,
  KIDNEY_EQUATION_AGE_INPUT,
  numberValue,
  pediatricCaution,
  roundTo,
  SEX_INPUT,
  stringValue,
} from '../common-inputs.js'

/** CKD-EPI 2021 eGFR in mL/min/1.73 m². */
export const ckdEpi2021Calculator: Calculator = {
  id: 3,
  slug: 'ckd-epi-2021',
  name: 'CKD-EPI Equations for Glomerular Filtration Rate',
  category: 'lab',
  outputType: 'decimal',
  source: 'Inker LA et al. N Engl J Med 2021;385:1737-1749 (2021 CKD-EPI creatinine equation)',
  inputs: [KIDNEY_EQUATION_AGE_INPUT, SEX_INPUT, CREATININE_INPUT],
  compute(input) {
    const age = numberValue(input, 'age')
    const female = stringValue(input, 'sex') === 'female'
    const creatinine = numberValue(input, 'creatinine')
    const kappa = female ? 0.7 : 0.9
    const alpha = female ? -0.241 : -0.302
    const ratio = creatinine / kappa
    const value =
      142 *
      Math.min(ratio, 1) ** alpha *
      Math.max(ratio, 1) ** -1.2 *
      0.9938 ** age *
      (female ? 1.012 : 1)
    return {
      value,
      unit: 'mL/min/1.73 m²',
      steps: [
        { description: `κ = ${kappa}, α = ${alpha} (${female ? 'female' : 'male'})` },
        { description: 'Scr / κ', value: roundTo(ratio, 4) },
        {
          description: `eGFR = 142 x min(Scr/κ,1)^${alpha} x max(Scr/κ,1)^-1.200 x 0.9938^${age}${female ? ' x 1.012' : ''}`,
          value: roundTo(value),
          unit: 'mL/min/1.73 m²',
        },
      ],
      interpretation: [gfrStage(value), pediatricCaution(age)].filter(Boolean).join('; '),
    }
  },
}

/** KDIGO 2012 GFR category. */
export function gfrStage(gfr: number): string {
  if (gfr >= 90) return 'G1: normal or high (>= 90)'
  if (gfr >= 60) return 'G2: mildly decreased (60-89)'
  if (gfr >= 45) return 'G3a: mildly to moderately decreased (45-59)'
  if (gfr >= 30) return 'G3b: moderately to severely decreased (30-44)'
  if (gfr >= 15) return 'G4: severely decreased (15-29)'
  return 'G5: kidney failure (< 15)'
}
