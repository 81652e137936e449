/**
 * Estimated date of conception (MedCalc-Bench id 68).
 *
 * Source: conception follows ovulation, which occurs about 14 days before the next menses
 * (the luteal phase is nearly constant): conception = LMP + (cycle length - 14) days, which is
 * LMP + 14 days for a 28-day cycle (Wilcox AJ, Dunson D, Baird DD. The timing of the "fertile
 * window" in the menstrual cycle. BMJ. 2000;321:1259-1262; ACOG Committee Opinion No. 700, 2017).
 */
import type { Calculator } from '../calculator.js'
import { numberValue, stringValue } from '../common-inputs.js'
import { addDays, MENSTRUAL_ENTITY_MAP } from './dates.js'
import { CYCLE_LENGTH_INPUT, LMP_INPUT } from './due-date.js'

/** Estimated conception date (YYYY-MM-DD). */
export const conceptionDateCalculator: Calculator = {
  id: 68,
  slug: 'conception-date',
  name: 'Estimated of Conception',
  category: 'date',
  outputType: 'date',
  source:
    'Ovulation about 14 days before menses: LMP + (cycle - 14) days (Wilcox AJ et al. BMJ 2000;321:1259)',
  inputs: [LMP_INPUT, CYCLE_LENGTH_INPUT],
  entityMap: MENSTRUAL_ENTITY_MAP,
  compute(input) {
    const lmp = stringValue(input, 'lastMenstrualPeriod')
    const cycle = numberValue(input, 'cycleLength')
    const value = addDays(lmp, cycle - 14)
    return {
      value,
      unit: 'date',
      steps: [{ description: `LMP + (${cycle} - 14) = LMP + ${cycle - 14} days`, value }],
    }
  },
}
