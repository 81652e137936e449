/**
 * Estimated due date by Naegele's rule with the cycle-length adjustment (MedCalc-Bench id 13).
 *
 * Source: Naegele's rule, first day of the last menstrual period (LMP) + 280 days (ACOG
 * Committee Opinion No. 700, Methods for estimating the due date, Obstet Gynecol.
 * 2017;129:e150-e154), adjusted for the cycle length: ovulation falls about 14 days before the
 * next menses, so a cycle longer than 28 days moves the date later by the difference and a
 * shorter cycle earlier (Baskett TF, Nagele F. Naegele's rule: a reappraisal. BJOG.
 * 2000;107(11):1433-1435). Due date = LMP + 280 + (cycle length - 28) days.
 */
import type { Calculator } from '../calculator.js'
import { numberValue, stringValue } from '../common-inputs.js'
import { addDays, MENSTRUAL_ENTITY_MAP } from './dates.js'

/** The LMP input shared by the pregnancy date calculators. */
export const LMP_INPUT = {
  name: 'lastMenstrualPeriod',
  label: 'First day of the last menstrual period',
  type: 'date',
  required: true,
} as const

/** The cycle length input (default 28 days). */
export const CYCLE_LENGTH_INPUT = {
  name: 'cycleLength',
  label: 'Menstrual cycle length',
  type: 'number',
  integer: true,
  required: false,
  default: 28,
  min: 15,
  max: 60,
  description: 'Usual cycle length in days (default 28)',
} as const

/** Estimated due date (YYYY-MM-DD). */
export const dueDateCalculator: Calculator = {
  id: 13,
  slug: 'due-date',
  name: 'Estimated Due Date',
  category: 'date',
  outputType: 'date',
  source:
    "Naegele's rule (LMP + 280 days; ACOG Committee Opinion 700, 2017) with cycle adjustment (Baskett & Nagele, BJOG 2000;107:1433-1435)",
  inputs: [LMP_INPUT, CYCLE_LENGTH_INPUT],
  entityMap: MENSTRUAL_ENTITY_MAP,
  compute(input) {
    const lmp = stringValue(input, 'lastMenstrualPeriod')
    const cycle = numberValue(input, 'cycleLength')
    const naegele = addDays(lmp, 280)
    const value = addDays(naegele, cycle - 28)
    return {
      value,
      unit: 'date',
      steps: [
        { description: 'LMP + 280 days (40 weeks)', value: naegele },
        {
          description: `Cycle adjustment: ${cycle} - 28 = ${cycle - 28 >= 0 ? '+' : ''}${cycle - 28} days`,
          value,
        },
      ],
    }
  },
}
