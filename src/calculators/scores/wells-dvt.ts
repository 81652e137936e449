/**
 * Wells' criteria for deep vein thrombosis (modified, with previously documented DVT).
 *
 * Source: Wells PS, Anderson DR, Rodger M, et al. Evaluation of D-dimer in the diagnosis of
 * suspected deep-vein thrombosis. N Engl J Med. 2003;349(13):1227-1235.
 * doi:10.1056/NEJMoa023153 (criteria first in Wells PS et al. Lancet. 1997;350:1795-1798).
 *
 * One point each: active cancer; bedridden recently >= 3 days or major surgery within 12 weeks;
 * calf swelling > 3 cm compared with the other leg; collateral (non-varicose) superficial veins;
 * entire leg swollen; localised tenderness along the deep venous system; pitting oedema
 * confined to the symptomatic leg; paralysis, paresis or recent plaster immobilisation of the
 * lower extremity; previously documented DVT. Minus 2: an alternative diagnosis at least as
 * likely as DVT. Range -2 to 9. Two tiers (2003): >= 2 DVT likely, < 2 DVT unlikely; three
 * tiers (1997): <= 0 low, 1-2 moderate, >= 3 high.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import {
  createTally,
  criterionInput,
  isPresent,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'wells-dvt'

const onePointCriteria = [
  ['activeCancer', 'Active cancer (treatment or palliation within 6 months)'],
  ['calfSwelling', 'Calf swelling > 3 cm compared with the other leg'],
  ['collateralVeins', 'Collateral (non-varicose) superficial veins'],
  ['entireLegSwollen', 'Entire leg swollen'],
  ['localizedTenderness', 'Localised tenderness along the deep venous system'],
  ['pittingEdema', 'Pitting oedema confined to the symptomatic leg'],
  [
    'paralysisOrImmobilization',
    'Paralysis, paresis or recent plaster immobilisation of the lower extremity',
  ],
  ['previousDvt', 'Previously documented DVT'],
] as const

function interpret(score: number): string {
  const likely = score >= 2 ? 'DVT likely' : 'DVT unlikely'
  const tier = score <= 0 ? 'low' : score <= 2 ? 'moderate' : 'high'
  return `${likely} (two-tier, cut-off 2); ${tier} pre-test probability (three-tier: <= 0 low, 1-2 moderate, >= 3 high)`
}

/** Wells' criteria for DVT (MedCalc-Bench id 16): -2 to 9 points. */
export const wellsDvtCalculator: ScoreCalculator = {
  id: 16,
  slug,
  name: "Wells' Criteria for DVT",
  category: 'risk',
  outputType: 'integer',
  source:
    'Wells PS et al. Evaluation of D-dimer in the diagnosis of suspected deep-vein thrombosis. N Engl J Med. 2003;349(13):1227-1235.',
  inputs: [
    ...onePointCriteria.map(([name, label]) => criterionInput(name, label)),
    criterionInput('bedridden', 'Bedridden recently for 3 days or more'),
    criterionInput('majorSurgery', 'Major surgery within 12 weeks'),
    criterionInput('alternativeDiagnosis', 'Alternative diagnosis at least as likely as DVT'),
  ],
  entityMap: {
    'Active cancer': 'activeCancer',
    'Bedridden recently >3 days or major surgery within 12 weeks': 'bedridden',
    'Major surgery within 12 weeks': 'majorSurgery',
    'Calf swelling >3 centimeters compared to the other leg': 'calfSwelling',
    'Collateral (nonvaricose) superficial veins present': 'collateralVeins',
    'Entire Leg Swollen': 'entireLegSwollen',
    'Localized tenderness along the deep venous system': 'localizedTenderness',
    'Pitting edema, confined to symptomatic leg': 'pittingEdema',
    'Paralysis, paresis, or recent plaster immobilization of the lower extremity':
      'paralysisOrImmobilization',
    'Previously documented Deep Vein Thrombosis': 'previousDvt',
    'Alternative diagnosis to Deep Vein Thrombosis as likely or more likely':
      'alternativeDiagnosis',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const tally = createTally()
    for (const [name, label] of onePointCriteria) {
      tally.add(isPresent(input, name) ? 1 : 0, label)
    }
    const bedriddenOrSurgery = isPresent(input, 'bedridden') || isPresent(input, 'majorSurgery')
    tally.add(
      bedriddenOrSurgery ? 1 : 0,
      'Bedridden recently >= 3 days or major surgery within 12 weeks',
    )
    tally.add(
      isPresent(input, 'alternativeDiagnosis') ? -2 : 0,
      'Alternative diagnosis at least as likely as DVT',
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
