/**
 * HAS-BLED score for major bleeding risk on anticoagulation in atrial fibrillation.
 *
 * Source: Pisters R, Lane DA, Nieuwlaat R, de Vos CB, Crijns HJGM, Lip GYH. A novel user-friendly
 * score (HAS-BLED) to assess 1-year risk of major bleeding in patients with atrial fibrillation:
 * the Euro Heart Survey. Chest. 2010;138(5):1093-1100. doi:10.1378/chest.10-0134
 *
 * One point each: hypertension (uncontrolled, systolic > 160 mmHg); abnormal renal function;
 * abnormal liver function; prior stroke; bleeding history or predisposition; labile INR;
 * elderly (age > 65 years); drugs predisposing to bleeding (antiplatelets, NSAIDs); alcohol use
 * (>= 8 drinks a week). Range 0-9. Major bleeds per 100 patient-years (Pisters 2010): 0 1.13,
 * 1 1.02, 2 1.88, 3 3.74, 4 8.70, 5 12.50; >= 3 is high risk.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  optionalNumber,
  requireNumber,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'has-bled'

const criteria = [
  ['hypertension', 'Hypertension (uncontrolled, systolic > 160 mmHg)'],
  ['renalDisease', 'Abnormal renal function (dialysis, transplant, creatinine >= 2.26 mg/dL)'],
  [
    'liverDisease',
    'Abnormal liver function (cirrhosis, or bilirubin > 2x and AST/ALT > 3x normal)',
  ],
  ['stroke', 'Prior stroke'],
  ['bleeding', 'Prior major bleeding or predisposition to bleeding'],
  ['labileInr', 'Labile INR (time in therapeutic range < 60%)'],
  ['bleedingDrugs', 'Medication predisposing to bleeding (antiplatelet agents, NSAIDs)'],
] as const

const bleedsPer100PatientYears = ['1.13', '1.02', '1.88', '3.74', '8.70', '12.50']

function interpret(score: number): string {
  const rate = bleedsPer100PatientYears[score]
  const level = score >= 3 ? 'High risk' : score === 0 ? 'Low risk' : 'Moderate risk'
  return rate === undefined
    ? `${level}: too few patients with ${score} points in the derivation cohort for a rate`
    : `${level}: ${rate} major bleeds per 100 patient-years`
}

/** HAS-BLED (MedCalc-Bench id 25): 0-9 points. */
export const hasBledCalculator: ScoreCalculator = {
  id: 25,
  slug,
  name: 'HAS-BLED Score for Major Bleeding Risk',
  category: 'risk',
  outputType: 'integer',
  source:
    'Pisters R et al. A novel user-friendly score (HAS-BLED) to assess 1-year risk of major bleeding in patients with atrial fibrillation. Chest. 2010;138(5):1093-1100.',
  inputs: [
    AGE_INPUT,
    ...criteria.map(([name, label]) => criterionInput(name, label)),
    {
      name: 'alcoholDrinksPerWeek',
      label: 'Alcoholic drinks per week',
      type: 'number',
      required: false,
      min: 0,
      max: 500,
      description: 'Number of alcoholic drinks per week; 8 or more scores 1 point.',
    },
    criterionInput('alcoholExcess', 'Alcohol use of 8 or more drinks a week'),
  ],
  entityMap: {
    age: 'age',
    'Hypertension history': 'hypertension',
    'Renal disease criteria for the HAS-BLED rule': 'renalDisease',
    'Liver disease criteria for the HAS-BLED rule': 'liverDisease',
    Stroke: 'stroke',
    'Prior major bleeding or predisposition to bleeding': 'bleeding',
    'Labile international normalized ratio': 'labileInr',
    'Medication usage predisposing to bleeding': 'bleedingDrugs',
    'Number of Alcoholic Drinks Per Week': 'alcoholDrinksPerWeek',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const drinks = optionalNumber(input, slug, 'alcoholDrinksPerWeek')
    const tally = createTally()
    for (const [name, label] of criteria) tally.add(isPresent(input, name) ? 1 : 0, label)
    tally.add(age > 65 ? 1 : 0, `Age ${age} years (${age > 65 ? '> 65' : '<= 65'})`)
    const alcohol = isPresent(input, 'alcoholExcess') || (drinks !== undefined && drinks >= 8)
    tally.add(
      alcohol ? 1 : 0,
      drinks === undefined
        ? 'Alcohol use >= 8 drinks a week'
        : `Alcohol ${drinks} drinks a week (${drinks >= 8 ? '>= 8' : '< 8'})`,
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
