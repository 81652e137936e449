import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import {
  createDiseaseIndex,
  createZhDiseaseIndex,
  loadBeijingClinicalIcd,
  loadIcd10cmOrderFile,
  loadTerminology,
  zhDiagnosisAbbreviations,
} from '../terminology/index.js'
import { verifyDiagnosis } from './diagnosis.js'
import { isNegatedDiagnosis, layDiagnosisName } from './diagnosis-wording.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-diagnosis-zh-'))
// A few rows in the layout of the ICD-10 Beijing clinical edition (names written for the test).
const beijingPath = join(folder, 'beijing.csv')
writeFileSync(
  beijingPath,
  [
    'code,name',
    'I10xx02,高血压',
    'I20.001,不稳定性心绞痛',
    'I21,急性心肌梗死',
    'I21.002,急性前壁心肌梗死',
    'I21.902,急性心肌梗死',
    'I25.105,冠状动脉粥样硬化性心脏病',
    'I50.911,心力衰竭',
    'I71.001,主动脉夹层',
    'J18.901,肺炎',
    'M814000/3,腺癌',
  ].join('\n'),
)
const zhDiseases = createZhDiseaseIndex(
  loadBeijingClinicalIcd(beijingPath),
  zhDiagnosisAbbreviations(),
)
const verify = (response: string, groundTruth: { icd10?: string[]; names?: string[] }) =>
  verifyDiagnosis({ response, groundTruth, zhDiseases })

describe('verifyDiagnosis with Chinese diagnoses', () => {
  it('credits the exact Chinese name, an abbreviation and a Beijing key code', () => {
    expect(verify('诊断：急性心肌梗死', { icd10: ['I21.902'] }).score).toBe(1)
    expect(verify('诊断：急性心梗', { icd10: ['I21.902'] }).score).toBe(1)
    expect(verify('诊断：冠心病', { icd10: ['I25.105'] }).score).toBe(1)
    expect(verify('诊断：高血压', { icd10: ['I10xx02'] }).score).toBe(1)
    expect(verify('1. 急性心肌梗死\n2. 心力衰竭', { names: ['急性心肌梗死'] }).score).toBe(1)
  })

  it('gives category, block and chapter credit across code systems (Beijing prediction, ICD-10-CM key)', () => {
    expect(verify('诊断：急性前壁心肌梗死', { icd10: ['I21.0'] }).components.top1_credit).toBe(1)
    expect(verify('诊断：急性心肌梗死', { icd10: ['I21.4'] }).components.top1_credit).toBe(0.5)
    expect(verify('诊断：心力衰竭', { icd10: ['I21.4'] }).components.top1_credit).toBe(0.1)
    expect(verify('诊断：肺炎', { icd10: ['I21.4'] }).score).toBe(0)
  })

  it('maps a close variant spelling by n-gram similarity (不稳定型 for 不稳定性)', () => {
    const result = verify('诊断：不稳定型心绞痛', { icd10: ['I20.0'] })
    expect(result.score).toBe(1)
    expect(result.reason).toContain('I20.001')
  })

  it('never credits a ruled-out diagnosis (排除心梗, 不考虑, Not a ...)', () => {
    // The ruled-out infarction earns nothing; the dissection left first keeps its chapter credit.
    const ruledOut = verify('1. 排除心梗\n2. 主动脉夹层', { icd10: ['I21.902'] })
    expect(ruledOut.components.top1_credit).toBe(0.1)
    expect(ruledOut.score).toBe(verify('诊断：主动脉夹层', { icd10: ['I21.902'] }).score)
    expect(ruledOut.reason).toContain('ruled out and not counted: "排除心梗"')
    expect(verify('诊断：不考虑急性心肌梗死', { icd10: ['I21.902'] })).toMatchObject({
      score: 0,
      status: 'format_error',
    })
    expect(verify('Not a myocardial infarction', { icd10: ['I21.4'] }).score).toBe(0)
  })

  it('treats 或 as a hedge, as "or" in English', () => {
    const hedge = verify('诊断：急性心肌梗死或心绞痛', { icd10: ['I21.902'] })
    expect(hedge.components.top1).toBe(0)
    expect(hedge.reason).toContain('hedged')
  })

  it('abstains, naming the missing edition, when no Chinese terminology is loaded', () => {
    const result = verifyDiagnosis({
      response: '诊断：急性心肌梗死',
      groundTruth: { icd10: ['I21.4'] },
    })
    expect(result.status).toBe('abstain')
    expect(result.reason).toContain('Beijing clinical edition')
  })
})

