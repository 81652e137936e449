/**
 * CHA2DS2-VASc score for stroke risk in atrial fibrillation.
 *
 * Source: Lip GYH, Nieuwlaat R, Pisters R, Lane DA, Crijns HJGM. Refining clinical risk
 * stratification for predicting stroke and thromboembolism in atrial fibrillation using a novel
 * risk factor-based approach: the Euro Heart Survey on atrial fibrillation. Chest.
 * 2010;137(2):263-272. doi:10.1378/chest.09-1584
 *
 * Points: congestive heart failure 1, hypertension 1, age >= 75 years 2, diabetes 1, prior
 * stroke / TIA / thromboembolism 2, vascular disease (prior MI, peripheral artery disease,
 * aortic plaque) 1, age 65-74 years 1, female sex 1. Range 0-9.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT, SEX_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  requireOption,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'cha2ds2-vasc'
const sexes = ['male', 'female'] as const

function interpret(score: number, sex: 'female' | 'male'): string {
  // Female sex alone (score 1 in a woman) carries low risk, as the 2016+ ESC guidelines note.
  const nonSexPoints = sex === 'female' ? score - 1 : score
  if (nonSexPoints <= 0) return 'Low risk: oral anticoagulation not recommended'
  if (nonSexPoints === 1) return 'Low-moderate risk: consider oral anticoagulation'
  return 'Moderate-high risk: oral anticoagulation recommended'
}

/** CHA2DS2-VASc (MedCalc-Bench id 4): 0-9 points. */
export const cha2ds2VascCalculator: ScoreCalculator = {
  id: 4,
  slug,
  name: 'CHA2DS2-VASc Score for Atrial Fibrillation Stroke Risk',
  category: 'risk',
  outputType: 'integer',
  source:
    'Lip GYH et al. Refining clinical risk stratification for predicting stroke and thromboembolism in atrial fibrillation. Chest. 2010;137(2):263-272.',
  inputs: [
    AGE_INPUT,
    SEX_INPUT,
    criterionInput('congestiveHeartFailure', 'Congestive heart failure history'),
    criterionInput('hypertension', 'Hypertension history'),
    criterionInput('stroke', 'Prior stroke'),
    criterionInput('transientIschemicAttack', 'Prior transient ischaemic attack'),
    criterionInput('thromboembolism', 'Prior thromboembolism'),
    criterionInput(
      'vascularDisease',
      'Vascular disease',
      'Prior myocardial infarction, peripheral artery disease or aortic plaque',
    ),
    criterionInput('diabetes', 'Diabetes mellitus'),
  ],
  entityMap: {
    age: 'age',
    sex: 'sex',
    'Congestive Heart Faliure': 'congestiveHeartFailure',
    'Congestive Heart Failure': 'congestiveHeartFailure',
    'Hypertension history': 'hypertension',
    Stroke: 'stroke',
    'Transient Ischemic Attacks History': 'transientIschemicAttack',
    'Thromboembolism history': 'thromboembolism',
    'Vascular disease history': 'vascularDisease',
    'Diabetes history': 'diabetes',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const sex = requireOption(input, slug, 'sex', sexes)
    const tally = createTally()
    if (age >= 75) tally.add(2, `Age ${age} years (>= 75)`)
    else if (age >= 65) tally.add(1, `Age ${age} years (65-74)`)
    else tally.add(0, `Age ${age} years (< 65)`)
    tally.add(sex === 'female' ? 1 : 0, `Sex category: ${sex}`)
    tally.add(isPresent(input, 'congestiveHeartFailure') ? 1 : 0, 'Congestive heart failure')
    tally.add(isPresent(input, 'hypertension') ? 1 : 0, 'Hypertension')
    const priorEvents = (['stroke', 'transientIschemicAttack', 'thromboembolism'] as const).filter(
      (name) => isPresent(input, name),
    )
    tally.add(
      priorEvents.length > 0 ? 2 : 0,
      priorEvents.length > 0
        ? `Prior stroke, TIA or thromboembolism (${priorEvents.join(', ')})`
        : 'No prior stroke, TIA or thromboembolism',
    )
    tally.add(isPresent(input, 'vascularDisease') ? 1 : 0, 'Vascular disease')
    tally.add(isPresent(input, 'diabetes') ? 1 : 0, 'Diabetes mellitus')
    return tallyResult(tally, interpret(tally.total, sex))
  },
}
