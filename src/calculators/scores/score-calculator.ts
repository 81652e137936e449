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
  EntityMap,
  EntityMapping,
  EntityValue,
} from '../calculator.js'

/**
 * A score calculator: a {@link Calculator} whose `entityMap` (MedCalc-Bench entity name, as in
 * the CSV, to input) is always declared, so that every MedCalc-Bench row of it can be read.
 */
export interface ScoreCalculator extends Calculator {
  readonly entityMap: EntityMap
}

/**
 * Maps several MedCalc-Bench entities that state one fact (for example "History of
 * cerebrovascular disease" and "Cerebrovascular disease history") to one boolean input: present
 * when any of them is `True`, whatever their order in the row.
 */
export function anyEntityPresent(inputName: string, entityNames: readonly string[]): EntityMapping {
  return (_value: EntityValue, entities: Readonly<Record<string, EntityValue>>) => ({
    [inputName]: entityNames.some((name) => entities[name] === true),
  })
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

/**
 * Rounds a unit-converted value to `decimals` places before comparing it with a published cut-off,
 * so that 100.4 °F counts as exactly 38.0 °C rather than 38.000000000000007.
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/** Total bilirubin in mg/dL (µmol/L converts with 584.66 g/mol). */
export const BILIRUBIN_INPUT: CalculatorInputSpec = {
  name: 'bilirubin',
  label: 'Total bilirubin',
  type: 'quantity',
  unit: 'mg/dL',
  acceptedUnits: ['µmol/L', 'mg/L'],
  analyte: 'bilirubin',
  required: true,
  min: 0,
  max: 80,
  description: 'Total serum bilirubin',
}

/** Respiratory rate in breaths per minute. */
export const RESPIRATORY_RATE_INPUT: CalculatorInputSpec = {
  name: 'respiratoryRate',
  label: 'Respiratory rate',
  type: 'quantity',
  unit: '/min',
  required: true,
  min: 0,
  max: 120,
  description: 'Respiratory rate in breaths per minute',
}

/**
 * White blood cell count in 10^9/L (= 10^3/µL); /µL and /mm^3 convert. The minimum rejects a
 * count per µL mistakenly read as per L.
 */
export const WBC_INPUT: CalculatorInputSpec = {
  name: 'wbc',
  label: 'White blood cell count',
  type: 'quantity',
  unit: '10^9/L',
  acceptedUnits: ['/µL', '/mm^3', '/L', '10^3/µL'],
  required: true,
  min: 0.01,
  max: 1000,
  description: 'White blood cell count (10^9/L, the same number as 10^3/µL)',
}

/** Maps a MedCalc-Bench entity that the calculator does not use (it reaches no input). */
export const ignoredEntity: EntityMapping = () => ({})

/**
 * Maps a MedCalc-Bench cell count (`[9440.0, 'L']`, `[6370.0, 'm^3']`, `[4200.0, 'µL']`) to a
 * count input. MedCalc-Bench writes the volume alone; its bare `L` is a lost `µL` (row 592's
 * note reads "9.44 x 10^9/L" for `[9440.0, 'L']`), so a bare `L` with a value below 10^6 is read
 * per µL, and `m^3` is read per mm^3 (= per µL).
 */
export function cellCountEntity(inputName: string): EntityMapping {
  return (value: EntityValue) => {
    if (!Array.isArray(value) || value.length !== 2) return { [inputName]: value }
    const [count, unit] = value
    if (typeof count !== 'number' || typeof unit !== 'string') return { [inputName]: value }
    const written = unit.trim()
    const perMicrolitre =
      written === 'µL' ||
      written === 'μL' ||
      written === 'uL' ||
      written === 'm^3' ||
      written === 'mm^3' ||
      (written === 'L' && count < 1e6)
    if (perMicrolitre) return { [inputName]: { value: count, unit: '/µL' } }
    if (written === 'L') return { [inputName]: { value: count, unit: '/L' } }
    return { [inputName]: { value: count, unit: written } }
  }
}
