/**
 * MedQA-USMLE, 4 options, JSON Lines (`phrases_no_exclude_test.jsonl`, 1,273 items): each line
 * has `question`, `options` {A..D}, `answer_idx` and `meta_info` (step1 or step2&3, used as the
 * category). Ids are the 0-based line order padded to 4 digits, as in MIRAGE (`0000`).
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
  const text = await readText(options.path, 'medqa')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const [index, { line, value }] of values.entries()) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    const itemOptions = checkOptions(checker, value.options, line)
    if (question === undefined || itemOptions === undefined) continue
    const answer = typeof value.answer_idx === 'string' ? value.answer_idx.trim() : ''
    const gold = checkGoldLetters(checker, [answer], itemOptions, line, 'answer_idx')
    if (gold === undefined) continue
    const item: BenchmarkItem = {
      id: typeof value.id === 'string' ? value.id : String(index).padStart(4, '0'),
      kind: 'multiple-choice',
      question,
      options: itemOptions,
      gold,
      line,
    }
    if (typeof value.meta_info === 'string') item.category = value.meta_info
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
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
