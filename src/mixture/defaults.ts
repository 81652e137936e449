/**
 * Every default of the optimiser in one place. Other files read these values; none repeats a
 * literal that belongs here.
 */

/** The optimiser's settings: what {@link MIXTURE_DEFAULTS} holds and what callers may override. */
export interface OptimiserSettings {
  /** Suggestions drawn from the space-filling design before the GP takes over. */
  initialTrials: number
  /** Random starts of the hyperparameter fit besides the previous optimum and the prior mode. */
  fitRestarts: number
  /** L-BFGS iterations per hyperparameter start. */
  fitIterations: number
  /** Above this many observations the hyperparameters are fitted on a seeded subset. */
  fitSubsetSize: number
  /** Random starts when more than `fitSubsetSize / 2` points are fitted (each start costs n³). */
  largeFitRestarts: number
  /** Random feasible candidates screened before the acquisition's gradient ascent. */
  candidates: number
  /** Perturbed copies of each of the best observations added to the candidates. */
  localCandidates: number
  /** How many of the best observations get perturbed copies. */
  localCentres: number
  /** Standard deviation of those perturbations, in normalised units. */
  localScale: number
  /** Gradient-ascent starts (the best screened candidates). */
  acquisitionStarts: number
  /** Projected gradient-ascent iterations per start. */
  acquisitionIterations: number
  /** Two points closer than this (max-norm, normalised units) count as the same point. */
  duplicateTolerance: number
  /** Noise variance floor, as a fraction of the standardised output variance. */
  minNoise: number
  /**
   * Prior of log lengthscales (normalised units); undefined: LogNormal(√2 + ½ log d, √3), the
   * dimension-scaled prior.
   */
  lengthscalePrior?: { mean: number; sd: number } | undefined
  /** How outputs are transformed before the GP sees them. */
  outputTransform: 'standardise' | 'rank'
  /** Relative jitter added to the kernel diagonal on Cholesky failure, tried in order. */
  jitters: readonly number[]
}

/** The defaults, chosen on Branin and Hartmann-6 (see bench/RESULTS.md). */
export const MIXTURE_DEFAULTS: Readonly<OptimiserSettings> = Object.freeze({
  initialTrials: 10,
  fitRestarts: 3,
  fitIterations: 60,
  fitSubsetSize: 120,
  largeFitRestarts: 1,
  candidates: 1000,
  localCandidates: 40,
  localCentres: 5,
  localScale: 0.05,
  acquisitionStarts: 8,
  acquisitionIterations: 40,
  duplicateTolerance: 1e-3,
  minNoise: 1e-6,
  outputTransform: 'standardise',
  jitters: Object.freeze([0, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2]),
})

/** Merges caller overrides into the defaults. */
export function resolveSettings(overrides: Partial<OptimiserSettings> = {}): OptimiserSettings {
  return { ...MIXTURE_DEFAULTS, ...overrides }
}
