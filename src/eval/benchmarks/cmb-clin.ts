/**
 * CMB-Clin consultation cases as DISC-MedLLM ships them: a JSON array of
 * `{id, case, first_question}`, where `case` is the case description (history, examination,
 * results) and `first_question` a patient's (or relative's) opening line written for simulated
 * consultations. Each item asks the model to answer that opening line as the doctor; the case
 * text is the reference the principle judge reads.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { loadJsonArrayItems } from './json-array-rows.js'
import { idOrLine, type JsonLinesRow } from './jsonl-rows.js'

function toItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'first_question', line)
  const reference = checker.text(record, 'case', line)
  if (question === undefined || reference === undefined) return undefined
  return {
    id: idOrLine(record, line),
    kind: 'open-ended',
    question,
    gold: [reference],
    reference: 'case',
    category: 'cmb-clin',
    line,
    language: 'zh',
  }
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonArrayItems(options.path, 'cmb-clin', toItem)
}

/** CMB-Clin cases (open-ended consultations, principle judge). */
export const cmbClinBenchmark: BenchmarkDefinition = {
  name: 'cmb-clin',
  title: 'CMB-Clin consultation cases (Chinese, open-ended, judged)',
  kind: 'open-ended',
  layout: 'JSON array of {id, case, first_question} (DISC-MedLLM samples/CMB-cases.json)',
  counts: 'shared half: 37 cases',
  defaultPath: 'zh/disc-medllm-eval/samples/CMB-cases.json',
  load,
}
