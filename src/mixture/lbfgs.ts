/**
 * Limited-memory BFGS with simple bounds (projected steps, Armijo backtracking), for the GP's
 * hyperparameters: a dozen to a few dozen variables, smooth objective with an analytic gradient.
 */

/** An objective value and its gradient; a non-finite value marks an infeasible point. */
export interface ValueAndGradient {
  value: number
  gradient: Float64Array
}

/** Options of {@link minimiseLbfgs}. */
export interface LbfgsOptions {
  objective: (x: Float64Array) => ValueAndGradient
  start: ArrayLike<number>
  lower: ArrayLike<number>
  upper: ArrayLike<number>
  /** Iteration limit (default 60). */
  maxIterations?: number
  /** Pairs kept in memory (default 8). */
  memory?: number
}

/** The result: the best point found and its value. */
export interface LbfgsResult {
  x: Float64Array
  value: number
  iterations: number
}

function clampInto(x: Float64Array, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  for (let index = 0; index < x.length; index++) {
    const value = x[index] as number
    x[index] = Math.min(upper[index] as number, Math.max(lower[index] as number, value))
  }
}

function dot(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let sum = 0
  for (let index = 0; index < left.length; index++) {
    sum += (left[index] as number) * (right[index] as number)
  }
  return sum
}

/** Minimises a smooth function inside a box. Never throws for a non-finite objective value. */
export function minimiseLbfgs(options: LbfgsOptions): LbfgsResult {
  const size = options.start.length
  const maxIterations = options.maxIterations ?? 60
  const memory = options.memory ?? 8
  const { lower, upper } = options
  let x: Float64Array = Float64Array.from(options.start)
  clampInto(x, lower, upper)
  let current = options.objective(x)
  if (!Number.isFinite(current.value)) return { x, value: current.value, iterations: 0 }
  const steps: Float64Array[] = []
  const changes: Float64Array[] = []
  let iterations = 0
  for (; iterations < maxIterations; iterations++) {
    const gradient = current.gradient
    // Free variables: not pinned at a bound by a gradient that pushes outwards.
    const free = new Uint8Array(size)
    let largest = 0
    for (let index = 0; index < size; index++) {
      const g = gradient[index] as number
      const atLower = (x[index] as number) <= (lower[index] as number) && g > 0
      const atUpper = (x[index] as number) >= (upper[index] as number) && g < 0
      free[index] = atLower || atUpper ? 0 : 1
      if (free[index]) largest = Math.max(largest, Math.abs(g))
    }
    if (largest < 1e-7) break
    // Two-loop recursion on the free variables.
    const direction = Float64Array.from(gradient, (g, index) => (free[index] ? g : 0))
    const alphas: number[] = []
    for (let pair = steps.length - 1; pair >= 0; pair--) {
      const s = steps[pair] as Float64Array
      const y = changes[pair] as Float64Array
      const alpha = dot(s, direction) / dot(y, s)
      alphas[pair] = alpha
      for (let index = 0; index < size; index++) {
        direction[index] = (direction[index] as number) - alpha * (y[index] as number)
      }
    }
    if (steps.length > 0) {
      const s = steps[steps.length - 1] as Float64Array
      const y = changes[changes.length - 1] as Float64Array
      const scale = dot(s, y) / dot(y, y)
      for (let index = 0; index < size; index++)
        direction[index] = (direction[index] as number) * scale
    }
    for (let pair = 0; pair < steps.length; pair++) {
      const s = steps[pair] as Float64Array
      const y = changes[pair] as Float64Array
      const beta = dot(y, direction) / dot(y, s)
      const alpha = alphas[pair] as number
      for (let index = 0; index < size; index++) {
        direction[index] = (direction[index] as number) + (alpha - beta) * (s[index] as number)
      }
    }
    for (let index = 0; index < size; index++) {
      direction[index] = free[index] ? -(direction[index] as number) : 0
    }
    let slope = dot(direction, gradient)
    if (!(slope < 0)) {
      steps.length = 0
      changes.length = 0
      for (let index = 0; index < size; index++) {
        direction[index] = free[index] ? -(gradient[index] as number) : 0
      }
      slope = dot(direction, gradient)
    }
    let step = steps.length === 0 ? Math.min(1, 1 / largest) : 1
    let accepted: { x: Float64Array; result: ValueAndGradient } | undefined
    for (let trial = 0; trial < 30; trial++) {
      const candidate = Float64Array.from(
        x,
        (value, index) => value + step * (direction[index] as number),
      )
      clampInto(candidate, lower, upper)
      const result = options.objective(candidate)
      let moved = 0
      for (let index = 0; index < size; index++) {
        moved += (gradient[index] as number) * ((candidate[index] as number) - (x[index] as number))
      }
      if (Number.isFinite(result.value) && result.value <= current.value + 1e-4 * moved) {
        accepted = { x: candidate, result }
        break
      }
      step *= 0.5
    }
    if (accepted === undefined) break
    const s = Float64Array.from(accepted.x, (value, index) => value - (x[index] as number))
    const y = Float64Array.from(
      accepted.result.gradient,
      (value, index) => value - (gradient[index] as number),
    )
    const improvement = current.value - accepted.result.value
    x = accepted.x
    current = accepted.result
    if (dot(s, y) > 1e-12) {
      steps.push(s)
      changes.push(y)
      if (steps.length > memory) {
        steps.shift()
        changes.shift()
      }
    }
    if (improvement < 1e-10 * (1 + Math.abs(current.value))) break
  }
  return { x, value: current.value, iterations }
}
