/**
 * Stopping rules as predicates over a study's progress. Each returns a decision when it fires
 * and undefined otherwise; {@link anyOf} combines them (the first that fires wins).
 */

/** What a stopping rule sees. */
export interface StudyProgress {
  /** Trials suggested so far (any status). */
  trials: number
  /** Values of completed trials, in trial order, already in "lower is better" form. */
  values: readonly number[]
  /** The largest expected improvement the model still offers (original units), when known. */
  expectedImprovement?: number
}

/** Why a study should stop. */
export interface StopDecision {
  rule: string
  reason: string
}

/** A stopping rule. */
export type StopCondition = (progress: StudyProgress) => StopDecision | undefined

/** Fires once `limit` trials have been suggested. */
export function maxTrials(limit: number): StopCondition {
  return (progress) =>
    progress.trials >= limit
      ? { rule: 'max_trials', reason: `${progress.trials} trials reached the limit of ${limit}` }
      : undefined
}

/**
 * Fires when the last `trials` completed trials improved the best value by no more than
 * `tolerance` (original units).
 */
export function noImprovement(options: { trials: number; tolerance: number }): StopCondition {
  return (progress) => {
    const { values } = progress
    if (values.length <= options.trials) return undefined
    const before = Math.min(...values.slice(0, values.length - options.trials))
    const after = Math.min(...values)
    return before - after <= options.tolerance
      ? {
          rule: 'no_improvement',
          reason: `the last ${options.trials} trials improved the best value by ${(before - after).toPrecision(3)} (tolerance ${options.tolerance})`,
        }
      : undefined
  }
}

/** Fires when the model's largest expected improvement falls below `threshold`. */
export function expectedImprovementBelow(threshold: number): StopCondition {
  return (progress) =>
    progress.expectedImprovement !== undefined && progress.expectedImprovement < threshold
      ? {
          rule: 'expected_improvement',
          reason: `the largest expected improvement ${progress.expectedImprovement.toPrecision(3)} is below ${threshold}`,
        }
      : undefined
}

/** The first decision of several rules. */
export function anyOf(...conditions: readonly StopCondition[]): StopCondition {
  return (progress) => {
    for (const condition of conditions) {
      const decision = condition(progress)
      if (decision !== undefined) return decision
    }
    return undefined
  }
}
