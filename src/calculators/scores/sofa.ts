/**
 * SOFA (Sequential Organ Failure Assessment) score.
 *
 * Source: Vincent JL, Moreno R, Takala J, et al. The SOFA (Sepsis-related Organ Failure
 * Assessment) score to describe organ dysfunction/failure. Intensive Care Med.
 * 1996;22(7):707-710. doi:10.1007/BF01709751
 *
 * Six organ systems, 0-4 points each (range 0-24). Respiration, PaO2/FiO2 in mmHg: >= 400 0,
 * < 400 1, < 300 2, < 200 with respiratory support 3, < 100 with respiratory support 4 (without
 * mechanical ventilation or CPAP at most 2). Coagulation, platelets x 10^3/µL: < 150 1, < 100 2,
 * < 50 3, < 20 4. Liver, bilirubin mg/dL: 1.2-1.9 1, 2.0-5.9 2, 6.0-11.9 3, >= 12 4.
 * Cardiovascular (doses in µg/kg/min for at least an hour): MAP < 70 mmHg 1; dopamine <= 5 or
 * any dobutamine 2; dopamine > 5 or epinephrine <= 0.1 or norepinephrine <= 0.1 3; dopamine > 15
 * or epinephrine > 0.1 or norepinephrine > 0.1 4. Central nervous system, GCS: 13-14 1, 10-12 2,
 * 6-9 3, < 6 4. Renal, creatinine mg/dL: 1.2-1.9 1, 2.0-3.4 2, 3.5-4.9 or urine output
 * < 500 mL/day 3, >= 5.0 or urine output < 200 mL/day 4.
 */
