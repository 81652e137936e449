/**
 * MediQ cases as non-interactive multiple choice: the whole patient record (`context`, a list of
 * sentences) is given up front with the question and options A-D. JSON Lines:
 * `{id, question, context: [..], options, answer_idx, patient: {gpt_specialty?}}`. Files:
 * `all_dev_good.jsonl` (1,272) and `all_craft_md.jsonl` (140). The category is the case's
 * specialty when recorded.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { idOrLine, type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'
import { checkGoldLetters, checkOptions, isRecord } from './load-helpers.js'

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  const itemOptions = checkOptions(checker, record.options, line)
  if (question === undefined || itemOptions === undefined) return undefined
  const context = record.context
  if (!Array.isArray(context) || !context.every((part) => typeof part === 'string')) {
    return checker.fail(line, 'context', 'context is not a list of sentences')
  }
  const answer = typeof record.answer_idx === 'string' ? record.answer_idx.trim() : ''
  const gold = checkGoldLetters(checker, [answer], itemOptions, line, 'answer_idx')
  if (gold === undefined) return undefined
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'multiple-choice',
    question,
    context: context.map((sentence) => sentence.trim().replace(/([^.!?])$/, '$1.')).join(' '),
    options: itemOptions,
    gold,
    line,
  }
  const patient = record.patient
  if (isRecord(patient) && typeof patient.gpt_specialty === 'string')
    item.category = patient.gpt_specialty
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'mediq', toItem)
}

/** MediQ as non-interactive multiple choice. */
export const mediqBenchmark: BenchmarkDefinition = {
  name: 'mediq',
  title: 'MediQ (non-interactive MCQ)',
  kind: 'multiple-choice',
  layout: 'JSON Lines: {id, question, context: [sentences], options {A..D}, answer_idx, patient}',
  counts: 'all_dev_good.jsonl: 1,272; all_craft_md.jsonl: 140',
  defaultPath: 'benchmarks/mediq/all_dev_good.jsonl',
  load,
}
