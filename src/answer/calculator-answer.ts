/**
 * Calculators inside answers: for a calculator question, read the stated inputs (rules), compute
 * when nothing required is missing, and describe the result with its steps and source, each
 * value formatted to the calculator's precision with its unit ("76.9 mL/min", "1 point"); when
 * inputs are missing, name them and hand the page what it needs to open a prefilled form.
 */
import {
  type CalculationStep,
  type Calculator,
  findCalculator,
  getCalculator,
  runCalculator,
} from '../calculators/index.js'
import { describeError, GalenError, InputError, safeParseJson } from '../errors.js'
import { type ExtractedInputs, extractCalculatorInputs } from './extract-calculator-inputs.js'

/** A formatted step of a computation. */
export interface CalculationStepView {
  description: string
  /** The step's value formatted with its unit ("74.3 kg", "3 points"); null when it has none. */
  display: string | null
}

/** A calculator run from a question, in the shape the page renders. */
export interface CalculatorAnswer {
  calculator: { id: number; slug: string; name: string }
  /**
   * `computed`: every required input was stated; `needs-inputs`: some are missing (see
   * `missing`); `invalid-inputs`: a stated value was rejected (see `problem`).
   */
  status: 'computed' | 'needs-inputs' | 'invalid-inputs'
  /** The raw value (computed only). */
  value: number | string | null
  unit: string | null
  /** The value formatted to the calculator's precision with its unit, for example "4 points". */
  display: string | null
  interpretation: string | null
  steps: CalculationStepView[]
  /** The published source of the formula or score. */
  source: string
  stated: ExtractedInputs['stated']
  assumed: ExtractedInputs['assumed']
  missing: ExtractedInputs['missing']
  /** Why a stated value was rejected (`invalid-inputs`). */
  problem: string | null
  /** What the page needs to open the calculator form prefilled with the stated inputs. */
  form: { calculator: string; prefill: ExtractedInputs['values'] }
}

/** Decimals shown per unit; other units follow the value's size. */
const UNIT_DECIMALS: Readonly<Record<string, number>> = {
  points: 0,
  'mL/min': 1,
  'mL/min/1.73 m²': 0,
  'kg/m²': 1,
  mmHg: 0,
  'mEq/L': 1,
  'mmol/L': 1,
  'mg/dL': 1,
  'mOsm/kg': 0,
  ms: 0,
  kg: 1,
  'm²': 2,
  '%': 1,
  'MME/day': 1,
  'mL/h': 0,
  'mL/day': 0,
  years: 0,
}

/** Units written in the singular for a value of exactly 1. */
const SINGULAR: Readonly<Record<string, string>> = {
  points: 'point',
  years: 'year',
  weeks: 'week',
  days: 'day',
}

function decimalsFor(value: number, unit: string, integer: boolean): number {
  if (integer) return 0
  const fixed = UNIT_DECIMALS[unit]
  if (fixed !== undefined) return fixed
  const size = Math.abs(value)
  return size >= 100 ? 0 : size >= 10 ? 1 : 2
}

/**
 * Formats a value with its unit: rounded to the unit's precision, singular or plural by the
 * value ("1 point", "4 points", "76.9 mL/min"); dates and weeks-and-days as text.
 *
 * @example formatCalculatorValue(76.86660378027413, 'mL/min') // '76.9 mL/min'
 */
export function formatCalculatorValue(
  value: number | string,
  unit: string,
  options: { integer?: boolean } = {},
): string {
  if (typeof value === 'string') {
    const weeksDays = value.match(/^\(\s*(\d+)\s*,\s*(\d+)\s*\)$/)
    if (weeksDays?.[1] !== undefined && weeksDays[2] !== undefined) {
      const weeks = Number(weeksDays[1])
      const days = Number(weeksDays[2])
      return `${weeks} ${weeks === 1 ? 'week' : 'weeks'} ${days} ${days === 1 ? 'day' : 'days'}`
    }
    return value
  }
  const decimals = decimalsFor(value, unit, options.integer ?? false)
  // `|| 0` turns a rounded -0 into 0 ("-0.0 mL/min" never shows).
  const rounded = Number(value.toFixed(decimals)) || 0
  const text = rounded.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  })
  if (unit === '' || unit === 'date') return text
  const shown = rounded === 1 && SINGULAR[unit] !== undefined ? SINGULAR[unit] : unit
  return `${text} ${shown}`
}

function stepView(step: CalculationStep, integer: boolean): CalculationStepView {
  if (step.value === undefined) return { description: step.description, display: null }
  const unit = step.unit ?? ''
  const display =
    typeof step.value === 'number'
      ? formatCalculatorValue(step.value, unit, { integer: integer && unit === 'points' })
      : `${step.value}${unit === '' ? '' : ` ${unit}`}`
  // A score's steps carry the running total.
  return {
    description: step.description,
    display: unit === 'points' ? `total ${display}` : display,
  }
}

/**
 * Removes the words that name the calculator or frame the question ("stroke risk", "creatinine
 * clearance"), so that they are not read as the case's findings.
 */
