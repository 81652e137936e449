/**
 * Standard test functions for the optimiser's benchmarks (minimised): Hartmann-6 on [0, 1]^6
 * (minimum −3.32237) and Branin on [−5, 10] × [0, 15] (minimum 0.397887). Constants from the
 * published definitions (Dixon and Szegő, 1978; Surjanovic and Bingham's test-function library).
 */
import { createBoxDomain, type Domain } from './domain.js'

/** A benchmark problem: a domain, a function to minimise and its known minimum. */
export interface TestProblem {
  name: string
  domain: Domain
  minimum: number
  evaluate(x: readonly number[]): number
}

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
]
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((value) => value * 1e-4))

/** Hartmann-6: `−Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²)`. */
export function hartmann6(x: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < 4; i++) {
    let inner = 0
    for (let j = 0; j < 6; j++) {
      const a = (HARTMANN_A[i] as number[])[j] as number
      const p = (HARTMANN_P[i] as number[])[j] as number
      inner += a * ((x[j] as number) - p) ** 2
    }
    sum -= (HARTMANN_ALPHA[i] as number) * Math.exp(-inner)
  }
  return sum
}

/** Branin: `(x₂ − 5.1x₁²/(4π²) + 5x₁/π − 6)² + 10(1 − 1/(8π)) cos x₁ + 10`. */
export function branin(x: readonly number[]): number {
  const [x1, x2] = x as [number, number]
  const b = 5.1 / (4 * Math.PI * Math.PI)
  const c = 5 / Math.PI
  const t = 1 / (8 * Math.PI)
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10
}

/** The named test problems. */
export const TEST_PROBLEMS: Readonly<Record<'hartmann6' | 'branin', TestProblem>> = {
  hartmann6: {
    name: 'hartmann6',
    domain: createBoxDomain({ lower: [0, 0, 0, 0, 0, 0], upper: [1, 1, 1, 1, 1, 1] }),
    minimum: -3.32237,
    evaluate: hartmann6,
  },
  branin: {
    name: 'branin',
    domain: createBoxDomain({ lower: [-5, 0], upper: [10, 15] }),
    minimum: 0.397887,
    evaluate: branin,
  },
}
