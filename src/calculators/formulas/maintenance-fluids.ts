/**
 * Maintenance fluid rate by the Holliday-Segar 4-2-1 rule (MedCalc-Bench id 22).
 *
 * Source: Holliday MA, Segar WE. The maintenance need for water in parenteral fluid therapy.
 * Pediatrics. 1957;19(5):823-832. Hourly: 4 mL/kg for the first 10 kg, 2 mL/kg for the next
 * 10 kg, 1 mL/kg for every kg above 20.
 */
import type { Calculator } from '../calculator.js'
import { numberValue, roundTo, WEIGHT_INPUT } from '../common-inputs.js'

/** Maintenance fluids in mL/h. */
export const maintenanceFluidsCalculator: Calculator = {
  id: 22,
  slug: 'maintenance-fluids',
  name: 'Maintenance Fluids Calculations',
  category: 'physical',
  outputType: 'decimal',
  source: 'Holliday MA, Segar WE. Pediatrics 1957;19:823-832 (4-2-1 rule)',
  inputs: [WEIGHT_INPUT],
  compute(input) {
    const weight = numberValue(input, 'weight')
    let value: number
    let description: string
    if (weight <= 10) {
      value = 4 * weight
      description = `4 mL/kg/h x ${roundTo(weight)} kg`
    } else if (weight <= 20) {
      value = 40 + 2 * (weight - 10)
      description = `40 mL/h + 2 mL/kg/h x (${roundTo(weight)} - 10) kg`
    } else {
      value = 60 + (weight - 20)
      description = `60 mL/h + 1 mL/kg/h x (${roundTo(weight)} - 20) kg`
    }
    return { value, unit: 'mL/h', steps: [{ description, value: roundTo(value), unit: 'mL/h' }] }
  },
}
