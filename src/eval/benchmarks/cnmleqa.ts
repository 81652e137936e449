/**
 * CNMLEQA-3k: Chinese National Medical Licensing Examination questions (2017-2021), five options
 * `opa`..`ope`, the key as `opa`..`ope`, with `year` and `question_type` (案例分析 case analysis,
 * 知识问答 knowledge). One JSON array of records with an `id`. The category is the question type
 * and the subject the exam year, so summaries break accuracy down both ways. The recorded
 * answers of nine models (`CNMLEQA-3k_llm.json`) have the same ids and replay with
 * `--response-field <model>`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { loadJsonArrayItems } from './json-array-rows.js'
import { idOrLine, type JsonLinesRow } from './jsonl-rows.js'
import { checkGoldLetters, describe } from './load-helpers.js'

const FIELDS = ['opa', 'opb', 'opc', 'opd', 'ope'] as const

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  if (question === undefined) return undefined
  const options: Record<string, string> = {}
  for (const [position, field] of FIELDS.entries()) {
    const text = checker.text(record, field, line)
    if (text === undefined) return undefined
    options[String.fromCharCode(65 + position)] = text
  }
  const answer = typeof record.answer === 'string' ? record.answer.trim() : ''
  const position = (FIELDS as readonly string[]).indexOf(answer)
  if (position < 0)
    return checker.fail(
      line,
      'answer',
      `answer must be one of opa..ope (got ${describe(record.answer)})`,
    )
  const gold = checkGoldLetters(
    checker,
    [String.fromCharCode(65 + position)],
    options,
    line,
    'answer',
  )
  if (gold === undefined) return undefined
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'multiple-choice',
    question,
    options,
    gold,
    line,
    language: 'zh',
  }
  if (typeof record.question_type === 'string' && record.question_type !== '')
    item.category = record.question_type
  if (typeof record.year === 'number' || typeof record.year === 'string')
    item.subject = String(record.year)
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonArrayItems(options.path, 'cnmleqa', toItem)
}

/** CNMLEQA-3k (Chinese licensing exam, 5 options). */
export const cnmleqaBenchmark: BenchmarkDefinition = {
  name: 'cnmleqa',
  title: 'CNMLEQA-3k (Chinese National Medical Licensing Exam, 5 options)',
  kind: 'multiple-choice',
  layout:
    'JSON array of {id, question, opa..ope, answer: "opa".."ope", year, question_type}; category = question_type, subject = year',
  counts: 'shared half: 1,475 (775 case analysis, 700 knowledge; 2017-2021)',
  defaultPath: 'zh/cnmleqa/CNMLEQA-3k.json',
  load,
}
