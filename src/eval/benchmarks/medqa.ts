/**
 * MedQA-USMLE, 4 options, JSON Lines (`phrases_no_exclude_test.jsonl`, 1,273 items): each line
 * has `question`, `options` {A..D}, `answer_idx` and `meta_info` (step1 or step2&3, used as the
 * category). Ids are the 0-based line order padded to 4 digits, as in MIRAGE (`0000`).
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'
import { checkGoldLetters, checkOptions } from './load-helpers.js'

function toItem({ record, line, index, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  const itemOptions = checkOptions(checker, record.options, line)
  if (question === undefined || itemOptions === undefined) return undefined
  const answer = typeof record.answer_idx === 'string' ? record.answer_idx.trim() : ''
  const gold = checkGoldLetters(checker, [answer], itemOptions, line, 'answer_idx')
  if (gold === undefined) return undefined
  const item: BenchmarkItem = {
    id: typeof record.id === 'string' ? record.id : String(index).padStart(4, '0'),
    kind: 'multiple-choice',
    question,
    options: itemOptions,
    gold,
    line,
  }
  if (typeof record.meta_info === 'string') item.category = record.meta_info
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'medqa', toItem)
}

/** MedQA-USMLE 4-option test set. */
export const medqaBenchmark: BenchmarkDefinition = {
  name: 'medqa',
  title: 'MedQA-USMLE (4 options)',
  kind: 'multiple-choice',
  layout: 'JSON Lines: {question, options: {A..D}, answer_idx, meta_info}',
  counts: 'phrases_no_exclude_test.jsonl: 1,273',
  defaultPath: 'benchmarks/medqa/phrases_no_exclude_test.jsonl',
  load,
}
