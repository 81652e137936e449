/**
 * Expected improvement for minimisation and its logarithm, computed so that it stays finite
 * and informative far from the incumbent: `EI = σ h(z)`, `h(z) = zΦ(z) + φ(z)`,
 * `z = (best − μ)/σ`. For z < −2, `h(z) = φ(z)(1 − |z| R(|z|))` with the Mills ratio
 * `R(t) = (1 − Φ(t))/φ(t)` from its continued fraction, and an asymptotic series past |z| = 100.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)
const TAIL_START = 2
const ASYMPTOTIC_START = 100

/** Standard normal density. */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI)
}

/** `Σ x^(2k+1) / (1·3·5···(2k+1))`: Φ(x) = ½ + φ(x) times this (all terms positive). */
function oddFactorialSeries(x: number): number {
  let term = x
  let sum = x
  const square = x * x
  for (let k = 1; k < 500; k++) {
    term *= square / (2 * k + 1)
    sum += term
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break
  }
  return sum
}

/** Mills ratio `R(t) = (1 − Φ(t))/φ(t)` for t ≥ 0. */
export function millsRatio(t: number): number {
  if (t < TAIL_START) return 0.5 / normalDensity(t) - oddFactorialSeries(t)
  // R(t) = 1/(t + 1/(t + 2/(t + 3/(t + ...)))), evaluated by the modified Lentz method.
  const tiny = 1e-300
  let f = t
  let c = t
  let d = 0
  for (let k = 1; k < 5000; k++) {
    d = t + k * d
    if (Math.abs(d) < tiny) d = tiny
    c = t + k / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return 1 / f
}

/** Standard normal distribution function Φ(x), accurate in both tails. */
export function normalCdf(x: number): number {
  if (x <= -TAIL_START) return normalDensity(x) * millsRatio(-x)
  if (x >= TAIL_START) return 1 - normalDensity(x) * millsRatio(x)
  return 0.5 + normalDensity(x) * oddFactorialSeries(x)
}

/** `1 − t R(t)` for t ≥ TAIL_START, without cancellation for large t. */
function oneMinusTimesMills(t: number): number {
  if (t < ASYMPTOTIC_START) return 1 - t * millsRatio(t)
  const inverse = 1 / (t * t)
  // 1/t² − 3/t⁴ + 15/t⁶ − 105/t⁸ + 945/t¹⁰
  return inverse * (1 - inverse * (3 - inverse * (15 - inverse * (105 - 945 * inverse))))
}

/** `h(z) = zΦ(z) + φ(z)` computed directly (accurate for z ≥ −2). */
export function improvementFunction(z: number): number {
  return z * normalCdf(z) + normalDensity(z)
}

/**
 * `log h(z)` and `Φ(z)/h(z)` (= d log h / dz), both stable for every finite z.
 */
export function logImprovement(z: number): { logH: number; slope: number } {
  if (z >= -TAIL_START) {
    const h = improvementFunction(z)
    return { logH: Math.log(h), slope: normalCdf(z) / h }
  }
  const t = -z
  const rest = oneMinusTimesMills(t)
  const logH = -0.5 * t * t - LOG_SQRT_2PI + Math.log(rest)
  const ratio = t < ASYMPTOTIC_START ? millsRatio(t) : (1 - rest) / t
  return { logH, slope: ratio / rest }
}

/** Expected improvement below `best` of N(mean, sd²), computed directly. */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  const z = (best - mean) / sd
  return sd * improvementFunction(z)
}

/** Log EI and its partial derivatives with respect to the mean and the standard deviation. */
export interface LogEiResult {
  value: number
  dMean: number
  dSd: number
}

/** `log EI` below `best` of N(mean, sd²), with derivatives. */
export function logExpectedImprovement(mean: number, sd: number, best: number): LogEiResult {
  const z = (best - mean) / sd
  const { logH, slope } = logImprovement(z)
  return { value: Math.log(sd) + logH, dMean: -slope / sd, dSd: 1 / sd - (slope * z) / sd }
}
