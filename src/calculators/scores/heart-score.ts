/**
 * HEART score for major adverse cardiac events in patients with chest pain.
 *
 * Sources: Six AJ, Backus BE, Kelder JC. Chest pain in the emergency room: value of the HEART
 * score. Neth Heart J. 2008;16(6):191-196. Backus BE, Six AJ, Kelder JC, et al. A prospective
 * validation of the HEART score for chest pain patients at the emergency department. Int J
 * Cardiol. 2013;168(3):2153-2158 (definitions of the risk factors and atherosclerotic disease).
 *
 * History: slightly 0, moderately 1, highly suspicious 2. ECG: normal 0, non-specific
 * repolarisation disturbance 1, significant ST deviation 2. Age: < 45 0, 45-64 1, >= 65 2.
 * Risk factors (hypercholesterolaemia, hypertension, diabetes, current or recent smoking,
 * obesity BMI > 30, parent or sibling with cardiovascular disease before 65): none 0, one or two
 * 1, three or more, or known atherosclerotic disease (prior MI, PCI/CABG, stroke/TIA,
 * peripheral arterial disease) 2. Troponin: <= normal limit 0, 1-3 times 1, > 3 times 2.
 * Range 0-10. MACE at 6 weeks (Six 2008): 0-3 low (0.99%), 4-6 moderate (11.6%), 7-10 high
 * (65.2%).
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

const slug = 'heart-score'
const historyOptions = [
  'slightly suspicious',
  'moderately suspicious',
  'highly suspicious',
] as const
const ecgOptions = [
  'normal',
  'non-specific repolarization disturbance',
  'significant ST deviation',
] as const
const troponinOptions = ['<= normal limit', '1-3x normal limit', '>3x normal limit'] as const

const riskFactors = [
  ['hypercholesterolemia', 'Hypercholesterolaemia'],
  ['hypertension', 'Hypertension'],
  ['diabetes', 'Diabetes mellitus'],
  ['smoking', 'Current or recent (< 3 months) smoker'],
  ['obesity', 'Obesity (BMI > 30 kg/m²)'],
  ['familyHistory', 'Parent or sibling with cardiovascular disease before age 65'],
] as const

function interpret(score: number): string {
  if (score <= 3) return 'Low risk (0-3): 0.99% risk of MACE at 6 weeks'
  if (score <= 6) return 'Moderate risk (4-6): 11.6% risk of MACE at 6 weeks'
  return 'High risk (7-10): 65.2% risk of MACE at 6 weeks'
}

/** HEART score (MedCalc-Bench id 18): 0-10 points. */
export const heartScoreCalculator: ScoreCalculator = {
  id: 18,
  slug,
  name: 'HEART Score for Major Cardiac Events',
  category: 'risk',
  outputType: 'integer',
  source:
    'Six AJ, Backus BE, Kelder JC. Chest pain in the emergency room: value of the HEART score. Neth Heart J. 2008;16(6):191-196; Backus BE et al. Int J Cardiol. 2013;168(3):2153-2158.',
  inputs: [
    enumInput({ name: 'history', label: 'History (suspicion of ACS)', options: historyOptions }),
    enumInput({ name: 'ecg', label: 'Electrocardiogram', options: ecgOptions }),
    AGE_INPUT,
    ...riskFactors.map(([name, label]) => criterionInput(name, label)),
    criterionInput(
      'atheroscleroticDisease',
      'Known atherosclerotic disease',
      'Prior myocardial infarction, PCI/CABG, stroke or peripheral arterial disease',
    ),
    criterionInput(
      'transientIschemicAttack',
      'Prior transient ischaemic attack',
      'Prior TIA (counts as known atherosclerotic disease)',
    ),
    enumInput({
      name: 'troponin',
      label: 'Initial troponin (relative to the normal limit)',
      options: troponinOptions,
    }),
  ],
  entityMap: {
    'Suspicion History': 'history',
    'Electrocardiogram Test': 'ecg',
    age: 'age',
    hypercholesterolemia: 'hypercholesterolemia',
    'Hypertension history': 'hypertension',
    'Diabetes mellitus criteria for CCI rule': 'diabetes',
    smoking: 'smoking',
    obesity: 'obesity',
    'parent or sibling with Cardiovascular disease before age 65': 'familyHistory',
    'atherosclerotic disease': 'atheroscleroticDisease',
    'Transient Ischemic Attacks History': 'transientIschemicAttack',
    'Initial troponin': 'troponin',
  },
  entityValueMap: {
    ecg: { 'non-specific repolarization': 'non-specific repolarization disturbance' },
    troponin: {
      'less than or equal to normal limit': '<= normal limit',
      'between the normal limit or up to three times the normal limit': '1-3x normal limit',
      'between one and three times normal limit': '1-3x normal limit',
      'greater than three times normal limit': '>3x normal limit',
    },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const history = requireOption(input, slug, 'history', historyOptions)
    const ecg = requireOption(input, slug, 'ecg', ecgOptions)
    const age = requireNumber(input, slug, 'age')
    const troponin = requireOption(input, slug, 'troponin', troponinOptions)
    const tally = createTally()
    tally.add(historyOptions.indexOf(history), `History: ${history}`)
    tally.add(ecgOptions.indexOf(ecg), `ECG: ${ecg}`)
    if (age >= 65) tally.add(2, `Age ${age} years (>= 65)`)
    else if (age >= 45) tally.add(1, `Age ${age} years (45-64)`)
    else tally.add(0, `Age ${age} years (< 45)`)
    const present = riskFactors.filter(([name]) => isPresent(input, name))
    const atherosclerosis =
      isPresent(input, 'atheroscleroticDisease') || isPresent(input, 'transientIschemicAttack')
    const listed = present.map(([, label]) => label).join(', ') || 'none'
    if (atherosclerosis) {
      tally.add(2, `Known atherosclerotic disease (risk factors: ${listed})`)
    } else if (present.length >= 3) {
      tally.add(2, `${present.length} risk factors (${listed})`)
    } else if (present.length >= 1) {
      tally.add(1, `${present.length} risk factor(s) (${listed})`)
    } else tally.add(0, 'No known risk factors')
    tally.add(troponinOptions.indexOf(troponin), `Initial troponin: ${troponin}`)
    return tallyResult(tally, interpret(tally.total))
  },
}
