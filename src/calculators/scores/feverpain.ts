/**
 * FeverPAIN score for streptococcal pharyngitis.
 *
 * Source: Little P, Hobbs FDR, Moore M, et al. Clinical score and rapid antigen detection test
 * to guide antibiotic use for sore throats: randomised controlled trial of PRISM (primary care
 * streptococcal management). BMJ. 2013;347:f5806. doi:10.1136/bmj.f5806 (score derived in
 * Little P et al. Br J Gen Pract. 2013;63(616):e787-e794).
 *
 * One point each: Fever in the past 24 hours; Purulence (pharyngeal or tonsillar exudate);
 * Attended rapidly (symptom onset <= 3 days); severely Inflamed tonsils; No cough or coryza.
 * Range 0-5. Likelihood of streptococcal isolation: 0-1 13-18%, 2-3 34-40%, 4-5 62-65%.
 */
import type { CalculatorInputValues, CalculatorResult } from '../calculator.js'
import {
  createTally,
  criterionInput,
  ignoredEntity,
  isPresent,
  type ScoreCalculator,
  tallyResult,
} from './score-calculator.js'

const slug = 'feverpain'

const criteria = [
  ['fever', 'Fever in the past 24 hours'],
  ['purulence', 'Purulence (pharyngeal or tonsillar exudate)'],
  ['rapidAttendance', 'Attended rapidly (symptom onset 3 days or less)'],
  ['inflamedTonsils', 'Severely inflamed tonsils'],
  ['noCoughOrCoryza', 'No cough or coryza'],
] as const

function interpret(score: number): string {
  if (score <= 1) return 'Strep likelihood 13-18% (0-1): antibiotics not recommended'
  if (score <= 3) return 'Strep likelihood 34-40% (2-3): consider a delayed antibiotic prescription'
  return 'Strep likelihood 62-65% (4-5): consider immediate antibiotics (or a delayed prescription)'
}

/** FeverPAIN (MedCalc-Bench id 33): 0-5 points. */
export const feverPainCalculator: ScoreCalculator = {
  id: 33,
  slug,
  name: 'FeverPAIN Score for Strep Pharyngitis',
  category: 'diagnosis',
  outputType: 'integer',
  source:
    'Little P et al. Clinical score and rapid antigen detection test to guide antibiotic use for sore throats (PRISM). BMJ. 2013;347:f5806.',
  inputs: criteria.map(([name, label]) => criterionInput(name, label)),
  entityMap: {
    'Fever in past 24 hours': 'fever',
    'Purulent tonsils': 'purulence',
    'Symptom onset ≤3 days': 'rapidAttendance',
    'Severe tonsil inflammation': 'inflamedTonsils',
    'Absence of cough or coryza': 'noCoughOrCoryza',
    // PECARN head-injury entities that MedCalc-Bench attached to some FeverPAIN rows.
    'Occipital, parietal or temporal scalp hematoma; history of level of conciousness (LOC) ≥5 sec; not acting normally per parent or severe mechanism of injury?':
      ignoredEntity,
    'Altered mental status for PECARN head injury criteria': ignoredEntity,
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const tally = createTally()
    for (const [name, label] of criteria) tally.add(isPresent(input, name) ? 1 : 0, label)
    return tallyResult(tally, interpret(tally.total))
  },
}
