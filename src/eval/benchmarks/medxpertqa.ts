/**
 * MedXpertQA Text (10 options A-J), JSON Lines: `{id, question, options: [{letter, content}],
 * label: [letter], medical_task, body_system, question_type}`. The question text repeats the
 * options after "Answer Choices:"; that tail is cut so the prompt lists them once. The category
 * is `medical_task` (Diagnosis, Treatment, Basic Science), the subject `body_system`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'
import { checkGoldLetters, checkOptions, describe, isRecord } from './load-helpers.js'

function optionMap(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value
  if (!Array.isArray(value)) return undefined
  const map: Record<string, unknown> = {}
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.letter !== 'string') return undefined
    map[entry.letter] = entry.content
  }
  return map
}

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  const map = optionMap(record.options)
  if (map === undefined) {
    return checker.fail(
      line,
      'options',
      `options must be [{letter, content}] (got ${describe(record.options)})`,
    )
  }
  const itemOptions = checkOptions(checker, map, line)
  if (question === undefined || itemOptions === undefined) return undefined
  const labels = Array.isArray(record.label) ? record.label : [record.label]
  if (!labels.every((label): label is string => typeof label === 'string')) {
    return checker.fail(
      line,
      'label',
      `label must be a letter or a list of letters (got ${describe(record.label)})`,
    )
  }
  const gold = checkGoldLetters(
    checker,
    labels.map((label) => label.trim()),
    itemOptions,
    line,
    'label',
  )
  if (gold === undefined) return undefined
  const cut = question.search(/\n\s*Answer Choices:/)
  const item: BenchmarkItem = {
    id: typeof record.id === 'string' ? record.id : `line-${line}`,
    kind: 'multiple-choice',
    question: cut > 0 ? question.slice(0, cut) : question,
    options: itemOptions,
    gold,
    line,
  }
  if (gold.length > 1) item.multiple = true
  if (typeof record.medical_task === 'string') item.category = record.medical_task
  if (typeof record.body_system === 'string') item.subject = record.body_system
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'medxpertqa', toItem)
}

/** MedXpertQA Text. */
export const medxpertqaBenchmark: BenchmarkDefinition = {
  name: 'medxpertqa',
  title: 'MedXpertQA Text (10 options)',
  kind: 'multiple-choice',
  layout:
    'JSON Lines: {id, question, options: [{letter, content}], label: [letter], medical_task, body_system}',
  counts: 'medxpertqa_sampled_text_input.jsonl: 244 (sampled subset; full test: 2,450)',
  defaultPath: 'benchmarks/medxpertqa/medxpertqa_sampled_text_input.jsonl',
  load,
}
