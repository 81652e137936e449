/**
 * MMLU medical subsets: anatomy, clinical knowledge, college biology, college medicine, medical
 * genetics, professional medicine and virology (the report's seven).
 *
 * Two CSV layouts are read:
 * - `original` (Hendrycks' release): `<subject>_test.csv`, no header, six columns: question,
 *   four options, answer letter. MIRAGE's copy has six subjects (no virology), 1,089 items.
 * - `hf` (Hugging Face export): `test/<subject>_test.csv` with header
 *   `question,choice0..choice3,answer` and a 0-based answer; `dev/<subject>_dev.csv` holds the
 *   five few-shot examples per subject. Seven subjects, 1,255 items.
 *
 * The path may be the folder holding `original_hendrycks_test/` and `hf_format/`, either of
 * those folders, or one CSV file. Ids are `<subject>-<row, 3 digits>` (MIRAGE's ids).
 */
import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { InputError } from '../../errors.js'
import { parseCsv } from '../csv.js'
import type { BenchmarkItem, LoadIssue, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { isFolder, readText } from './load-helpers.js'

/** The seven medical subjects. */
export const MMLU_MEDICAL_SUBJECTS = [
  'anatomy',
  'clinical_knowledge',
  'college_biology',
  'college_medicine',
  'medical_genetics',
  'professional_medicine',
  'virology',
] as const

const SUBSETS = ['hf', 'original'] as const
type Layout = (typeof SUBSETS)[number]

interface CsvSource {
  path: string
  subject: string
  layout: Layout
}

function subjectOf(path: string): string | undefined {
  const name = basename(path).replace(/_(test|dev|val)\.csv$/, '')
  return (MMLU_MEDICAL_SUBJECTS as readonly string[]).includes(name) ? name : undefined
}

async function csvFiles(folder: string, suffix: string): Promise<string[]> {
  const names = await readdir(folder)
  return names
    .filter((name) => name.endsWith(suffix) && subjectOf(name) !== undefined)
    .sort()
    .map((name) => join(folder, name))
}

async function findSources(
  path: string,
  layout: Layout,
  split: 'test' | 'dev',
): Promise<CsvSource[]> {
  if (!(await isFolder(path))) {
    const subject = subjectOf(path) ?? basename(path).replace(/\.csv$/, '')
    const text = await readText(path, 'mmlu-med')
    const detected: Layout = /^question,choice0/.test(text.replace(/^\uFEFF/, ''))
      ? 'hf'
      : 'original'
    return [{ path, subject, layout: detected }]
  }
  const candidates =
    layout === 'hf'
      ? [join(path, 'hf_format', split), join(path, split)]
      : [join(path, 'original_hendrycks_test'), path]
  for (const folder of candidates) {
    if (!(await isFolder(folder))) continue
    const files = await csvFiles(folder, `_${split}.csv`)
    if (files.length > 0) {
      return files.map((file) => ({ path: file, subject: subjectOf(file) ?? file, layout }))
    }
  }
  throw new InputError(
    `eval: no MMLU ${layout} ${split} CSV files (<subject>_${split}.csv) under "${path}"`,
    { field: 'path', value: path },
  )
}

function readSource(source: CsvSource, text: string, issues: LoadIssue[]): BenchmarkItem[] {
  const parsed = parseCsv(text)
  if (parsed.unterminatedQuoteLine !== undefined) {
    issues.push({
      line: parsed.unterminatedQuoteLine,
      field: source.path,
      message: 'quoted field never closes',
    })
  }
  const records = source.layout === 'hf' ? parsed.records.slice(1) : parsed.records
  const items: BenchmarkItem[] = []
  records.forEach((record, index) => {
    const where = `${basename(source.path)}`
    if (record.fields.length !== 6) {
      issues.push({
        line: record.line,
        field: where,
        message: `expected 6 fields, got ${record.fields.length}`,
      })
      return
    }
    const [question, a, b, c, d, answer] = record.fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    const options: Record<string, string> = { A: a, B: b, C: c, D: d }
    let gold: string | undefined
    if (source.layout === 'hf') {
      const position = Number(answer.trim())
      gold =
        Number.isInteger(position) && position >= 0 && position <= 3 ? 'ABCD'[position] : undefined
    } else {
      gold = /^[ABCD]$/.test(answer.trim()) ? answer.trim() : undefined
    }
    if (gold === undefined) {
      issues.push({
        line: record.line,
        field: `${where} answer`,
        message: `answer "${answer}" is not ${source.layout === 'hf' ? '0-3' : 'A-D'}`,
      })
      return
    }
    if (question.trim() === '') {
      issues.push({ line: record.line, field: `${where} question`, message: 'question is empty' })
      return
    }
    items.push({
      id: `${source.subject}-${String(index).padStart(3, '0')}`,
      kind: 'multiple-choice',
      question,
      options,
      gold: [gold],
      category: source.subject,
      subject: source.subject,
      line: record.line,
    })
  })
  return items
}

function checkSubset(subset: string | undefined): Layout {
  const layout = subset ?? 'hf'
  if (!(SUBSETS as readonly string[]).includes(layout)) {
    throw new InputError(`eval: unknown mmlu-med layout "${layout}" (expected hf or original)`, {
      field: 'subset',
      value: layout,
    })
  }
  return layout as Layout
}

async function loadSplit(options: LoadOptions, split: 'test' | 'dev'): Promise<LoadResult> {
  const sources = await findSources(options.path, checkSubset(options.subset), split)
  const issues: LoadIssue[] = []
  const items: BenchmarkItem[] = []
  for (const source of sources) {
    items.push(...readSource(source, await readText(source.path, 'mmlu-med'), issues))
  }
  return { items, issues }
}

/** MMLU medical subsets (both CSV layouts). */
export const mmluMedBenchmark: BenchmarkDefinition = {
  name: 'mmlu-med',
  title: 'MMLU medical subsets',
  kind: 'multiple-choice',
  layout:
    'folder with hf_format/{test,dev}/<subject>_{test,dev}.csv (header, 0-based answer) or original_hendrycks_test/<subject>_test.csv (no header, answer letter); subset hf|original',
  counts: 'hf: 1,255 test items in 7 subjects (+35 dev); original: 1,089 in 6 subjects',
  defaultPath: 'benchmarks/mmlu-med',
  subsets: SUBSETS,
  load: (options) => loadSplit(options, 'test'),
  async fewShotPool(options) {
    if (checkSubset(options.subset) !== 'hf' || !(await isFolder(options.path))) return []
    try {
      return (await loadSplit(options, 'dev')).items
    } catch {
      return []
    }
  },
}
