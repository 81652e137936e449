/**
 * MediQ cases as non-interactive multiple choice: the whole patient record (`context`, a list of
 * sentences) is given up front with the question and options A-D. JSON Lines:
 * `{id, question, context: [..], options, answer_idx, patient: {gpt_specialty?}}`. Files:
 * `all_dev_good.jsonl` (1,272) and `all_craft_md.jsonl` (140). The category is the case's
 * specialty when recorded.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  checkGoldLetters,
  checkOptions,
  dropDuplicateIds,
  isRecord,
  parseJsonLinesText,
  RowChecker,
  readText,
} from './load-helpers.js'

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'mediq')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const { line, value } of values) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    const itemOptions = checkOptions(checker, value.options, line)
    if (question === undefined || itemOptions === undefined) continue
    const context = value.context
    if (!Array.isArray(context) || !context.every((part) => typeof part === 'string')) {
      checker.fail(line, 'context', 'context is not a list of sentences')
      continue
    }
    const answer = typeof value.answer_idx === 'string' ? value.answer_idx.trim() : ''
    const gold = checkGoldLetters(checker, [answer], itemOptions, line, 'answer_idx')
    if (gold === undefined) continue
    const id =
      typeof value.id === 'number' || typeof value.id === 'string'
        ? String(value.id)
        : `line-${line}`
    const item: BenchmarkItem = {
      id,
      kind: 'multiple-choice',
      question,
      context: context.map((sentence) => sentence.trim().replace(/([^.!?])$/, '$1.')).join(' '),
      options: itemOptions,
      gold,
      line,
    }
    const patient = value.patient
    if (isRecord(patient) && typeof patient.gpt_specialty === 'string')
      item.category = patient.gpt_specialty
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
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
