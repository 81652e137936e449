/**
 * CURB-65 score for severity of community-acquired pneumonia.
 *
 * Source: Lim WS, van der Eerden MM, Laing R, et al. Defining community acquired pneumonia
 * severity on presentation to hospital: an international derivation and validation study.
 * Thorax. 2003;58(5):377-382. doi:10.1136/thorax.58.5.377
 *
 * One point each: confusion; urea > 7 mmol/L (BUN > 19.6 mg/dL; BUN in mg/dL is turned into
 * urea mmol/L by / 2.8014, two decimals); respiratory rate >= 30/min; systolic < 90 mmHg or
 * diastolic <= 60 mmHg; age >= 65 years. Range 0-5. 30-day mortality in the derivation cohort:
 * 0 0.7%, 1 2.1%, 2 9.2%, 3 14.5%, 4 40%, 5 57%.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT, BUN_INPUT, DIASTOLIC_INPUT, SYSTOLIC_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  RESPIRATORY_RATE_INPUT,
  requireNumber,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'curb-65'
const BUN_MG_DL_PER_UREA_MMOL_L = 2.8014
const mortality = ['0.7%', '2.1%', '9.2%', '14.5%', '40%', '57%']

function interpret(score: number): string {
  const rate = mortality[score] ?? '57%'
  if (score <= 1) return `Low severity (0-1): 30-day mortality ${rate}; consider home treatment`
  if (score === 2)
    return `Moderate severity (2): 30-day mortality ${rate}; consider short inpatient stay or supervised outpatient treatment`
  return `High severity (3-5): 30-day mortality ${rate}; manage in hospital as severe pneumonia, assess for ICU`
}

/** CURB-65 (MedCalc-Bench id 45): 0-5 points. */
export const curb65Calculator: ScoreCalculator = {
  id: 45,
  slug,
  name: 'CURB-65 Score for Pneumonia Severity',
  category: 'risk',
  outputType: 'integer',
  source:
    'Lim WS et al. Defining community acquired pneumonia severity on presentation to hospital. Thorax. 2003;58(5):377-382.',
  inputs: [
    criterionInput('confusion', 'Confusion (new disorientation in person, place or time)'),
    BUN_INPUT,
    RESPIRATORY_RATE_INPUT,
    SYSTOLIC_INPUT,
    DIASTOLIC_INPUT,
    AGE_INPUT,
  ],
  entityMap: {
    Confusion: 'confusion',
    'Blood Urea Nitrogen (BUN)': 'bun',
    'respiratory rate': 'respiratoryRate',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Diastolic Blood Pressure': 'diastolicBloodPressure',
    age: 'age',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const bun = requireNumber(input, slug, 'bun')
    const respiratoryRate = requireNumber(input, slug, 'respiratoryRate')
    const systolic = requireNumber(input, slug, 'systolicBloodPressure')
    const diastolic = requireNumber(input, slug, 'diastolicBloodPressure')
    const age = requireNumber(input, slug, 'age')
    const urea = roundTo(bun / BUN_MG_DL_PER_UREA_MMOL_L, 2)
    const tally = createTally()
    tally.add(isPresent(input, 'confusion') ? 1 : 0, 'Confusion')
    tally.add(
      urea > 7 ? 1 : 0,
      `Urea ${urea} mmol/L (BUN ${roundTo(bun, 2)} mg/dL; ${urea > 7 ? '> 7' : '<= 7'})`,
    )
    tally.add(
      respiratoryRate >= 30 ? 1 : 0,
      `Respiratory rate ${respiratoryRate}/min (${respiratoryRate >= 30 ? '>= 30' : '< 30'})`,
    )
    const low = systolic < 90 || diastolic <= 60
    tally.add(
      low ? 1 : 0,
      `Blood pressure ${systolic}/${diastolic} mmHg (${low ? 'systolic < 90 or diastolic <= 60' : 'systolic >= 90 and diastolic > 60'})`,
    )
    tally.add(age >= 65 ? 1 : 0, `Age ${age} years (${age >= 65 ? '>= 65' : '< 65'})`)
    return tallyResult(tally, interpret(tally.total))
  },
}
