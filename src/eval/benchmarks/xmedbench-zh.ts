/**
 * The Chinese part of Apollo's XMedBench: one JSON array per set of
 * `{question, options, answer, source}` records, where `options` holds one option a line as
 * `(A) text.` (Apollo appends the period, which is removed) and `answer` is `(D)` or, for
 * multiple-answer items, `(ACE)`. Subsets: `medqa-mcmle` (MedQA Mainland, 4 options),
 * `cmb` (CMB-Exam single-answer sample, 5 options) and `cmexam` (CMExam sample, some
 * multiple-answer). The path is the folder holding the JSON files or one file. Ids are the
 * 0-based position, padded to 4 digits; the category is the record's `source`.
 */
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { loadJsonArrayItems } from './json-array-rows.js'
import type { JsonLinesRow } from './jsonl-rows.js'
import { checkGoldLetters, describe, isFolder } from './load-helpers.js'

const SUBSETS = ['medqa-mcmle', 'cmb', 'cmexam'] as const
type Subset = (typeof SUBSETS)[number]

const FILES: Record<Subset, string> = {
  'medqa-mcmle': 'medqa-mcmle.json',
  cmb: 'cmb-single.json',
  cmexam: 'cmexam.json',
}

const OPTION_LINE = /^\s*[(（]([A-Z])[)）]\s*(.*?)\s*$/

/**
 * Splits XMedBench option text into letters and texts, or says why it cannot. An empty last
 * option (`(E) .`) is padding that Apollo adds to four-option CMB items and is dropped; an empty
 * option before a filled one is an error.
 */
export function parseOptionLines(text: string): Record<string, string> | { error: string } {
  const options: Record<string, string> = {}
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  for (const [position, raw] of lines.entries()) {
    const match = OPTION_LINE.exec(raw)
    if (match === null) return { error: `option line "${raw.slice(0, 40)}" is not "(X) text"` }
    const letter = match[1] as string
    const body = (match[2] ?? '').replace(/[.．]$/, '').trim()
    if (body === '' && position === lines.length - 1) break
    if (body === '') return { error: `option ${letter} is empty` }
    if (options[letter] !== undefined) return { error: `option ${letter} appears twice` }
    options[letter] = body
  }
  if (Object.keys(options).length < 2) return { error: 'fewer than two options' }
  return options
}

function toItem({ record, line, index, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  if (question === undefined) return undefined
  if (typeof record.options !== 'string')
    return checker.fail(
      line,
      'options',
      `options must be text lines "(A) ..." (got ${describe(record.options)})`,
    )
  const options = parseOptionLines(record.options)
  if ('error' in options && typeof options.error === 'string')
    return checker.fail(line, 'options', options.error)
  const answer = typeof record.answer === 'string' ? record.answer.trim() : ''
  const letters = /^[(（]?([A-Z]+)[)）]?$/.exec(answer)?.[1]
  if (letters === undefined)
    return checker.fail(
      line,
      'answer',
      `answer must look like "(D)" or "(ACE)" (got ${describe(record.answer)})`,
    )
  const optionMap = options as Record<string, string>
  const gold = checkGoldLetters(checker, [...new Set(letters.split(''))], optionMap, line, 'answer')
  if (gold === undefined) return undefined
  const item: BenchmarkItem = {
    id: String(index).padStart(4, '0'),
    kind: 'multiple-choice',
    question,
    options: optionMap,
    gold,
    line,
    language: 'zh',
  }
  if (gold.length > 1) item.multiple = true
  if (typeof record.source === 'string' && record.source.trim() !== '')
    item.category = record.source
  return item
}

function checkSubset(subset: string | undefined): Subset {
  const name = subset ?? 'medqa-mcmle'
  if (!(SUBSETS as readonly string[]).includes(name)) {
    throw new InputError(
      `eval: unknown xmedbench-zh subset "${name}" (expected ${SUBSETS.join(', ')})`,
      { field: 'subset', value: name },
    )
  }
  return name as Subset
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const subset = checkSubset(options.subset)
  const path = (await isFolder(options.path)) ? join(options.path, FILES[subset]) : options.path
  return loadJsonArrayItems(path, 'xmedbench-zh', toItem)
}

/** XMedBench Chinese sets: MedQA-MCMLE, CMB-Exam and CMExam. */
export const xmedbenchZhBenchmark: BenchmarkDefinition = {
  name: 'xmedbench-zh',
  title: 'XMedBench Chinese: MedQA-MCMLE, CMB-Exam, CMExam',
  kind: 'multiple-choice',
  layout:
    'folder of medqa-mcmle.json, cmb-single.json, cmexam.json (or one file): JSON array of {question, options: "(A) text.\\n(B) ...", answer: "(D)" or "(ACE)", source}',
  counts: 'shared halves: medqa-mcmle 1,713; cmb 1,000; cmexam 1,000 (34 multiple-answer)',
  defaultPath: 'zh/xmedbench-zh/test',
  subsets: SUBSETS,
  load,
}
