/**
 * Suggestions: a space-filling design first, then log expected improvement maximised over the
 * (constrained) domain from many starts, batches by the kriging believer, never a duplicate.
 * Also the pool variant (choose among given points) and the model's predicted optimum.
 */
import { logExpectedImprovement } from './acquisition.js'
import { type OptimiserSettings, resolveSettings } from './defaults.js'
import {
  type Domain,
  denormalise,
  normalise,
  projectNormalised,
  sampleNormalised,
} from './domain.js'
import type { GaussianProcess, GpHyperparameters } from './gp.js'
import { createRandom, type Random } from './random.js'
import { fitSurrogate, type Observation, type Surrogate } from './surrogate.js'

/** Options of {@link suggest}. */
export interface SuggestOptions {
  domain: Domain
  /** Completed evaluations (values minimised). */
  observations: readonly Observation[]
  /** Points suggested earlier and not yet observed (believed at the model's mean). */
  pending?: readonly (readonly number[])[]
  /** Points whose evaluation failed: never suggested again, not modelled. */
  failed?: readonly (readonly number[])[]
  /** How many points to suggest (a batch for parallel runs). */
  count: number
  seed: string | number
  settings?: Partial<OptimiserSettings>
  /** Hyperparameters of the previous fit (a start of the next fit). */
  previous?: GpHyperparameters | undefined
}

/** One suggested point. */
export interface Suggestion {
  /** Original coordinates. */
  x: number[]
  /** `design` (space-filling start), `model` (log EI) or `fallback` (random, far from others). */
  source: 'design' | 'model' | 'fallback'
  /** log EI in standardised units, for model suggestions. */
  logExpectedImprovement?: number
}

/** What {@link suggest} returns. */
export interface SuggestResult {
  suggestions: Suggestion[]
  /** The fitted hyperparameters, when a model was fitted. */
  hyperparameters?: GpHyperparameters
}

function maxNormDistance(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let largest = 0
  for (let j = 0; j < left.length; j++) {
    largest = Math.max(largest, Math.abs((left[j] as number) - (right[j] as number)))
  }
  return largest
}

function squaredDistance(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let sum = 0
  for (let j = 0; j < left.length; j++) sum += ((left[j] as number) - (right[j] as number)) ** 2
  return sum
}

function isDuplicate(
  point: ArrayLike<number>,
  others: readonly ArrayLike<number>[],
  tolerance: number,
): boolean {
  return others.some((other) => maxNormDistance(point, other) < tolerance)
}

/** The candidate farthest (Euclidean, normalised) from every point in `others`. */
function farthest(
  candidates: readonly Float64Array[],
  others: readonly ArrayLike<number>[],
): Float64Array {
  let best = candidates[0] as Float64Array
  let bestDistance = Number.NEGATIVE_INFINITY
  for (const candidate of candidates) {
    let nearest = Number.POSITIVE_INFINITY
    for (const other of others) nearest = Math.min(nearest, squaredDistance(candidate, other))
    if (nearest > bestDistance) {
      bestDistance = nearest
      best = candidate
    }
  }
  return best
}

/** log EI at a normalised point under a GP, with its gradient when asked. */
function acquisition(
  gp: GaussianProcess,
  point: ArrayLike<number>,
  incumbent: number,
  withGradient: boolean,
): { value: number; gradient?: Float64Array } {
  const prediction = gp.predict(point, withGradient)
  const sd = Math.sqrt(prediction.variance)
  const ei = logExpectedImprovement(prediction.mean, sd, incumbent)
  if (!withGradient || prediction.meanGradient === undefined) return { value: ei.value }
  const varianceGradient = prediction.varianceGradient as Float64Array
  const gradient = Float64Array.from(
    prediction.meanGradient,
    (dMean, j) => ei.dMean * dMean + (ei.dSd * (varianceGradient[j] as number)) / (2 * sd),
  )
  return { value: ei.value, gradient }
}

/**
 * Projected gradient ascent (or descent) with an adaptive step along the normalised gradient.
 */
function climb(
  domain: Domain,
  start: Float64Array,
  evaluate: (point: Float64Array) => { value: number; gradient?: Float64Array },
  iterations: number,
): { point: Float64Array; value: number } {
  let point = start
  let current = evaluate(point)
  let step = 0.05
  for (let iteration = 0; iteration < iterations && step > 1e-6; iteration++) {
    const gradient = current.gradient
    if (gradient === undefined) break
    let norm = 0
    for (const value of gradient) norm += value * value
    norm = Math.sqrt(norm)
    if (!(norm > 0) || !Number.isFinite(norm)) break
    const moved = projectNormalised(
      domain,
      Float64Array.from(point, (value, j) => value + (step * (gradient[j] as number)) / norm),
    )
    const next = evaluate(moved)
    if (Number.isFinite(next.value) && next.value > current.value) {
      point = moved
      current = next
      step *= 1.5
    } else {
      step *= 0.4
    }
  }
  return { point, value: current.value }
}

