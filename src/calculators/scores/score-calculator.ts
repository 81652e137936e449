/**
 * What the score calculators share: the {@link ScoreCalculator} shape (a {@link Calculator} plus
 * the MedCalc-Bench entity mapping), a point tally that records every point with its reason, and
 * readers for validated inputs.
 *
 * Convention for every score here: an optional boolean criterion that is not given counts as
 * absent (false) and scores no points; the steps say so.
 */
import { InputError } from '../../errors.js'
import type {
  CalculationStep,
  Calculator,
  CalculatorInputSpec,
  CalculatorInputValues,
  CalculatorResult,
} from '../calculator.js'

/**
 * A score calculator, with the mapping from MedCalc-Bench "Relevant Entities" to its inputs.
 *
 * - `entityMap`: MedCalc-Bench entity name (exactly as in the CSV) to input name. Several
 *   entities may map to one input only when they mean the same fact.
 * - `entityValueMap`: per input name, MedCalc-Bench values (lower-cased and trimmed, booleans as
 *   `true`/`false`) to one of the input's enum options, where the CSV's wording differs.
 */
export interface ScoreCalculator extends Calculator {
  readonly entityMap: Readonly<Record<string, string>>
  readonly entityValueMap?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/** Records points with their reasons and keeps the running total. */
export interface PointTally {
  /** Adds `points` (may be 0 or negative) for `reason`, as one step. */
  add(points: number, reason: string): void
  /** Records a step that adds no points. */
  note(reason: string): void
  /** The running total. */
  readonly total: number
  /** The steps so far. */
  readonly steps: CalculationStep[]
}

function formatPoints(points: number): string {
  const magnitude = Math.abs(points)
  const word = magnitude === 1 ? 'point' : 'points'
  if (points > 0) return `+${magnitude} ${word}`
  if (points < 0) return `-${magnitude} ${word}`
  return '0 points'
}

/** Creates an empty {@link PointTally}; `unit` labels each running total (default `points`). */
export function createTally(unit = 'points'): PointTally {
  let total = 0
  const steps: CalculationStep[] = []
  return {
    add(points: number, reason: string): void {
      total = roundScore(total + points)
      steps.push({ description: `${reason}: ${formatPoints(points)}`, value: total, unit })
    },
    note(reason: string): void {
      steps.push({ description: reason })
    },
    get total(): number {
      return total
    },
    steps,
  }
}

/** Removes binary floating-point noise from half-point sums (for example Wells PE). */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/** Builds the result of a score from its tally. */
export function tallyResult(
  tally: PointTally,
  interpretation: string | undefined,
  unit = 'points',
): CalculatorResult {
  const result: CalculatorResult = { value: tally.total, unit, steps: tally.steps }
  if (interpretation !== undefined) result.interpretation = interpretation
  return result
}

/** Whether a boolean criterion is present; anything but `true` counts as absent. */
export function isPresent(input: CalculatorInputValues, name: string): boolean {
  return input[name] === true
}

/** A required number; throws {@link InputError} naming the calculator and field when missing. */
export function requireNumber(input: CalculatorInputValues, slug: string, name: string): number {
  const value = input[name]
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`${slug}: missing or non-numeric input "${name}" (got ${String(value)})`, {
      field: name,
      value,
    })
  }
  return value
}

/** An optional number: `undefined` when not given; throws when given but not a finite number. */
export function optionalNumber(
  input: CalculatorInputValues,
  slug: string,
  name: string,
): number | undefined {
  const value = input[name]
  if (value === undefined) return undefined
  return requireNumber(input, slug, name)
}

/**
 * A required enum value among `options`; throws {@link InputError} when missing or unknown.
 * With `fallback`, a missing value takes the fallback instead.
 */
export function requireOption<T extends string>(
  input: CalculatorInputValues,
  slug: string,
  name: string,
  options: readonly T[],
  fallback?: T,
): T {
  const value = input[name]
  if (value === undefined && fallback !== undefined) return fallback
  const match = options.find((option) => option === value)
  if (match === undefined) {
    throw new InputError(
      `${slug}: input "${name}" must be one of ${options.map((option) => `"${option}"`).join(', ')} (got "${String(value)}")`,
      { field: name, value },
    )
  }
  return match
}

/**
 * Declares an optional boolean criterion (absent when not given).
 *
 * @param name - input key
 * @param label - human label
 * @param description - what counts as present, for the tool schema
 */
export function criterionInput(
  name: string,
  label: string,
  description?: string,
): CalculatorInputSpec {
  const spec: CalculatorInputSpec = { name, label, type: 'boolean', required: false }
  spec.description = `${description ?? label}. Optional; absent (false) when not given.`
  return spec
}

/** Declares a quantity input with its canonical unit, accepted units and possible range. */
export function quantityInput(options: {
  name: string
  label: string
  unit: string
  acceptedUnits?: readonly string[]
  min: number
  max: number
  required?: boolean
  description?: string
}): CalculatorInputSpec {
  const spec: CalculatorInputSpec = {
    name: options.name,
    label: options.label,
    type: 'quantity',
    unit: options.unit,
    required: options.required ?? true,
    min: options.min,
    max: options.max,
  }
  if (options.acceptedUnits !== undefined) spec.acceptedUnits = options.acceptedUnits
  if (options.description !== undefined) spec.description = options.description
  return spec
}

/** Declares an enum input. */
export function enumInput(options: {
  name: string
  label: string
  options: readonly string[]
  required?: boolean
  description?: string
}): CalculatorInputSpec {
  const spec: CalculatorInputSpec = {
    name: options.name,
    label: options.label,
    type: 'enum',
    options: options.options,
    required: options.required ?? true,
  }
  if (options.description !== undefined) spec.description = options.description
  return spec
}
