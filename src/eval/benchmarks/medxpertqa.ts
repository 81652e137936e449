/**
 * MedXpertQA Text (10 options A-J), JSON Lines: `{id, question, options: [{letter, content}],
 * label: [letter], medical_task, body_system, question_type}`. The question text repeats the
 * options after "Answer Choices:"; that tail is cut so the prompt lists them once. The category
 * is `medical_task` (Diagnosis, Treatment, Basic Science), the subject `body_system`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  checkGoldLetters,
  checkOptions,
  describe,
  dropDuplicateIds,
  isRecord,
  parseJsonLinesText,
  RowChecker,
  readText,
} from './load-helpers.js'

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

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'medxpertqa')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const { line, value } of values) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    const map = optionMap(value.options)
    if (map === undefined) {
      checker.fail(
        line,
        'options',
        `options must be [{letter, content}] (got ${describe(value.options)})`,
      )
      continue
    }
    const itemOptions = checkOptions(checker, map, line)
    if (question === undefined || itemOptions === undefined) continue
    const labels = Array.isArray(value.label) ? value.label : [value.label]
    if (!labels.every((label): label is string => typeof label === 'string')) {
      checker.fail(
        line,
        'label',
        `label must be a letter or a list of letters (got ${describe(value.label)})`,
      )
      continue
    }
    const gold = checkGoldLetters(
      checker,
      labels.map((label) => label.trim()),
      itemOptions,
      line,
      'label',
    )
    if (gold === undefined) continue
    const cut = question.search(/\n\s*Answer Choices:/)
    const item: BenchmarkItem = {
      id: typeof value.id === 'string' ? value.id : `line-${line}`,
      kind: 'multiple-choice',
      question: cut > 0 ? question.slice(0, cut) : question,
      options: itemOptions,
      gold,
      line,
    }
    if (gold.length > 1) item.multiple = true
    if (typeof value.medical_task === 'string') item.category = value.medical_task
    if (typeof value.body_system === 'string') item.subject = value.body_system
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
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
