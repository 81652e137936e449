/**
 * Input declarations shared by many calculators (age, sex, weight, height, creatinine,
 * electrolytes, vital signs) and typed readers of validated input values. Ranges are the
 * physiologically possible values (wide on purpose: they reject typos and unit mix-ups such as
 * creatinine in µmol/L given as mg/dL, not unusual patients).
 */
import { InputError } from '../errors.js'
import type { CalculatorInputSpec, CalculatorInputValues } from './calculator.js'

/** Age in years (months, weeks and days convert). */
export const AGE_INPUT: CalculatorInputSpec = {
  name: 'age',
  label: 'Age',
  type: 'quantity',
  unit: 'years',
  acceptedUnits: ['months', 'weeks', 'days'],
  required: true,
  min: 0,
  max: 130,
  description: 'Age of the patient',
}

/** Sex at birth, as used by the equations. */
export const SEX_INPUT: CalculatorInputSpec = {
  name: 'sex',
  label: 'Sex',
  type: 'enum',
  options: ['male', 'female'],
  required: true,
  description: 'Sex of the patient (the equations use male or female)',
}

/** Body weight in kg. */
export const WEIGHT_INPUT: CalculatorInputSpec = {
  name: 'weight',
  label: 'Weight',
  type: 'quantity',
  unit: 'kg',
  acceptedUnits: ['g', 'lb', 'oz'],
  required: true,
  min: 0.2,
  max: 700,
  description: 'Actual body weight',
}

/** Height in cm. */
export const HEIGHT_INPUT: CalculatorInputSpec = {
  name: 'height',
  label: 'Height',
  type: 'quantity',
  unit: 'cm',
  acceptedUnits: ['m', 'mm', 'in', 'ft'],
  required: true,
  min: 20,
  max: 280,
  description: 'Height (or length of an infant)',
}

/** Serum creatinine in mg/dL (µmol/L converts with 113.12 g/mol). */
export const CREATININE_INPUT: CalculatorInputSpec = {
  name: 'creatinine',
  label: 'Serum creatinine',
  type: 'quantity',
  unit: 'mg/dL',
  acceptedUnits: ['µmol/L', 'mmol/L', 'mg/L'],
  analyte: 'creatinine',
  required: true,
  min: 0.05,
  max: 40,
  description: 'Serum creatinine concentration',
}

/** Serum sodium in mEq/L (= mmol/L). */
export const SODIUM_INPUT: CalculatorInputSpec = {
  name: 'sodium',
  label: 'Sodium',
  type: 'quantity',
  unit: 'mEq/L',
  acceptedUnits: ['mmol/L'],
  analyte: 'sodium',
  required: true,
  min: 80,
  max: 220,
  description: 'Serum sodium concentration',
}

/** Serum chloride in mEq/L. */
export const CHLORIDE_INPUT: CalculatorInputSpec = {
  name: 'chloride',
  label: 'Chloride',
  type: 'quantity',
  unit: 'mEq/L',
  acceptedUnits: ['mmol/L'],
  analyte: 'chloride',
  required: true,
  min: 40,
  max: 180,
  description: 'Serum chloride concentration',
}

/** Serum bicarbonate in mEq/L. */
export const BICARBONATE_INPUT: CalculatorInputSpec = {
  name: 'bicarbonate',
  label: 'Bicarbonate',
  type: 'quantity',
  unit: 'mEq/L',
  acceptedUnits: ['mmol/L'],
  analyte: 'bicarbonate',
  required: true,
  min: 1,
  max: 70,
  description: 'Serum bicarbonate (total CO2) concentration',
}

/** Serum albumin in g/dL. */
export const ALBUMIN_INPUT: CalculatorInputSpec = {
  name: 'albumin',
  label: 'Albumin',
  type: 'quantity',
  unit: 'g/dL',
  acceptedUnits: ['g/L'],
  analyte: 'albumin',
  required: true,
  min: 0.3,
  max: 8,
  description: 'Serum albumin concentration',
}

