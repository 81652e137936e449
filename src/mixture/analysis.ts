/**
 * What `galen mix status` and `best` report: trials, the best so far, the model's predicted
 * optimum with its uncertainty, per-group effects, the expected improvement left and whether a
 * stopping rule fires.
 */
import { expectedImprovement } from './acquisition.js'
import { predictOptimum, suggest } from './optimiser.js'
import type { StopDecision } from './stop.js'
import {
  bestTrial,
  type Study,
  studyDomain,
  studyObservations,
  studyStopCondition,
  type Trial,
} from './study.js'
import { fitSurrogate, type Surrogate } from './surrogate.js'

/** The effect of one group near the predicted optimum. */
export interface GroupEffect {
  group: string
  /**
   * Predicted change of the objective when this group's ratio rises by 0.1 (taken from the
   * others in proportion), as a central difference at the predicted optimum.
   */
  per_tenth: number
  /** Relevance from the GP: 1 / lengthscale (normalised units), scaled so the largest is 1. */
  relevance: number
}

/** A study's analysis. */
export interface StudyAnalysis {
  study: string
  direction: 'maximize' | 'minimize'
  trials: { total: number; complete: number; pending: number; failed: number }
  best?: { trial: number; value: number; ratios: Record<string, number> }
  /** Best value so far after each completed trial, in trial order. */
  trace: Array<{ trial: number; value: number; best: number; source: Trial['source'] }>
  /** Present when at least 2 trials are complete. */
  model?: {
    optimum: { ratios: Record<string, number>; mean: number; sd: number }
    effects: GroupEffect[]
    /** The largest expected improvement left (objective units). */
    expected_improvement: number
  }
  stop?: StopDecision
}

function shifted(x: readonly number[], group: number, delta: number): number[] {
  const current = x[group] as number
  const target = Math.min(1, Math.max(0, current + delta))
  const restBefore = 1 - current
  const restAfter = 1 - target
  return x.map((value, index) =>
    index === group
      ? target
      : restBefore > 0
        ? (value * restAfter) / restBefore
        : restAfter / (x.length - 1),
  )
}

function groupEffects(study: Study, surrogate: Surrogate, x: readonly number[]): GroupEffect[] {
  const sign = study.objective.direction === 'maximize' ? -1 : 1
  const delta = 0.05
  const lengthscales = surrogate.gp.lengthscaleValues
  const relevance = lengthscales.map((value) => 1 / value)
  const largest = Math.max(...relevance)
  return study.groups.map((group, index) => {
    const up = surrogate.predict(shifted(x, index, delta)).mean
    const down = surrogate.predict(shifted(x, index, -delta)).mean
    const upper = Math.min(1, (x[index] as number) + delta)
    const lower = Math.max(0, (x[index] as number) - delta)
    const slope = upper > lower ? (sign * (up - down)) / (upper - lower) : 0
    return {
      group: group.name,
      per_tenth: Number((slope * 0.1).toPrecision(4)),
      relevance: Number(((relevance[index] as number) / largest).toFixed(3)),
    }
  })
}

/** Analyses a study (fits the model when at least 2 trials are complete). */
export function analyseStudy(study: Study): StudyAnalysis {
  const sign = study.objective.direction === 'maximize' ? -1 : 1
  const counts = { total: study.trials.length, complete: 0, pending: 0, failed: 0 }
  for (const trial of study.trials) counts[trial.status] += 1
  const trace: StudyAnalysis['trace'] = []
  let running: number | undefined
  for (const trial of study.trials) {
    if (trial.status !== 'complete' || trial.value === undefined) continue
    running = running === undefined || sign * trial.value < sign * running ? trial.value : running
    trace.push({ trial: trial.id, value: trial.value, best: running, source: trial.source })
  }
  const analysis: StudyAnalysis = {
    study: study.name,
    direction: study.objective.direction,
    trials: counts,
    trace,
  }
  const best = bestTrial(study)
  if (best !== undefined) {
    analysis.best = { trial: best.id, value: best.value as number, ratios: best.ratios }
  }
  const observations = studyObservations(study)
  if (observations.length >= 2) {
    const domain = studyDomain(study)
    const seed = `${study.seed}:analysis:${observations.length}`
    const surrogate = fitSurrogate({
      domain,
      observations,
      seed,
      previous: study.model?.hyperparameters,
    })
    const optimum = predictOptimum(surrogate, { seed })
    // The largest EI the model offers: at the point the next suggestion would take.
    const next = suggest({
      domain,
      observations,
      count: 1,
      seed,
      settings: { initialTrials: 0 },
      previous: surrogate.gp.hyperparameters,
    })
    const point = next.suggestions[0]?.x ?? optimum.x
    const prediction = surrogate.predict(point)
    const incumbent = surrogate.incumbentValue
    const improvement = expectedImprovement(
      prediction.mean,
      Math.max(prediction.sd, 1e-12),
      incumbent,
    )
    analysis.model = {
      optimum: {
        ratios: Object.fromEntries(
          study.groups.map((group, j) => [group.name, Number((optimum.x[j] as number).toFixed(4))]),
        ),
        mean: sign * optimum.mean,
        sd: optimum.sd,
      },
      effects: groupEffects(study, surrogate, optimum.x),
      expected_improvement: improvement,
    }
  }
  const values = study.trials
    .filter((trial) => trial.status === 'complete' && trial.value !== undefined)
    .map((trial) => sign * (trial.value as number))
  const decision = studyStopCondition(study)({
    trials: study.trials.length,
    values,
    ...(analysis.model === undefined
      ? {}
      : { expectedImprovement: analysis.model.expected_improvement }),
  })
  if (decision !== undefined) analysis.stop = decision
  return analysis
}