/** Random and local candidates, in normalised coordinates. */
function candidatePoints(
  domain: Domain,
  random: Random,
  centres: readonly ArrayLike<number>[],
  settings: OptimiserSettings,
  budget: number,
): Float64Array[] {
  const candidates: Float64Array[] = []
  for (let index = 0; index < budget; index++) candidates.push(sampleNormalised(domain, random))
  for (const centre of centres) {
    for (let index = 0; index < settings.localCandidates; index++) {
      const moved = Float64Array.from(
        { length: centre.length },
        (_, j) => (centre[j] as number) + settings.localScale * random.normal(),
      )
      candidates.push(projectNormalised(domain, moved))
    }
  }
  return candidates
}

/** The candidate budget: fewer screened candidates when the model is large (cost ∝ n²). */
function screeningBudget(settings: OptimiserSettings, n: number): number {
  return Math.max(200, Math.min(settings.candidates, Math.floor(1e8 / (n * n + 1))))
}

function bestObservedCentres(
  normalisedX: readonly number[][],
  y: readonly number[],
  count: number,
): number[][] {
  return y
    .map((value, index) => ({ value, index }))
    .sort((left, right) => left.value - right.value)
    .slice(0, count)
    .map((entry) => normalisedX[entry.index] as number[])
}

/**
 * Picks one point by maximising log EI (normalised coordinates), skipping duplicates of `taken`.
 */
function maximiseAcquisition(options: {
  domain: Domain
  gp: GaussianProcess
  incumbent: number
  centres: readonly ArrayLike<number>[]
  taken: readonly ArrayLike<number>[]
  random: Random
  settings: OptimiserSettings
}): { point: Float64Array; value: number } | undefined {
  const { domain, gp, incumbent, settings, random } = options
  const candidates = candidatePoints(
    domain,
    random,
    options.centres,
    settings,
    screeningBudget(settings, gp.n),
  )
  const scored = candidates
    .map((point) => ({ point, value: acquisition(gp, point, incumbent, false).value }))
    .filter((entry) => Number.isFinite(entry.value))
    .sort((left, right) => right.value - left.value)
  const results: { point: Float64Array; value: number }[] = []
  for (const entry of scored.slice(0, settings.acquisitionStarts)) {
    results.push(
      climb(
        domain,
        entry.point,
        (point) => acquisition(gp, point, incumbent, true),
        settings.acquisitionIterations,
      ),
    )
  }
  results.push(...scored)
  results.sort((left, right) => right.value - left.value)
  return results.find(
    (entry) => !isDuplicate(entry.point, options.taken, settings.duplicateTolerance),
  )
}

/**
 * Suggests the next `count` points.
 *
 * @example
 * ```ts
 * const domain = createSimplexDomain([{ name: 'exam', min: 0.1, max: 0.6 }, ...])
 * const { suggestions } = suggest({ domain, observations, count: 2, seed: 'study-1' })
 * ```
 */
export function suggest(options: SuggestOptions): SuggestResult {
  const settings = resolveSettings(options.settings)
  const { domain } = options
  const random = createRandom(
    `${options.seed}:suggest:${options.observations.length}:${options.pending?.length ?? 0}:${
      options.failed?.length ?? 0
    }`,
  )
  const observedPoints = options.observations.map((observation) => normalise(domain, observation.x))
  const pendingPoints = (options.pending ?? []).map((x) => normalise(domain, x))
  const failedPoints = (options.failed ?? []).map((x) => normalise(domain, x))
  const taken: ArrayLike<number>[] = [...observedPoints, ...pendingPoints, ...failedPoints]
  const suggestions: Suggestion[] = []
  const fallbackPool = (): Float64Array[] =>
    Array.from({ length: 50 * domain.lower.length + 200 }, () => sampleNormalised(domain, random))
  const addFallback = (): void => {
    const point = farthest(fallbackPool(), taken)
    taken.push(point)
    suggestions.push({ x: denormalise(domain, point), source: 'fallback' })
  }
  // The space-filling design, until `initialTrials` trials exist (or too few completed ones).
  while (
    suggestions.length < options.count &&
    (taken.length < settings.initialTrials || options.observations.length < 2)
  ) {
    const pool = fallbackPool()
    // The first trial is the centre of the domain (equal shares, within the bounds): the
    // natural baseline of a mixture study.
    const point =
      taken.length === 0
        ? projectNormalised(domain, new Array<number>(domain.lower.length).fill(0.5))
        : farthest(pool, taken)
    taken.push(point)
    suggestions.push({ x: denormalise(domain, point), source: 'design' })
  }
  if (suggestions.length >= options.count) return { suggestions }
  const surrogate = fitSurrogate({
    domain,
    observations: options.observations,
    seed: `${options.seed}:${options.observations.length}`,
    settings,
    previous: options.previous,
  })
  let gp = surrogate.gp
  // Pending trials are believed at the posterior mean, so a batch spreads out.
  for (const point of pendingPoints) gp = gp.condition(point, gp.predict(point).mean)
  const modelValues = Array.from(surrogate.transform.values)
  let incumbent = surrogate.incumbent
  while (suggestions.length < options.count) {
    const centres = bestObservedCentres(observedPoints, modelValues, settings.localCentres)
    const chosen = maximiseAcquisition({
      domain,
      gp,
      incumbent,
      centres,
      taken,
      random,
      settings,
    })
    if (chosen === undefined) {
      addFallback()
      continue
    }
    taken.push(chosen.point)
    suggestions.push({
      x: denormalise(domain, chosen.point),
      source: 'model',
      logExpectedImprovement: chosen.value,
    })
    if (suggestions.length < options.count) {
      const believed = gp.predict(chosen.point).mean
      gp = gp.condition(chosen.point, believed)
      incumbent = Math.min(incumbent, believed)
    }
  }
  return { suggestions, hyperparameters: surrogate.gp.hyperparameters }
}

