/**
 * Charlson Comorbidity Index (CCI), age-adjusted.
 *
 * Sources: Charlson ME, Pompei P, Ales KL, MacKenzie CR. A new method of classifying prognostic
 * comorbidity in longitudinal studies: development and validation. J Chronic Dis.
 * 1987;40(5):373-383 (condition weights). Charlson M, Szatrowski TP, Peterson J, Gold J.
 * Validation of a combined comorbidity index. J Clin Epidemiol. 1994;47(11):1245-1251 (one
 * point per decade of age from 50).
 *
 * Age: < 50 0, 50-59 1, 60-69 2, 70-79 3, >= 80 4. One point each: myocardial infarction,
 * congestive heart failure, peripheral vascular disease, cerebrovascular accident or TIA,
 * dementia, chronic pulmonary disease, connective tissue disease, peptic ulcer disease.
 * Liver disease: mild 1, moderate to severe 3. Diabetes: uncomplicated 1, with end-organ
 * damage 2 (none or diet-controlled 0). Two points each: hemiplegia, moderate to severe chronic
 * kidney disease, leukaemia, lymphoma. Solid tumour: localised 2, metastatic 6. AIDS 6.
 * Estimated 10-year survival = 0.983^(e^(0.9 x score)).
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  enumInput,
  isPresent,
  requireNumber,
  requireOption,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'charlson'
const liverOptions = ['none', 'mild', 'moderate to severe'] as const
const diabetesOptions = ['none', 'uncomplicated', 'end-organ damage'] as const
const tumorOptions = ['none', 'localized', 'metastatic'] as const

const onePoint = [
  ['myocardialInfarction', 'Myocardial infarction'],
  ['congestiveHeartFailure', 'Congestive heart failure'],
  ['peripheralVascularDisease', 'Peripheral vascular disease'],
  ['dementia', 'Dementia'],
  ['chronicPulmonaryDisease', 'Chronic pulmonary disease (COPD)'],
  ['connectiveTissueDisease', 'Connective tissue disease'],
  ['pepticUlcerDisease', 'Peptic ulcer disease'],
] as const
const twoPoints = [
  ['hemiplegia', 'Hemiplegia'],
  ['chronicKidneyDisease', 'Moderate to severe chronic kidney disease'],
  ['leukemia', 'Leukaemia'],
  ['lymphoma', 'Lymphoma'],
] as const

function agePoints(age: number): number {
  if (age >= 80) return 4
  if (age >= 70) return 3
  if (age >= 60) return 2
  if (age >= 50) return 1
  return 0
}

function interpret(score: number): string {
  const survival = 0.983 ** Math.exp(0.9 * score) * 100
  return `Estimated 10-year survival ${survival.toFixed(survival < 1 ? 2 : 0)}% (0.983^(e^(0.9 x ${score})))`
}

/** Charlson Comorbidity Index (MedCalc-Bench id 32): 0-37 points. */
export const charlsonCalculator: ScoreCalculator = {
  id: 32,
  slug,
  name: 'Charlson Comorbidity Index (CCI)',
  category: 'risk',
  outputType: 'integer',
  source:
    'Charlson ME et al. A new method of classifying prognostic comorbidity in longitudinal studies. J Chronic Dis. 1987;40(5):373-383; Charlson M et al. Validation of a combined comorbidity index. J Clin Epidemiol. 1994;47(11):1245-1251.',
  inputs: [
    AGE_INPUT,
    ...onePoint.map(([name, label]) => criterionInput(name, label)),
    criterionInput('cerebrovascularAccident', 'Cerebrovascular accident'),
    criterionInput('transientIschemicAttack', 'Transient ischaemic attack'),
    enumInput({
      name: 'liverDisease',
      label: 'Liver disease',
      options: liverOptions,
      required: false,
      description:
        'mild: chronic hepatitis or cirrhosis without portal hypertension; moderate to severe: cirrhosis with portal hypertension. None when not given.',
    }),
    enumInput({
      name: 'diabetes',
      label: 'Diabetes mellitus',
      options: diabetesOptions,
      required: false,
      description:
        'none (or diet-controlled), uncomplicated, or with end-organ damage. None when not given.',
    }),
    ...twoPoints.map(([name, label]) => criterionInput(name, label)),
    enumInput({
      name: 'solidTumor',
      label: 'Solid tumour',
      options: tumorOptions,
      required: false,
      description: 'none, localized, or metastatic. None when not given.',
    }),
    criterionInput('aids', 'AIDS (not just HIV positive)'),
  ],
  entityMap: {
    age: 'age',
    'Myocardial infarction': 'myocardialInfarction',
    'Congestive Heart Faliure': 'congestiveHeartFailure',
    'Congestive Heart Failure': 'congestiveHeartFailure',
    'Peripheral vascular disease': 'peripheralVascularDisease',
    'Cerebrovascular Accident': 'cerebrovascularAccident',
    'Transient Ischemic Attacks History': 'transientIschemicAttack',
    Dementia: 'dementia',
    'Chronic Obstructive Pulmonary Disease': 'chronicPulmonaryDisease',
    'Connective tissue disease': 'connectiveTissueDisease',
    'Peptic ulcer disease': 'pepticUlcerDisease',
    'Liver disease severity': 'liverDisease',
    'Diabetes mellitus criteria for CCI rule': 'diabetes',
    Hemiplegia: 'hemiplegia',
    'Moderate to severe Chronic Kidney Disease': 'chronicKidneyDisease',
    'Solid tumor': 'solidTumor',
    Leukemia: 'leukemia',
    Lymphoma: 'lymphoma',
    AIDS: 'aids',
  },
  entityValueMap: {
    liverDisease: {
      moderate: 'moderate to severe',
      severe: 'moderate to severe',
      false: 'none',
      true: 'mild',
    },
    diabetes: {
      'none or diet-controlled': 'none',
      false: 'none',
      true: 'uncomplicated',
    },
    solidTumor: { true: 'localized', false: 'none', localised: 'localized' },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const liver = requireOption(input, slug, 'liverDisease', liverOptions, 'none')
    const diabetes = requireOption(input, slug, 'diabetes', diabetesOptions, 'none')
    const tumor = requireOption(input, slug, 'solidTumor', tumorOptions, 'none')
    const tally = createTally()
    tally.add(agePoints(age), `Age ${age} years`)
    for (const [name, label] of onePoint) tally.add(isPresent(input, name) ? 1 : 0, label)
    const cerebrovascular =
      isPresent(input, 'cerebrovascularAccident') || isPresent(input, 'transientIschemicAttack')
    tally.add(cerebrovascular ? 1 : 0, 'Cerebrovascular accident or TIA')
    tally.add([0, 1, 3][liverOptions.indexOf(liver)] ?? 0, `Liver disease: ${liver}`)
    tally.add(diabetesOptions.indexOf(diabetes), `Diabetes mellitus: ${diabetes}`)
    for (const [name, label] of twoPoints) tally.add(isPresent(input, name) ? 2 : 0, label)
    tally.add([0, 2, 6][tumorOptions.indexOf(tumor)] ?? 0, `Solid tumour: ${tumor}`)
    tally.add(isPresent(input, 'aids') ? 6 : 0, 'AIDS')
    return tallyResult(tally, interpret(tally.total))
  },
}
