/**
 * Open-ended questions scored by an LLM judge. JSON Lines:
 * `{"id", "question", "context"?, "reference"?, "category"?, "subject"?}`; `reference` is an
 * optional expert answer shown to the judge.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  dropDuplicateIds,
  isRecord,
  parseJsonLinesText,
  RowChecker,
  readText,
} from './load-helpers.js'

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'open-ended-jsonl')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const { line, value } of values) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    if (question === undefined) continue
    const reference = typeof value.reference === 'string' ? value.reference : ''
    const item: BenchmarkItem = {
      id:
        typeof value.id === 'string' || typeof value.id === 'number'
          ? String(value.id)
          : `line-${line}`,
      kind: 'open-ended',
      question,
      gold: reference === '' ? [] : [reference],
      line,
    }
    if (typeof value.context === 'string' && value.context.trim() !== '')
      item.context = value.context
    if (typeof value.category === 'string') item.category = value.category
    if (typeof value.subject === 'string') item.subject = value.subject
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
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
