/**
 * Caprini risk assessment model for venous thromboembolism (2005 version).
 *
 * Source: Caprini JA. Thrombosis risk assessment as a guide to quality patient care. Dis Mon.
 * 2005;51(2-3):70-78. doi:10.1016/j.disamonth.2005.02.003
 *
 * The score is the sum of every factor present. Age: 41-60 1, 61-74 2, >= 75 3. Type of
 * surgery: minor 1; major (> 45 min), laparoscopic (> 45 min) or arthroscopic 2; elective major
 * lower-extremity arthroplasty 5. Mobility: medical patient at bed rest 1, confined to bed
 * > 72 hours 2. One point: major surgery within the last month, congestive heart failure, sepsis
 * or serious lung disease including pneumonia (each within the last month), COPD (abnormal
 * pulmonary function), acute myocardial infarction, inflammatory bowel disease, varicose veins,
 * current swollen legs, BMI > 25 kg/m², and for women oral contraceptives or hormone
 * replacement, pregnancy or post-partum, or a history of unexplained stillbirth, recurrent
 * abortion or premature birth with toxaemia. Two points: present or previous malignancy,
 * immobilising plaster cast within the last month, central venous access. Three points: history
 * of DVT or PE (one factor), family history of thrombosis, factor V Leiden, prothrombin 20210A,
 * elevated homocysteine, lupus anticoagulant, anticardiolipin antibodies, heparin-induced
 * thrombocytopenia, other congenital or acquired thrombophilia. Five points (within the last
 * month): hip, pelvis or leg fracture; stroke; multiple trauma; acute spinal cord injury with
 * paralysis. Risk: 0-1 low, 2 moderate, 3-4 high, >= 5 highest.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT, SEX_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  enumInput,
  isPresent,
  optionalNumber,
  requireNumber,
  requireOption,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'caprini'
const sexes = ['male', 'female'] as const
const surgeryOptions = [
  'none',
  'minor',
  'major',
  'laparoscopic',
  'arthroscopic',
  'elective major lower extremity arthroplasty',
] as const
const surgeryPoints: Record<(typeof surgeryOptions)[number], number> = {
  none: 0,
  minor: 1,
  major: 2,
  laparoscopic: 2,
  arthroscopic: 2,
  'elective major lower extremity arthroplasty': 5,
}
const mobilityOptions = ['normal', 'bed rest', 'confined to bed >72 hours'] as const

/** Yes/no factors with their points, in the order of the 2005 form. */
const factors = [
  ['majorSurgeryLastMonth', 'Major surgery within the last month', 1],
  ['congestiveHeartFailure', 'Congestive heart failure within the last month', 1],
  ['sepsis', 'Sepsis within the last month', 1],
  ['pneumonia', 'Serious lung disease including pneumonia within the last month', 1],
  ['copd', 'COPD (abnormal pulmonary function)', 1],
  ['acuteMyocardialInfarction', 'Acute myocardial infarction', 1],
  ['inflammatoryBowelDisease', 'History of inflammatory bowel disease', 1],
  ['varicoseVeins', 'Varicose veins', 1],
  ['swollenLegs', 'Current swollen legs', 1],
  ['malignancy', 'Present or previous malignancy', 2],
  ['plasterCast', 'Immobilising plaster cast within the last month', 2],
  ['centralVenousAccess', 'Current central venous access', 2],
  ['familyHistoryOfThrombosis', 'Family history of thrombosis', 3],
  ['factorVLeiden', 'Positive factor V Leiden', 3],
  ['prothrombin20210A', 'Positive prothrombin 20210A', 3],
  ['elevatedHomocysteine', 'Elevated serum homocysteine', 3],
  ['lupusAnticoagulant', 'Positive lupus anticoagulant', 3],
  ['anticardiolipinAntibody', 'Elevated anticardiolipin antibody', 3],
  ['heparinInducedThrombocytopenia', 'Heparin-induced thrombocytopenia', 3],
  ['otherThrombophilia', 'Other congenital or acquired thrombophilia', 3],
  ['fracture', 'Hip, pelvis or leg fracture within the last month', 5],
  ['stroke', 'Stroke within the last month', 5],
  ['multipleTrauma', 'Multiple trauma within the last month', 5],
  ['spinalCordInjury', 'Acute spinal cord injury with paralysis within the last month', 5],
] as const

const womenFactors = [
  ['hormoneTherapy', 'Oral contraceptives or hormone replacement therapy'],
  ['pregnancy', 'Pregnant or post-partum (within 1 month)'],
  [
    'pregnancyLossHistory',
    'History of unexplained stillbirth, recurrent spontaneous abortion (>= 3), or premature birth with toxaemia or growth restriction',
  ],
] as const

function agePoints(age: number): number {
  if (age >= 75) return 3
  if (age >= 61) return 2
  if (age >= 41) return 1
  return 0
}

function interpret(score: number): string {
  if (score <= 1) return 'Low risk (0-1)'
  if (score === 2) return 'Moderate risk (2)'
  if (score <= 4) return 'High risk (3-4)'
  return 'Highest risk (>= 5)'
}

