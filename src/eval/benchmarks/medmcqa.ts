/**
 * MedMCQA (dev split, 4,183 items), JSON Lines: `question`, `opa`..`opd`, `cop` (the correct
 * option, 1-based: 1 = A), `subject_name` (the category), `topic_name`, `id`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  checkOptions,
  describe,
  dropDuplicateIds,
  isRecord,
  parseJsonLinesText,
  RowChecker,
  readText,
} from './load-helpers.js'

const LETTERS = ['A', 'B', 'C', 'D'] as const

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'medmcqa')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const { line, value } of values) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    const itemOptions = checkOptions(
      checker,
      { A: value.opa, B: value.opb, C: value.opc, D: value.opd },
      line,
      'opa..opd',
    )
    if (question === undefined || itemOptions === undefined) continue
    const correct = value.cop
    if (typeof correct !== 'number' || !Number.isInteger(correct) || correct < 1 || correct > 4) {
      checker.fail(line, 'cop', `cop must be 1-4 (1-based), got ${describe(correct)}`)
      continue
    }
    const id = typeof value.id === 'string' && value.id !== '' ? value.id : `line-${line}`
    const item: BenchmarkItem = {
      id,
      kind: 'multiple-choice',
      question,
      options: itemOptions,
      gold: [LETTERS[correct - 1] as string],
      line,
    }
    if (typeof value.subject_name === 'string') item.category = value.subject_name
    if (typeof value.topic_name === 'string') item.subject = value.topic_name
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
}

/** MedMCQA dev split. */
export const medmcqaBenchmark: BenchmarkDefinition = {
  name: 'medmcqa',
  title: 'MedMCQA (dev)',
  kind: 'multiple-choice',
  layout: 'JSON Lines: {id, question, opa, opb, opc, opd, cop (1-based), subject_name, topic_name}',
  counts: 'dev.json: 4,183',
  defaultPath: 'benchmarks/medmcqa/dev.json',
  load,
}
