import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { readKnownLabelErrors, runMedCalcBench } from './bench-runner.js'

const header =
  'Row Number,Calculator ID,Calculator Name,Relevant Entities,Ground Truth Answer,Lower Limit,Upper Limit'

function writeCsv(rows: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'galen-calc-bench-'))
  const path = join(folder, 'rows.csv')
  writeFileSync(path, `${[header, ...rows].join('\n')}\n`)
  return path
}

describe('runMedCalcBench', () => {
  it('compares decimals within limits, integers, dates and weeks-days exactly', () => {
    const path = writeCsv([
      `1,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",22.857,21.714,24.0`,
      `2,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",30,28.5,31.5`,
      `3,23,MELD,"{'creatinine': [1, 'mg/dL'], 'Bilirubin': [1, 'mg/dL'], 'international normalized ratio': 1, 'Sodium': [137, 'mEq/L']}",6,5.7,6.3`,
      `4,13,Due date,"{'Last menstrual date': '12/11/2013', 'cycle length': 28}",09/17/2014,09/17/2014,09/17/2014`,
      `5,69,GA,"{'Current Date': '03/29/2020', 'Last menstrual date': '03/23/2020'}","('0 weeks', '6 days')","('0 weeks', '6 days')","('0 weeks', '6 days')"`,
      `6,69,GA,"{'Current Date': '03/29/2020', 'Last menstrual date': '03/23/2020'}","('0 weeks', '5 days')",,`,
      `7,6,BMI,"{'weight': [70, 'kg']}",22.857,21.714,24.0`,
      `8,99,Nope,"{}",1,1,1`,
      `9,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm'], 'Shoe size': 44}",22.857,21.714,24.0`,
    ])
    const summary = runMedCalcBench({ dataPath: path })
    const agree = Object.fromEntries(summary.rows.map((row) => [row.row, row.agree]))
    expect(agree).toEqual({
      1: true,
      2: false,
      3: true,
      4: true,
      5: true,
      6: false,
      7: false,
      8: false,
      9: true,
    })
    expect(summary.n).toBe(9)
    expect(summary.agreement).toBeCloseTo(5 / 9, 9)
    expect(summary.by_calculator['6']).toMatchObject({ n: 4, agreed: 2 })
    const byRow = new Map(summary.disagreements.map((item) => [item.row, item]))
    expect(byRow.get(2)).toMatchObject({ calculator_id: 6, expected: '30', got: '22.8571' })
    expect(byRow.get(2)?.diagnosis).toContain('unexplained')
    expect(byRow.get(7)?.got).toBeNull()
    expect(byRow.get(7)?.diagnosis).toContain('"height" (cm) is required')
    expect(byRow.get(8)?.diagnosis).toBe('no calculator with id 99')
    expect(summary.rows.find((row) => row.row === 9)?.unmapped).toEqual(['Shoe size'])
  })

  it('cites the known-errors entry of a listed row and counts unlisted rows apart', () => {
    const path = writeCsv([
      `10,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",30,28.5,31.5`,
      `11,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",22.857,21.714,24.0`,
      `12,6,BMI,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",31,29,33`,
    ])
    const known = join(mkdtempSync(join(tmpdir(), 'galen-known-')), 'known.json')
    writeFileSync(
      known,
      JSON.stringify({
        rows: [
          {
            row: 10,
            calculator_id: 6,
            kind: 'logic error',
            what_is_wrong: 'height read in inches',
          },
        ],
      }),
    )
    const summary = runMedCalcBench({
      dataPath: path,
      knownErrorsPath: known,
      additionalLabelErrors: new Map([[12, 'weight typo in the note']]),
    })
    expect(summary.disagreements.map((item) => item.diagnosis)).toEqual([
      'known v1.0 label error (logic error): height read in inches',
      'v1.0 label error found by Galen: weight typo in the note',
    ])
    expect(summary.unlisted).toEqual({ n: 2, agreed: 1, agreement: 0.5 })
    expect(summary.listed).toEqual({ n: 1, agreed_with_label: 0 })
    expect(summary.by_calculator['6']).toMatchObject({ n_unlisted: 2, agreed_unlisted: 1 })
  })

  it('names an unreadable or malformed file', () => {
    expect(() => runMedCalcBench({ dataPath: '/no/such/file.csv' })).toThrow(
      /cannot read MedCalc-Bench CSV/,
    )
    const bad = writeCsv([])
    writeFileSync(bad, 'a,b\n1,2\n')
    expect(() => runMedCalcBench({ dataPath: bad })).toThrow(/has no column "Row Number"/)
    const known = join(mkdtempSync(join(tmpdir(), 'galen-known-')), 'known.json')
    writeFileSync(known, '{"rows": "nope"}')
    expect(() => readKnownLabelErrors(known)).toThrow(/has no "rows" array/)
  })
})

const data = 'medcalc-bench/test_data_dev_half.csv'
const knownErrors = 'medcalc-bench/v1.0-known-label-errors-dev-half.json'
describe.skipIf(!hasSharedData(data) || !hasSharedData(knownErrors))(
  'MedCalc-Bench dev half (acceptance)',
  () => {
    const summary = runMedCalcBench({
      dataPath: sharedDataPath(data),
      knownErrorsPath: sharedDataPath(knownErrors),
    })

    it('agrees with the v1.0 label on at least 97% of the rows not in the known-errors list', () => {
      expect(summary.n).toBe(525)
      expect(summary.unlisted.n).toBe(425)
      expect(summary.unlisted.agreement ?? 0).toBeGreaterThanOrEqual(0.97)
    })

    it('computes the published definition on listed rows of the formula calculators', () => {
      const got = new Map(summary.rows.map((row) => [row.row, row.got]))
      // CKD-EPI 2021, men: κ = 0.9 (the label used 0.7)
      expect(Number(got.get(23))).toBeCloseTo(88.5, 1)
      // calcium 2.6 mmol/L = 10.42 mg/dL exactly; + 0.8 x (4 - 3.1)
      expect(Number(got.get(117))).toBeCloseTo(11.14, 2)
      // MELD(i) rounded to the tenth, not to an integer
      expect(got.get(340)).toBe('18')
      // Naegele with a 22-day cycle: 6 days earlier, not later
      expect(got.get(928)).toBe('2014-09-11')
      // conception LMP + (21 - 14) days
      expect(got.get(1008)).toBe('2009-12-24')
    })
  },
)
