/**
 * SIRS (systemic inflammatory response syndrome) criteria.
 *
 * Source: Bone RC, Balk RA, Cerra FB, et al. Definitions for sepsis and organ failure and
 * guidelines for the use of innovative therapies in sepsis. The ACCP/SCCM Consensus Conference
 * Committee. Chest. 1992;101(6):1644-1655. doi:10.1378/chest.101.6.1644
 *
 * The value is the number of criteria met (0-4): temperature > 38 °C or < 36 °C; heart rate
 * > 90/min; respiratory rate > 20/min or PaCO2 < 32 mmHg; white cell count > 12 x 10^9/L or
 * < 4 x 10^9/L or > 10% immature (band) forms. Two or more criteria define SIRS; SIRS with a
 * confirmed or suspected infection is sepsis (1992 definition).
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { HEART_RATE_INPUT, TEMPERATURE_INPUT } from '../common-inputs.js'
import {
  cellCountEntity,
  createTally,
  optionalNumber,
  RESPIRATORY_RATE_INPUT,
  requireNumber,
  roundTo,
  type ScoreCalculator,
  tallyResult,
  WBC_INPUT,
} from './score-calculator.js'

const slug = 'sirs'

function interpret(count: number): string {
  if (count >= 2) {
    return `SIRS present (${count} of 4 criteria); with a suspected or confirmed infection this is sepsis (1992 definition)`
  }
  return `SIRS absent (${count} of 4 criteria; 2 or more needed)`
}

/** SIRS criteria (MedCalc-Bench id 51): 0-4 criteria met. */
export const sirsCalculator: ScoreCalculator = {
  id: 51,
  slug,
  name: 'SIRS Criteria',
  category: 'diagnosis',
  outputType: 'integer',
  source:
    'Bone RC et al. Definitions for sepsis and organ failure and guidelines for the use of innovative therapies in sepsis. Chest. 1992;101(6):1644-1655.',
  inputs: [
    TEMPERATURE_INPUT,
    HEART_RATE_INPUT,
    RESPIRATORY_RATE_INPUT,
    {
      name: 'paco2',
      label: 'PaCO2',
      type: 'quantity',
      unit: 'mmHg',
      acceptedUnits: ['kPa'],
      required: false,
      min: 5,
      max: 200,
      description:
        'Arterial partial pressure of CO2; optional (the criterion then uses the respiratory rate alone)',
    },
    WBC_INPUT,
    {
      name: 'bands',
      label: 'Immature (band) neutrophils',
      type: 'quantity',
      unit: '%',
      required: false,
      min: 0,
      max: 100,
      description: 'Band forms as a percentage of white cells; optional',
    },
  ],
  entityMap: {
    Temperature: 'temperature',
    'Heart Rate or Pulse': 'heartRate',
    'respiratory rate': 'respiratoryRate',
    'PaCO₂': 'paco2',
    'White blood cell count': cellCountEntity('wbc'),
    'Band form percentage': 'bands',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const temperature = roundTo(requireNumber(input, slug, 'temperature'), 2)
    const heartRate = requireNumber(input, slug, 'heartRate')
    const respiratoryRate = requireNumber(input, slug, 'respiratoryRate')
    const paco2 = optionalNumber(input, slug, 'paco2')
    const wbc = roundTo(requireNumber(input, slug, 'wbc'), 3)
    const bands = optionalNumber(input, slug, 'bands')
    const tally = createTally('criteria')
    const abnormalTemperature = temperature > 38 || temperature < 36
    tally.add(
      abnormalTemperature ? 1 : 0,
      `Temperature ${temperature} °C (${abnormalTemperature ? 'outside' : 'within'} 36-38)`,
    )
    tally.add(
      heartRate > 90 ? 1 : 0,
      `Heart rate ${heartRate}/min (${heartRate > 90 ? '> 90' : '<= 90'})`,
    )
    const lowPaco2 = paco2 !== undefined && paco2 < 32
    const breathing = respiratoryRate > 20 || lowPaco2
    tally.add(
      breathing ? 1 : 0,
      `Respiratory rate ${respiratoryRate}/min${paco2 === undefined ? ' (PaCO2 not given)' : `, PaCO2 ${roundTo(paco2, 1)} mmHg`} (${breathing ? 'rate > 20 or PaCO2 < 32' : 'rate <= 20 and PaCO2 not < 32'})`,
    )
    const manyBands = bands !== undefined && bands > 10
    const abnormalWbc = wbc > 12 || wbc < 4 || manyBands
    tally.add(
      abnormalWbc ? 1 : 0,
      `White cells ${wbc} x 10^9/L${bands === undefined ? '' : `, bands ${bands}%`} (${abnormalWbc ? 'abnormal' : 'within 4-12 and bands <= 10%'})`,
    )
    return tallyResult(tally, interpret(tally.total), 'criteria')
  },
}