/** Caprini score, 2005 (MedCalc-Bench id 36). */
export const capriniCalculator: ScoreCalculator = {
  id: 36,
  slug,
  name: 'Caprini Score for Venous Thromboembolism (2005)',
  category: 'risk',
  outputType: 'integer',
  source:
    'Caprini JA. Thrombosis risk assessment as a guide to quality patient care. Dis Mon. 2005;51(2-3):70-78.',
  inputs: [
    AGE_INPUT,
    SEX_INPUT,
    enumInput({
      name: 'surgeryType',
      label: 'Type of surgery',
      options: surgeryOptions,
      required: false,
      description:
        'Planned or current surgery (major and laparoscopic: > 45 minutes); none when not given.',
    }),
    enumInput({
      name: 'mobility',
      label: 'Mobility',
      options: mobilityOptions,
      required: false,
      description:
        'normal (ambulatory), bed rest (medical patient), or confined to bed > 72 hours; normal when not given.',
    }),
    {
      name: 'bmi',
      label: 'Body mass index',
      type: 'quantity',
      unit: 'kg/m²',
      required: false,
      min: 5,
      max: 150,
      description: 'BMI > 25 kg/m² scores 1 point; optional.',
    },
    ...factors.map(([name, label]) => criterionInput(name, label)),
    criterionInput('previousDvt', 'History of deep vein thrombosis'),
    criterionInput('previousPe', 'History of pulmonary embolism'),
    ...womenFactors.map(([name, label]) => criterionInput(name, `${label} (women)`)),
  ],
  entityMap: {
    age: 'age',
    sex: 'sex',
    'Surgery Type': 'surgeryType',
    Mobility: 'mobility',
    'Body Mass Index (BMI)': 'bmi',
    'Major Surgery in the last month': 'majorSurgeryLastMonth',
    'Congestive Heart Failure in the last month': 'congestiveHeartFailure',
    'Sepsis in the last month': 'sepsis',
    'Pneumonia in the last month': 'pneumonia',
    'Chronic Obstructive Pulmonary Disease': 'copd',
    'Acute Myocardial infarction': 'acuteMyocardialInfarction',
    'History of inflammatory bowel disease': 'inflammatoryBowelDisease',
    'Varicose veins': 'varicoseVeins',
    'Current swollen legs': 'swollenLegs',
    'Present or previous malignancy': 'malignancy',
    'Immobilizing plaster cast in the last month': 'plasterCast',
    'Current central venous access': 'centralVenousAccess',
    'Previously documented Deep Vein Thrombosis': 'previousDvt',
    'Previously Documented Pulmonary Embolism': 'previousPe',
    'Family history of thrombosis': 'familyHistoryOfThrombosis',
    'Positive Factor V Leiden': 'factorVLeiden',
    'Positive prothrombin 20210A': 'prothrombin20210A',
    'Elevated serum homocysteine': 'elevatedHomocysteine',
    'Positive lupus anticoagulant': 'lupusAnticoagulant',
    'Elevated anticardiolipin antibody': 'anticardiolipinAntibody',
    'Heparin-induced thrombocytopenia': 'heparinInducedThrombocytopenia',
    'Other congenital or acquired thrombophilia': 'otherThrombophilia',
    'Hip, pelvis, or leg fracture in the last month': 'fracture',
    'Stroke in the last month': 'stroke',
    'Multiple trauma in the last month': 'multipleTrauma',
    'Acute spinal cord injury causing paralysis in the last month': 'spinalCordInjury',
  },
  entityValueMap: {
    mobility: {
      'on bed rest': 'bed rest',
      'medical patient currently at bed rest': 'bed rest',
      'normal/ambulatory': 'normal',
      ambulatory: 'normal',
      'confined to bed (>72 hours)': 'confined to bed >72 hours',
    },
    surgeryType: {
      'minor surgery': 'minor',
      'major (>45 min)': 'major',
      'laparoscopic (>45 min)': 'laparoscopic',
    },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const sex = requireOption(input, slug, 'sex', sexes)
    const surgery = requireOption(input, slug, 'surgeryType', surgeryOptions, 'none')
    const mobility = requireOption(input, slug, 'mobility', mobilityOptions, 'normal')
    const bmi = optionalNumber(input, slug, 'bmi')
    const tally = createTally()
    tally.add(agePoints(age), `Age ${age} years`)
    tally.add(surgeryPoints[surgery], `Type of surgery: ${surgery}`)
    tally.add(mobilityOptions.indexOf(mobility), `Mobility: ${mobility}`)
    tally.add(
      bmi !== undefined && bmi > 25 ? 1 : 0,
      bmi === undefined ? 'BMI not given' : `BMI ${bmi} kg/m² (${bmi > 25 ? '> 25' : '<= 25'})`,
    )
    for (const [name, label, points] of factors) {
      tally.add(isPresent(input, name) ? points : 0, label)
    }
    const priorVte = isPresent(input, 'previousDvt') || isPresent(input, 'previousPe')
    tally.add(priorVte ? 3 : 0, 'History of DVT or PE')
    for (const [name, label] of womenFactors) {
      const present = sex === 'female' && isPresent(input, name)
      tally.add(present ? 1 : 0, `${label}${sex === 'female' ? '' : ' (women only)'}`)
    }
    return tallyResult(tally, interpret(tally.total))
  },
}