describe('diagnosis wording', () => {
  it.each([
    ['排除心梗', true],
    ['除外肺栓塞', true],
    ['不考虑主动脉夹层', true],
    ['心肌梗死（已排除）', true],
    ['肺炎可能性小', true],
    ['Not a myocardial infarction', true],
    ['pulmonary embolism (ruled out)', true],
    ['no evidence of pneumonia', true],
    ['待排除心梗', false],
    ['不除外肺栓塞', false],
    ['急性心肌梗死', false],
    ['rule out myocardial infarction', false],
    ['non-Hodgkin lymphoma', false],
  ])('%j negated: %s', (text, negated) => {
    expect(isNegatedDiagnosis(text)).toBe(negated)
  })

  it('resolves lay English names to the clinical term', () => {
    expect(layDiagnosisName('High blood pressure')).toBe('hypertension')
    expect(layDiagnosisName('heart attack')).toBe('myocardial infarction')
    expect(layDiagnosisName('pneumonia')).toBe('pneumonia')
  })

  it('scores "high blood pressure" as I10 through an ICD-10-CM index', () => {
    const orderPath = join(folder, 'icd10cm_order_2025.txt')
    const line = (order: number, code: string, billable: 0 | 1, title: string) =>
      `${String(order).padStart(5, '0')} ${code.padEnd(7)} ${billable} ${title.padEnd(60)} ${title}`
    writeFileSync(
      orderPath,
      [
        line(1, 'I10', 1, 'Essential (primary) hypertension'),
        line(2, 'I21', 0, 'Acute myocardial infarction'),
        line(3, 'I214', 1, 'Non-ST elevation (NSTEMI) myocardial infarction'),
      ].join('\n'),
    )
    // The alphabetic index lists "Hypertension" (ICD-10-CM index, public domain) under I10.
    const diseases = createDiseaseIndex({
      icd: loadIcd10cmOrderFile(orderPath),
      index: [{ phrase: 'Hypertension', optional: '', code: 'I10' }],
    })
    const result = verifyDiagnosis({
      response: 'Diagnosis: high blood pressure',
      groundTruth: { icd10: ['I10'] },
      diseases,
    })
    expect(result.score).toBe(1)
  })
})

describe.skipIf(!hasSharedData('zh/chip-cdn/icd10_beijing_clinical_v601.csv'))(
  'the ICD-10 Beijing clinical edition v6.01 from --terminology',
  () => {
    it('is recognised by its layout and maps Chinese diagnoses', () => {
      const terminology = loadTerminology([sharedDataPath('zh/chip-cdn')])
      expect(terminology.files.beijingIcd).toMatch(/icd10_beijing_clinical_v601\.csv$/)
      expect(terminology.zhDiseases?.nameCount).toBeGreaterThan(30_000)
      const zh = terminology.zhDiseases
      if (zh === undefined) return
      const score = (response: string, icd10: string[]) =>
        verifyDiagnosis({ response, groundTruth: { icd10 }, zhDiseases: zh }).score
      expect(score('诊断：急性前壁心肌梗死', ['I21.0'])).toBe(1)
      expect(score('诊断：冠心病', ['I25.1'])).toBe(1)
      expect(score('1. 排除心梗\n2. 不稳定性心绞痛', ['I21.0'])).toBe(
        score('诊断：不稳定性心绞痛', ['I21.0']),
      )
      expect(score('诊断：不稳定性心绞痛', ['I21.0'])).toBeLessThan(1)
    })
  },
)

describe('galen verify with repeated --terminology', () => {
  it('recognises each folder by its files and scores a Chinese diagnosis', async () => {
    const zhFolder = join(folder, 'beijing-folder')
    const otherFolder = join(folder, 'other-folder')
    mkdirSync(zhFolder, { recursive: true })
    mkdirSync(otherFolder, { recursive: true })
    writeFileSync(join(zhFolder, 'edition.csv'), readFileSync(beijingPath, 'utf8'))
    const input = join(folder, 'items.jsonl')
    writeFileSync(
      input,
      `${JSON.stringify({ task: 'diagnosis', response: '诊断：急性心梗', ground_truth: { icd10: ['I21.902'] } })}\n`,
    )
    const out = join(folder, 'results.jsonl')
    const result = await runGalenInProcess([
      'verify',
      '--input',
      input,
      '--out',
      out,
      '--terminology',
      otherFolder,
      '--terminology',
      zhFolder,
    ])
    expect(result.code).toBe(0)
    const line = JSON.parse(readFileSync(out, 'utf8').trim().split('\n')[0] ?? '{}') as {
      score?: number
    }
    expect(line.score).toBe(1)
  })
})
