/**
 * Glasgow-Blatchford bleeding score (GBS) for upper gastrointestinal bleeding.
 *
 * Source: Blatchford O, Murray WR, Blatchford M. A risk score to predict need for treatment for
 * upper-gastrointestinal haemorrhage. Lancet. 2000;356(9238):1318-1321.
 * doi:10.1016/S0140-6736(00)02816-6. Low-risk reading: Stanley AJ et al. Lancet.
 * 2009;373(9657):42-47.
 *
 * Blood urea (mmol/L): 6.5-< 8 2, 8-< 10 3, 10-< 25 4, >= 25 6. Haemoglobin (g/dL), men:
 * 12-< 13 1, 10-< 12 3, < 10 6; women: 10-< 12 1, < 10 6. Systolic pressure (mmHg): 100-109 1,
 * 90-99 2, < 90 3. Pulse >= 100/min 1; melaena 1; syncope 2; hepatic disease 2; cardiac failure 2.
 * Range 0-23. The urea bands are applied in their published BUN form (18.2, 22.4, 28 and 70
 * mg/dL); urea given in mmol/L converts to BUN (x 2.8014), and every mmol/L cut-off then lands
 * on or above its mg/dL one (6.5 mmol/L = 18.21 mg/dL), so both tables give the same points.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { BUN_INPUT, HEART_RATE_INPUT, SEX_INPUT, SYSTOLIC_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  requireOption,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'glasgow-blatchford'
const sexes = ['male', 'female'] as const
/** mg of urea nitrogen per dL in 1 mmol/L of urea (2 x 14.007 g/mol / 10). */
const BUN_MG_DL_PER_UREA_MMOL_L = 2.8014

function ureaPoints(bun: number): number {
  if (bun >= 70) return 6
  if (bun >= 28) return 4
  if (bun >= 22.4) return 3
  if (bun >= 18.2) return 2
  return 0
}

function hemoglobinPoints(hemoglobin: number, sex: 'male' | 'female'): number {
  if (hemoglobin < 10) return 6
  if (sex === 'male') return hemoglobin < 12 ? 3 : hemoglobin < 13 ? 1 : 0
  return hemoglobin < 12 ? 1 : 0
}

function systolicPoints(systolic: number): number {
  if (systolic < 90) return 3
  if (systolic < 100) return 2
  if (systolic < 110) return 1
  return 0
}

function interpret(score: number): string {
  if (score === 0) {
    return 'Low risk (0): outpatient management can be considered (Stanley 2009)'
  }
  return 'Not low risk (>= 1): admission for possible intervention; higher scores mean greater need for transfusion, endoscopic therapy or surgery'
}

/** Glasgow-Blatchford bleeding score (MedCalc-Bench id 27): 0-23 points. */
export const glasgowBlatchfordCalculator: ScoreCalculator = {
  id: 27,
  slug,
  name: 'Glasgow-Blatchford Bleeding Score (GBS)',
  category: 'risk',
  outputType: 'integer',
  source:
    'Blatchford O, Murray WR, Blatchford M. A risk score to predict need for treatment for upper-gastrointestinal haemorrhage. Lancet. 2000;356(9238):1318-1321.',
  inputs: [
    BUN_INPUT,
    {
      name: 'hemoglobin',
      label: 'Haemoglobin',
      type: 'quantity',
      unit: 'g/dL',
      acceptedUnits: ['g/L', 'mmol/L'],
      analyte: 'hemoglobin',
      required: true,
      min: 1,
      max: 25,
    },
    SEX_INPUT,
    SYSTOLIC_INPUT,
    HEART_RATE_INPUT,
    criterionInput('melena', 'Melaena present'),
    criterionInput('syncope', 'Presentation with syncope'),
    criterionInput(
      'hepaticDisease',
      'Hepatic disease (history or clinical and laboratory evidence)',
    ),
    criterionInput('cardiacFailure', 'Cardiac failure (history or clinical and echo evidence)'),
  ],
  entityMap: {
    'Blood Urea Nitrogen (BUN)': 'bun',
    Hemoglobin: 'hemoglobin',
    sex: 'sex',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Heart Rate or Pulse': 'heartRate',
    'Melena present': 'melena',
    'Recent syncope': 'syncope',
    'Hepatic disease history': 'hepaticDisease',
    'Cardiac failure present': 'cardiacFailure',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const bun = roundTo(requireNumber(input, slug, 'bun'), 2)
    const hemoglobin = roundTo(requireNumber(input, slug, 'hemoglobin'), 2)
    const sex = requireOption(input, slug, 'sex', sexes)
    const systolic = requireNumber(input, slug, 'systolicBloodPressure')
    const heartRate = requireNumber(input, slug, 'heartRate')
    const urea = roundTo(bun / BUN_MG_DL_PER_UREA_MMOL_L, 2)
    const tally = createTally()
    tally.add(ureaPoints(bun), `BUN ${bun} mg/dL (urea ${urea} mmol/L)`)
    tally.add(hemoglobinPoints(hemoglobin, sex), `Haemoglobin ${hemoglobin} g/dL (${sex})`)
    tally.add(systolicPoints(systolic), `Systolic blood pressure ${systolic} mmHg`)
    tally.add(
      heartRate >= 100 ? 1 : 0,
      `Pulse ${heartRate}/min (${heartRate >= 100 ? '>= 100' : '< 100'})`,
    )
    tally.add(isPresent(input, 'melena') ? 1 : 0, 'Melaena')
    tally.add(isPresent(input, 'syncope') ? 2 : 0, 'Syncope')
    tally.add(isPresent(input, 'hepaticDisease') ? 2 : 0, 'Hepatic disease')
    tally.add(isPresent(input, 'cardiacFailure') ? 2 : 0, 'Cardiac failure')
    return tallyResult(tally, interpret(tally.total))
  },
}
