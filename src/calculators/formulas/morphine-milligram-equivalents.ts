/**
 * Daily morphine milligram equivalents (MedCalc-Bench id 49).
 *
 * Source: Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice Guideline for
 * Prescribing Opioids for Pain - United States, 2022. MMWR Recomm Rep. 2022;71(3):1-95, Table 1
 * (conversion factors per mg: codeine 0.15, hydrocodone 1, hydromorphone 5, methadone 4.7,
 * morphine 1, oxycodone 1.5, oxymorphone 3, tapentadol 0.4, tramadol 0.2; transdermal fentanyl
 * 2.4 per µg/h); fentanyl buccal 0.13 per µg from the CDC's 2016 conversion table (Dowell D et
 * al. MMWR Recomm Rep. 2016;65(1)). MME/day = Σ dose x doses per day x factor.
 */
import type { CalculationStep, Calculator, CalculatorInputSpec, EntityMap } from '../calculator.js'
import { optionalNumberValue, roundTo } from '../common-inputs.js'

interface Opioid {
  key: string
  label: string
  /** MedCalc-Bench's spelling, for its entities `<name> Dose` and `<name> Dose Per Day`. */
  entityName: string
  unit: 'mg' | 'µg' | 'µg/h'
  factor: number
}

const OPIOIDS: readonly Opioid[] = [
  { key: 'codeine', label: 'Codeine', entityName: 'Codeine', unit: 'mg', factor: 0.15 },
  {
    key: 'fentanylBuccal',
    label: 'Fentanyl buccal',
    entityName: 'FentaNYL buccal',
    unit: 'µg',
    factor: 0.13,
  },
  {
    key: 'fentanylPatch',
    label: 'Fentanyl transdermal patch',
    entityName: 'FentANYL patch',
    unit: 'µg/h',
    factor: 2.4,
  },
  { key: 'hydrocodone', label: 'Hydrocodone', entityName: 'HYDROcodone', unit: 'mg', factor: 1 },
  {
    key: 'hydromorphone',
    label: 'Hydromorphone',
    entityName: 'HYDROmorphone',
    unit: 'mg',
    factor: 5,
  },
  { key: 'methadone', label: 'Methadone', entityName: 'Methadone', unit: 'mg', factor: 4.7 },
  { key: 'morphine', label: 'Morphine', entityName: 'Morphine', unit: 'mg', factor: 1 },
  { key: 'oxycodone', label: 'Oxycodone', entityName: 'OxyCODONE', unit: 'mg', factor: 1.5 },
  { key: 'oxymorphone', label: 'Oxymorphone', entityName: 'OxyMORphone', unit: 'mg', factor: 3 },
  { key: 'tapentadol', label: 'Tapentadol', entityName: 'Tapentadol', unit: 'mg', factor: 0.4 },
  { key: 'tramadol', label: 'Tramadol', entityName: 'TraMADol', unit: 'mg', factor: 0.2 },
]

const ACCEPTED: Readonly<Record<Opioid['unit'], string[]>> = {
  mg: ['µg', 'g'],
  µg: ['mg'],
  'µg/h': ['mg/day'],
}

const inputs: CalculatorInputSpec[] = OPIOIDS.flatMap((opioid): CalculatorInputSpec[] => [
  {
    name: `${opioid.key}Dose`,
    label: `${opioid.label} dose`,
    type: 'quantity',
    unit: opioid.unit,
    acceptedUnits: ACCEPTED[opioid.unit],
    required: false,
    min: 0,
    max: opioid.unit === 'mg' ? 5000 : 10_000,
    description:
      opioid.unit === 'µg/h'
        ? 'Patch strength in µg/h (per patch)'
        : `${opioid.label} dose per administration`,
  },
  {
    name: `${opioid.key}DosesPerDay`,
    label: `${opioid.label} doses per day`,
    type: 'quantity',
    unit: '/day',
    required: false,
    min: 0,
    max: 48,
    description:
      opioid.unit === 'µg/h'
        ? 'Number of patches worn (default 1 when a dose is given)'
        : 'Doses per day (default 1 when a dose is given)',
  },
])

const entityMap: EntityMap = Object.fromEntries(
  OPIOIDS.flatMap((opioid) => [
    [
      `${opioid.entityName} Dose`,
      // MedCalc-Bench writes patch strengths as [50, 'mg']: a patch is labelled in µg/h.
      opioid.unit === 'µg/h'
        ? (value: unknown) => ({ [`${opioid.key}Dose`]: Array.isArray(value) ? value[0] : value })
        : `${opioid.key}Dose`,
    ],
    [`${opioid.entityName} Dose Per Day`, `${opioid.key}DosesPerDay`],
  ]),
)

/** Total daily MME (mg/day of oral morphine). */
export const morphineMilligramEquivalentsCalculator: Calculator = {
  id: 49,
  slug: 'morphine-milligram-equivalents',
  name: 'Morphine Milligram Equivalents (MME) Calculator',
  category: 'dosage',
  outputType: 'decimal',
  source:
    'CDC Clinical Practice Guideline for Prescribing Opioids for Pain 2022 (MMWR Recomm Rep 2022;71(3)), Table 1; fentanyl buccal from CDC 2016',
  inputs,
  entityMap,
  compute(input) {
    const steps: CalculationStep[] = []
    let total = 0
    for (const opioid of OPIOIDS) {
      const dose = optionalNumberValue(input, `${opioid.key}Dose`)
      if (dose === undefined) continue
      const perDay = optionalNumberValue(input, `${opioid.key}DosesPerDay`) ?? 1
      const mme = dose * perDay * opioid.factor
      total += mme
      steps.push({
        description: `${opioid.label}: ${roundTo(dose)} ${opioid.unit} x ${perDay}/day x ${opioid.factor}`,
        value: roundTo(mme),
        unit: 'MME/day',
      })
    }
    steps.push({ description: 'Total', value: roundTo(total), unit: 'MME/day' })
    return {
      value: total,
      unit: 'MME/day',
      steps,
      interpretation:
        total >= 90
          ? '>= 90 MME/day: high dose'
          : total >= 50
            ? '>= 50 MME/day: reassess benefits and risks'
            : '< 50 MME/day',
    }
  },
}
