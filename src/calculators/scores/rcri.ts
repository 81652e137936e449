/**
 * Revised Cardiac Risk Index (Lee index) for pre-operative cardiac risk.
 *
 * Source: Lee TH, Marcantonio ER, Mangione CM, et al. Derivation and prospective validation of a
 * simple index for prediction of cardiac risk of major noncardiac surgery. Circulation.
 * 1999;100(10):1043-1049. doi:10.1161/01.CIR.100.10.1043
 *
 * One point each: high-risk surgery (intraperitoneal, intrathoracic or suprainguinal vascular);
 * history of ischaemic heart disease; history of congestive heart failure; history of
 * cerebrovascular disease; pre-operative treatment with insulin; pre-operative creatinine
 * > 2.0 mg/dL (177 µmol/L). Range 0-6. Major cardiac complications in the validation cohort:
 * class I (0) 0.4%, class II (1) 0.9%, class III (2) 6.6%, class IV (>= 3) 11%.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { CREATININE_INPUT, withInput } from '../common-inputs.js'
import {
  anyEntityPresent,
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'rcri'

const criteria = [
  [
    'highRiskSurgery',
    'Elevated-risk surgery (intraperitoneal, intrathoracic or suprainguinal vascular)',
  ],
  ['ischemicHeartDisease', 'History of ischaemic heart disease'],
  ['congestiveHeartFailure', 'History of congestive heart failure'],
  ['cerebrovascularDisease', 'History of cerebrovascular disease (stroke or TIA)'],
  ['insulinTreatment', 'Pre-operative treatment with insulin'],
] as const

function interpret(score: number): string {
  if (score === 0) return 'Class I: 0.4% risk of major cardiac complications'
  if (score === 1) return 'Class II: 0.9% risk of major cardiac complications'
  if (score === 2) return 'Class III: 6.6% risk of major cardiac complications'
  return 'Class IV: 11% risk of major cardiac complications'
}

/** Revised Cardiac Risk Index (MedCalc-Bench id 17): 0-6 points. */
export const rcriCalculator: ScoreCalculator = {
  id: 17,
  slug,
  name: 'Revised Cardiac Risk Index for Pre-Operative Risk',
  category: 'risk',
  outputType: 'integer',
  source:
    'Lee TH et al. Derivation and prospective validation of a simple index for prediction of cardiac risk of major noncardiac surgery. Circulation. 1999;100(10):1043-1049.',
  inputs: [
    ...criteria.map(([name, label]) => criterionInput(name, label)),
    withInput(CREATININE_INPUT, { label: 'Pre-operative serum creatinine' }),
  ],
  entityMap: {
    'Elevated-risk surgery': 'highRiskSurgery',
    'History of ischemic heart disease': 'ischemicHeartDisease',
    'Congestive Heart Failure criteria for the Cardiac Risk Index rule': 'congestiveHeartFailure',
    'History of cerebrovascular disease': anyEntityPresent('cerebrovascularDisease', [
      'History of cerebrovascular disease',
      'Cerebrovascular disease history',
    ]),
    'Cerebrovascular disease history': anyEntityPresent('cerebrovascularDisease', [
      'History of cerebrovascular disease',
      'Cerebrovascular disease history',
    ]),
    'Pre-operative treatment with insulin': 'insulinTreatment',
    'Pre-operative creatinine': 'creatinine',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const creatinine = requireNumber(input, slug, 'creatinine')
    const tally = createTally()
    for (const [name, label] of criteria) tally.add(isPresent(input, name) ? 1 : 0, label)
    tally.add(
      creatinine > 2 ? 1 : 0,
      `Pre-operative creatinine ${creatinine} mg/dL (${creatinine > 2 ? '> 2.0' : '<= 2.0'})`,
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
