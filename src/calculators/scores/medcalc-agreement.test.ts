import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { scoreCalculators } from './index.js'
import {
  checkRow,
  type MedcalcRow,
  type RowOutcome,
  readKnownErrorRows,
  readMedcalcRows,
} from './medcalc-rows.test-support.js'

const csvPath = 'medcalc-bench/test_data_dev_half.csv'
const knownErrorsPath = 'medcalc-bench/v1.0-known-label-errors-dev-half.json'

/**
 * The published-definition value of every dev-half row whose v1.0 label is a known error,
 * worked out by hand from the row's Relevant Entities and the calculator's source.
 */
const publishedValues: Record<number, number> = {
  // Child-Pugh: ascites scores 1-3 (absent 1); bilirubin 2.0-3.0 mg/dL scores 2.
  200: 9,
  202: 11,
  204: 10,
  208: 8,
  210: 7,
  212: 8,
  214: 9,
  216: 8,
  218: 7,
  // RCRI: history of cerebrovascular disease scores 1.
  240: 3,
  242: 3,
  246: 2,
  250: 3,
  256: 2,
  // GCS: E + V + M with the verbal response once; a not-testable component is not scored.
  848: 9,
  850: 8,
  852: 8,
  854: 12,
  856: 2,
  858: 13,
  860: 9,
  862: 9,
  864: 8,
  866: 9,
  // Glasgow-Blatchford: haemoglobin exactly 13.0 (men) or 12.0 (women) g/dL scores 0.
  389: 1,
  399: 5,
  // APACHE II: 15 - GCS; 'degrees celsisus' is Celsius; low-range vitals score; chronic health
  // points (non-operative when the admission type is not given).
  868: 10,
  870: 26,
  872: 13,
  874: 8,
  876: 17,
  878: 13,
  880: 7,
  882: 9,
  884: 6,
  886: 12,
  // Charlson: capitalised categories weigh as published (moderate-severe liver 3, diabetes with
  // end-organ damage 2, diet-controlled 0, localised tumour 2, metastatic 6).
  427: 6,
  431: 20,
  433: 12,
  435: 10,
  437: 13,
  439: 17,
  443: 16,
  445: 13,
  // Caprini 2005: every yes/no factor adds its points; BMI > 25 scores 1.
  908: 28,
  910: 20,
  912: 25,
  914: 22,
  916: 12,
  918: 28,
  920: 27,
  922: 20,
  924: 18,
  926: 18,
  // SOFA: PaO2/FiO2 with FiO2 as a fraction; the stated GCS; vasopressor bands as published.
  888: 11,
  890: 13,
  892: 10,
  894: 9,
  896: 12,
  898: 10,
  900: 8,
  902: 10,
  904: 9,
  906: 11,
  // Framingham hard CHD: the Cox model takes cholesterol in mg/dL; the value is a percent.
  552: 29.02,
  554: 0.9,
  556: 10.4,
  558: 6.02,
  560: 6.57,
  562: 0.11,
  564: 6.63,
  566: 17.85,
  // SIRS: heart rate must exceed 90; white cells 4-12 x 10^9/L are normal.
  588: 1,
  592: 0,
  596: 1,
  598: 1,
  602: 3,
  606: 1,
}

/** Agreement with the v1.0 label on unlisted rows reached by each calculator (fraction). */
const minimumAgreement: Record<number, number> = {
  4: 1,
  8: 1,
  15: 1,
  16: 1,
  17: 1,
  18: 1,
  20: 1,
  21: 1,
  25: 1,
  27: 1,
  28: 1,
  29: 1,
  32: 1,
  33: 1,
  36: 1,
  43: 1,
  45: 1,
  46: 1,
  48: 1,
  51: 1,
}

describe.skipIf(!(hasSharedData(csvPath) && hasSharedData(knownErrorsPath)))(
  'score calculators against MedCalc-Bench v1.0 dev half',
  () => {
    const rows = hasSharedData(csvPath) ? readMedcalcRows(sharedDataPath(csvPath)) : []
    const known = hasSharedData(knownErrorsPath)
      ? readKnownErrorRows(sharedDataPath(knownErrorsPath))
      : new Set<number>()
    const byCalculator = new Map<number, MedcalcRow[]>()
    for (const row of rows) {
      byCalculator.set(row.calculatorId, [...(byCalculator.get(row.calculatorId) ?? []), row])
    }

    for (const calculator of scoreCalculators) {
      it(`${calculator.slug} (id ${calculator.id}) agrees with the v1.0 labels and follows the source on listed rows`, () => {
        const calculatorRows = byCalculator.get(calculator.id) ?? []
        expect(calculatorRows.length).toBeGreaterThan(0)
        const outcomes: RowOutcome[] = calculatorRows.map((row) => checkRow(calculator, row))
        const unlisted = outcomes.filter((outcome) => !known.has(outcome.row))
        const listed = outcomes.filter((outcome) => known.has(outcome.row))
        const agreeing = unlisted.filter((outcome) => outcome.agrees).length
        const agreement = unlisted.length === 0 ? 1 : agreeing / unlisted.length
        console.log(
          `${calculator.id} ${calculator.slug}: ${agreeing}/${unlisted.length} unlisted rows agree` +
            ` (${(agreement * 100).toFixed(1)}%); ${listed.length} listed rows`,
        )
        for (const outcome of unlisted.filter((candidate) => !candidate.agrees)) {
          console.log(`  row ${outcome.row}: label ${outcome.expected}, got ${outcome.got}`)
        }
        expect(agreement).toBeGreaterThanOrEqual(minimumAgreement[calculator.id] ?? 1)
        for (const outcome of listed) {
          expect({ row: outcome.row, got: outcome.got }).toEqual({
            row: outcome.row,
            got: publishedValues[outcome.row],
          })
        }
      })
    }
  },
)
