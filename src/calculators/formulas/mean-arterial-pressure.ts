/**
 * Mean arterial pressure (MedCalc-Bench id 5).
 *
 * Source: the standard estimate MAP = DBP + (SBP - DBP) / 3 = (2 x DBP + SBP) / 3, for example
 * in Guyton and Hall Textbook of Medical Physiology (diastole lasting about two thirds of the
 * cardiac cycle at rest).
 */
import type { Calculator } from '../calculator.js'
import { DIASTOLIC_INPUT, numberValue, roundTo, SYSTOLIC_INPUT } from '../common-inputs.js'

/** MAP in mmHg. */
export const meanArterialPressureCalculator: Calculator = {
  id: 5,
  slug: 'mean-arterial-pressure',
  name: 'Mean Arterial Pressure (MAP)',
  category: 'physical',
  outputType: 'decimal',
  source: 'MAP = DBP + (SBP - DBP)/3 (standard physiology, e.g. Guyton and Hall)',
  inputs: [SYSTOLIC_INPUT, DIASTOLIC_INPUT],
  entityMap: {
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Diastolic Blood Pressure': 'diastolicBloodPressure',
  },
  compute(input) {
    const systolic = numberValue(input, 'systolicBloodPressure')
    const diastolic = numberValue(input, 'diastolicBloodPressure')
    const value = (2 * diastolic + systolic) / 3
    return {
      value,
      unit: 'mmHg',
      steps: [
        {
          description: `MAP = (2 x ${diastolic} + ${systolic}) / 3`,
          value: roundTo(value),
          unit: 'mmHg',
        },
      ],
    }
  },
}
