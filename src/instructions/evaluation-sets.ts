/**
 * The evaluation sets a build is decontaminated against, fingerprinted with rl-data's n-gram
 * index (13 words by default, and 14-character n-grams of folded text for Chinese). By default every evaluation benchmark Galen's eval harness knows
 * is looked up under the data folder; sets that are absent are noted, never silently skipped.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describeError, InputError } from '../errors.js'
import {
  type BenchmarkText,
  buildDecontaminationIndex,
  type DecontaminationIndex,
  loadEvalBenchmarkTexts,
  readBenchmarkFile,
} from '../rl-data/index.js'

/** The evaluation benchmarks checked by default (eval harness names). */
export const DEFAULT_EVALUATION_SETS: readonly string[] = [
  'medqa',
  'medmcqa',
  'mmlu-med',
  'medbullets',
  'pubmedqa',
  'medxpertqa',
  'cmmlu-med',
  'cnmleqa',
  'xmedbench-zh:medqa-mcmle',
  'xmedbench-zh:cmb',
  'xmedbench-zh:cmexam',
  'cmb-clin',
  'medcalc-bench',
]

/** What was fingerprinted, and what could not be. */
export interface EvaluationIndexResult {
  index?: DecontaminationIndex
  loaded: string[]
  notes: string[]
}

/**
 * Fingerprints evaluation sets. `specs` are `NAME=PATH` (a file read as JSON Lines, JSON or text,
 * or a folder an eval loader reads) or `NAME` (an eval-harness benchmark under `dataRoot`).
 * Without specs, {@link DEFAULT_EVALUATION_SETS} are tried under `dataRoot`.
 *
 * @throws InputError for a malformed spec or a named file that does not exist
 */
export async function loadEvaluationIndex(options: {
  specs?: readonly string[]
  dataRoot?: string
  /** Word n-gram length (default 13). */
  n?: number
  /** Character n-gram length for text with CJK characters (default 14). */
  cjkN?: number
}): Promise<EvaluationIndexResult> {
  const texts: BenchmarkText[] = []
  const loaded: string[] = []
  const notes: string[] = []
  const explicit = options.specs !== undefined && options.specs.length > 0
  const specs = explicit ? (options.specs as readonly string[]) : DEFAULT_EVALUATION_SETS
  if (!explicit && options.dataRoot === undefined) {
    notes.push(
      'no evaluation data folder (give --eval-data DIR or set GALEN_BENCHMARK_DATA): nothing to decontaminate against',
    )
    return { loaded, notes }
  }
  for (const spec of specs) {
    const match = /^([a-z0-9][a-z0-9-]*)(?::([a-z0-9_-]+))?(?:=(.+))?$/i.exec(spec)
    if (match === null) {
      throw new InputError(
        `instructions: evaluation set "${spec}" is invalid: expected NAME, NAME:SUBSET or NAME=PATH`,
        { field: 'decontaminate', value: spec },
      )
    }
    const name = match[1] as string
    const subset = match[2]
    const path = match[3] === undefined ? undefined : resolve(match[3])
    if (path !== undefined && !existsSync(path)) {
      throw new InputError(`instructions: evaluation set file "${path}" does not exist`, {
        field: 'decontaminate',
        value: spec,
      })
    }
    try {
      const viaEval = await loadEvalBenchmarkTexts(name, {
        ...(path === undefined ? {} : { path }),
        ...(options.dataRoot === undefined ? {} : { dataRoot: options.dataRoot }),
        ...(subset === undefined ? {} : { subset }),
      })
      if (viaEval !== undefined) {
        texts.push(...viaEval.texts)
        loaded.push(`${name} (${viaEval.texts.length} texts from ${viaEval.path})`)
        continue
      }
      if (path === undefined) {
        notes.push(`${name}: not an eval-harness benchmark; give ${name}=PATH`)
        continue
      }
      const fromFile = await readBenchmarkFile(name, path)
      texts.push(...fromFile)
      loaded.push(`${name} (${fromFile.length} texts from ${path})`)
    } catch (error) {
      if (explicit) throw error
      notes.push(`${name}: not loaded (${describeError(error)})`)
    }
  }
  if (texts.length === 0) {
    notes.push('no evaluation texts were loaded: nothing to decontaminate against')
    return { loaded, notes }
  }
  const index = await buildDecontaminationIndex(texts, {
    ...(options.n === undefined ? {} : { n: options.n }),
    ...(options.cjkN === undefined ? {} : { cjkN: options.cjkN }),
  })
  return { index, loaded, notes }
}
