/**
 * HOMA-IR, homeostatic model assessment of insulin resistance (MedCalc-Bench id 31).
 *
 * Source: Matthews DR, Hosker JP, Rudenski AS, et al. Homeostasis model assessment: insulin
 * resistance and beta-cell function from fasting plasma glucose and insulin concentrations in
 * man. Diabetologia. 1985;28(7):412-419. HOMA-IR = fasting insulin (µU/mL) x fasting glucose
 * (mmol/L) / 22.5 = insulin x glucose (mg/dL) / 405.
 */
import type { Calculator } from '../calculator.js'
import { GLUCOSE_INPUT, numberValue, roundTo } from '../common-inputs.js'

/** HOMA-IR (unitless). */
export const homaIrCalculator: Calculator = {
  id: 31,
  slug: 'homa-ir',
  name: 'HOMA-IR (Homeostatic Model Assessment for Insulin Resistance)',
  category: 'lab',
  outputType: 'decimal',
  source: 'Matthews DR et al. Diabetologia 1985;28:412-419',
  inputs: [
    {
      name: 'insulin',
      label: 'Fasting insulin',
      type: 'quantity',
      unit: 'µIU/mL',
      acceptedUnits: ['pmol/L', 'mIU/L'],
      analyte: 'insulin',
      required: true,
      min: 0.1,
      max: 3000,
    },
    { ...GLUCOSE_INPUT, label: 'Fasting glucose' },
  ],
  compute(input) {
    const insulin = numberValue(input, 'insulin')
    const glucose = numberValue(input, 'glucose')
    const value = (insulin * glucose) / 405
    return {
      value,
      unit: '',
      steps: [
        { description: `${roundTo(insulin)} x ${roundTo(glucose)} / 405`, value: roundTo(value) },
      ],
    }
  },
}
