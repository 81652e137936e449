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

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'exam-jsonl')
  const { values, issues } = parseJsonLinesText(text)
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  for (const { line, value } of values) {
    if (!isRecord(value)) {
      checker.fail(line, '(row)', 'line is not a JSON object')
      continue
    }
    const question = checker.text(value, 'question', line)
    const itemOptions = checkOptions(checker, value.options, line)
    if (question === undefined || itemOptions === undefined) continue
    const letters = answerLetters(value.answer)
    if (letters === undefined) {
      checker.fail(
        line,
        'answer',
        `answer must be letters such as "A" or ["A", "C"] (got ${describe(value.answer)})`,
      )
      continue
    }
    const gold = checkGoldLetters(checker, letters, itemOptions, line, 'answer')
    if (gold === undefined) continue
    const type = typeof value.question_type === 'string' ? value.question_type : undefined
    const item: BenchmarkItem = {
      id:
        typeof value.id === 'string' || typeof value.id === 'number'
          ? String(value.id)
          : `line-${line}`,
      kind: 'multiple-choice',
      question,
      options: itemOptions,
      gold,
      line,
    }
    if (gold.length > 1 || type === 'multiple') item.multiple = true
    if (typeof value.context === 'string' && value.context.trim() !== '')
      item.context = value.context
    const category = typeof value.category === 'string' ? value.category : type
    if (category !== undefined) item.category = category
    if (typeof value.subject === 'string') item.subject = value.subject
    items.push(item)
  }
  return dropDuplicateIds(items, [...issues, ...checker.issues])
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
