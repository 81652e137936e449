/**
 * CMMLU's medical subjects (Chinese, 4 options): anatomy, clinical knowledge, college medicine,
 * college medical statistics, genetics, nutrition, professional medicine, traditional Chinese
 * medicine and virology. CSV with the header `,Question,A,B,C,D,Answer` (the first column is the
 * original row id). The path is the folder holding `test/` and `dev/` (the five-example few-shot
 * pools), the `test/` folder, or one CSV file. Ids are `<subject>-<original id>`; the subject is
 * the category.
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { InputError } from '../../errors.js'
import { parseCsv } from '../csv.js'
import type { BenchmarkItem, LoadIssue, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { dropDuplicateIds, isFolder, readText } from './load-helpers.js'

/** The nine CMMLU subjects read as medical. */
export const CMMLU_MEDICAL_SUBJECTS = [
  'anatomy',
  'clinical_knowledge',
  'college_medicine',
  'college_medical_statistics',
  'genetics',
  'nutrition',
  'professional_medicine',
  'traditional_chinese_medicine',
  'virology',
] as const

async function subjectFiles(path: string, split: 'test' | 'dev'): Promise<string[]> {
  if (!(await isFolder(path))) {
    if (split === 'test') return [path]
    // A single test file: its pool is ../dev/<same name> when that exists.
    const pool = join(dirname(dirname(path)), 'dev', basename(path))
    return (await isFolder(dirname(pool))) ? [pool] : []
  }
  const folder = (await isFolder(join(path, split)))
    ? join(path, split)
    : basename(path) === split
      ? path
      : undefined
  if (folder === undefined) {
    if (split === 'dev') return []
    throw new InputError(`eval: no CMMLU ${split}/ folder of <subject>.csv files under "${path}"`, {
      field: 'path',
      value: path,
    })
  }
  const names = (await readdir(folder)).filter((name) =>
    (CMMLU_MEDICAL_SUBJECTS as readonly string[]).includes(name.replace(/\.csv$/, '')),
  )
  return names.sort().map((name) => join(folder, name))
}

function readSubject(path: string, text: string, issues: LoadIssue[]): BenchmarkItem[] {
  const subject = basename(path).replace(/\.csv$/, '')
  const where = basename(path)
  const parsed = parseCsv(text)
  if (parsed.unterminatedQuoteLine !== undefined) {
    issues.push({
      line: parsed.unterminatedQuoteLine,
      field: where,
      message: 'quoted field never closes',
    })
  }
  const [header, ...rows] = parsed.records
  const expected = ',Question,A,B,C,D,Answer'
  if (header === undefined || header.fields.join(',').trim() !== expected) {
    issues.push({
      line: header?.line ?? 1,
      field: `${where} header`,
      message: `expected the header "${expected}", got "${header?.fields.join(',') ?? ''}"`,
    })
    return []
  }
  const items: BenchmarkItem[] = []
  for (const record of rows) {
    if (record.fields.length !== 7) {
      issues.push({
        line: record.line,
        field: where,
        message: `expected 7 fields, got ${record.fields.length}`,
      })
      continue
    }
    const [id, question, a, b, c, d, answer] = record.fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    const gold = answer.trim()
    if (!/^[ABCD]$/.test(gold)) {
      issues.push({
        line: record.line,
        field: `${where} Answer`,
        message: `answer "${answer}" is not A-D`,
      })
      continue
    }
    if (question.trim() === '') {
      issues.push({ line: record.line, field: `${where} Question`, message: 'question is empty' })
      continue
    }
    const options = { A: a, B: b, C: c, D: d }
    const empty = Object.entries(options).find(([, value]) => value.trim() === '')
    if (empty !== undefined) {
      issues.push({
        line: record.line,
        field: `${where} ${empty[0]}`,
        message: `option ${empty[0]} is empty`,
      })
      continue
    }
    items.push({
      id: `${subject}-${id.trim() === '' ? String(record.line) : id.trim()}`,
      kind: 'multiple-choice',
      question,
      options,
      gold: [gold],
      category: subject,
      subject,
      line: record.line,
      language: 'zh',
    })
  }
  return items
}

async function loadSplit(options: LoadOptions, split: 'test' | 'dev'): Promise<LoadResult> {
  const issues: LoadIssue[] = []
  const items: BenchmarkItem[] = []
  for (const file of await subjectFiles(options.path, split)) {
    items.push(...readSubject(file, await readText(file, 'cmmlu-med'), issues))
  }
  return dropDuplicateIds(items, issues)
}

/** CMMLU medical subjects (Chinese). */
export const cmmluMedBenchmark: BenchmarkDefinition = {
  name: 'cmmlu-med',
  title: 'CMMLU medical subjects (Chinese, 4 options)',
  kind: 'multiple-choice',
  layout:
    'folder with test/<subject>.csv and dev/<subject>.csv (5-shot pools); CSV ",Question,A,B,C,D,Answer"',
  counts: 'shared half: 910 test items in 9 subjects (+45 dev)',
  defaultPath: 'zh/cmmlu-medical',
  load: (options) => loadSplit(options, 'test'),
  async fewShotPool(options) {
    return (await loadSplit(options, 'dev')).items
  },
}
