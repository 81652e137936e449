import { describe, expect, it } from 'vitest'
import { GaussianProcess, type GpHyperparameters, logMarginalLikelihood } from './gp.js'
import { inverseSquares, kernelMatrix, kernelVector, matern52 } from './kernel.js'
import { choleskyWithJitter, inverseFromCholesky, solveCholesky } from './linalg.js'
import { createRandom } from './random.js'

function randomPoints(n: number, d: number, seed: string): Float64Array {
  const random = createRandom(seed)
  return Float64Array.from({ length: n * d }, () => random.next())
}

const hyperparameters: GpHyperparameters = {
  logLengthscales: [Math.log(0.3), Math.log(0.7), Math.log(1.4)],
  logSignal: Math.log(1.3),
  logNoise: Math.log(0.05),
  mean: 0.2,
}

describe('Matérn-5/2 kernel', () => {
  it('is 1 at distance 0 and matches the closed form at r = 1', () => {
    expect(matern52(0)).toBe(1)
    const sqrt5 = Math.sqrt(5)
    expect(matern52(1)).toBeCloseTo((1 + sqrt5 + 5 / 3) * Math.exp(-sqrt5), 15)
  })

  it('has a gradient with respect to the point that matches finite differences', () => {
    const x = randomPoints(7, 3, 'kernel-grad')
    const point = [0.31, 0.52, 0.77]
    const parameters = { lengthscales: [0.3, 0.7, 1.4], signal: 1.3 }
    const inverse = inverseSquares(parameters.lengthscales)
    const { values, gradient } = kernelVector(x, 7, point, parameters, inverse, true)
    const step = 1e-6
    for (let j = 0; j < 3; j++) {
      const plus = [...point]
      const minus = [...point]
      plus[j] = (plus[j] as number) + step
      minus[j] = (minus[j] as number) - step
      const up = kernelVector(x, 7, plus, parameters, inverse, false).values
      const down = kernelVector(x, 7, minus, parameters, inverse, false).values
      for (let a = 0; a < 7; a++) {
        const numeric = ((up[a] as number) - (down[a] as number)) / (2 * step)
        expect(gradient?.[a * 3 + j]).toBeCloseTo(numeric, 7)
      }
    }
    expect(values[0]).toBeGreaterThan(0)
  })

  it('builds a symmetric matrix with the signal variance on the diagonal', () => {
    const x = randomPoints(5, 3, 'kernel-matrix')
    const matrix = kernelMatrix(x, 5, { lengthscales: [0.3, 0.7, 1.4], signal: 2 })
    for (let a = 0; a < 5; a++) {
      expect(matrix[a * 5 + a]).toBe(2)
      for (let b = 0; b < 5; b++) expect(matrix[a * 5 + b]).toBe(matrix[b * 5 + a])
    }
  })
})

describe('log marginal likelihood', () => {
  it('equals the Gaussian log density computed from the explicit inverse and determinant', () => {
    const n = 6
    const x = randomPoints(n, 3, 'lml-value')
    const y = Array.from({ length: n }, (_, index) => Math.sin(index) + 0.1 * index)
    const { value } = logMarginalLikelihood(x, y, 3, hyperparameters, [0])
    const k = kernelMatrix(x, n, { lengthscales: [0.3, 0.7, 1.4], signal: 1.3 })
    for (let a = 0; a < n; a++) k[a * n + a] = (k[a * n + a] as number) + 0.05
    const { lower } = choleskyWithJitter(k, n, [0])
    const inverse = inverseFromCholesky(lower, n)
    const residual = y.map((value) => value - 0.2)
    let quadratic = 0
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        quadratic +=
          (residual[a] as number) * (inverse[a * n + b] as number) * (residual[b] as number)
      }
    }
    let logDeterminant = 0
    for (let a = 0; a < n; a++) logDeterminant += 2 * Math.log(lower[a * n + a] as number)
    const expected = -0.5 * quadratic - 0.5 * logDeterminant - 0.5 * n * Math.log(2 * Math.PI)
    expect(value).toBeCloseTo(expected, 10)
  })

  it('has an analytic gradient that matches finite differences in every hyperparameter', () => {
    const n = 9
    const x = randomPoints(n, 3, 'lml-grad')
    const y = Array.from({ length: n }, (_, index) => Math.cos(1.7 * index))
    const { gradient } = logMarginalLikelihood(x, y, 3, hyperparameters, [0])
    const pack = (h: GpHyperparameters): number[] => [
      ...h.logLengthscales,
      h.logSignal,
      h.logNoise,
      h.mean,
    ]
    const unpack = (theta: number[]): GpHyperparameters => ({
      logLengthscales: theta.slice(0, 3),
      logSignal: theta[3] as number,
      logNoise: theta[4] as number,
      mean: theta[5] as number,
    })
    const base = pack(hyperparameters)
    const step = 1e-5
    base.forEach((_, index) => {
      const plus = [...base]
      const minus = [...base]
      plus[index] = (plus[index] as number) + step
      minus[index] = (minus[index] as number) - step
      const numeric =
        (logMarginalLikelihood(x, y, 3, unpack(plus), [0]).value -
          logMarginalLikelihood(x, y, 3, unpack(minus), [0]).value) /
        (2 * step)
      expect(gradient[index]).toBeCloseTo(numeric, 5)
    })
  })
})

