/**
 * MedCalc-Bench (v1.0 test CSV): one patient note and a calculation question per row, scored by
 * the benchmark's official rules (see `scoring/medcalc-scoring.ts`). Columns: `Row Number,
 * Calculator ID, Calculator Name, Category, Output Type, Note ID, Note Type, Patient Note,
 * Question, Relevant Entities, Ground Truth Answer, Lower Limit, Upper Limit, Ground Truth
 * Explanation`. Output types: decimal, integer, date; rows whose ground truth is a
 * `('N weeks', 'M days')` tuple (gestational age, calculator 69) become `weeks-days`.
 * Ids are the Row Number; the category is the Category column (lab, risk, physical, ...).
 */
import { parseCsvWithHeader } from '../csv.js'
import type { BenchmarkItem, CalculationOutputType, LoadIssue, LoadResult } from '../item.js'
import { parseWeeksDays } from '../scoring/medcalc-values.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { forEachCsvRow, requireCsvColumns } from './csv-rows.js'
import { dropDuplicateIds, readText } from './load-helpers.js'

const REQUIRED = [
  'Row Number',
  'Calculator ID',
  'Calculator Name',
  'Category',
  'Output Type',
  'Patient Note',
  'Question',
  'Ground Truth Answer',
  'Lower Limit',
  'Upper Limit',
] as const

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

function outputTypeOf(declared: string, groundTruth: string): CalculationOutputType | undefined {
  if (parseWeeksDays(groundTruth) !== undefined && /week/i.test(groundTruth)) return 'weeks-days'
  if (declared === 'decimal' || declared === 'integer' || declared === 'date') return declared
  return undefined
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const text = await readText(options.path, 'medcalc-bench')
  const parsed = parseCsvWithHeader(text)
  requireCsvColumns(
    parsed.header,
    REQUIRED,
    (column) => `eval: medcalc-bench CSV "${options.path}" lacks the column "${column}"`,
  )
  const issues: LoadIssue[] = []
  const items: BenchmarkItem[] = []
  forEachCsvRow(parsed, issues, (row, fail) => {
    const value = (column: string): string => (row.values[column] ?? '').trim()
    const id = value('Row Number')
    if (!/^\d+$/.test(id)) {
      fail('Row Number', `Row Number "${id}" is not a whole number`)
      return
    }
    const groundTruth = value('Ground Truth Answer')
    const outputType = outputTypeOf(value('Output Type'), groundTruth)
    if (outputType === undefined) {
      fail('Output Type', `Output Type "${value('Output Type')}" is not decimal, integer or date`)
      return
    }
    const lower = value('Lower Limit')
    const upper = value('Upper Limit')
    if (outputType === 'decimal' || outputType === 'integer') {
      if (!Number.isFinite(Number(groundTruth)) || groundTruth === '') {
        fail('Ground Truth Answer', `ground truth "${groundTruth}" is not a number`)
        return
      }
      if (
        outputType === 'decimal' &&
        (lower === '' ||
          upper === '' ||
          !Number.isFinite(Number(lower)) ||
          !Number.isFinite(Number(upper)) ||
          Number(lower) > Number(upper))
      ) {
        fail('Lower Limit', `limits "${lower}".."${upper}" are not an ordered pair of numbers`)
        return
      }
    }
    if (outputType === 'date' && !DATE.test(groundTruth)) {
      fail('Ground Truth Answer', `ground truth "${groundTruth}" is not a MM/DD/YYYY date`)
      return
    }
    if (value('Question') === '' || value('Patient Note') === '') {
      fail(value('Question') === '' ? 'Question' : 'Patient Note', 'is empty')
      return
    }
    items.push({
      id,
      kind: 'calculation',
      question: row.values.Question ?? '',
      context: row.values['Patient Note'] ?? '',
      gold: [groundTruth],
      category: value('Category'),
      subject: value('Calculator Name'),
      calculation: {
        calculatorId: value('Calculator ID'),
        calculatorName: value('Calculator Name'),
        outputType,
        lowerLimit: lower,
        upperLimit: upper,
      },
      line: row.line,
    })
  })
  return dropDuplicateIds(items, issues)
}

/** MedCalc-Bench v1.0 test. */
export const medcalcBenchmark: BenchmarkDefinition = {
  name: 'medcalc-bench',
  title: 'MedCalc-Bench (v1.0)',
  kind: 'calculation',
  layout:
    'CSV: Row Number, Calculator ID, Calculator Name, Category, Output Type, Patient Note, Question, Ground Truth Answer, Lower Limit, Upper Limit, ...',
  counts: 'test_data.csv: 1,047; the shared dev half: 525',
  defaultPath: 'medcalc-bench/test_data_dev_half.csv',
  load,
}
