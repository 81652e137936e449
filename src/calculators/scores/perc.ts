/**
 * PERC rule (Pulmonary Embolism Rule-out Criteria).
 *
 * Source: Kline JA, Mitchell AM, Kabrhel C, Richman PB, Courtney DM. Clinical criteria to prevent
 * unnecessary diagnostic testing in emergency department patients with suspected pulmonary
 * embolism. J Thromb Haemost. 2004;2(8):1247-1255. doi:10.1111/j.1538-7836.2004.00790.x
 *
 * The value is the number of criteria met (0-8): age >= 50 years; heart rate >= 100/min;
 * oxygen saturation < 95%; unilateral leg swelling; haemoptysis; recent surgery or trauma
 * (within 4 weeks, requiring general anaesthesia); prior PE or DVT; hormone use (oral
 * contraceptives, hormone replacement or oestrogen). With a low clinical pre-test probability
 * (< 15%), 0 criteria rules PE out without further testing.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT, HEART_RATE_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'perc'

function interpret(count: number): string {
  if (count === 0) {
    return 'PERC negative: with a low pre-test probability (< 15%), PE is ruled out without further testing'
  }
  return `PERC positive (${count} criteria): PE cannot be ruled out by PERC; further work-up (for example D-dimer) needed`
}

/** PERC rule (MedCalc-Bench id 48): 0-8 criteria met. */
export const percCalculator: ScoreCalculator = {
  id: 48,
  slug,
  name: 'PERC Rule for Pulmonary Embolism',
  category: 'diagnosis',
  outputType: 'integer',
  source:
    'Kline JA et al. Clinical criteria to prevent unnecessary diagnostic testing in emergency department patients with suspected pulmonary embolism. J Thromb Haemost. 2004;2(8):1247-1255.',
  inputs: [
    AGE_INPUT,
    HEART_RATE_INPUT,
    {
      name: 'oxygenSaturation',
      label: 'Oxygen saturation (room air)',
      type: 'quantity',
      unit: '%',
      acceptedUnits: ['fraction'],
      required: true,
      min: 20,
      max: 100,
    },
    criterionInput('unilateralLegSwelling', 'Unilateral leg swelling'),
    criterionInput('hemoptysis', 'Haemoptysis'),
    criterionInput(
      'recentSurgeryOrTrauma',
      'Recent surgery or trauma',
      'Surgery or trauma within 4 weeks requiring general anaesthesia',
    ),
    criterionInput('previousPe', 'Prior pulmonary embolism'),
    criterionInput('previousDvt', 'Prior deep vein thrombosis'),
    criterionInput(
      'hormoneUse',
      'Hormone use',
      'Oral contraceptives, hormone replacement or oestrogen therapy',
    ),
  ],
  entityMap: {
    age: 'age',
    'Heart Rate or Pulse': 'heartRate',
    'O₂ saturation percentage': 'oxygenSaturation',
    'Unilateral Leg Swelling': 'unilateralLegSwelling',
    Hemoptysis: 'hemoptysis',
    'Recent surgery or trauma': 'recentSurgeryOrTrauma',
    'Previously Documented Pulmonary Embolism': 'previousPe',
    'Previously documented Deep Vein Thrombosis': 'previousDvt',
    'Hormone use': 'hormoneUse',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const heartRate = requireNumber(input, slug, 'heartRate')
    const saturation = roundTo(requireNumber(input, slug, 'oxygenSaturation'), 2)
    const tally = createTally('criteria')
    tally.add(age >= 50 ? 1 : 0, `Age ${age} years (${age >= 50 ? '>= 50' : '< 50'})`)
    tally.add(
      heartRate >= 100 ? 1 : 0,
      `Heart rate ${heartRate}/min (${heartRate >= 100 ? '>= 100' : '< 100'})`,
    )
    tally.add(
      saturation < 95 ? 1 : 0,
      `Oxygen saturation ${saturation}% (${saturation < 95 ? '< 95' : '>= 95'})`,
    )
    tally.add(isPresent(input, 'unilateralLegSwelling') ? 1 : 0, 'Unilateral leg swelling')
    tally.add(isPresent(input, 'hemoptysis') ? 1 : 0, 'Haemoptysis')
    tally.add(isPresent(input, 'recentSurgeryOrTrauma') ? 1 : 0, 'Recent surgery or trauma')
    const prior = isPresent(input, 'previousPe') || isPresent(input, 'previousDvt')
    tally.add(prior ? 1 : 0, 'Prior PE or DVT')
    tally.add(isPresent(input, 'hormoneUse') ? 1 : 0, 'Hormone use')
    return tallyResult(tally, interpret(tally.total), 'criteria')
  },
}