/** Options of {@link suggestFromPool}. */
export interface PoolOptions {
  domain: Domain
  /** The candidate points (original coordinates). */
  pool: readonly (readonly number[])[]
  /** Indices of pool points already evaluated, with their (minimised) values. */
  observed: ReadonlyArray<{ index: number; y: number }>
  count: number
  seed: string | number
  settings?: Partial<OptimiserSettings>
  previous?: GpHyperparameters | undefined
}

/**
 * Chooses the next `count` pool points not yet observed: random while fewer than 2 are observed,
 * then the highest log EI (kriging believer within a batch).
 */
export function suggestFromPool(options: PoolOptions): {
  indices: number[]
  hyperparameters?: GpHyperparameters
} {
  const settings = resolveSettings(options.settings)
  const random = createRandom(`${options.seed}:pool:${options.observed.length}`)
  const used = new Set(options.observed.map((entry) => entry.index))
  const remaining = options.pool.map((_, index) => index).filter((index) => !used.has(index))
  const indices: number[] = []
  if (options.observed.length < 2) {
    while (indices.length < options.count && remaining.length > 0) {
      const position = random.integer(remaining.length)
      indices.push(remaining.splice(position, 1)[0] as number)
    }
    return { indices }
  }
  const surrogate = fitSurrogate({
    domain: options.domain,
    observations: options.observed.map((entry) => ({
      x: options.pool[entry.index] as readonly number[],
      y: entry.y,
    })),
    seed: `${options.seed}:${options.observed.length}`,
    settings,
    previous: options.previous,
  })
  const normalisedPool = options.pool.map((x) => normalise(options.domain, x))
  let gp = surrogate.gp
  let incumbent = surrogate.incumbent
  while (indices.length < options.count && remaining.length > 0) {
    let bestPosition = 0
    let bestValue = Number.NEGATIVE_INFINITY
    remaining.forEach((index, position) => {
      const value = acquisition(gp, normalisedPool[index] as number[], incumbent, false).value
      if (value > bestValue) {
        bestValue = value
        bestPosition = position
      }
    })
    const index = remaining.splice(bestPosition, 1)[0] as number
    indices.push(index)
    const point = normalisedPool[index] as number[]
    const believed = gp.predict(point).mean
    gp = gp.condition(point, believed)
    incumbent = Math.min(incumbent, believed)
  }
  return { indices, hyperparameters: surrogate.gp.hyperparameters }
}

/** The model's predicted optimum: the point minimising the posterior mean, with its sd. */
export interface PredictedOptimum {
  x: number[]
  mean: number
  sd: number
}

/** Minimises the surrogate's posterior mean over the domain (multi-start projected descent). */
export function predictOptimum(
  surrogate: Surrogate,
  options: { seed: string | number; settings?: Partial<OptimiserSettings> },
): PredictedOptimum {
  const settings = resolveSettings(options.settings)
  const { domain, gp } = surrogate
  const random = createRandom(`${options.seed}:optimum`)
  const candidates = candidatePoints(domain, random, [], settings, screeningBudget(settings, gp.n))
  const negativeMean = (point: ArrayLike<number>, withGradient: boolean) => {
    const prediction = gp.predict(point, withGradient)
    return withGradient && prediction.meanGradient !== undefined
      ? { value: -prediction.mean, gradient: prediction.meanGradient.map((value) => -value) }
      : { value: -prediction.mean }
  }
  const scored = candidates
    .map((point) => ({ point, value: negativeMean(point, false).value }))
    .sort((left, right) => right.value - left.value)
  let best = scored[0] as { point: Float64Array; value: number }
  for (const entry of scored.slice(0, settings.acquisitionStarts)) {
    const result = climb(
      domain,
      entry.point,
      (point) => negativeMean(point, true),
      settings.acquisitionIterations,
    )
    if (result.value > best.value) best = result
  }
  const x = denormalise(domain, best.point)
  const prediction = surrogate.predict(x)
  return { x, mean: prediction.mean, sd: prediction.sd }
}