describe('GaussianProcess', () => {
  const n = 8
  const x = randomPoints(n, 3, 'gp')
  const y = Array.from({ length: n }, (_, index) => Math.sin(2 * index))
  const gp = GaussianProcess.create({ x, y, d: 3, hyperparameters, jitters: [0] })

  it('has posterior mean and variance gradients that match finite differences', () => {
    const point = [0.4, 0.25, 0.6]
    const prediction = gp.predict(point, true)
    const step = 1e-6
    for (let j = 0; j < 3; j++) {
      const plus = [...point]
      const minus = [...point]
      plus[j] = (plus[j] as number) + step
      minus[j] = (minus[j] as number) - step
      const up = gp.predict(plus)
      const down = gp.predict(minus)
      expect(prediction.meanGradient?.[j]).toBeCloseTo((up.mean - down.mean) / (2 * step), 6)
      expect(prediction.varianceGradient?.[j]).toBeCloseTo(
        (up.variance - down.variance) / (2 * step),
        6,
      )
    }
  })

  it('conditions on a new point exactly as refitting with it would (kriging believer update)', () => {
    const point = [0.9, 0.1, 0.3]
    const updated = gp.condition(point, 0.5)
    const x2 = new Float64Array((n + 1) * 3)
    x2.set(x)
    x2.set(point, n * 3)
    const refit = GaussianProcess.create({
      x: x2,
      y: [...y, 0.5],
      d: 3,
      hyperparameters,
      jitters: [0],
    })
    const probe = [0.5, 0.5, 0.5]
    expect(updated.predict(probe).mean).toBeCloseTo(refit.predict(probe).mean, 10)
    expect(updated.predict(probe).variance).toBeCloseTo(refit.predict(probe).variance, 10)
  })

  it('survives exactly duplicated inputs through the jitter retries', () => {
    const duplicated = new Float64Array([0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.1, 0.5])
    const noiseless = { ...hyperparameters, logNoise: Math.log(1e-12) }
    const model = GaussianProcess.create({
      x: duplicated,
      y: [1, 1, -1],
      d: 3,
      hyperparameters: noiseless,
      jitters: [0, 1e-10, 1e-8, 1e-6],
    })
    expect(Number.isFinite(model.predict([0.3, 0.3, 0.3]).mean)).toBe(true)
  })
})

describe('linear algebra', () => {
  it('solves with a Cholesky factor and retries with jitter on a singular matrix', () => {
    const a = new Float64Array([4, 2, 2, 3])
    const { lower, jitter } = choleskyWithJitter(a, 2, [0])
    expect(jitter).toBe(0)
    const x = solveCholesky(lower, 2, [2, 1])
    expect(4 * (x[0] as number) + 2 * (x[1] as number)).toBeCloseTo(2, 12)
    const singular = new Float64Array([1, 1, 1, 1])
    const retried = choleskyWithJitter(singular, 2, [0, 1e-6])
    expect(retried.jitter).toBeGreaterThan(0)
    expect(() => choleskyWithJitter(new Float64Array([1, 2, 2, 1]), 2, [0, 1e-8])).toThrow(
      /not positive definite/,
    )
  })
})
