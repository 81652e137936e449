/**
 * Formulas used by several calculators of this folder: BMI and its WHO bands, the Devine ideal
 * body weight, the adjusted body weight, the anion gap, and RR interval from heart rate.
 */
import type { CalculationStep, CalculatorInputSpec, CalculatorInputValues } from '../calculator.js'
import { numberValue, roundTo } from '../common-inputs.js'

/** BMI (kg/m²) from weight (kg) and height (cm). */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  const metres = heightCm / 100
  return weightKg / (metres * metres)
}

/** WHO BMI band (TRS 894, 2000). */
export function bodyMassIndexBand(bmi: number): string {
  if (bmi < 18.5) return 'underweight (BMI < 18.5)'
  if (bmi < 25) return 'normal weight (BMI 18.5-24.9)'
  if (bmi < 30) return 'overweight (BMI 25-29.9)'
  return 'obese (BMI >= 30)'
}

/** Centimetres per inch (exact, by definition). */
export const CM_PER_INCH = 2.54

/**
 * Devine ideal body weight (Devine BJ, Drug Intell Clin Pharm 1974;8:650): 50 kg (men) or
 * 45.5 kg (women) + 2.3 kg per inch of height over 5 feet. Heights under 60 inches give less
 * than the base weight (the formula is applied as written).
 */
export function devineIdealBodyWeight(sex: string, heightCm: number): number {
  const inches = heightCm / CM_PER_INCH
  return (sex === 'male' ? 50 : 45.5) + 2.3 * (inches - 60)
}

/** Adjusted body weight: IBW + 0.4 x (actual - IBW). */
export function adjustedBodyWeight(idealKg: number, actualKg: number): number {
  return idealKg + 0.4 * (actualKg - idealKg)
}

/** Anion gap (mEq/L) = Na - (Cl + HCO3). */
export function anionGap(sodium: number, chloride: number, bicarbonate: number): number {
  return sodium - (chloride + bicarbonate)
}

/** Anion gap (mEq/L) of a calculator's `sodium`, `chloride` and `bicarbonate` inputs. */
export function anionGapOfInput(input: CalculatorInputValues): number {
  return anionGap(
    numberValue(input, 'sodium'),
    numberValue(input, 'chloride'),
    numberValue(input, 'bicarbonate'),
  )
}

/** The computation step that shows the anion gap, rounded to 3 decimals. */
export function anionGapStep(gap: number): CalculationStep {
  return { description: 'Anion gap = Na - (Cl + HCO3)', value: roundTo(gap), unit: 'mEq/L' }
}

/** Albumin-corrected anion gap (Figge 1998): AG + 2.5 x (4 - albumin g/dL). */
export function albuminCorrectedAnionGap(gap: number, albuminGramsPerDecilitre: number): number {
  return gap + 2.5 * (4 - albuminGramsPerDecilitre)
}

/** RR interval in seconds from heart rate in beats per minute. */
export function rrIntervalSeconds(heartRate: number): number {
  return 60 / heartRate
}

/** Measured QT interval in ms (s converts). */
export const QT_INPUT: CalculatorInputSpec = {
  name: 'qtInterval',
  label: 'QT interval',
  type: 'quantity',
  unit: 'ms',
  acceptedUnits: ['s'],
  required: true,
  min: 150,
  max: 900,
  description: 'Measured (uncorrected) QT interval',
}

/** MedCalc-Bench entity names of the QTc calculators. */
export const QTC_ENTITY_MAP = {
  'Heart Rate or Pulse': 'heartRate',
  'QT interval': 'qtInterval',
} as const
