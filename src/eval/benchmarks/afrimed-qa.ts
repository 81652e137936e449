/**
 * AfriMed-QA multiple-choice questions, as released with the project's result files: a CSV with
 * `sample_id, question, rationale, options_len, answer, A, B, C, D[, E]` (extra columns such as
 * `model_prompt`, `outputs`, `preds`, `correct` are ignored, so a recorded-output file doubles as
 * the item file). Options are the non-empty letter columns; `answer` is a letter (the first one
 * when several are listed). Ids are `sample_id`.
 */
import { parseCsvWithHeader } from '../csv.js'
import type { BenchmarkItem, LoadIssue, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { forEachCsvRow, requireCsvColumns } from './csv-rows.js'
import { dropDuplicateIds, readText } from './load-helpers.js'

const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'afrimed-qa')
  const parsed = parseCsvWithHeader(text)
  requireCsvColumns(
    parsed.header,
    ['sample_id', 'question', 'answer', 'A', 'B'],
    (column) =>
      `eval: afrimed-qa CSV "${options.path}" lacks the column "${column}" (header: ${parsed.header.slice(0, 12).join(',')})`,
  )
  const issues: LoadIssue[] = []
  const items: BenchmarkItem[] = []
  forEachCsvRow(parsed, issues, (row, fail) => {
    const values = row.values
    const id = values.sample_id?.trim() ?? ''
    const question = values.question ?? ''
    if (id === '') {
      fail('sample_id', 'sample_id is empty')
      return
    }
    if (question.trim() === '') {
      fail('question', 'question is empty')
      return
    }
    const itemOptions: Record<string, string> = {}
    for (const letter of LETTERS) {
      const option = values[letter]
      if (option !== undefined && option.trim() !== '' && option.trim().toUpperCase() !== 'N/A') {
        itemOptions[letter] = option
      }
    }
    if (Object.keys(itemOptions).length < 2) {
      fail('A..E', 'fewer than two options')
      return
    }
    const answer = (values.answer ?? '').split(',')[0]?.trim().toUpperCase() ?? ''
    if (itemOptions[answer] === undefined) {
      fail('answer', `answer "${values.answer}" is not one of ${Object.keys(itemOptions).join('')}`)
      return
    }
    const item: BenchmarkItem = {
      id,
      kind: 'multiple-choice',
      question: question.trim(),
      options: itemOptions,
      gold: [answer],
      line: row.line,
    }
    const specialty = values.specialty
    if (specialty !== undefined && specialty.trim() !== '') item.category = specialty.trim()
    items.push(item)
  })
  return dropDuplicateIds(items, issues)
}

/** AfriMed-QA expert multiple-choice questions. */
export const afrimedQaBenchmark: BenchmarkDefinition = {
  name: 'afrimed-qa',
  title: 'AfriMed-QA (expert MCQ)',
  kind: 'multiple-choice',
  layout:
    'CSV: sample_id, question, rationale, options_len, answer, A..E [, specialty, outputs, preds]',
  counts:
    'v2 expert MCQ: 3,910 rows (3 malformed in the source); the MedQA file with Mistral-7B outputs: 1,273',
  defaultPath:
    'benchmarks/afrimed-qa/afrimed-qa-v2_Meta-Llama-3-70B-Instruct_mcq_base-prompt__no_exp_0-shot_score_0.7379_3910.csv',
  load,
}
