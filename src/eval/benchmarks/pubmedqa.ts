/**
 * PubMedQA: yes/no/maybe questions on PubMed abstracts, as multiple choice A = yes, B = no,
 * C = maybe (MIRAGE's convention).
 *
 * Layout: a folder holding `ori_pqal.json` (PQA-L, 1,000 labelled items) and/or `test_set.json`
 * (the 500-item test split, with contexts) and `test_ground_truth.json` (its labels), or one of
 * those JSON files directly. Each entry: `{QUESTION, CONTEXTS: [..], LABELS, MESHES, YEAR,
 * final_decision, LONG_ANSWER}` keyed by PubMed id.
 *
 * Subsets: `test` (default), `pqal`, and `test-question-only` / `pqal-question-only` which
 * leave the abstract out (the MIRAGE PubMedQA* setting).
 */
import { basename, join } from 'node:path'
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import {
  describe,
  isFolder,
  isRecord,
  parseJsonFile,
  RowChecker,
  readText,
} from './load-helpers.js'

const SUBSETS = ['test', 'pqal', 'test-question-only', 'pqal-question-only'] as const
const DECISIONS: Record<string, string> = { yes: 'A', no: 'B', maybe: 'C' }

async function resolveFiles(
  path: string,
  subset: string,
): Promise<{ data: string; labels?: string }> {
  const split = subset.startsWith('pqal') ? 'pqal' : 'test'
  if (await isFolder(path)) {
    return split === 'pqal'
      ? { data: join(path, 'ori_pqal.json') }
      : { data: join(path, 'test_set.json'), labels: join(path, 'test_ground_truth.json') }
  }
  if (split === 'test' && basename(path) === 'test_set.json') {
    const labels = join(path, '..', 'test_ground_truth.json')
    return { data: path, labels }
  }
  return { data: path }
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const subset = options.subset ?? 'test'
  if (!(SUBSETS as readonly string[]).includes(subset)) {
    throw new InputError(
      `eval: unknown pubmedqa subset "${subset}" (expected one of ${SUBSETS.join(', ')})`,
      { field: 'subset', value: subset },
    )
  }
  const withContext = !subset.endsWith('question-only')
  const files = await resolveFiles(options.path, subset)
  const data = parseJsonFile(await readText(files.data, 'pubmedqa'), files.data, 'pubmedqa')
  if (!isRecord(data)) throw new InputError(`eval: pubmedqa file "${files.data}" is not an object`)
  let labels: Record<string, unknown> | undefined
  if (files.labels !== undefined) {
    try {
      const parsed = parseJsonFile(
        await readText(files.labels, 'pubmedqa'),
        files.labels,
        'pubmedqa',
      )
      if (isRecord(parsed)) labels = parsed
    } catch {
      labels = undefined
    }
  }
  const checker = new RowChecker()
  const items: BenchmarkItem[] = []
  let position = 0
  for (const [id, entry] of Object.entries(data)) {
    position += 1
    if (!isRecord(entry)) {
      checker.fail(position, id, 'entry is not an object')
      continue
    }
    const question = checker.text(entry, 'QUESTION', position)
    if (question === undefined) continue
    const decision = labels?.[id] ?? entry.final_decision
    const gold = typeof decision === 'string' ? DECISIONS[decision.trim().toLowerCase()] : undefined
    if (gold === undefined) {
      checker.fail(
        position,
        'final_decision',
        `label must be yes, no or maybe, got ${describe(decision)}`,
      )
      continue
    }
    const item: BenchmarkItem = {
      id,
      kind: 'multiple-choice',
      question,
      options: { A: 'yes', B: 'no', C: 'maybe' },
      gold: [gold],
      line: position,
    }
    if (withContext) {
      const contexts = entry.CONTEXTS
      if (!Array.isArray(contexts) || !contexts.every((part) => typeof part === 'string')) {
        checker.fail(position, 'CONTEXTS', 'CONTEXTS is not a list of strings')
        continue
      }
      item.context = contexts.join('\n')
    }
    if (typeof entry.YEAR === 'string') item.subject = entry.YEAR
    items.push(item)
  }
  if (labels !== undefined) {
    for (const id of Object.keys(labels)) {
      if (data[id] === undefined)
        checker.fail(0, id, `label for "${id}" has no question in ${files.data}`)
    }
  }
  return { items, issues: checker.issues }
}

/** PubMedQA (PQA-L and the 500-item test split, with or without the abstract). */
export const pubmedqaBenchmark: BenchmarkDefinition = {
  name: 'pubmedqa',
  title: 'PubMedQA (yes/no/maybe)',
  kind: 'multiple-choice',
  layout:
    'folder with test_set.json + test_ground_truth.json (test) and/or ori_pqal.json (pqal); entries {QUESTION, CONTEXTS, final_decision} by PubMed id',
  counts: 'test: 500; pqal: 1,000',
  defaultPath: 'benchmarks/pubmedqa',
  subsets: SUBSETS,
  load,
}