import type { CalculatorInputSpec, CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { CREATININE_INPUT, DIASTOLIC_INPUT, SYSTOLIC_INPUT, withInput } from '../common-inputs.js'
import {
  BILIRUBIN_INPUT,
  cellCountEntity,
  createTally,
  criterionInput,
  ignoredEntity,
  isPresent,
  optionalNumber,
  requireNumber,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'sofa'

function doseInput(name: string, label: string): CalculatorInputSpec {
  return {
    name,
    label,
    type: 'quantity',
    unit: 'µg/kg/min',
    required: false,
    min: 0,
    max: 100,
    description: `${label} dose given for at least 1 hour; optional (none when not given)`,
  }
}

function respirationPoints(ratio: number, supported: boolean): number {
  if (ratio < 100 && supported) return 4
  if (ratio < 200 && supported) return 3
  if (ratio < 300) return 2
  if (ratio < 400) return 1
  return 0
}

function plateletPoints(platelets: number): number {
  if (platelets < 20) return 4
  if (platelets < 50) return 3
  if (platelets < 100) return 2
  if (platelets < 150) return 1
  return 0
}

function bilirubinPoints(bilirubin: number): number {
  if (bilirubin >= 12) return 4
  if (bilirubin >= 6) return 3
  if (bilirubin >= 2) return 2
  if (bilirubin >= 1.2) return 1
  return 0
}

function gcsPoints(gcs: number): number {
  if (gcs < 6) return 4
  if (gcs <= 9) return 3
  if (gcs <= 12) return 2
  if (gcs <= 14) return 1
  return 0
}

function renalPoints(creatinine: number, urine: number | undefined): number {
  const byCreatinine =
    creatinine >= 5 ? 4 : creatinine >= 3.5 ? 3 : creatinine >= 2 ? 2 : creatinine >= 1.2 ? 1 : 0
  const byUrine = urine === undefined ? 0 : urine < 200 ? 4 : urine < 500 ? 3 : 0
  return Math.max(byCreatinine, byUrine)
}

function interpret(score: number): string {
  return `SOFA ${score} of 24: organ dysfunction rises with the score; an acute rise of 2 or more with infection defines sepsis (Sepsis-3)`
}

/** SOFA score (MedCalc-Bench id 43): 0-24 points. */
export const sofaCalculator: ScoreCalculator = {
  id: 43,
  slug,
  name: 'Sequential Organ Failure Assessment (SOFA) Score',
  category: 'risk',
  outputType: 'integer',
  source:
    'Vincent JL et al. The SOFA (Sepsis-related Organ Failure Assessment) score to describe organ dysfunction/failure. Intensive Care Med. 1996;22(7):707-710.',
  inputs: [
    {
      name: 'pao2',
      label: 'PaO2',
      type: 'quantity',
      unit: 'mmHg',
      acceptedUnits: ['kPa'],
      required: true,
      min: 10,
      max: 700,
    },
    {
      name: 'fio2',
      label: 'FiO2',
      type: 'quantity',
      unit: '%',
      acceptedUnits: ['fraction'],
      required: true,
      min: 21,
      max: 100,
    },
    criterionInput('mechanicalVentilation', 'On mechanical ventilation'),
    criterionInput('cpap', 'On continuous positive airway pressure (CPAP)'),
    {
      name: 'platelets',
      label: 'Platelet count',
      type: 'quantity',
      unit: '10^9/L',
      acceptedUnits: ['/µL', '/mm^3', '10^3/µL'],
      required: true,
      min: 0.1,
      max: 3000,
      description: 'Platelets in 10^9/L (the same number as 10^3/µL)',
    },
    BILIRUBIN_INPUT,
    criterionInput('hypotension', 'Mean arterial pressure < 70 mmHg'),
    withInput(SYSTOLIC_INPUT, {
      required: false,
      description: 'Optional; with the diastolic pressure gives the MAP',
    }),
    withInput(DIASTOLIC_INPUT, {
      required: false,
      description: 'Optional; with the systolic pressure gives the MAP',
    }),
    doseInput('dopamine', 'Dopamine'),
    doseInput('dobutamine', 'Dobutamine'),
    doseInput('epinephrine', 'Epinephrine'),
    doseInput('norepinephrine', 'Norepinephrine'),
    {
      name: 'gcs',
      label: 'Glasgow Coma Scale',
      type: 'number',
      integer: true,
      required: true,
      min: 3,
      max: 15,
    },
    CREATININE_INPUT,
    {
      name: 'urineOutput',
      label: 'Urine output',
      type: 'quantity',
      unit: 'mL/day',
      acceptedUnits: ['mL/h', 'L/day'],
      required: false,
      min: 0,
      max: 20000,
      description: 'Urine output over 24 hours; optional',
    },
  ],
  entityMap: {
    'Partial pressure of oxygen (PaO₂) for Apache II': 'pao2',
    'FiO₂': 'fio2',
    'On mechanical ventilation': 'mechanicalVentilation',
    'Continous positive airway pressure': 'cpap',
    'Continuous positive airway pressure': 'cpap',
    'Platelet count': cellCountEntity('platelets'),
    Bilirubin: 'bilirubin',
    Hypotension: 'hypotension',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Diastolic Blood Pressure': 'diastolicBloodPressure',
    DOPamine: 'dopamine',
    DOBUTamine: 'dobutamine',
    EPINEPHrine: 'epinephrine',
    norEPINEPHrine: 'norepinephrine',
    'Glasgow Coma Score': 'gcs',
    creatinine: 'creatinine',
    'Urine Output': 'urineOutput',
    // Renal replacement is not a SOFA item: the renal points come from creatinine and urine.
    'Continuous veno-venous hemodialysis for ≥24 hours in the past week': ignoredEntity,
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const optional = (name: string): number | undefined => optionalNumber(input, slug, name)
    const tally = createTally()
    const pao2 = requireNumber(input, slug, 'pao2')
    const fio2 = requireNumber(input, slug, 'fio2')
    const ratio = roundTo(pao2 / (fio2 / 100), 1)
    const supported = isPresent(input, 'mechanicalVentilation') || isPresent(input, 'cpap')
    tally.add(
      respirationPoints(ratio, supported),
      `Respiration: PaO2/FiO2 = ${roundTo(pao2, 1)} / ${roundTo(fio2 / 100, 3)} = ${ratio} mmHg (${supported ? 'with' : 'without'} respiratory support)`,
    )
    const platelets = roundTo(requireNumber(input, slug, 'platelets'), 2)
    tally.add(plateletPoints(platelets), `Coagulation: platelets ${platelets} x 10^3/µL`)
    const bilirubin = roundTo(requireNumber(input, slug, 'bilirubin'), 2)
    tally.add(bilirubinPoints(bilirubin), `Liver: bilirubin ${bilirubin} mg/dL`)
    const dopamine = optional('dopamine') ?? 0
    const dobutamine = optional('dobutamine') ?? 0
    const epinephrine = optional('epinephrine') ?? 0
    const norepinephrine = optional('norepinephrine') ?? 0
    const systolic = optional('systolicBloodPressure')
    const diastolic = optional('diastolicBloodPressure')
    const map =
      systolic !== undefined && diastolic !== undefined ? (systolic + 2 * diastolic) / 3 : undefined
    const lowMap = isPresent(input, 'hypotension') || (map !== undefined && map < 70)
    let cardiovascular = 0
    let reason = 'no hypotension and no vasopressors'
    if (dopamine > 15 || epinephrine > 0.1 || norepinephrine > 0.1) {
      cardiovascular = 4
      reason = 'dopamine > 15, epinephrine > 0.1 or norepinephrine > 0.1 µg/kg/min'
    } else if (dopamine > 5 || epinephrine > 0 || norepinephrine > 0) {
      cardiovascular = 3
      reason = 'dopamine > 5, epinephrine <= 0.1 or norepinephrine <= 0.1 µg/kg/min'
    } else if (dopamine > 0 || dobutamine > 0) {
      cardiovascular = 2
      reason = 'dopamine <= 5 or any dobutamine'
    } else if (lowMap) {
      cardiovascular = 1
      reason = `MAP < 70 mmHg${map === undefined ? '' : ` (${roundTo(map, 1)})`}`
    }
    tally.add(cardiovascular, `Cardiovascular: ${reason}`)
    const gcs = requireNumber(input, slug, 'gcs')
    tally.add(gcsPoints(gcs), `Central nervous system: GCS ${gcs}`)
    const creatinine = roundTo(requireNumber(input, slug, 'creatinine'), 2)
    const urine = optional('urineOutput')
    tally.add(
      renalPoints(creatinine, urine),
      `Renal: creatinine ${creatinine} mg/dL${urine === undefined ? '' : `, urine output ${roundTo(urine, 0)} mL/day`}`,
    )
    return tallyResult(tally, interpret(tally.total))
  },
}
