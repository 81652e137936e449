/**
 * Centor score modified by McIsaac for streptococcal pharyngitis.
 *
 * Sources: Centor RM, Witherspoon JM, Dalton HP, Brody CE, Link K. The diagnosis of strep throat
 * in adults in the emergency room. Med Decis Making. 1981;1(3):239-246. McIsaac WJ, White D,
 * Tannenbaum D, Low DE. A clinical score to reduce unnecessary antibiotic use in patients with
 * sore throat. CMAJ. 1998;158(1):75-83.
 *
 * One point each: temperature > 38 °C; absence of cough; swollen, tender anterior cervical
 * nodes; tonsillar swelling or exudate. Age 3-14 years +1, 15-44 years 0, >= 45 years -1 (the
 * score was derived for ages 3 and over; younger children get no age points). Range -1 to 5.
 * Likelihood of streptococcal infection (McIsaac 1998): <= 0 1-2.5%, 1 5-10%, 2 11-17%, 3 28-35%,
 * >= 4 51-53%.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import { AGE_INPUT, TEMPERATURE_INPUT } from '../common-inputs.js'
import {
  createTally,
  criterionInput,
  isPresent,
  requireNumber,
  roundTo,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'centor-mcisaac'

function interpret(score: number): string {
  if (score <= 0) return 'Risk of strep pharyngitis 1-2.5%: no further testing or antibiotics'
  if (score === 1) return 'Risk of strep pharyngitis 5-10%: no further testing or antibiotics'
  if (score === 2)
    return 'Risk of strep pharyngitis 11-17%: optional rapid strep testing and/or culture'
  if (score === 3)
    return 'Risk of strep pharyngitis 28-35%: consider rapid strep testing and/or culture'
  return 'Risk of strep pharyngitis 51-53%: consider rapid strep testing and/or culture, or empiric antibiotics'
}

/** Centor score modified by McIsaac (MedCalc-Bench id 20): -1 to 5 points. */
export const centorMcisaacCalculator: ScoreCalculator = {
  id: 20,
  slug,
  name: 'Centor Score (Modified/McIsaac) for Strep Pharyngitis',
  category: 'severity',
  outputType: 'integer',
  source:
    'Centor RM et al. Med Decis Making. 1981;1(3):239-246; McIsaac WJ et al. A clinical score to reduce unnecessary antibiotic use in patients with sore throat. CMAJ. 1998;158(1):75-83.',
  inputs: [
    AGE_INPUT,
    TEMPERATURE_INPUT,
    criterionInput('coughAbsent', 'Cough absent'),
    criterionInput('tenderAnteriorNodes', 'Tender or swollen anterior cervical lymph nodes'),
    criterionInput('tonsillarExudate', 'Exudate or swelling on the tonsils'),
  ],
  entityMap: {
    age: 'age',
    Temperature: 'temperature',
    'Cough Absent': 'coughAbsent',
    'Tender/swollen anterior cervical lymph nodes': 'tenderAnteriorNodes',
    'Exudate or swelling on tonsils': 'tonsillarExudate',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const temperature = roundTo(requireNumber(input, slug, 'temperature'), 2)
    const tally = createTally()
    if (age < 3) tally.add(0, `Age ${age} years (< 3: outside the derivation range, no age points)`)
    else if (age <= 14) tally.add(1, `Age ${age} years (3-14)`)
    else if (age < 45) tally.add(0, `Age ${age} years (15-44)`)
    else tally.add(-1, `Age ${age} years (>= 45)`)
    tally.add(
      temperature > 38 ? 1 : 0,
      `Temperature ${temperature} °C (${temperature > 38 ? '> 38' : '<= 38'})`,
    )
    tally.add(isPresent(input, 'coughAbsent') ? 1 : 0, 'Cough absent')
    tally.add(
      isPresent(input, 'tenderAnteriorNodes') ? 1 : 0,
      'Tender or swollen anterior cervical nodes',
    )
    tally.add(isPresent(input, 'tonsillarExudate') ? 1 : 0, 'Tonsillar exudate or swelling')
    return tallyResult(tally, interpret(tally.total))
  },
}
