/**
 * Runs a calculator from raw, untrusted input: lookup, validation, unit conversion, computation.
 */
import type { Calculator, CalculatorResult } from './calculator.js'
import { getCalculator } from './registry.js'
import { validateInput } from './validate.js'

/** A result with the calculator that produced it and the inputs it used (canonical units). */
export interface CalculatorRunResult extends CalculatorResult {
  calculator: { id: number; slug: string; name: string }
  /** The validated inputs, converted to canonical units. */
  inputs: Record<string, number | boolean | string | undefined>
}

/**
 * Validates `rawInput` against the calculator's inputs and computes.
 *
 * @param reference - MedCalc-Bench id, slug or name (case-insensitive), or a calculator
 * @param rawInput - named values: numbers in canonical units, `"150 lb"`, `{ value, unit }`
 * @throws NotFoundError for an unknown calculator; InputError naming the field for bad input
 * @example runCalculator('bmi', { weight: '150 lb', height: '5 ft 7 in' }).value // 23.49
 */
export function runCalculator(
  reference: string | number | Calculator,
  rawInput: unknown,
): CalculatorRunResult {
  const calculator = typeof reference === 'object' ? reference : getCalculator(reference)
  const inputs = validateInput(calculator, rawInput)
  const result = calculator.compute(inputs)
  return {
    ...result,
    calculator: { id: calculator.id, slug: calculator.slug, name: calculator.name },
    inputs: { ...inputs },
  }
}
