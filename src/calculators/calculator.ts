import type { Analyte } from './units.js'

/**
 * The shape every clinical calculator shares. A calculator declares its inputs (with canonical
 * units and the units it converts from), computes from validated inputs, and returns the value,
 * its unit and the steps of the computation. Calculators are pure and synchronous.
 */

/** MedCalc-Bench's calculator categories. */
export type CalculatorCategory =
  | 'lab'
  | 'risk'
  | 'physical'
  | 'severity'
  | 'diagnosis'
  | 'dosage'
  | 'date'

/** The kind of value a calculator returns (MedCalc-Bench's "Output Type"). */
export type CalculatorOutputType = 'decimal' | 'integer' | 'date' | 'weeks-days'

/** One declared input. */
export interface CalculatorInputSpec {
  /** camelCase key used in the input object and the tool schema, for example `creatinine`. */
  name: string
  /** Human label, for example `Serum creatinine`. */
  label: string
  /**
   * `quantity`: a number with a unit (given as a number in `unit`, or `{ value, unit }`);
   * `number`: a unitless number; `boolean`; `enum` (one of `options`); `date` (YYYY-MM-DD).
   */
  type: 'quantity' | 'number' | 'boolean' | 'enum' | 'date'
  /** Canonical unit of a quantity, for example `mg/dL`. Values are converted to it. */
  unit?: string
  /** Other units accepted for a quantity (converted with the unit table). */
  acceptedUnits?: readonly string[]
  /**
   * The analyte of a concentration, so that mass, molar and equivalent units convert through its
   * molar mass and valence (for example `creatinine`: mg/dL <-> µmol/L).
   */
  analyte?: Analyte
  /** A `number` input that must be a whole number. */
  integer?: boolean
  /** The value used when an optional input is absent (canonical unit). */
  default?: number | boolean | string
  /** Allowed values of an enum. */
  options?: readonly string[]
  /** Whether the calculator cannot run without it. Optional booleans default to false. */
  required: boolean
  /** Physiologically possible range in the canonical unit; outside it the input is rejected. */
  min?: number
  max?: number
  /** What the input means, for the tool schema and the forms. */
  description?: string
}

/** One step of a computation, shown to users and fed back to models. */
export interface CalculationStep {
  /** What was done, for example `Cockcroft-Gault: (140 - age) x weight / (72 x Scr)`. */
  description: string
  /** The intermediate value, if any. */
  value?: number | string
  unit?: string
}

/** A calculator's output. */
export interface CalculatorResult {
  /** The value: a number, or a string for dates (`YYYY-MM-DD`) and weeks-and-days (`(w, d)`). */
  value: number | string
  unit: string
  steps: CalculationStep[]
  /** A short clinical reading of the value (risk band), when the source gives one. */
  interpretation?: string
}

/** Validated, unit-converted inputs, keyed by {@link CalculatorInputSpec.name}. */
export type CalculatorInputValues = Readonly<Record<string, number | boolean | string | undefined>>

/** A clinical calculator. */
export interface Calculator {
  /** MedCalc-Bench calculator id. */
  readonly id: number
  /** Stable kebab-case name, for example `cockcroft-gault`. */
  readonly slug: string
  /** MedCalc-Bench's name, exactly. */
  readonly name: string
  readonly category: CalculatorCategory
  readonly outputType: CalculatorOutputType
  /** The published source of the formula or score (a citation). */
  readonly source: string
  readonly inputs: readonly CalculatorInputSpec[]
  /**
   * How MedCalc-Bench "Relevant Entities" names map to this calculator's inputs (see
   * {@link EntityMap}). Entities whose name matches an input name case-insensitively need no entry.
   */
  readonly entityMap?: EntityMap
  /**
   * Per input name, MedCalc-Bench entity values (lower-cased and trimmed; booleans as `true` /
   * `false`) to the raw value the input takes, where the CSV's wording differs from the options.
   */
  readonly entityValueMap?: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** Computes from inputs already validated and converted to canonical units. */
  compute(input: CalculatorInputValues): CalculatorResult
}

/**
 * A value of MedCalc-Bench's "Relevant Entities" (a Python literal): numbers, strings,
 * booleans, None (null), lists and tuples (arrays, for example `[87, 'years']`) and dicts.
 */
export type EntityValue =
  | number
  | string
  | boolean
  | null
  | readonly EntityValue[]
  | { readonly [key: string]: EntityValue }

/**
 * Maps one entity to raw inputs. A string names the input that receives the value (a
 * `[value, unit]` pair becomes `{ value, unit }`); a function returns raw inputs to merge
 * (for example one entity `['Dexamethasone PO', 7.96, 'mg']` giving a drug and a dose).
 * Return `{}` to ignore an entity.
 */
export type EntityMapping =
  | string
  | ((
      value: EntityValue,
      entities: Readonly<Record<string, EntityValue>>,
    ) => Record<string, unknown>)

/** Entity name (as MedCalc-Bench spells it, matched case-insensitively) to mapping. */
export type EntityMap = Readonly<Record<string, EntityMapping>>