function caseText(question: string, calculator: Calculator): string {
  const nameWords = calculator.name
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+for\s+|\s*[:;,]\s*/i)
    .map((part) => part.trim())
    .filter((part) => part.includes(' '))
  let text = question
  for (const phrase of nameWords) {
    text = text.replace(new RegExp(phrase.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi'), ' ')
  }
  return text
    .replace(/\b[\w-]+ (?:risk|score|criteria|rule|equation|formula|index|clearance)\b/gi, ' ')
    .replace(/\bcha2?ds2?[- ]?vasc\b|\bhas[- ]?bled\b|\bcurb[- ]?65\b/gi, ' ')
}

/**
 * Runs a calculator on the inputs a question states.
 *
 * @param reference - MedCalc-Bench id, slug or name
 * @throws NotFoundError for an unknown calculator
 * @example
 * const result = answerCalculatorQuestion(4, 'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes')
 * // result.status === 'computed', result.display === '4 points'
 */
export function answerCalculatorQuestion(
  reference: number | string | Calculator,
  question: string,
): CalculatorAnswer {
  const calculator = typeof reference === 'object' ? reference : getCalculator(reference)
  return runOnInputs(
    calculator,
    extractCalculatorInputs(calculator, caseText(question, calculator)),
  )
}

/**
 * The calculation a model asked for through a calculator tool call (its arguments are untrusted
 * JSON): computed when valid, else `invalid-inputs` with the reason. Null for an unknown tool.
 */
export function calculatorAnswerFromToolCall(
  name: string,
  argumentsText: string,
): CalculatorAnswer | null {
  const calculator = findCalculator(name)
  if (calculator === undefined) return null
  const parsed = safeParseJson(argumentsText.trim() === '' ? '{}' : argumentsText, 'arguments')
  const values: ExtractedInputs['values'] = {}
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
    for (const [key, value] of Object.entries(parsed.value)) {
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
        values[key] = value
      } else if (typeof value === 'object' && value !== null) {
        const quantity = value as { value?: unknown; unit?: unknown }
        if (typeof quantity.value === 'number' && typeof quantity.unit === 'string') {
          values[key] = `${quantity.value} ${quantity.unit}`
        }
      }
    }
  }
  const stated = calculator.inputs
    .filter((input) => input.name in values)
    .map((input) => ({
      name: input.name,
      label: input.label,
      value: values[input.name] as number | boolean | string,
      text: 'model tool call',
    }))
  const assumed = calculator.inputs
    .filter((input) => !(input.name in values) && !input.required)
    .map((input) => ({
      name: input.name,
      label: input.label,
      value: input.default ?? (input.type === 'boolean' ? false : null),
    }))
  const missing = calculator.inputs
    .filter((input) => !(input.name in values) && input.required)
    .map((input) => ({ name: input.name, label: input.label }))
  return runOnInputs(calculator, { values, stated, assumed, missing })
}

function runOnInputs(calculator: Calculator, extracted: ExtractedInputs): CalculatorAnswer {
  const integer = calculator.outputType === 'integer'
  const base: CalculatorAnswer = {
    calculator: { id: calculator.id, slug: calculator.slug, name: calculator.name },
    status: 'needs-inputs',
    value: null,
    unit: null,
    display: null,
    interpretation: null,
    steps: [],
    source: calculator.source,
    stated: extracted.stated,
    assumed: extracted.assumed,
    missing: extracted.missing,
    problem: null,
    form: { calculator: calculator.slug, prefill: extracted.values },
  }
  if (extracted.missing.length > 0) return base
  try {
    const result = runCalculator(calculator, extracted.values)
    return {
      ...base,
      status: 'computed',
      value: result.value,
      unit: result.unit,
      display: formatCalculatorValue(result.value, result.unit, { integer }),
      interpretation: result.interpretation ?? null,
      steps: result.steps.map((step) => stepView(step, integer)),
    }
  } catch (error) {
    if (!(error instanceof GalenError) && !(error instanceof RangeError)) throw error
    const field = error instanceof InputError ? error.field : undefined
    const newlyMissing = calculator.inputs
      .filter((input) => input.name === field && !(input.name in extracted.values))
      .map((input) => ({ name: input.name, label: input.label }))
    return newlyMissing.length > 0
      ? { ...base, missing: [...base.missing, ...newlyMissing] }
      : { ...base, status: 'invalid-inputs', problem: describeError(error) }
  }
}

/** A label without its parenthesised detail, lower-cased: "Hypertension (uncontrolled)" → "hypertension". */
function shortLabel(label: string): string {
  return label.replace(/\s*\([^)]*\)/g, '').toLowerCase()
}

/** One paragraph for the answer text: the result, its inputs and steps, or what is missing. */
export function describeCalculatorAnswer(answer: CalculatorAnswer): string {
  const name = answer.calculator.name
  if (answer.status === 'needs-inputs') {
    const given =
      answer.stated.length === 0
        ? ''
        : ` The form is prefilled with what the question states (${answer.stated.map((input) => shortLabel(input.label)).join(', ')}).`
    return `${name}: to compute it, also give ${answer.missing.map((input) => shortLabel(input.label)).join(', ')}.${given}`
  }
  if (answer.status === 'invalid-inputs') {
    return `${name}: a stated value was rejected (${answer.problem}); check it in the calculator form.`
  }
  const lines = [
    `${name}: ${answer.display}${answer.interpretation === null ? '' : ` (${answer.interpretation})`}.`,
    `Inputs from the question: ${answer.stated.map((input) => `${shortLabel(input.label)} ${typeof input.value === 'boolean' ? (input.value ? 'yes' : 'no') : input.value}${typeof input.value === 'number' && input.unit !== undefined ? ` ${input.unit}` : ''}`).join(', ')}.`,
  ]
  const absent = answer.assumed.filter((input) => input.value === false)
  if (absent.length > 0) {
    lines.push(
      `Not stated, so counted as absent: ${absent.map((input) => shortLabel(input.label)).join(', ')}.`,
    )
  }
  lines.push(
    `Steps: ${answer.steps.map((step) => (step.display === null ? step.description : `${step.description} (${step.display})`)).join('; ')}.`,
    `Source: ${answer.source}`,
  )
  return lines.join('\n')
}
