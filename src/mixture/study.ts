/**
 * A study: groups on the simplex with bounds, an objective, trials and the last fitted
 * hyperparameters, kept in one JSON file (`galen-mix-study/1`) that is replaced atomically
 * (temporary file, fsync, rename) so a crash never leaves half a study.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { InputError, NotFoundError, safeParseJson } from '../errors.js'
import { MIXTURE_DEFAULTS } from './defaults.js'
import { createSimplexDomain, type Domain, isFeasible } from './domain.js'
import type { GpHyperparameters } from './gp.js'
import { type Objective, parseObjective } from './objective.js'
import { suggest } from './optimiser.js'
import {
  anyOf,
  expectedImprovementBelow,
  maxTrials,
  noImprovement,
  type StopCondition,
} from './stop.js'
import type { Observation } from './surrogate.js'

/** The study file format tag. */
export const STUDY_FORMAT = 'galen-mix-study/1'

/** Decimal places kept in suggested ratios. */
export const RATIO_DECIMALS = 6

/** A group of the mixture and its bounds. */
export interface StudyGroup {
  name: string
  min: number
  max: number
}

/** The stopping rules a study carries (all optional). */
export interface StopSettings {
  max_trials?: number
  /** Stop after this many completed trials without improvement beyond `min_improvement`. */
  patience?: number
  min_improvement?: number
  /** Stop when the largest expected improvement falls below this (objective units). */
  min_expected_improvement?: number
}

/** One trial: a mixture to train and, once observed, its value. */
export interface Trial {
  id: number
  /** Ratios by group name, in the study's group order; they sum to 1. */
  ratios: Record<string, number>
  status: 'pending' | 'complete' | 'failed'
  /** How the trial was chosen. */
  source: 'design' | 'model' | 'fallback'
  /** The suggest call it came from (trials of one batch share it). */
  batch: number
  suggested_at: string
  value?: number
  observed_at?: string
  /** For failed trials: why. */
  reason?: string
  /** For trials observed from eval runs: each term's accuracy and run folder. */
  evidence?: Array<{
    benchmark: string
    category?: string
    subject?: string
    weight: number
    accuracy: number
    run: string
  }>
}

/** The study file. */
export interface Study {
  format: typeof STUDY_FORMAT
  name: string
  seed: string
  groups: StudyGroup[]
  objective: Objective
  initial_trials: number
  stop: StopSettings
  trials: Trial[]
  /** The hyperparameters of the last fit (a warm start for the next). */
  model?: { hyperparameters: GpHyperparameters; observations: number }
  created_at: string
  updated_at: string
}

