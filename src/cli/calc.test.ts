import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalen } from '../../test/support/cli.js'
import { parseKeyValuePairs } from './calc.js'

function galen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runGalen(args)
}

describe('parseKeyValuePairs', () => {
  it('reads units inline and strips quotes', () => {
    expect(parseKeyValuePairs(['weight=150lb', 'height="5 ft 7 in"', "sex='male'"])).toEqual({
      weight: '150lb',
      height: '5 ft 7 in',
      sex: 'male',
    })
  })

  it('refuses a pair without a key or given twice', () => {
    expect(() => parseKeyValuePairs(['=3'])).toThrow(/not key=value/)
    expect(() => parseKeyValuePairs(['weight'])).toThrow(/not key=value/)
    expect(() => parseKeyValuePairs(['a=1', 'a=2'])).toThrow(/given twice/)
  })
})

describe('galen calc', () => {
  it('lists the 55 calculators as JSON with their inputs', async () => {
    const result = await galen('calc', 'list', '--json')
    expect(result.code).toBe(0)
    const list = JSON.parse(result.stdout) as Array<{ id: number; slug: string; inputs: unknown[] }>
    expect(list.length).toBe(55)
    expect(list.find((entry) => entry.id === 2)?.slug).toBe('cockcroft-gault')
  })

  it('runs a calculator from key=value pairs and from --input JSON, units inline', async () => {
    const pairs = await galen('calc', 'run', 'bmi', 'weight=150lb', 'height=5 ft 7 in', '--json')
    expect(pairs.code).toBe(0)
    expect((JSON.parse(pairs.stdout) as { value: number }).value).toBeCloseTo(23.493, 3)
    const json = await galen('calc', 'run', '6', '--input', '{"weight": 70, "height": "1.75 m"}')
    expect(json.code).toBe(0)
    expect(json.stdout).toContain('Body Mass Index (BMI): 22.9 kg/m²')
    const score = await galen('calc', 'run', 'cha2ds2-vasc', 'age=50', 'sex=female')
    expect(score.stdout).toContain(
      'CHA2DS2-VASc Score for Atrial Fibrillation Stroke Risk: 1 point\n',
    )
    expect(score.stdout).not.toMatch(/\b1 points\b/)
  })

  it('exits 1 with a one-line error naming the field for an impossible value, 2 for bad usage', async () => {
    const impossible = await galen('calc', 'run', 'bmi', 'weight=-1', 'height=170')
    expect(impossible.code).toBe(1)
    expect(impossible.stderr.trim()).toBe(
      'galen: calculators: "weight" = -1 kg is outside 0.2-700 kg',
    )
    const usage = await galen('calc', 'run', 'bmi', '--input', '[1]')
    expect(usage.code).toBe(2)
    expect((await galen('calc', 'bench')).code).toBe(2)
  })

  it('prints the bench summary as JSON with exactly n, agreement, by_calculator, disagreements', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-calc-cli-'))
    const csv = join(folder, 'rows.csv')
    writeFileSync(
      csv,
      [
        'Row Number,Calculator ID,Relevant Entities,Ground Truth Answer,Lower Limit,Upper Limit',
        `1,6,"{'weight': [70, 'kg'], 'height': [175, 'cm']}",22.857,21.714,24.0`,
        `2,39,"{'Sodium': [140, 'mmol/L'], 'Chloride': [100, 'mmol/L'], 'Bicarbonate': [24, 'mmol/L']}",12,11.4,12.6`,
      ].join('\n'),
    )
    const result = await galen('calc', 'bench', '--data', csv, '--json')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(summary)).toEqual(['n', 'agreement', 'by_calculator', 'disagreements'])
    expect(summary.n).toBe(2)
    expect(summary.agreement).toBe(0.5)
    expect(summary.disagreements).toEqual([
      {
        row: 2,
        calculator_id: 39,
        expected: '12',
        got: '16',
        diagnosis: 'unexplained: not in the known-errors list',
      },
    ])
  })
})
