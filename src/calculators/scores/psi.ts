/**
 * Pneumonia Severity Index (PSI / PORT score) for community-acquired pneumonia.
 *
 * Source: Fine MJ, Auble TE, Yealy DM, et al. A prediction rule to identify low-risk patients
 * with community-acquired pneumonia. N Engl J Med. 1997;336(4):243-250.
 * doi:10.1056/NEJM199701233360402
 *
 * Points: age in completed years (women: age - 10); nursing-home resident +10; neoplastic disease +30;
 * liver disease +20; congestive heart failure +10; cerebrovascular disease +10; renal disease
 * +10; altered mental status +20; respiratory rate >= 30/min +20; systolic < 90 mmHg +20;
 * temperature < 35 or >= 40 °C +15; pulse >= 125/min +10; arterial pH < 7.35 +30; BUN
 * >= 30 mg/dL +20; sodium < 130 mmol/L +20; glucose >= 250 mg/dL +10; haematocrit < 30% +10;
 * PaO2 < 60 mmHg (or SaO2 < 90%) +10; pleural effusion +10. As in the derivation study, a
 * measurement not given is taken as normal (the steps say so). Risk class: I (age <= 50, none
 * of the comorbidities and no abnormal vital sign or mental status), II <= 70, III 71-90,
 * IV 91-130, V > 130; 30-day mortality in the PORT validation cohort 0.1%, 0.6%, 0.9%, 9.3%,
 * 27.0%.
 */
import type { CalculatorInputSpec, CalculatorInputValues, CalculatorResult } from '../calculator.js'
import {
  AGE_INPUT,
  BUN_INPUT,
  GLUCOSE_INPUT,
  HEART_RATE_INPUT,
  SEX_INPUT,
  SODIUM_INPUT,
  SYSTOLIC_INPUT,
  TEMPERATURE_INPUT,
  withInput,
} from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  optionalNumber,
  type PointTally,
  RESPIRATORY_RATE_INPUT,
  requireNumber,
  requireOption,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'psi'
const sexes = ['male', 'female'] as const
const notGiven = 'not given: taken as normal'

const comorbidities = [
  ['neoplasticDisease', 'Neoplastic disease', 30],
  ['liverDisease', 'Liver disease', 20],
  ['congestiveHeartFailure', 'Congestive heart failure', 10],
  ['cerebrovascularDisease', 'Cerebrovascular disease', 10],
  ['renalDisease', 'Renal disease', 10],
] as const

function optional(spec: CalculatorInputSpec): CalculatorInputSpec {
  return withInput(spec, {
    required: false,
    description: `${spec.description ?? spec.label}; optional, taken as normal when not given`,
  })
}

/** Adds `points` when `value` is given and `abnormal(value)`; notes a missing value. */
function scoreMeasure(
  tally: PointTally,
  label: string,
  value: number | undefined,
  unit: string,
  points: number,
  cutOff: string,
  abnormal: (value: number) => boolean,
): void {
  if (value === undefined) {
    tally.add(0, `${label} ${notGiven}`)
    return
  }
  const hit = abnormal(value)
  tally.add(
    hit ? points : 0,
    `${label} ${roundTo(value, 2)}${unit} (${hit ? cutOff : `not ${cutOff}`})`,
  )
}

function riskClass(score: number, classOne: boolean): string {
  if (classOne) return 'Risk class I: 30-day mortality 0.1% (outpatient care)'
  if (score <= 70) return 'Risk class II (<= 70): 30-day mortality 0.6% (outpatient care)'
  if (score <= 90)
    return 'Risk class III (71-90): 30-day mortality 0.9% (outpatient or brief observation)'
  if (score <= 130) return 'Risk class IV (91-130): 30-day mortality 9.3% (inpatient care)'
  return 'Risk class V (> 130): 30-day mortality 27.0% (inpatient care)'
}

