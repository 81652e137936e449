/**
 * The dense linear algebra the GP needs, on row-major `Float64Array` matrices: Cholesky with
 * jitter retries, triangular solves and the inverse from a Cholesky factor. Written out because
 * the matrices are small (hundreds of rows) and the GP needs nothing else.
 */
import { BackendError } from '../errors.js'

/**
 * Factorises the symmetric matrix `a` (n × n) as `L Lᵀ` in a new array; returns undefined when
 * it is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const lower = new Float64Array(n * n)
  for (let row = 0; row < n; row++) {
    const rowOffset = row * n
    for (let column = 0; column <= row; column++) {
      const columnOffset = column * n
      let sum = a[rowOffset + column] as number
      for (let k = 0; k < column; k++) {
        sum -= (lower[rowOffset + k] as number) * (lower[columnOffset + k] as number)
      }
      if (row === column) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined
        lower[rowOffset + row] = Math.sqrt(sum)
      } else {
        lower[rowOffset + column] = sum / (lower[columnOffset + column] as number)
      }
    }
  }
  return lower
}

/** The result of {@link choleskyWithJitter}: the factor and the jitter that made it work. */
export interface CholeskyResult {
  lower: Float64Array
  /** Absolute jitter added to the diagonal (0 when none was needed). */
  jitter: number
}

/**
 * Cholesky with retries: adds `jitters[i] × mean(diag)` to the diagonal until the factorisation
 * succeeds.
 *
 * @throws BackendError when every jitter fails (a matrix with NaN, or far from definite)
 */
export function choleskyWithJitter(
  a: Float64Array,
  n: number,
  jitters: readonly number[],
): CholeskyResult {
  let meanDiagonal = 0
  for (let index = 0; index < n; index++) meanDiagonal += (a[index * n + index] as number) / n
  if (!(meanDiagonal > 0)) meanDiagonal = 1
  for (const relative of jitters) {
    const jitter = relative * meanDiagonal
    let matrix = a
    if (jitter > 0) {
      matrix = Float64Array.from(a)
      for (let index = 0; index < n; index++) {
        matrix[index * n + index] = (matrix[index * n + index] as number) + jitter
      }
    }
    const lower = cholesky(matrix, n)
    if (lower !== undefined) return { lower, jitter }
  }
  throw new BackendError(
    `mixture: the kernel matrix (${n} x ${n}) is not positive definite even with jitter ${
      jitters[jitters.length - 1]
    } x its mean diagonal`,
    { backend: 'mixture' },
  )
}

/** Solves `L x = b` for lower-triangular `L` (forward substitution); returns a new vector. */
export function solveLower(lower: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n)
  for (let row = 0; row < n; row++) {
    let sum = b[row] as number
    const offset = row * n
    for (let k = 0; k < row; k++) sum -= (lower[offset + k] as number) * (x[k] as number)
    x[row] = sum / (lower[offset + row] as number)
  }
  return x
}

/** Solves `Lᵀ x = b` for lower-triangular `L` (back substitution); returns a new vector. */
export function solveUpperTransposed(
  lower: Float64Array,
  n: number,
  b: ArrayLike<number>,
): Float64Array {
  const x = Float64Array.from(b as ArrayLike<number>)
  for (let row = n - 1; row >= 0; row--) {
    const value = (x[row] as number) / (lower[row * n + row] as number)
    x[row] = value
    // Subtract this unknown from the rows above (column `row` of Lᵀ is row `row` of L).
    const offset = row * n
    for (let k = 0; k < row; k++) x[k] = (x[k] as number) - (lower[offset + k] as number) * value
  }
  return x
}

/** Solves `(L Lᵀ) x = b`. */
export function solveCholesky(lower: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveUpperTransposed(lower, n, solveLower(lower, n, b))
}

/** The inverse of `L Lᵀ` (symmetric, n × n) from its Cholesky factor. */
export function inverseFromCholesky(lower: Float64Array, n: number): Float64Array {
  // Invert L in place of a copy (lower triangular), then form L⁻ᵀ L⁻¹.
  const inverseLower = new Float64Array(n * n)
  for (let column = 0; column < n; column++) {
    inverseLower[column * n + column] = 1 / (lower[column * n + column] as number)
    for (let row = column + 1; row < n; row++) {
      let sum = 0
      const offset = row * n
      for (let k = column; k < row; k++) {
        sum -= (lower[offset + k] as number) * (inverseLower[k * n + column] as number)
      }
      inverseLower[offset + column] = sum / (lower[offset + row] as number)
    }
  }
  const inverse = new Float64Array(n * n)
  for (let row = 0; row < n; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = 0
      for (let k = row; k < n; k++) {
        sum += (inverseLower[k * n + row] as number) * (inverseLower[k * n + column] as number)
      }
      inverse[row * n + column] = sum
      inverse[column * n + row] = sum
    }
  }
  return inverse
}
