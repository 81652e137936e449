/**
 * Huatuo100 (HuatuoGPT-II's Chinese evaluation), read from any of its recorded-answer files:
 * the records carry the question along with one model's answer. Subsets:
 * - `inst`: single-turn questions `{id, label, query, model_output}`; the question is `query`,
 *   the category `label` (治疗方案, 就医建议, ...).
 * - `conv`: online-consultation cases `{id, Description, "Doctor faculty",
 *   "Diagnosis and suggestions", ...}`; the question is the patient's `Description`, the
 *   reference the real doctor's diagnosis and advice, the category the department.
 * The path is the `huatuo100` folder (the subset's `GPT4.json` is read), a subset folder or one
 * file. The same files replay as responses with `--response-field model_output`.
 */
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { loadJsonArrayItems } from './json-array-rows.js'
import { idOrLine, type JsonLinesRow } from './jsonl-rows.js'
import { isFolder } from './load-helpers.js'

const SUBSETS = ['inst', 'conv'] as const
type Subset = (typeof SUBSETS)[number]

function instItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'query', line)
  if (question === undefined) return undefined
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'open-ended',
    question,
    gold: [],
    line,
    language: 'zh',
  }
  if (typeof record.label === 'string' && record.label !== '') item.category = record.label
  return item
}

function convItem({ record, line, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const question = checker.text(record, 'Description', line)
  const reference = checker.text(record, 'Diagnosis and suggestions', line)
  if (question === undefined || reference === undefined) return undefined
  const item: BenchmarkItem = {
    id: idOrLine(record, line),
    kind: 'open-ended',
    question,
    gold: [reference],
    line,
    language: 'zh',
  }
  const faculty = record['Doctor faculty']
  if (typeof faculty === 'string' && faculty !== '') item.category = faculty
  return item
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const subset = (options.subset ?? 'inst') as Subset
  if (!(SUBSETS as readonly string[]).includes(subset)) {
    throw new InputError(`eval: unknown huatuo100 subset "${subset}" (expected inst or conv)`, {
      field: 'subset',
      value: subset,
    })
  }
  let path = options.path
  if (await isFolder(join(path, subset))) path = join(path, subset)
  if (await isFolder(path)) path = join(path, 'GPT4.json')
  return loadJsonArrayItems(path, 'huatuo100', subset === 'inst' ? instItem : convItem)
}

/** Huatuo100 single-turn questions and consultation cases (open-ended, judged). */
export const huatuo100Benchmark: BenchmarkDefinition = {
  name: 'huatuo100',
  title: 'Huatuo100 (Chinese, open-ended, judged)',
  kind: 'open-ended',
  layout:
    'folder {inst,conv}/<model>.json (JSON arrays; inst {id, label, query, model_output}, conv {id, Description, "Doctor faculty", "Diagnosis and suggestions", model_output})',
  counts: 'shared half: inst 50, conv 50',
  defaultPath: 'zh/model-outputs/huatuo100',
  subsets: SUBSETS,
  load,
}
