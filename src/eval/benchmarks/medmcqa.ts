/**
 * MedMCQA (dev split, 4,183 items), JSON Lines: `question`, `opa`..`opd`, `cop` (the correct
 * option, 1-based: 1 = A), `subject_name` (the category), `topic_name`, `id`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'
import { checkOptions, describe } from './load-helpers.js'

const LETTERS = ['A', 'B', 'C', 'D'] as const

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  const itemOptions = checkOptions(
    checker,
    { A: record.opa, B: record.opb, C: record.opc, D: record.opd },
    line,
    'opa..opd',
  )
  if (question === undefined || itemOptions === undefined) return undefined
  const correct = record.cop
  if (typeof correct !== 'number' || !Number.isInteger(correct) || correct < 1 || correct > 4) {
    return checker.fail(line, 'cop', `cop must be 1-4 (1-based), got ${describe(correct)}`)
  }
  const id = typeof record.id === 'string' && record.id !== '' ? record.id : `line-${line}`
  const item: BenchmarkItem = {
    id,
    kind: 'multiple-choice',
    question,
    options: itemOptions,
    gold: [LETTERS[correct - 1] as string],
    line,
  }
  if (typeof record.subject_name === 'string') item.category = record.subject_name
  if (typeof record.topic_name === 'string') item.subject = record.topic_name
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'medmcqa', toItem)
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
