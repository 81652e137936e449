/**
 * The MIRAGE bundle (`benchmark.json`): `{medqa, medmcqa, pubmedqa, bioasq, mmlu}`, each an object
 * of `{question, options: {A..}, answer}` keyed by id. The subset picks the dataset (required).
 * Items are ordered by sorted id, as MIRAGE's own loader orders them (its scorer depends on
 * that order). PubMedQA and BioASQ here are question-only (PubMedQA*). For `mmlu` the subject is
 * the id's prefix (`anatomy-000` -> `anatomy`).
 */
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  checkGoldLetters,
  checkOptions,
  isRecord,
  parseJsonFile,
  RowChecker,
  readText,
} from './load-helpers.js'

/** The datasets of the MIRAGE bundle. */
export const MIRAGE_SUBSETS = ['medqa', 'medmcqa', 'pubmedqa', 'bioasq', 'mmlu'] as const

async function load(options: LoadOptions): Promise<LoadResult> {
  const subset = options.subset
  if (subset === undefined || !(MIRAGE_SUBSETS as readonly string[]).includes(subset)) {
    throw new InputError(
      `eval: the mirage benchmark needs --subset ${MIRAGE_SUBSETS.join('|')} (got ${subset === undefined ? 'none' : `"${subset}"`})`,
      { field: 'subset', value: subset },
    )
  }
  const bundle = parseJsonFile(await readText(options.path, 'mirage'), options.path, 'mirage')
  if (!isRecord(bundle))
    throw new InputError(`eval: mirage bundle "${options.path}" is not an object`)
  const dataset = bundle[subset]
  if (!isRecord(dataset)) {
    throw new InputError(`eval: mirage bundle "${options.path}" has no "${subset}" dataset`, {
      field: 'subset',
      value: subset,
    })
  }
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  const ids = Object.keys(dataset).sort()
  ids.forEach((id, index) => {
    const position = index + 1
    const entry = dataset[id]
    if (!isRecord(entry)) {
      checker.fail(position, id, 'entry is not an object')
      return
    }
    const question = checker.text(entry, 'question', position)
    const itemOptions = checkOptions(checker, entry.options, position)
    if (question === undefined || itemOptions === undefined) return
    const answer = typeof entry.answer === 'string' ? entry.answer.trim() : ''
    const gold = checkGoldLetters(checker, [answer], itemOptions, position, `${id}.answer`)
    if (gold === undefined) return
    const item: BenchmarkItem = {
      id,
      kind: 'multiple-choice',
      question,
      options: itemOptions,
      gold,
      line: position,
    }
    if (subset === 'mmlu') {
      const subject = id.replace(/-\d+$/, '')
      item.subject = subject
      item.category = subject
    }
    items.push(item)
  })
  return { items, issues: checker.issues }
}

/** The MIRAGE bundle. */
export const mirageBenchmark: BenchmarkDefinition = {
  name: 'mirage',
  title: 'MIRAGE bundle',
  kind: 'multiple-choice',
  layout:
    'benchmark.json: {medqa|medmcqa|pubmedqa|bioasq|mmlu: {id: {question, options, answer}}}; --subset required',
  counts: 'medqa 1,273; medmcqa 4,183; pubmedqa 500; bioasq 618; mmlu 1,089 (7,663)',
  defaultPath: 'benchmarks/mirage/benchmark.json',
  subsets: MIRAGE_SUBSETS,
  load,
}
