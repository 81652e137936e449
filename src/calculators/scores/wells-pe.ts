/**
 * Wells' criteria for pulmonary embolism.
 *
 * Source: Wells PS, Anderson DR, Rodger M, et al. Derivation of a simple clinical model to
 * categorize patients probability of pulmonary embolism: increasing the models utility with the
 * SimpliRED D-dimer. Thromb Haemost. 2000;83(3):416-420.
 *
 * Points: clinical signs and symptoms of DVT 3; PE the most likely diagnosis (or equally likely)
 * 3; heart rate > 100 beats/min 1.5; immobilisation >= 3 days or surgery in the previous 4 weeks
 * 1.5; previous objectively diagnosed PE or DVT 1.5; haemoptysis 1; malignancy (on treatment,
 * treated within 6 months, or palliative) 1. Range 0-12.5. Three tiers: < 2 low, 2-6 moderate,
 * > 6 high; two tiers: <= 4 PE unlikely, > 4 PE likely.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { HEART_RATE_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'wells-pe'

function interpret(score: number): string {
  const tier = score < 2 ? 'low' : score <= 6 ? 'moderate' : 'high'
  const dichotomy = score > 4 ? 'PE likely' : 'PE unlikely'
  return `${dichotomy} (two-tier, cut-off 4); ${tier} probability (three-tier: < 2 low, 2-6 moderate, > 6 high)`
}

/** Wells' criteria for PE (MedCalc-Bench id 8): 0-12.5 points. */
export const wellsPeCalculator: ScoreCalculator = {
  id: 8,
  slug,
  name: "Wells' Criteria for Pulmonary Embolism",
  category: 'risk',
  outputType: 'decimal',
  source:
    'Wells PS et al. Derivation of a simple clinical model to categorize patients probability of pulmonary embolism. Thromb Haemost. 2000;83(3):416-420.',
  inputs: [
    HEART_RATE_INPUT,
    criterionInput(
      'clinicalSignsOfDvt',
      'Clinical signs and symptoms of DVT',
      'Minimum of leg swelling and pain with palpation of the deep veins',
    ),
    criterionInput('peMostLikelyDiagnosis', 'PE is the #1 diagnosis or equally likely'),
    criterionInput('immobilization', 'Immobilisation for at least 3 days'),
    criterionInput('recentSurgery', 'Surgery in the previous 4 weeks'),
    criterionInput('previousPe', 'Previously objectively diagnosed pulmonary embolism'),
    criterionInput('previousDvt', 'Previously objectively diagnosed deep vein thrombosis'),
    criterionInput('hemoptysis', 'Haemoptysis'),
    criterionInput(
      'malignancy',
      'Malignancy',
      'Malignancy on treatment, treated in the last 6 months, or palliative',
    ),
  ],
  entityMap: {
    'Heart Rate or Pulse': 'heartRate',
    'Clinical signs and symptoms of Deep Vein Thrombosis': 'clinicalSignsOfDvt',
    'Pulmonary Embolism is #1 diagnosis OR equally likely': 'peMostLikelyDiagnosis',
    'Immobilization for at least 3 days': 'immobilization',
    'Surgery in the previous 4 weeks': 'recentSurgery',
    'Previously Documented Pulmonary Embolism': 'previousPe',
    'Previously documented Deep Vein Thrombosis': 'previousDvt',
    Hemoptysis: 'hemoptysis',
    'Malignancy with treatment within 6 months or palliative': 'malignancy',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const heartRate = requireNumber(input, slug, 'heartRate')
    const tally = createTally()
    tally.add(isPresent(input, 'clinicalSignsOfDvt') ? 3 : 0, 'Clinical signs and symptoms of DVT')
    tally.add(
      isPresent(input, 'peMostLikelyDiagnosis') ? 3 : 0,
      'PE is the most likely diagnosis or equally likely',
    )
    tally.add(
      heartRate > 100 ? 1.5 : 0,
      `Heart rate ${heartRate} beats/min (${heartRate > 100 ? '> 100' : '<= 100'})`,
    )
    const immobile = isPresent(input, 'immobilization') || isPresent(input, 'recentSurgery')
    tally.add(immobile ? 1.5 : 0, 'Immobilisation >= 3 days or surgery in the previous 4 weeks')
    const previous = isPresent(input, 'previousPe') || isPresent(input, 'previousDvt')
    tally.add(previous ? 1.5 : 0, 'Previously diagnosed PE or DVT')
    tally.add(isPresent(input, 'hemoptysis') ? 1 : 0, 'Haemoptysis')
    tally.add(
      isPresent(input, 'malignancy') ? 1 : 0,
      'Malignancy on treatment, treated within 6 months, or palliative',
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
