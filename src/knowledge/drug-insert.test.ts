import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeDrugInserts, readDrugInsert, renderMergedInsert } from './drug-insert.js'

const fixture = (name: string): string =>
  join(import.meta.dirname, '__fixtures__', 'drug-inserts', name)

describe('drug inserts', () => {
  it('reads SPL sections by LOINC code, the generic name and the manufacturer', () => {
    const insert = readDrugInsert(fixture('metformin-example-pharma.xml'))
    expect(insert.generic).toBe('METFORMIN HYDROCHLORIDE')
    expect(insert.source).toBe('Example Pharma A Inc.')
    expect(Object.keys(insert.sections)).toEqual([
      'indications',
      'dosage',
      'contraindications',
      'warnings',
      'adverse_reactions',
      'geriatric_use',
    ])
    expect(insert.sections.warnings).toBe(
      'Lactic acidosis: rare but serious cases of lactic acidosis have been reported, mostly in patients with renal impairment. Long-term use can lower vitamin B12 levels; measure them periodically.',
    )
  })

  it('reads Chinese Markdown headings', () => {
    const insert = readDrugInsert(fixture('metformin-zh.md'))
    expect(insert).toMatchObject({ generic: '盐酸二甲双胍片', source: '示例制药有限公司' })
    expect(Object.keys(insert.sections)).toEqual([
      'indications',
      'contraindications',
      'adverse_reactions',
    ])
  })

  it('merges duplicates, keeps differences with their sources, and gives every sentence provenance', () => {
    const merged = mergeDrugInserts(
      ['metformin-example-pharma.xml', 'metformin-sample-generics.xml', 'metformin-demo-co.md'].map(
        (name) => readDrugInsert(fixture(name)),
      ),
      { generic: 'metformin hydrochloride' },
    )
    expect(merged.sources).toEqual([
      'Example Pharma A Inc.',
      'Sample Generics Ltd.',
      'Demo Medicines Co.',
    ])
    const section = (type: string) =>
      merged.sections.find((item) => item.type === type)?.sentences ?? []
    expect(section('indications')).toEqual([
      {
        text: expect.stringContaining('Metformin is indicated'),
        sources: ['Example Pharma A Inc.', 'Sample Generics Ltd.', 'Demo Medicines Co.'],
        shared: true,
      },
    ])
    // same words in another order merge; different starting doses stay apart with their sources
    expect(section('adverse_reactions')).toHaveLength(1)
    const dosage = section('dosage')
    expect(
      dosage.find((sentence) => sentence.text.startsWith('The maximum daily dose'))?.sources,
    ).toEqual(['Example Pharma A Inc.', 'Sample Generics Ltd.'])
    expect(dosage.find((sentence) => sentence.text.startsWith('Start with 500 mg'))).toMatchObject({
      sources: ['Example Pharma A Inc.'],
      shared: false,
    })
    expect(
      dosage.find((sentence) => sentence.text.startsWith('The usual starting dose'))?.sources,
    ).toEqual(['Sample Generics Ltd.'])
    expect(section('interactions')[0]?.sources).toEqual(['Sample Generics Ltd.'])
    expect(merged.sections.map((item) => item.type)).toEqual([
      'indications',
      'dosage',
      'contraindications',
      'warnings',
      'interactions',
      'adverse_reactions',
      'pregnancy',
      'pediatric_use',
      'geriatric_use',
    ])
    expect(renderMergedInsert(merged)).toContain(
      '- Do not use in patients with known hypersensitivity to metformin. [Sample Generics Ltd.]',
    )
  })

  it('refuses to merge different generics unless told which, and names a file without sections', () => {
    const a = readDrugInsert(fixture('metformin-example-pharma.xml'))
    expect(() => mergeDrugInserts([a, { ...a, generic: 'Glipizide' }])).toThrow(
      /different generic drugs/,
    )
    expect(() => readDrugInsert(fixture('README.md'))).toThrow(/no section heading/)
  })
})
