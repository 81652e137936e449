import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { loadIcd10cmCsv, loadIcd10cmOrderFile, normalizeIcdCode } from './icd10cm.js'
import { detectTerminologyFiles, loadTerminology } from './load.js'

describe('normalizeIcdCode', () => {
  it('accepts the usual spellings of a code', () => {
    expect(normalizeIcdCode('i214')).toBe('I21.4')
    expect(normalizeIcdCode(' I21.4 ')).toBe('I21.4')
    expect(normalizeIcdCode('M62.25-')).toBe('M62.25')
    expect(normalizeIcdCode('I21')).toBe('I21')
    expect(normalizeIcdCode('heart')).toBeUndefined()
  })
})

describe('terminology files in a folder', () => {
  it('detects files by header and reads a small order file and CSV layout', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-terminology-'))
    const pad = (text: string, width: number) => text.padEnd(width, ' ')
    const orderLine = (order: number, code: string, billable: number, title: string) =>
      `${String(order).padStart(5, '0')} ${pad(code, 7)} ${billable} ${pad(title.slice(0, 60), 60)} ${title}`
    writeFileSync(
      join(folder, 'icd10cm_order_2031.txt'),
      [
        orderLine(1, 'I21', 0, 'Acute myocardial infarction'),
        orderLine(2, 'I214', 1, 'Non-ST elevation (NSTEMI) myocardial infarction'),
      ].join('\n'),
    )
    writeFileSync(
      join(folder, 'my-codes.csv'),
      'Code,Description,ChapterID,SectionID\nI21,Acute myocardial infarction,9,I20-I25\nI21.4,NSTEMI,9,I20-I25\n',
    )
    writeFileSync(
      join(folder, 'sections.csv'),
      'SectionID,SectionName\nI20-I25,Ischemic heart diseases (I20-I25)\n',
    )
    writeFileSync(join(folder, 'notes.csv'), 'a,b\n1,2\n')
    const files = detectTerminologyFiles(folder)
    expect(files.icdOrder).toBe(join(folder, 'icd10cm_order_2031.txt'))
    expect(files.icdCodes).toBe(join(folder, 'my-codes.csv'))
    expect(files.icdSections).toBe(join(folder, 'sections.csv'))
    expect(files.drugbank).toBeUndefined()
    const order = loadIcd10cmOrderFile(join(folder, 'icd10cm_order_2031.txt'))
    expect(order.lookup('I21.4')).toEqual({
      code: 'I21.4',
      title: 'Non-ST elevation (NSTEMI) myocardial infarction',
      billable: true,
    })
    expect(order.chapterOf('I21.4')?.number).toBe(9)
    expect(order.blockOf('I21.4')).toBeUndefined()
    const csv = loadIcd10cmCsv({
      codes: join(folder, 'my-codes.csv'),
      sections: join(folder, 'sections.csv'),
    })
    expect(csv.blockOf('I21.4')?.id).toBe('I20-I25')
    expect(csv.lookup('I21')?.billable).toBe(false)
  })

  it('names the folder when it does not exist', () => {
    expect(() => detectTerminologyFiles('/nonexistent/galen-terms')).toThrow(/galen-terms/)
  })
})

describe.skipIf(!hasSharedData('terminology/icd10cm-2025/ICD10CM_2025_codes.csv'))(
  'ICD-10-CM 2025 and friends',
  () => {
    const folder = sharedDataPath('terminology')

    it('loads the CSV layout and the order file with the same codes', () => {
      const csv = loadIcd10cmCsv({
        codes: join(folder, 'icd10cm-2025/ICD10CM_2025_codes.csv'),
        chapters: join(folder, 'icd10cm-2025/ICD10CM_2025_chapters.csv'),
        sections: join(folder, 'icd10cm-2025/ICD10CM_2025_sections.csv'),
      })
      const order = loadIcd10cmOrderFile(join(folder, 'icd10cm-2025/icd10cm_order_2025.txt'))
      expect(csv.codes.size).toBe(46_498)
      expect(order.codes.size).toBe(46_498)
      expect(csv.lookup('I21.4')?.title).toMatch(/Non-ST elevation/)
      expect(order.lookup('I21.4')?.title).toBe(csv.lookup('I21.4')?.title)
      expect(csv.blockOf('I21.4')?.id).toBe('I20-I25')
      expect(csv.chapterOf('I21.4')?.number).toBe(9)
      expect(csv.chapterOf('O9A.1')?.number).toBe(15)
      expect(order.chapterOf('S72.001A')?.number).toBe(19)
      expect(csv.lookup('I21.4')?.billable).toBe(true)
      expect(csv.lookup('I21')?.billable).toBe(false)
    })

    it('loads every terminology of the folder once, within a few seconds, and maps diagnoses to codes', () => {
      const started = performance.now()
      const terminology = loadTerminology(folder)
      const elapsed = performance.now() - started
      expect(elapsed).toBeLessThan(15_000)
      expect(loadTerminology(folder)).toBe(terminology)
      expect(terminology.files.drugbank).toMatch(/drugbank vocabulary\.csv$/)
      const diseases = terminology.diseases
      if (diseases === undefined) throw new Error('disease index missing')
      const top = (text: string) => diseases.resolve(text)[0]?.code
      expect(top('NSTEMI')).toBe('I21.4')
      expect(top('non-ST elevation myocardial infarction')).toBe('I21.4')
      expect(top('myocardial infraction')).toMatch(/^I2[12]/)
      expect(top('type 2 diabetes')).toBe('E11.9')
      expect(top('Pulmonary embolism')).toMatch(/^I26/)
      expect(top('iron deficiency anaemia')).toBe('D50.9')
      expect(top('lung cancer')).toMatch(/^C34/)
      expect(top('Kawasaki disease')).toBe('M30.3')
      expect(top('the answer is I21.4')).toBe('I21.4')
      expect(diseases.resolve('qwertyuiop zxcv')).toEqual([])
    })

    it('normalises brand names, synonyms and misspellings of drugs to one concept', () => {
      const { drugs } = loadTerminology(folder)
      const id = (name: string) => drugs.normalize(name)?.id
      expect(id('metformin')).toBe('DB00331')
      expect(id('Glucophage')).toBe('DB00331')
      expect(id('metfromin')).toBe('DB00331')
      expect(id('Metformin 500 mg PO BID')).toBe('DB00331')
      expect(id('aspirin')).toBe(id('acetylsalicylic acid'))
      expect(id('paracetamol')).toBe(id('Tylenol'))
      expect(
        drugs
          .findMentions('Start lisinopril and atorvastatin; check the date.')
          .map((mention) => mention.name),
      ).toEqual(['Lisinopril', 'Atorvastatin'])
    })
  },
)
