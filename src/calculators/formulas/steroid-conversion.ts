/**
 * Equivalent doses of systemic glucocorticoids (MedCalc-Bench id 24).
 *
 * Source: the standard table of equivalent anti-inflammatory doses (Meikle AW, Tyler FH.
 * Potency and duration of action of glucocorticoids. Am J Med. 1977;63(2):200-207; Liu D,
 * Ahmet A, Ward L, et al. A practical guide to the monitoring and management of the
 * complications of systemic corticosteroid therapy. Allergy Asthma Clin Immunol. 2013;9:30,
 * Table 1): cortisone 25 mg = hydrocortisone 20 = prednisone 5 = prednisolone 5 =
 * methylprednisolone 4 = triamcinolone 4 = dexamethasone 0.75 = betamethasone 0.75 (the upper
 * value of the 0.6-0.75 mg range, as MDCalc's calculator uses). The IV and oral routes of one
 * drug are treated as equivalent, as in those tables.
 */
import type { Calculator } from '../calculator.js'
import { numberValue, roundTo, stringValue } from '../common-inputs.js'

/** mg equivalent to 20 mg of hydrocortisone. */
const EQUIVALENT_MG: Readonly<Record<string, number>> = {
  'Betamethasone IV': 0.75,
  'Cortisone PO': 25,
  'Dexamethasone IV': 0.75,
  'Dexamethasone PO': 0.75,
  'Hydrocortisone IV': 20,
  'Hydrocortisone PO': 20,
  'MethylPrednisoLONE IV': 4,
  'MethylPrednisoLONE PO': 4,
  'PrednisoLONE PO': 5,
  'PredniSONE PO': 5,
  'Triamcinolone IV': 4,
}
const STEROIDS = Object.keys(EQUIVALENT_MG)

/** Equivalent dose in mg of the target steroid. */
export const steroidConversionCalculator: Calculator = {
  id: 24,
  slug: 'steroid-conversion',
  name: 'Steroid Conversion Calculator',
  category: 'dosage',
  outputType: 'decimal',
  source:
    'Meikle AW, Tyler FH. Am J Med 1977;63:200-207; Liu D et al. Allergy Asthma Clin Immunol 2013;9:30 (Table 1)',
  inputs: [
    {
      name: 'fromSteroid',
      label: 'Steroid given',
      type: 'enum',
      options: STEROIDS,
      required: true,
    },
    {
      name: 'dose',
      label: 'Dose given',
      type: 'quantity',
      unit: 'mg',
      acceptedUnits: ['µg', 'g'],
      required: true,
      min: 0.001,
      max: 5000,
    },
    {
      name: 'toSteroid',
      label: 'Steroid to convert to',
      type: 'enum',
      options: STEROIDS,
      required: true,
    },
  ],
  entityMap: {
    'input steroid': (value) =>
      Array.isArray(value) && value.length === 3
        ? { fromSteroid: value[0], dose: { value: value[1], unit: value[2] } }
        : { fromSteroid: value },
    'target steroid': 'toSteroid',
  },
  compute(input) {
    const from = stringValue(input, 'fromSteroid')
    const to = stringValue(input, 'toSteroid')
    const dose = numberValue(input, 'dose')
    const fromMg = EQUIVALENT_MG[from] ?? Number.NaN
    const toMg = EQUIVALENT_MG[to] ?? Number.NaN
    const value = (dose / fromMg) * toMg
    return {
      value,
      unit: 'mg',
      steps: [
        { description: `Equivalent doses: ${from} ${fromMg} mg = ${to} ${toMg} mg` },
        {
          description: `${roundTo(dose)} mg / ${fromMg} x ${toMg}`,
          value: roundTo(value),
          unit: 'mg',
        },
      ],
    }
  },
}
