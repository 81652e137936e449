/**
 * Open-ended questions scored by an LLM judge. JSON Lines:
 * `{"id", "question", "context"?, "reference"?, "category"?, "subject"?}`; `reference` is an
 * optional expert answer shown to the judge.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { idOrLine, type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  if (question === undefined) return undefined
  const reference = typeof record.reference === 'string' ? record.reference : ''
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'open-ended',
    question,
    gold: reference === '' ? [] : [reference],
    line,
  }
  if (typeof record.context === 'string' && record.context.trim() !== '')
    item.context = record.context
  if (typeof record.category === 'string') item.category = record.category
  if (typeof record.subject === 'string') item.subject = record.subject
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'open-ended-jsonl', toItem)
}

/** Open-ended questions (LLM judge). */
export const openEndedJsonlBenchmark: BenchmarkDefinition = {
  name: 'open-ended-jsonl',
  title: 'Open-ended questions (LLM judge)',
  kind: 'open-ended',
  layout: 'JSON Lines: {id, question, context?, reference?, category?, subject?}',
  counts: 'any',
  load,
}
