/**
 * Estimated gestational age from the last menstrual period (MedCalc-Bench id 69).
 *
 * Source: gestational age is counted from the first day of the LMP (ACOG Committee Opinion
 * No. 700, Methods for estimating the due date, 2017): the days from the LMP to the current
 * date, written as completed weeks and days.
 */
import { InputError } from '../../errors.js'
import type { Calculator } from '../calculator.js'
import { stringValue } from '../common-inputs.js'
import { MENSTRUAL_ENTITY_MAP, toDayNumber } from './dates.js'
import { LMP_INPUT } from './due-date.js'

/** Gestational age as `(W weeks, D days)`. */
export const gestationalAgeCalculator: Calculator = {
  id: 69,
  slug: 'gestational-age',
  name: 'Estimated Gestational Age',
  category: 'date',
  outputType: 'weeks-days',
  source: 'Days since the first day of the LMP (ACOG Committee Opinion 700, 2017)',
  inputs: [LMP_INPUT, { name: 'currentDate', label: 'Current date', type: 'date', required: true }],
  entityMap: MENSTRUAL_ENTITY_MAP,
  compute(input) {
    const lmp = stringValue(input, 'lastMenstrualPeriod')
    const today = stringValue(input, 'currentDate')
    const days = toDayNumber(today) - toDayNumber(lmp)
    if (days < 0) {
      throw new InputError(`calculators: "currentDate" = "${today}" is before the LMP "${lmp}"`, {
        field: 'currentDate',
        value: today,
      })
    }
    const weeks = Math.floor(days / 7)
    const rest = days % 7
    return {
      value: `(${weeks} weeks, ${rest} days)`,
      unit: 'weeks and days',
      steps: [
        { description: 'Days from LMP to the current date', value: days, unit: 'days' },
        {
          description: `${days} days = ${weeks} x 7 + ${rest}`,
          value: `${weeks} weeks, ${rest} days`,
        },
      ],
    }
  },
}
