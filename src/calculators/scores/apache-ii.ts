/**
 * APACHE II (Acute Physiology and Chronic Health Evaluation II) score.
 *
 * Source: Knaus WA, Draper EA, Wagner DP, Zimmerman JE. APACHE II: a severity of disease
 * classification system. Crit Care Med. 1985;13(10):818-829.
 *
 * Acute physiology (worst value in the first 24 hours), points 0-4 by band: temperature, mean
 * arterial pressure, heart rate, respiratory rate, oxygenation (FiO2 >= 50%: A-a gradient;
 * FiO2 < 50%: PaO2), arterial pH (serum HCO3 when no blood gas), sodium, potassium, creatinine
 * (double points in acute renal failure), haematocrit, white cell count, and 15 minus the
 * Glasgow Coma Scale. Age: <= 44 0, 45-54 2, 55-64 3, 65-74 5, >= 75 6. Chronic health: a
 * history of severe organ insufficiency or immunocompromise adds 5 for non-operative or
 * emergency post-operative patients and 2 for elective post-operative patients (non-operative
 * when the admission type is not given). Bands between the table's printed limits fall to the
 * band whose lower limit they reach (for example potassium 5.45 scores as 3.5-5.4). Range 0-71.
 */

import { InputError } from '../../errors.js'
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import {
  AGE_INPUT,
  CREATININE_INPUT,
  DIASTOLIC_INPUT,
  HEART_RATE_INPUT,
  SODIUM_INPUT,
  SYSTOLIC_INPUT,
  TEMPERATURE_INPUT,
  withInput,
} from '../common-inputs.js'
import {
  cellCountEntity,
  createTally,
  criterionInput,
  enumInput,
  ignoredEntity,
  isPresent,
  optionalNumber,
  RESPIRATORY_RATE_INPUT,
  requireNumber,
  requireOption,
  roundTo,
  type ScoreCalculator,
  tallyResult,
  WBC_INPUT,
} from './score-calculator.js'

const slug = 'apache-ii'
const admissionOptions = [
  'nonoperative',
  'emergency postoperative',
  'elective postoperative',
] as const

/** `[lower limit, points]` from the highest band down; below the last limit scores `lowest`. */
type Bands = ReadonlyArray<readonly [number, number]>

function bandPoints(value: number, bands: Bands, lowest: number): number {
  for (const [limit, points] of bands) if (value >= limit) return points
  return lowest
}

const temperatureBands: Bands = [
  [41, 4],
  [39, 3],
  [38.5, 1],
  [36, 0],
  [34, 1],
  [32, 2],
  [30, 3],
]
const mapBands: Bands = [
  [160, 4],
  [130, 3],
  [110, 2],
  [70, 0],
  [50, 2],
]
const heartRateBands: Bands = [
  [180, 4],
  [140, 3],
  [110, 2],
  [70, 0],
  [55, 2],
  [40, 3],
]
const respiratoryBands: Bands = [
  [50, 4],
  [35, 3],
  [25, 1],
  [12, 0],
  [10, 1],
  [6, 2],
]
const aaGradientBands: Bands = [
  [500, 4],
  [350, 3],
  [200, 2],
]
const phBands: Bands = [
  [7.7, 4],
  [7.6, 3],
  [7.5, 1],
  [7.33, 0],
  [7.25, 2],
  [7.15, 3],
]
const bicarbonateBands: Bands = [
  [52, 4],
  [41, 3],
  [32, 1],
  [22, 0],
  [18, 2],
  [15, 3],
]
const sodiumBands: Bands = [
  [180, 4],
  [160, 3],
  [155, 2],
  [150, 1],
  [130, 0],
  [120, 2],
  [111, 3],
]
const potassiumBands: Bands = [
  [7, 4],
  [6, 3],
  [5.5, 1],
  [3.5, 0],
  [3, 1],
  [2.5, 2],
]
const creatinineBands: Bands = [
  [3.5, 4],
  [2, 3],
  [1.5, 2],
  [0.6, 0],
]
const hematocritBands: Bands = [
  [60, 4],
  [50, 2],
  [46, 1],
  [30, 0],
  [20, 2],
]
const wbcBands: Bands = [
  [40, 4],
  [20, 2],
  [15, 1],
  [3, 0],
  [1, 2],
]

function pao2Points(pao2: number): number {
  if (pao2 > 70) return 0
  if (pao2 >= 61) return 1
  if (pao2 >= 55) return 3
  return 4
}

function agePoints(age: number): number {
  if (age >= 75) return 6
  if (age >= 65) return 5
  if (age >= 55) return 3
  if (age >= 45) return 2
  return 0
}

function missing(name: string, why: string): never {
  throw new InputError(`${slug}: missing input "${name}" (${why})`, { field: name })
}

function interpret(score: number): string {
  return `APACHE II ${score} of 71: higher scores predict higher hospital mortality (Knaus 1985: about 4% non-operative death rate at 0-4 points, over 80% above 34)`
}

