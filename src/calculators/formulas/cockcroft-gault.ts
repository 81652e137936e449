/**
 * Creatinine clearance by the Cockcroft-Gault equation (MedCalc-Bench id 2).
 *
 * Source: Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine.
 * Nephron. 1976;16(1):31-41. CrCl (mL/min) = (140 - age) x weight (kg) / (72 x serum
 * creatinine (mg/dL)), x 0.85 for women.
 *
 * Weight: the equation was derived on actual weight; for overweight and obese patients the
 * adjusted body weight gives the least biased estimate (Winter MA et al. Pharmacotherapy.
 * 2012;32(7):604-612). The default `bmi-adjusted` basis follows that practice (as does
 * MedCalc-Bench's question): BMI < 18.5 actual weight; 18.5-24.9 the lesser of ideal (Devine)
 * and actual weight; >= 25 adjusted weight = IBW + 0.4 x (actual - IBW).
 */
import { InputError } from '../../errors.js'
import type { CalculationStep, Calculator } from '../calculator.js'
import {
  CREATININE_INPUT,
  HEIGHT_INPUT,
  KIDNEY_EQUATION_AGE_INPUT,
  numberValue,
  optionalNumberValue,
  pediatricCaution,
  roundTo,
  SEX_INPUT,
  stringValue,
  WEIGHT_INPUT,
  withInput,
} from '../common-inputs.js'
import {
  adjustedBodyWeight,
  bodyMassIndex,
  bodyMassIndexBand,
  devineIdealBodyWeight,
} from './shared.js'

const WEIGHT_BASES = ['bmi-adjusted', 'actual', 'ideal', 'adjusted'] as const

/** Cockcroft-Gault creatinine clearance in mL/min. */
export const cockcroftGaultCalculator: Calculator = {
  id: 2,
  slug: 'cockcroft-gault',
  name: 'Creatinine Clearance (Cockcroft-Gault Equation)',
  category: 'lab',
  outputType: 'decimal',
  source:
    'Cockcroft DW, Gault MH. Nephron 1976;16:31-41; weight basis by BMI after Winter MA et al. Pharmacotherapy 2012;32:604-612',
  inputs: [
    KIDNEY_EQUATION_AGE_INPUT,
    SEX_INPUT,
    WEIGHT_INPUT,
    withInput(HEIGHT_INPUT, {
      required: false,
      description: 'Height; needed unless weightBasis is "actual"',
    }),
    CREATININE_INPUT,
    {
      name: 'weightBasis',
      label: 'Weight used',
      type: 'enum',
      options: WEIGHT_BASES,
      required: false,
      default: 'bmi-adjusted',
      description:
        'bmi-adjusted (default): actual if BMI < 18.5, min(ideal, actual) if 18.5-24.9, adjusted if >= 25; or always actual, ideal or adjusted',
    },
  ],
  compute(input) {
    const age = numberValue(input, 'age')
    const sex = stringValue(input, 'sex')
    const actual = numberValue(input, 'weight')
    const height = optionalNumberValue(input, 'height')
    const creatinine = numberValue(input, 'creatinine')
    const basis = stringValue(input, 'weightBasis')
    const steps: CalculationStep[] = []
    let weight = actual
    if (basis !== 'actual') {
      if (height === undefined) {
        throw new InputError(
          `calculators: "height" is required by "cockcroft-gault" with weightBasis "${basis}"`,
          { field: 'height' },
        )
      }
      const ideal = devineIdealBodyWeight(sex, height)
      const adjusted = adjustedBodyWeight(ideal, actual)
      steps.push({ description: 'Ideal body weight (Devine)', value: roundTo(ideal), unit: 'kg' })
      if (basis === 'ideal') weight = ideal
      else if (basis === 'adjusted') weight = adjusted
      else {
        const bmi = bodyMassIndex(actual, height)
        steps.push({
          description: `BMI: ${bodyMassIndexBand(bmi)}`,
          value: roundTo(bmi),
          unit: 'kg/m²',
        })
        if (bmi < 18.5) weight = actual
        else if (bmi < 25) weight = Math.min(ideal, actual)
        else {
          steps.push({
            description: 'Adjusted body weight = IBW + 0.4 x (actual - IBW)',
            value: roundTo(adjusted),
            unit: 'kg',
          })
          weight = adjusted
        }
      }
    }
    steps.push({ description: `Weight used (${basis})`, value: roundTo(weight), unit: 'kg' })
    const sexFactor = sex === 'female' ? 0.85 : 1
    const value = ((140 - age) * weight * sexFactor) / (72 * creatinine)
    steps.push({
      description: `CrCl = (140 - ${age}) x ${roundTo(weight)} x ${sexFactor} / (72 x ${roundTo(creatinine, 4)})`,
      value: roundTo(value),
      unit: 'mL/min',
    })
    const caution = pediatricCaution(age)
    return caution === undefined
      ? { value, unit: 'mL/min', steps }
      : { value, unit: 'mL/min', steps, interpretation: caution }
  },
}
