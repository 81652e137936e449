/**
 * The score calculators of MedCalc-Bench v1.0 (categories risk, severity and diagnosis), one
 * file each. The calculators registry imports {@link scoreCalculators}.
 */
import { cha2ds2VascCalculator } from './cha2ds2-vasc.js'
import type { ScoreCalculator } from './score-calculator.js'

export { cha2ds2VascCalculator } from './cha2ds2-vasc.js'
export type { ScoreCalculator } from './score-calculator.js'

/** Every score calculator, in MedCalc-Bench id order. */
export const scoreCalculators: readonly ScoreCalculator[] = [cha2ds2VascCalculator]
