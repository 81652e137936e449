/**
 * The Matérn-5/2 kernel with one lengthscale per input (ARD):
 * `k(x, x') = s² (1 + √5 r + 5r²/3) exp(−√5 r)`, `r² = Σ_j (x_j − x'_j)² / l_j²`.
 * Inputs are normalised to [0, 1] before they reach it.
 */

const SQRT5 = Math.sqrt(5)

/** The kernel's parameters (natural scale). */
export interface KernelParameters {
  /** One lengthscale per input, in normalised input units. */
  lengthscales: readonly number[]
  /** Signal variance s². */
  signal: number
}

/** Matérn-5/2 correlation at scaled distance r (unit variance). */
export function matern52(r: number): number {
  return (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r)
}

/**
 * `g(r) = (5/3)(1 + √5 r) exp(−√5 r)`: with it, `∂k/∂x_j = −s² g(r) (x_j − x'_j) / l_j²` and
 * `∂k/∂log l_j = s² g(r) (x_j − x'_j)² / l_j²`, both smooth at r = 0.
 */
export function matern52Slope(r: number): number {
  return (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r)
}

/** Scaled distance between row `a` of `x` and the point `point` (both d wide). */
export function scaledDistance(
  x: Float64Array,
  a: number,
  point: ArrayLike<number>,
  inverseSquaredLengthscales: Float64Array,
): number {
  const d = inverseSquaredLengthscales.length
  const offset = a * d
  let sum = 0
  for (let j = 0; j < d; j++) {
    const delta = (x[offset + j] as number) - (point[j] as number)
    sum += delta * delta * (inverseSquaredLengthscales[j] as number)
  }
  return Math.sqrt(sum)
}

/** `1 / l_j²` for each lengthscale. */
export function inverseSquares(lengthscales: readonly number[]): Float64Array {
  return Float64Array.from(lengthscales, (value) => 1 / (value * value))
}

/**
 * The kernel matrix of the n rows of `x` (n × d, row-major), without noise: a new n × n array.
 */
export function kernelMatrix(
  x: Float64Array,
  n: number,
  parameters: KernelParameters,
): Float64Array {
  const d = parameters.lengthscales.length
  const inverse = inverseSquares(parameters.lengthscales)
  const matrix = new Float64Array(n * n)
  for (let a = 0; a < n; a++) {
    matrix[a * n + a] = parameters.signal
    for (let b = 0; b < a; b++) {
      const r = scaledDistance(x, a, x.subarray(b * d, b * d + d), inverse)
      const value = parameters.signal * matern52(r)
      matrix[a * n + b] = value
      matrix[b * n + a] = value
    }
  }
  return matrix
}

/**
 * The covariance vector between a point and the n rows of `x`, and optionally its Jacobian with
 * respect to the point (n × d, row-major).
 */
export function kernelVector(
  x: Float64Array,
  n: number,
  point: ArrayLike<number>,
  parameters: KernelParameters,
  inverse: Float64Array,
  withGradient: boolean,
): { values: Float64Array; gradient: Float64Array | undefined } {
  const d = inverse.length
  const values = new Float64Array(n)
  const gradient = withGradient ? new Float64Array(n * d) : undefined
  for (let a = 0; a < n; a++) {
    const r = scaledDistance(x, a, point, inverse)
    values[a] = parameters.signal * matern52(r)
    if (gradient !== undefined) {
      const factor = -parameters.signal * matern52Slope(r)
      const offset = a * d
      for (let j = 0; j < d; j++) {
        gradient[offset + j] =
          factor * ((point[j] as number) - (x[offset + j] as number)) * (inverse[j] as number)
      }
    }
  }
  return { values, gradient }
}
