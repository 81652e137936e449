/**
 * The surrogate: a GP fitted to observations in original coordinates and values. It normalises
 * inputs by the domain, standardises outputs, fits hyperparameters (on a seeded subset above
 * `fitSubsetSize`) and predicts back in original units. Values are minimised.
 */
import { InputError } from '../errors.js'
import { type OptimiserSettings, resolveSettings } from './defaults.js'
import { type Domain, normalise } from './domain.js'
import { fitHyperparameters, GaussianProcess, type GpHyperparameters } from './gp.js'
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
  /** Standardisation: y_std = (y − offset) / scale. */
  readonly offset: number
  readonly scale: number
  /** The smallest standardised observed value. */
  readonly incumbent: number
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
  const offset = values.reduce((sum, value) => sum + value, 0) / n
  const variance = values.reduce((sum, value) => sum + (value - offset) ** 2, 0) / n
  const scale = variance > 1e-24 ? Math.sqrt(variance) : 1
  const y = Float64Array.from(values, (value) => (value - offset) / scale)
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
    restarts: settings.fitRestarts,
    iterations: settings.fitIterations,
    minNoise: settings.minNoise,
    previous: options.previous,
  })
  const gp = GaussianProcess.create({ x, y, d, hyperparameters, jitters: settings.jitters })
  const incumbent = y.reduce((best, value) => Math.min(best, value), Number.POSITIVE_INFINITY)
  return {
    domain,
    gp,
    offset,
    scale,
    incumbent,
    predict(point) {
      const prediction = gp.predict(normalise(domain, point))
      return {
        mean: offset + scale * prediction.mean,
        sd: scale * Math.sqrt(prediction.variance),
      }
    },
  }
}