/** Serum glucose in mg/dL (mmol/L converts with 180.16 g/mol). */
export const GLUCOSE_INPUT: CalculatorInputSpec = {
  name: 'glucose',
  label: 'Glucose',
  type: 'quantity',
  unit: 'mg/dL',
  acceptedUnits: ['mmol/L'],
  analyte: 'glucose',
  required: true,
  min: 5,
  max: 3000,
  description: 'Serum or plasma glucose concentration',
}

/** Blood urea nitrogen in mg/dL (urea mmol/L converts: 1 mmol/L = 2.8 mg/dL of nitrogen). */
export const BUN_INPUT: CalculatorInputSpec = {
  name: 'bun',
  label: 'Blood urea nitrogen (BUN)',
  type: 'quantity',
  unit: 'mg/dL',
  acceptedUnits: ['mmol/L'],
  analyte: 'urea-nitrogen',
  required: true,
  min: 1,
  max: 300,
  description: 'Blood urea nitrogen; urea in mmol/L is accepted (same molar amount)',
}

/** Heart rate in beats per minute. */
export const HEART_RATE_INPUT: CalculatorInputSpec = {
  name: 'heartRate',
  label: 'Heart rate',
  type: 'quantity',
  unit: '/min',
  required: true,
  min: 10,
  max: 350,
  description: 'Heart rate or pulse in beats per minute',
}

/** Systolic blood pressure in mmHg. */
export const SYSTOLIC_INPUT: CalculatorInputSpec = {
  name: 'systolicBloodPressure',
  label: 'Systolic blood pressure',
  type: 'quantity',
  unit: 'mmHg',
  acceptedUnits: ['kPa'],
  required: true,
  min: 20,
  max: 320,
}

/** Diastolic blood pressure in mmHg. */
export const DIASTOLIC_INPUT: CalculatorInputSpec = {
  name: 'diastolicBloodPressure',
  label: 'Diastolic blood pressure',
  type: 'quantity',
  unit: 'mmHg',
  acceptedUnits: ['kPa'],
  required: true,
  min: 5,
  max: 250,
}

/** Body temperature in °C (°F and K convert). */
export const TEMPERATURE_INPUT: CalculatorInputSpec = {
  name: 'temperature',
  label: 'Temperature',
  type: 'quantity',
  unit: '°C',
  acceptedUnits: ['°F', 'K'],
  required: true,
  min: 15,
  max: 46,
}

/** Copy of a shared input with some fields changed (for example `required: false`). */
export function withInput(
  base: CalculatorInputSpec,
  changes: Partial<CalculatorInputSpec>,
): CalculatorInputSpec {
  return { ...base, ...changes }
}

function missing(name: string, kind: string): never {
  throw new InputError(`calculators: input "${name}" is missing or not ${kind}`, { field: name })
}

/** A validated number (quantity or number input); throws when absent. */
export function numberValue(input: CalculatorInputValues, name: string): number {
  const value = input[name]
  return typeof value === 'number' ? value : missing(name, 'a number')
}

/** A validated number, or undefined when the optional input is absent. */
export function optionalNumberValue(
  input: CalculatorInputValues,
  name: string,
): number | undefined {
  const value = input[name]
  return typeof value === 'number' ? value : undefined
}

/** A validated boolean (absent optional booleans are false). */
export function booleanValue(input: CalculatorInputValues, name: string): boolean {
  return input[name] === true
}

/** A validated enum or date string; throws when absent. */
export function stringValue(input: CalculatorInputValues, name: string): string {
  const value = input[name]
  return typeof value === 'string' ? value : missing(name, 'a string')
}

/** Rounds for display in steps (the result value itself is never rounded by the framework). */
export function roundTo(value: number, decimals = 3): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/**
 * Age for the kidney-function equations: they were derived in adults, and age 0 (a power of
 * age) or over 140 (Cockcroft-Gault's 140 - age) leaves them undefined, so 1-120 years.
 */
export const KIDNEY_EQUATION_AGE_INPUT: CalculatorInputSpec = {
  ...AGE_INPUT,
  min: 1,
  max: 120,
  description: 'Age of the patient (the equation was derived in adults, 18 years and over)',
}

/** The caution added to a kidney-function result for a patient under 18. */
export function pediatricCaution(age: number): string | undefined {
  return age < 18
    ? 'derived in adults: under 18 years prefer a paediatric equation (bedside Schwartz)'
    : undefined
}
