/**
 * A generic exam format for private or new sets (for example a licensing exam with single-answer,
 * multiple-response, shared-stem and case-analysis questions). JSON Lines:
 *
 *     {"id": "q1", "question": "...", "options": {"A": "...", ...}, "answer": "A" | "AC" | ["A", "C"],
 *      "question_type": "single|multiple|shared-stem|case-analysis", "context": "shared stem or case",
 *      "category": "...", "subject": "..."}
 *
 * An item is multiple-response when its answer has several letters or `question_type` is
 * `multiple`. The category is `category`, else `question_type`.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { idOrLine, type JsonLinesRow, loadJsonLinesItems } from './jsonl-rows.js'
import { checkGoldLetters, checkOptions, describe } from './load-helpers.js'

function answerLetters(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    const letters = value.toUpperCase().replace(/[\s,;/、]+/g, '')
    return /^[A-Z]+$/.test(letters) ? [...new Set(letters)].sort() : undefined
  }
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return answerLetters(value.join(''))
  }
  return undefined
}

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'question', line)
  const itemOptions = checkOptions(checker, record.options, line)
  if (question === undefined || itemOptions === undefined) return undefined
  const letters = answerLetters(record.answer)
  if (letters === undefined) {
    return checker.fail(
      line,
      'answer',
      `answer must be letters such as "A" or ["A", "C"] (got ${describe(record.answer)})`,
    )
  }
  const gold = checkGoldLetters(checker, letters, itemOptions, line, 'answer')
  if (gold === undefined) return undefined
  const type = typeof record.question_type === 'string' ? record.question_type : undefined
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'multiple-choice',
    question,
    options: itemOptions,
    gold,
    line,
  }
  if (gold.length > 1 || type === 'multiple') item.multiple = true
  if (typeof record.context === 'string' && record.context.trim() !== '')
    item.context = record.context
  const category = typeof record.category === 'string' ? record.category : type
  if (category !== undefined) item.category = category
  if (typeof record.subject === 'string') item.subject = record.subject
  return item
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonLinesItems(options.path, 'exam-jsonl', toItem)
}

/** Generic exam JSON Lines (single answer, multiple response, shared stem, case analysis). */
export const examJsonlBenchmark: BenchmarkDefinition = {
  name: 'exam-jsonl',
  title: 'Exam questions (generic JSON Lines)',
  kind: 'multiple-choice',
  layout:
    'JSON Lines: {id, question, options {A..}, answer "A"|"AC"|["A","C"], question_type single|multiple|shared-stem|case-analysis, context?, category?, subject?}',
  counts: 'any',
  load,
}