/** Pneumonia Severity Index (MedCalc-Bench id 29): points. */
export const psiCalculator: ScoreCalculator = {
  id: 29,
  slug,
  name: 'PSI Score: Pneumonia Severity Index for CAP',
  category: 'severity',
  outputType: 'integer',
  source:
    'Fine MJ et al. A prediction rule to identify low-risk patients with community-acquired pneumonia. N Engl J Med. 1997;336(4):243-250.',
  inputs: [
    AGE_INPUT,
    SEX_INPUT,
    criterionInput('nursingHomeResident', 'Nursing home resident'),
    ...comorbidities.map(([name, label]) => criterionInput(name, label)),
    criterionInput('alteredMentalStatus', 'Altered mental status'),
    optional(RESPIRATORY_RATE_INPUT),
    optional(SYSTOLIC_INPUT),
    optional(TEMPERATURE_INPUT),
    optional(HEART_RATE_INPUT),
    {
      name: 'ph',
      label: 'Arterial pH',
      type: 'number',
      required: false,
      min: 6.5,
      max: 8,
      description: 'Arterial pH; optional, taken as normal when not given',
    },
    optional(BUN_INPUT),
    optional(SODIUM_INPUT),
    optional(GLUCOSE_INPUT),
    {
      name: 'hematocrit',
      label: 'Haematocrit',
      type: 'quantity',
      unit: '%',
      required: false,
      min: 5,
      max: 80,
      description: 'Haematocrit; optional, taken as normal when not given',
    },
    {
      name: 'pao2',
      label: 'PaO2',
      type: 'quantity',
      unit: 'mmHg',
      acceptedUnits: ['kPa'],
      required: false,
      min: 10,
      max: 700,
      description: 'Arterial partial pressure of oxygen; optional',
    },
    {
      name: 'oxygenSaturation',
      label: 'Oxygen saturation',
      type: 'quantity',
      unit: '%',
      required: false,
      min: 20,
      max: 100,
      description: 'SaO2, used when PaO2 is not given; optional',
    },
    criterionInput('pleuralEffusion', 'Pleural effusion on chest radiograph'),
  ],
  entityMap: {
    age: 'age',
    sex: 'sex',
    'Nursing home resident': 'nursingHomeResident',
    'Neoplastic disease': 'neoplasticDisease',
    'Liver disease severity': 'liverDisease',
    'Congestive Heart Faliure': 'congestiveHeartFailure',
    'Congestive Heart Failure': 'congestiveHeartFailure',
    'Cerebrovascular disease history': 'cerebrovascularDisease',
    'Renal disease': 'renalDisease',
    'Altered mental status': 'alteredMentalStatus',
    'respiratory rate': 'respiratoryRate',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    Temperature: 'temperature',
    'Heart Rate or Pulse': 'heartRate',
    pH: 'ph',
    'Blood Urea Nitrogen (BUN)': 'bun',
    Sodium: 'sodium',
    Glucose: 'glucose',
    Hematocrit: 'hematocrit',
    'Partial pressure of oxygen (PaO₂) for Apache II': 'pao2',
    'O₂ saturation percentage': 'oxygenSaturation',
    'Pleural effusion on x-ray': 'pleuralEffusion',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const sex = requireOption(input, slug, 'sex', sexes)
    const value = (name: string): number | undefined => optionalNumber(input, slug, name)
    const tally = createTally()
    // The rule counts completed years of age.
    const years = Math.floor(age)
    tally.add(
      sex === 'female' ? years - 10 : years,
      `Age ${years} completed years (${sex}${sex === 'female' ? ': age - 10' : ''})`,
    )
    tally.add(isPresent(input, 'nursingHomeResident') ? 10 : 0, 'Nursing home resident')
    for (const [name, label, points] of comorbidities) {
      tally.add(isPresent(input, name) ? points : 0, label)
    }
    tally.add(isPresent(input, 'alteredMentalStatus') ? 20 : 0, 'Altered mental status')
    const respiratoryRate = value('respiratoryRate')
    const systolic = value('systolicBloodPressure')
    const temperatureRaw = value('temperature')
    const temperature = temperatureRaw === undefined ? undefined : roundTo(temperatureRaw, 2)
    const pulse = value('heartRate')
    scoreMeasure(tally, 'Respiratory rate', respiratoryRate, '/min', 20, '>= 30', (v) => v >= 30)
    scoreMeasure(tally, 'Systolic blood pressure', systolic, ' mmHg', 20, '< 90', (v) => v < 90)
    scoreMeasure(
      tally,
      'Temperature',
      temperature,
      ' °C',
      15,
      '< 35 or >= 40',
      (v) => v < 35 || v >= 40,
    )
    scoreMeasure(tally, 'Pulse', pulse, '/min', 10, '>= 125', (v) => v >= 125)
    scoreMeasure(tally, 'Arterial pH', value('ph'), '', 30, '< 7.35', (v) => v < 7.35)
    scoreMeasure(tally, 'BUN', value('bun'), ' mg/dL', 20, '>= 30', (v) => roundTo(v, 2) >= 30)
    scoreMeasure(tally, 'Sodium', value('sodium'), ' mmol/L', 20, '< 130', (v) => v < 130)
    scoreMeasure(
      tally,
      'Glucose',
      value('glucose'),
      ' mg/dL',
      10,
      '>= 250',
      (v) => roundTo(v, 2) >= 250,
    )
    scoreMeasure(tally, 'Haematocrit', value('hematocrit'), '%', 10, '< 30', (v) => v < 30)
    const pao2 = value('pao2')
    const saturation = value('oxygenSaturation')
    if (pao2 !== undefined || saturation === undefined) {
      scoreMeasure(tally, 'PaO2', pao2, ' mmHg', 10, '< 60', (v) => roundTo(v, 2) < 60)
    } else {
      scoreMeasure(tally, 'SaO2', saturation, '%', 10, '< 90', (v) => v < 90)
    }
    tally.add(isPresent(input, 'pleuralEffusion') ? 10 : 0, 'Pleural effusion')
    const abnormalExam =
      isPresent(input, 'alteredMentalStatus') ||
      (respiratoryRate !== undefined && respiratoryRate >= 30) ||
      (systolic !== undefined && systolic < 90) ||
      (temperature !== undefined && (temperature < 35 || temperature >= 40)) ||
      (pulse !== undefined && pulse >= 125)
    const classOne =
      age <= 50 &&
      !isPresent(input, 'nursingHomeResident') &&
      !comorbidities.some(([name]) => isPresent(input, name)) &&
      !abnormalExam
    return tallyResult(tally, riskClass(tally.total, classOne))
  },
}
