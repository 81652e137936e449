/**
 * The study objective: a weighted mean of accuracies read from `galen eval` run folders
 * (`summary.json`, with `run.json` for the subset), per benchmark, category or subject.
 * Only eval's types are imported; the files are read and checked here as untrusted input.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { InputError, safeParseJson } from '../errors.js'
import type { EvalSummaryFile, GroupStatistics, RunManifest } from '../eval/index.js'

/** One weighted term of the objective. */
export interface ObjectiveTerm {
  /** Benchmark name as `galen eval` writes it (`medqa`, or `mirage/medqa` with a subset). */
  benchmark: string
  /** Use this category's accuracy instead of the overall one. */
  category?: string
  /** Use this subject's accuracy instead of the overall one. */
  subject?: string
  weight: number
}

/** The objective of a study. */
export interface Objective {
  /** `maximize` for scores (the default), `minimize` for losses. */
  direction: 'maximize' | 'minimize'
  /** Empty when values are given directly (`--value`). */
  terms: ObjectiveTerm[]
}

const termSchema = z
  .object({
    benchmark: z.string().min(1),
    category: z.string().min(1).optional(),
    subject: z.string().min(1).optional(),
    weight: z.number().positive().finite(),
  })
  .strict()
  .refine((term) => term.category === undefined || term.subject === undefined, {
    message: 'a term names a category or a subject, not both',
  })

const objectiveSchema = z
  .object({
    direction: z.enum(['maximize', 'minimize']).default('maximize'),
    terms: z.array(termSchema).default([]),
  })
  .strict()

function zodProblem(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]
  return { field: issue?.path.join('.') || '(root)', message: issue?.message ?? 'invalid' }
}

/**
 * Checks an objective given as untrusted JSON.
 *
 * @throws InputError naming the field at fault
 */
export function parseObjective(value: unknown, source = 'objective'): Objective {
  const parsed = objectiveSchema.safeParse(value)
  if (!parsed.success) {
    const problem = zodProblem(parsed.error)
    throw new InputError(`mixture: ${source} field "${problem.field}": ${problem.message}`, {
      field: problem.field,
      value,
    })
  }
  const terms: ObjectiveTerm[] = parsed.data.terms.map((term) => ({
    benchmark: term.benchmark,
    weight: term.weight,
    ...(term.category === undefined ? {} : { category: term.category }),
    ...(term.subject === undefined ? {} : { subject: term.subject }),
  }))
  return { direction: parsed.data.direction, terms }
}

/** What one eval run contributes: its names and its statistics. */
export interface RunSummary {
  directory: string
  /** Names the run answers to: the summary's benchmark, and `benchmark/subset` from run.json. */
  names: string[]
  accuracy: number
  byCategory: Record<string, GroupStatistics>
  bySubject: Record<string, GroupStatistics>
}

const statisticsSchema = z.object({ accuracy: z.number().min(0).max(1), n: z.number() }).loose()
const summarySchema = z
  .object({
    benchmark: z.string().min(1),
    accuracy: z.number().min(0).max(1),
    by_category: z.record(z.string(), statisticsSchema).default({}),
    by_subject: z.record(z.string(), statisticsSchema).default({}),
  })
  .loose()

/**
 * Reads a `galen eval` run folder's summary.
 *
 * @throws InputError when the folder has no readable `summary.json`
 */
export function readRunSummary(directory: string): RunSummary {
  const path = join(directory, 'summary.json')
  if (!existsSync(path)) {
    throw new InputError(
      `mixture: "${directory}" has no summary.json (is it a galen eval run folder?)`,
      {
        field: 'eval',
        value: directory,
      },
    )
  }
  const json = safeParseJson(readFileSync(path, 'utf8'), path)
  const parsed = json.ok ? summarySchema.safeParse(json.value) : undefined
  if (parsed === undefined || !parsed.success) {
    const detail = parsed === undefined ? 'not JSON' : zodProblem(parsed.error).field
    throw new InputError(`mixture: "${path}" is not an eval summary (${detail})`, {
      field: 'eval',
      value: directory,
    })
  }
  const summary = parsed.data as unknown as EvalSummaryFile
  const names = [summary.benchmark]
  const manifestPath = join(directory, 'run.json')
  if (existsSync(manifestPath)) {
    const manifest = safeParseJson(readFileSync(manifestPath, 'utf8'), manifestPath)
    if (manifest.ok && typeof manifest.value === 'object' && manifest.value !== null) {
      const run = manifest.value as Partial<RunManifest>
      if (typeof run.benchmark === 'string') {
        if (typeof run.subset === 'string') names.push(`${run.benchmark}/${run.subset}`)
        else names.push(run.benchmark)
      }
    }
  }
  return {
    directory,
    names: [...new Set(names)],
    accuracy: summary.accuracy,
    byCategory: summary.by_category,
    bySubject: summary.by_subject,
  }
}

/** The computed objective value and what each term contributed. */
export interface ObjectiveValue {
  value: number
  terms: Array<ObjectiveTerm & { accuracy: number; run: string }>
}

/**
 * The weighted mean `Σ w_i a_i / Σ w_i` of the terms' accuracies.
 *
 * @throws InputError when the objective has no terms, a term matches no run (or several), or the
 *   category or subject is missing from the matching run
 */
export function scoreObjective(objective: Objective, runs: readonly RunSummary[]): ObjectiveValue {
  if (objective.terms.length === 0) {
    throw new InputError(
      'mixture: the study objective has no terms; observe with --value or init with --objective',
      {
        field: 'objective.terms',
        value: [],
      },
    )
  }
  let weighted = 0
  let totalWeight = 0
  const terms: ObjectiveValue['terms'] = []
  for (const term of objective.terms) {
    const matches = runs.filter((run) => run.names.includes(term.benchmark))
    if (matches.length !== 1) {
      throw new InputError(
        `mixture: objective term "${term.benchmark}" matches ${matches.length} of the given runs (${runs
          .map((run) => run.names[0])
          .join(', ')}); give exactly one run per benchmark`,
        { field: 'eval', value: term.benchmark },
      )
    }
    const run = matches[0] as RunSummary
    let accuracy = run.accuracy
    if (term.category !== undefined || term.subject !== undefined) {
      const table = term.category !== undefined ? run.byCategory : run.bySubject
      const key = (term.category ?? term.subject) as string
      const statistics = table[key]
      if (statistics === undefined) {
        throw new InputError(
          `mixture: run "${run.directory}" has no ${term.category !== undefined ? 'category' : 'subject'} "${key}" (has: ${Object.keys(table).join(', ') || 'none'})`,
          { field: term.category !== undefined ? 'category' : 'subject', value: key },
        )
      }
      accuracy = statistics.accuracy
    }
    weighted += term.weight * accuracy
    totalWeight += term.weight
    terms.push({ ...term, accuracy, run: run.directory })
  }
  return { value: weighted / totalWeight, terms }
}