const finite = z.number().finite()
const trialSchema = z
  .object({
    id: z.number().int().positive(),
    ratios: z.record(z.string(), finite),
    status: z.enum(['pending', 'complete', 'failed']),
    source: z.enum(['design', 'model', 'fallback']),
    batch: z.number().int().nonnegative(),
    suggested_at: z.string(),
    value: finite.optional(),
    observed_at: z.string().optional(),
    reason: z.string().optional(),
    evidence: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .loose()
const studySchema = z
  .object({
    format: z.literal(STUDY_FORMAT),
    name: z.string(),
    seed: z.string(),
    groups: z.array(z.object({ name: z.string(), min: finite, max: finite })).min(2),
    objective: z.unknown(),
    initial_trials: z.number().int().positive(),
    stop: z
      .object({
        max_trials: z.number().int().positive().optional(),
        patience: z.number().int().positive().optional(),
        min_improvement: z.number().nonnegative().optional(),
        min_expected_improvement: z.number().nonnegative().optional(),
      })
      .default({}),
    trials: z.array(trialSchema),
    model: z
      .object({
        hyperparameters: z.object({
          logLengthscales: z.array(finite),
          logSignal: finite,
          logNoise: finite,
          mean: finite,
        }),
        observations: z.number().int(),
      })
      .optional(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .loose()

/** The study's domain (groups on the simplex). */
export function studyDomain(study: Study): Domain {
  return createSimplexDomain(study.groups)
}

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  name: string
  groups: StudyGroup[]
  objective?: Objective
  seed?: string
  initialTrials?: number
  stop?: StopSettings
  now?: Date
}

/**
 * A new study (not yet written).
 *
 * @throws InputError for infeasible bounds, fewer than 2 groups or a repeated name
 */
export function createStudy(options: CreateStudyOptions): Study {
  createSimplexDomain(options.groups)
  const now = (options.now ?? new Date()).toISOString()
  return {
    format: STUDY_FORMAT,
    name: options.name,
    seed: options.seed ?? options.name,
    groups: options.groups.map((group) => ({ ...group })),
    objective: options.objective ?? { direction: 'maximize', terms: [] },
    initial_trials:
      options.initialTrials ?? Math.min(MIXTURE_DEFAULTS.initialTrials, options.groups.length + 2),
    stop: options.stop ?? {},
    trials: [],
    created_at: now,
    updated_at: now,
  }
}

/**
 * Reads and checks a study file.
 *
 * @throws NotFoundError when the file does not exist; InputError when it is not a valid study
 */
export function readStudy(path: string): Study {
  if (!existsSync(path)) throw new NotFoundError(`mixture: study file "${path}" does not exist`)
  const json = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!json.ok) throw json.error
  const parsed = studySchema.safeParse(json.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || '(root)'
    throw new InputError(
      `mixture: "${path}" is not a study file: field "${field}": ${issue?.message}`,
      {
        field,
        value: path,
      },
    )
  }
  const study = parsed.data as unknown as Study
  study.objective = parseObjective(parsed.data.objective, `study "${path}" objective`)
  createSimplexDomain(study.groups)
  return study
}

/** Writes a study atomically: temporary file in the same folder, fsync, rename, fsync folder. */
export function writeStudy(path: string, study: Study, now: Date = new Date()): void {
  study.updated_at = now.toISOString()
  const temporary = `${path}.${process.pid}.tmp`
  const handle = openSync(temporary, 'w')
  try {
    writeSync(handle, `${JSON.stringify(study, null, 2)}\n`)
    fsyncSync(handle)
  } finally {
    closeSync(handle)
  }
  renameSync(temporary, path)
  try {
    const folder = openSync(dirname(path), 'r')
    fsyncSync(folder)
    closeSync(folder)
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic.
  }
}

/** A trial's ratios as a vector in group order. */
export function trialVector(study: Study, trial: Trial): number[] {
  return study.groups.map((group) => trial.ratios[group.name] ?? 0)
}

/** Completed trials as minimised observations (a maximised objective is negated). */
export function studyObservations(study: Study): Observation[] {
  const sign = study.objective.direction === 'maximize' ? -1 : 1
  return study.trials
    .filter((trial) => trial.status === 'complete' && trial.value !== undefined)
    .map((trial) => ({ x: trialVector(study, trial), y: sign * (trial.value as number) }))
}

/**
 * Rounds ratios to {@link RATIO_DECIMALS} places keeping the bounds and an exact sum of 1 (the
 * rounding residue goes to the groups with room).
 */
export function roundRatios(domain: Domain, x: readonly number[]): number[] {
  const factor = 10 ** RATIO_DECIMALS
  const units = x.map((value) => Math.round(value * factor))
  const lower = domain.lower.map((value) => Math.ceil(value * factor - 1e-9))
  const upper = domain.upper.map((value) => Math.floor(value * factor + 1e-9))
  for (let j = 0; j < units.length; j++) {
    units[j] = Math.min(upper[j] as number, Math.max(lower[j] as number, units[j] as number))
  }
  let residue = factor - units.reduce((sum, value) => sum + value, 0)
  for (let j = 0; residue !== 0 && j < units.length * 2; j++) {
    const index = j % units.length
    const current = units[index] as number
    const next = Math.min(
      upper[index] as number,
      Math.max(lower[index] as number, current + residue),
    )
    residue -= next - current
    units[index] = next
  }
  return units.map((value) => value / factor)
}

/** Options of {@link suggestTrials}. */
export interface SuggestTrialsOptions {
  count: number
  now?: Date
}

/**
 * Suggests `count` new trials, records them as pending in the study (the caller writes it) and
 * returns them.
 */
export function suggestTrials(study: Study, options: SuggestTrialsOptions): Trial[] {
  const domain = studyDomain(study)
  const observations = studyObservations(study)
  const pending = study.trials
    .filter((trial) => trial.status === 'pending')
    .map((trial) => trialVector(study, trial))
  const failed = study.trials
    .filter((trial) => trial.status === 'failed')
    .map((trial) => trialVector(study, trial))
  const result = suggest({
    domain,
    observations,
    pending,
    failed,
    count: options.count,
    seed: `${study.seed}:${study.trials.length}`,
    settings: { initialTrials: study.initial_trials },
    previous: study.model?.hyperparameters,
  })
  if (result.hyperparameters !== undefined) {
    study.model = { hyperparameters: result.hyperparameters, observations: observations.length }
  }
  const batch = study.trials.reduce((largest, trial) => Math.max(largest, trial.batch), 0) + 1
  const now = (options.now ?? new Date()).toISOString()
  const trials: Trial[] = result.suggestions.map((suggestion, index) => {
    const rounded = roundRatios(domain, suggestion.x)
    if (!isFeasible(domain, rounded, 1e-9)) {
      throw new InputError(
        `mixture: internal error: suggestion ${JSON.stringify(rounded)} is infeasible`,
        {
          field: 'suggestion',
          value: rounded,
        },
      )
    }
    return {
      id: study.trials.length + index + 1,
      ratios: Object.fromEntries(
        study.groups.map((group, j) => [group.name, rounded[j] as number]),
      ),
      status: 'pending',
      source: suggestion.source,
      batch,
      suggested_at: now,
    }
  })
  study.trials.push(...trials)
  return trials
}

/** Finds a trial by id. @throws InputError naming the id when there is none */
export function findTrial(study: Study, id: number): Trial {
  const trial = study.trials.find((candidate) => candidate.id === id)
  if (trial === undefined) {
    throw new InputError(
      `mixture: study "${study.name}" has no trial ${id} (trials 1..${study.trials.length})`,
      {
        field: 'trial',
        value: id,
      },
    )
  }
  return trial
}

/** What {@link observeTrial} records. */
export type TrialOutcome =
  | { status: 'complete'; value: number; evidence?: Trial['evidence'] }
  | { status: 'failed'; reason: string }

/**
 * Records a trial's outcome (re-observing a trial replaces its earlier outcome).
 *
 * @throws InputError for an unknown trial or a non-finite value
 */
export function observeTrial(
  study: Study,
  id: number,
  outcome: TrialOutcome,
  now: Date = new Date(),
): Trial {
  const trial = findTrial(study, id)
  if (outcome.status === 'complete') {
    if (!Number.isFinite(outcome.value)) {
      throw new InputError(
        `mixture: value for trial ${id} must be a finite number, got ${outcome.value}`,
        {
          field: 'value',
          value: outcome.value,
        },
      )
    }
    trial.status = 'complete'
    trial.value = outcome.value
    delete trial.reason
    if (outcome.evidence !== undefined) trial.evidence = outcome.evidence
    else delete trial.evidence
  } else {
    trial.status = 'failed'
    trial.reason = outcome.reason
    delete trial.value
    delete trial.evidence
  }
  trial.observed_at = now.toISOString()
  return trial
}

/** The best completed trial in the study's direction, or undefined. */
export function bestTrial(study: Study): Trial | undefined {
  const sign = study.objective.direction === 'maximize' ? -1 : 1
  let best: Trial | undefined
  for (const trial of study.trials) {
    if (trial.status !== 'complete' || trial.value === undefined) continue
    if (best === undefined || sign * trial.value < sign * (best.value as number)) best = trial
  }
  return best
}

/** The study's stopping rules as one predicate. */
export function studyStopCondition(study: Study): StopCondition {
  const rules: StopCondition[] = []
  if (study.stop.max_trials !== undefined) rules.push(maxTrials(study.stop.max_trials))
  if (study.stop.patience !== undefined) {
    rules.push(
      noImprovement({ trials: study.stop.patience, tolerance: study.stop.min_improvement ?? 0 }),
    )
  }
  if (study.stop.min_expected_improvement !== undefined) {
    rules.push(expectedImprovementBelow(study.stop.min_expected_improvement))
  }
  return anyOf(...rules)
}
