/**
 * The surrogate: a GP fitted to observations in original coordinates and values. It normalises
 * inputs by the domain, transforms outputs (standardised, or normal scores of ranks), fits hyperparameters (on a seeded subset above
 * `fitSubsetSize`) and predicts back in original units. Values are minimised.
 */
import { InputError } from '../errors.js'
import { type OptimiserSettings, resolveSettings } from './defaults.js'
import { type Domain, normalise } from './domain.js'
import { defaultPriors, fitHyperparameters, GaussianProcess, type GpHyperparameters } from './gp.js'
import { type OutputTransform, rankOutputs, standardiseOutputs } from './output-transform.js'
import { createRandom } from './random.js'

/** One completed evaluation: a point in original coordinates and its (minimised) value. */
export interface Observation {
  x: readonly number[]
  y: number
}

/** A fitted surrogate. */
export interface Surrogate {
  readonly domain: Domain
  /** The GP on normalised inputs and standardised outputs. */
  readonly gp: GaussianProcess
  /** The output transform (model units ↔ original units). */
  readonly transform: OutputTransform
  /** The smallest observed value in model units. */
  readonly incumbent: number
  /** The smallest observed value in original units. */
  readonly incumbentValue: number
  /** Posterior mean and standard deviation of the latent objective at x (original units). */
  predict(x: readonly number[]): { mean: number; sd: number }
}

/** Options of {@link fitSurrogate}. */
export interface FitSurrogateOptions {
  domain: Domain
  observations: readonly Observation[]
  seed: string | number
  settings?: Partial<OptimiserSettings>
  /** Hyperparameters of an earlier fit, used as one of the starts. */
  previous?: GpHyperparameters | undefined
}

/**
 * Fits the surrogate.
 *
 * @throws InputError when fewer than 2 observations are given or a value is not finite
 */
export function fitSurrogate(options: FitSurrogateOptions): Surrogate {
  const settings = resolveSettings(options.settings)
  const { domain, observations } = options
  if (observations.length < 2) {
    throw new InputError(
      `mixture: the model needs at least 2 completed observations, got ${observations.length}`,
      { field: 'observations', value: observations.length },
    )
  }
  const d = domain.lower.length
  const n = observations.length
  const x = new Float64Array(n * d)
  const values: number[] = []
  observations.forEach((observation, index) => {
    if (!Number.isFinite(observation.y)) {
      throw new InputError(
        `mixture: observation ${index} has a non-finite value ${observation.y}`,
        {
          field: `observations[${index}].y`,
          value: observation.y,
        },
      )
    }
    x.set(normalise(domain, observation.x), index * d)
    values.push(observation.y)
  })
  const transform =
    settings.outputTransform === 'rank' ? rankOutputs(values) : standardiseOutputs(values)
  const y = transform.values
  const random = createRandom(`${options.seed}:fit`)
  let fitX = x
  let fitY: Float64Array = y
  if (n > settings.fitSubsetSize) {
    // A seeded subset for the hyperparameters; the posterior below uses every observation.
    const order = Array.from({ length: n }, (_, index) => index)
    for (let index = n - 1; index > 0; index--) {
      const other = random.integer(index + 1)
      ;[order[index], order[other]] = [order[other] as number, order[index] as number]
    }
    const chosen = order.slice(0, settings.fitSubsetSize)
    fitX = new Float64Array(chosen.length * d)
    fitY = new Float64Array(chosen.length)
    chosen.forEach((row, index) => {
      fitX.set(x.subarray(row * d, row * d + d), index * d)
      fitY[index] = y[row] as number
    })
  }
  const hyperparameters = fitHyperparameters({
    x: fitX,
    y: fitY,
    d,
    random,
    restarts:
      fitY.length > settings.fitSubsetSize / 2 ? settings.largeFitRestarts : settings.fitRestarts,
    iterations: settings.fitIterations,
    minNoise: settings.minNoise,
    previous: options.previous,
    ...(settings.lengthscalePrior === undefined
      ? {}
      : { priors: { ...defaultPriors(d), lengthscale: settings.lengthscalePrior } }),
  })
  const gp = GaussianProcess.create({ x, y, d, hyperparameters, jitters: settings.jitters })
  const incumbent = y.reduce((best, value) => Math.min(best, value), Number.POSITIVE_INFINITY)
  return {
    domain,
    gp,
    transform,
    incumbent,
    incumbentValue: Math.min(...values),
    predict(point) {
      const prediction = gp.predict(normalise(domain, point))
      return {
        mean: transform.toOriginal(prediction.mean),
        sd: Math.abs(transform.slope(prediction.mean)) * Math.sqrt(prediction.variance),
      }
    },
  }
}