/** APACHE II (MedCalc-Bench id 28): 0-71 points. */
export const apacheIiCalculator: ScoreCalculator = {
  id: 28,
  slug,
  name: 'APACHE II Score',
  category: 'risk',
  outputType: 'integer',
  source:
    'Knaus WA, Draper EA, Wagner DP, Zimmerman JE. APACHE II: a severity of disease classification system. Crit Care Med. 1985;13(10):818-829.',
  inputs: [
    AGE_INPUT,
    TEMPERATURE_INPUT,
    withInput(SYSTOLIC_INPUT, {
      required: false,
      description: 'Used for the mean arterial pressure',
    }),
    withInput(DIASTOLIC_INPUT, {
      required: false,
      description: 'Used for the mean arterial pressure',
    }),
    {
      name: 'meanArterialPressure',
      label: 'Mean arterial pressure',
      type: 'quantity',
      unit: 'mmHg',
      required: false,
      min: 10,
      max: 300,
      description: 'Optional; computed as (systolic + 2 x diastolic) / 3 when not given',
    },
    HEART_RATE_INPUT,
    RESPIRATORY_RATE_INPUT,
    {
      name: 'fio2',
      label: 'FiO2',
      type: 'quantity',
      unit: '%',
      acceptedUnits: ['fraction'],
      required: true,
      min: 21,
      max: 100,
      description: 'Fraction of inspired oxygen in percent',
    },
    {
      name: 'aaGradient',
      label: 'A-a oxygen gradient',
      type: 'quantity',
      unit: 'mmHg',
      required: false,
      min: 0,
      max: 800,
      description: 'Alveolar-arterial O2 difference; used when FiO2 >= 50%',
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
      description: 'Arterial partial pressure of O2; used when FiO2 < 50%',
    },
    {
      name: 'paco2',
      label: 'PaCO2',
      type: 'quantity',
      unit: 'mmHg',
      acceptedUnits: ['kPa'],
      required: false,
      min: 5,
      max: 200,
      description: 'Used to compute the A-a gradient when FiO2 >= 50% and no gradient is given',
    },
    {
      name: 'ph',
      label: 'Arterial pH',
      type: 'number',
      required: false,
      min: 6.5,
      max: 8,
      description: 'Arterial pH; serum bicarbonate is used when no blood gas is available',
    },
    {
      name: 'bicarbonate',
      label: 'Serum bicarbonate',
      type: 'quantity',
      unit: 'mEq/L',
      acceptedUnits: ['mmol/L'],
      analyte: 'bicarbonate',
      required: false,
      min: 1,
      max: 70,
      description: 'Venous HCO3, only when there is no arterial pH',
    },
    SODIUM_INPUT,
    {
      name: 'potassium',
      label: 'Potassium',
      type: 'quantity',
      unit: 'mEq/L',
      acceptedUnits: ['mmol/L'],
      analyte: 'potassium',
      required: true,
      min: 1,
      max: 12,
    },
    CREATININE_INPUT,
    criterionInput('acuteRenalFailure', 'Acute renal failure (doubles the creatinine points)'),
    {
      name: 'hematocrit',
      label: 'Haematocrit',
      type: 'quantity',
      unit: '%',
      required: true,
      min: 5,
      max: 80,
    },
    WBC_INPUT,
    {
      name: 'gcs',
      label: 'Glasgow Coma Scale',
      type: 'number',
      integer: true,
      required: true,
      min: 3,
      max: 15,
    },
    criterionInput(
      'chronicOrganInsufficiency',
      'History of severe organ insufficiency or immunocompromise',
      'Biopsy-proven cirrhosis, NYHA class IV heart failure, severe COPD, chronic dialysis, or immunocompromise',
    ),
    enumInput({
      name: 'admissionType',
      label: 'Admission type',
      options: admissionOptions,
      required: false,
      description: 'For the chronic health points; nonoperative when not given',
    }),
  ],
  entityMap: {
    age: 'age',
    Temperature: 'temperature',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Diastolic Blood Pressure': 'diastolicBloodPressure',
    'Heart Rate or Pulse': 'heartRate',
    'respiratory rate': 'respiratoryRate',
    'FiO₂': 'fio2',
    'A-a gradient': 'aaGradient',
    'Partial pressure of oxygen (PaO₂) for Apache II': 'pao2',
    pH: 'ph',
    Sodium: 'sodium',
    Potassium: 'potassium',
    creatinine: 'creatinine',
    'Acute renal failure': 'acuteRenalFailure',
    // Chronic renal failure does not change APACHE II points (only acute failure doubles them).
    'Chronic Renal Failure': ignoredEntity,
    Hematocrit: 'hematocrit',
    'White blood cell count': cellCountEntity('wbc'),
    'Glasgow Coma Score': 'gcs',
    'History of severe organ failure or immunocompromise': 'chronicOrganInsufficiency',
    'Surgery Type': 'admissionType',
  },
  entityValueMap: {
    admissionType: {
      nonoperative: 'nonoperative',
      none: 'nonoperative',
      'emergency post-operative': 'emergency postoperative',
      'elective post-operative': 'elective postoperative',
    },
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const number = (name: string): number => requireNumber(input, slug, name)
    const optional = (name: string): number | undefined => optionalNumber(input, slug, name)
    const tally = createTally()
    const age = number('age')
    tally.add(agePoints(age), `Age ${age} years`)
    const temperature = roundTo(number('temperature'), 2)
    tally.add(bandPoints(temperature, temperatureBands, 4), `Temperature ${temperature} °C`)
    let map = optional('meanArterialPressure')
    if (map === undefined) {
      const systolic = optional('systolicBloodPressure')
      const diastolic = optional('diastolicBloodPressure')
      if (systolic === undefined || diastolic === undefined) {
        missing('meanArterialPressure', 'or both systolicBloodPressure and diastolicBloodPressure')
      }
      map = (systolic + 2 * diastolic) / 3
      tally.note(
        `Mean arterial pressure = (${systolic} + 2 x ${diastolic}) / 3 = ${roundTo(map, 1)} mmHg`,
      )
    }
    tally.add(
      bandPoints(roundTo(map, 2), mapBands, 4),
      `Mean arterial pressure ${roundTo(map, 1)} mmHg`,
    )
    const heartRate = number('heartRate')
    tally.add(bandPoints(heartRate, heartRateBands, 4), `Heart rate ${heartRate}/min`)
    const respiratoryRate = number('respiratoryRate')
    tally.add(
      bandPoints(respiratoryRate, respiratoryBands, 4),
      `Respiratory rate ${respiratoryRate}/min`,
    )
    const fio2 = roundTo(number('fio2'), 2)
    if (fio2 >= 50) {
      let gradient = optional('aaGradient')
      if (gradient === undefined) {
        const pao2 = optional('pao2')
        const paco2 = optional('paco2')
        if (pao2 === undefined || paco2 === undefined) {
          missing('aaGradient', 'FiO2 >= 50% needs the A-a gradient, or PaO2 and PaCO2')
        }
        // Alveolar gas equation at sea level: PAO2 = FiO2 x (760 - 47) - PaCO2 / 0.8.
        gradient = (fio2 / 100) * 713 - paco2 / 0.8 - pao2
        tally.note(
          `A-a gradient = ${fio2 / 100} x 713 - ${paco2} / 0.8 - ${pao2} = ${roundTo(gradient, 1)} mmHg`,
        )
      }
      tally.add(
        bandPoints(gradient, aaGradientBands, 0),
        `FiO2 ${fio2}% (>= 50): A-a gradient ${roundTo(gradient, 1)} mmHg`,
      )
    } else {
      const pao2 = optional('pao2')
      if (pao2 === undefined) missing('pao2', 'FiO2 < 50% is scored on PaO2')
      tally.add(pao2Points(pao2), `FiO2 ${fio2}% (< 50): PaO2 ${roundTo(pao2, 1)} mmHg`)
    }
    const ph = optional('ph')
    if (ph !== undefined) tally.add(bandPoints(ph, phBands, 4), `Arterial pH ${ph}`)
    else {
      const bicarbonate = optional('bicarbonate')
      if (bicarbonate === undefined) missing('ph', 'or bicarbonate when there is no blood gas')
      tally.add(
        bandPoints(bicarbonate, bicarbonateBands, 4),
        `Serum HCO3 ${bicarbonate} mEq/L (no arterial pH)`,
      )
    }
    const sodium = roundTo(number('sodium'), 2)
    tally.add(bandPoints(sodium, sodiumBands, 4), `Sodium ${sodium} mmol/L`)
    const potassium = roundTo(number('potassium'), 2)
    tally.add(bandPoints(potassium, potassiumBands, 4), `Potassium ${potassium} mmol/L`)
    const creatinine = roundTo(number('creatinine'), 2)
    const acute = isPresent(input, 'acuteRenalFailure')
    const creatininePoints = bandPoints(creatinine, creatinineBands, 2)
    tally.add(
      acute ? creatininePoints * 2 : creatininePoints,
      `Creatinine ${creatinine} mg/dL${acute ? ' (acute renal failure: points doubled)' : ''}`,
    )
    const hematocrit = number('hematocrit')
    tally.add(bandPoints(hematocrit, hematocritBands, 4), `Haematocrit ${hematocrit}%`)
    const wbc = roundTo(number('wbc'), 3)
    tally.add(bandPoints(wbc, wbcBands, 4), `White cells ${wbc} x 10^9/L`)
    const gcs = number('gcs')
    tally.add(15 - gcs, `Glasgow Coma Scale ${gcs}: 15 - GCS`)
    const admission = requireOption(input, slug, 'admissionType', admissionOptions, 'nonoperative')
    const chronic = isPresent(input, 'chronicOrganInsufficiency')
    tally.add(
      chronic ? (admission === 'elective postoperative' ? 2 : 5) : 0,
      chronic
        ? `Severe organ insufficiency or immunocompromise (${admission})`
        : 'No severe organ insufficiency or immunocompromise',
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
