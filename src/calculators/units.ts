/**
 * The unit table and conversions used by every calculator. A unit belongs to one dimension
 * (mass, length, temperature, mass concentration, ...) and converts linearly (temperature:
 * affinely) to that dimension's base unit. Conversions between mass, molar and equivalent
 * concentrations depend on the analyte (its molar mass and valence), so they take an
 * {@link Analyte}.
 *
 * Sources of the factors: SI definitions (1 lb = 0.45359237 kg, 1 in = 2.54 cm, 1 mmHg =
 * 133.322 Pa); molar masses from the IUPAC standard atomic weights (creatinine C4H7N3O
 * 113.12 g/mol, bilirubin C33H36N4O6 584.66 g/mol, glucose 180.16 g/mol, urea 60.06 g/mol,
 * urea nitrogen 2 x 14.007 g/mol); insulin 1 µIU/mL = 6.00 pmol/L (WHO IRP 66/304 convention).
 */
import { InputError } from '../errors.js'

/** The physical dimension a unit measures. */
export type Dimension =
  | 'mass'
  | 'length'
  | 'temperature'
  | 'time'
  | 'rate'
  | 'pressure'
  | 'mass-concentration'
  | 'molar-concentration'
  | 'equivalent-concentration'
  | 'insulin-concentration'
  | 'count-concentration'
  | 'enzyme-activity'
  | 'percent'
  | 'volume'
  | 'volume-rate'
  | 'dose-rate'
  | 'mass-rate'
  | 'frequency'
  | 'body-mass-index'
  | 'area'
  | 'osmolality'

/** An analyte whose amount can be stated by mass, by moles or by equivalents. */
export type Analyte =
  | 'creatinine'
  | 'bilirubin'
  | 'glucose'
  | 'urea'
  | 'urea-nitrogen'
  | 'calcium'
  | 'magnesium'
  | 'phosphate'
  | 'cholesterol'
  | 'triglycerides'
  | 'sodium'
  | 'potassium'
  | 'chloride'
  | 'bicarbonate'
  | 'lactate'
  | 'albumin'
  | 'hemoglobin'
  | 'insulin'

/** Molar mass (g/mol) and charge of each analyte. */
export interface AnalyteDefinition {
  /** g/mol; for urea nitrogen the mass of nitrogen per mole of urea (2 x 14.007). */
  molarMass: number
  /** Charge per particle, for mEq/L = valence x mmol/L. */
  valence?: number
  /** pmol/L per µIU/mL, for hormones assayed in international units. */
  picomolesPerMicroUnit?: number
}

/** The analyte table. */
export const ANALYTES: Readonly<Record<Analyte, AnalyteDefinition>> = {
  creatinine: { molarMass: 113.12 },
  bilirubin: { molarMass: 584.66 },
  glucose: { molarMass: 180.16 },
  urea: { molarMass: 60.06 },
  'urea-nitrogen': { molarMass: 28.014 },
  calcium: { molarMass: 40.078, valence: 2 },
  magnesium: { molarMass: 24.305, valence: 2 },
  phosphate: { molarMass: 30.974 },
  cholesterol: { molarMass: 386.65 },
  triglycerides: { molarMass: 885.7 },
  sodium: { molarMass: 22.99, valence: 1 },
  potassium: { molarMass: 39.098, valence: 1 },
  chloride: { molarMass: 35.45, valence: 1 },
  bicarbonate: { molarMass: 61.017, valence: 1 },
  lactate: { molarMass: 90.08, valence: 1 },
  albumin: { molarMass: 66_500 },
  hemoglobin: { molarMass: 16_114 },
  insulin: { molarMass: 5808, picomolesPerMicroUnit: 6 },
}

/** One unit: `base = value x factor + offset` in its dimension's base unit. */
export interface UnitDefinition {
  /** The canonical spelling, for example `mg/dL`. */
  symbol: string
  dimension: Dimension
  factor: number
  offset?: number
  /** Other spellings accepted (compared after {@link normalizeUnitText}). */
  aliases?: readonly string[]
}

const FAHRENHEIT = 5 / 9

/**
 * The unit table. Base units: kg, m, °C, s, /min, mmHg, mg/dL, mmol/L, mEq/L, µIU/mL, 10^9/L,
 * U/L, %, L, mL/h, µg/kg/min, µg/h, /day, kg/m², m², mOsm/kg.
 */
export const UNITS: readonly UnitDefinition[] = [
  { symbol: 'kg', dimension: 'mass', factor: 1, aliases: ['kgs', 'kilogram', 'kilograms'] },
  { symbol: 'g', dimension: 'mass', factor: 1e-3, aliases: ['gram', 'grams', 'gm'] },
  { symbol: 'mg', dimension: 'mass', factor: 1e-6, aliases: ['milligram', 'milligrams'] },
  { symbol: 'µg', dimension: 'mass', factor: 1e-9, aliases: ['mcg', 'microgram', 'micrograms'] },
  {
    symbol: 'lb',
    dimension: 'mass',
    factor: 0.45359237,
    aliases: ['lbs', 'pound', 'pounds'],
  },
  { symbol: 'oz', dimension: 'mass', factor: 0.028349523125, aliases: ['ounce', 'ounces'] },
  { symbol: 'm', dimension: 'length', factor: 1, aliases: ['meter', 'meters', 'metre', 'metres'] },
  { symbol: 'cm', dimension: 'length', factor: 0.01, aliases: ['centimeter', 'centimeters'] },
  { symbol: 'mm', dimension: 'length', factor: 0.001, aliases: ['millimeter', 'millimeters'] },
  { symbol: 'in', dimension: 'length', factor: 0.0254, aliases: ['inch', 'inches', '"'] },
  { symbol: 'ft', dimension: 'length', factor: 0.3048, aliases: ['foot', 'feet', "'"] },
  {
    symbol: '°C',
    dimension: 'temperature',
    factor: 1,
    aliases: ['C', 'degC', 'celsius', 'degrees celsius', 'degree celsius'],
  },
  {
    symbol: '°F',
    dimension: 'temperature',
    factor: FAHRENHEIT,
    offset: -32 * FAHRENHEIT,
    aliases: ['F', 'degF', 'fahrenheit', 'degrees fahrenheit', 'degree fahrenheit'],
  },
  { symbol: 'K', dimension: 'temperature', factor: 1, offset: -273.15, aliases: ['kelvin'] },
  {
    symbol: 'ms',
    dimension: 'time',
    factor: 1e-3,
    aliases: ['msec', 'millisecond', 'milliseconds'],
  },
  { symbol: 's', dimension: 'time', factor: 1, aliases: ['sec', 'second', 'seconds'] },
  { symbol: 'min', dimension: 'time', factor: 60, aliases: ['minute', 'minutes'] },
  { symbol: 'h', dimension: 'time', factor: 3600, aliases: ['hr', 'hrs', 'hour', 'hours'] },
  { symbol: 'days', dimension: 'time', factor: 86_400, aliases: ['d', 'day'] },
  { symbol: 'weeks', dimension: 'time', factor: 604_800, aliases: ['wk', 'wks', 'week'] },
  {
    symbol: 'months',
    dimension: 'time',
    factor: (365.25 / 12) * 86_400,
    aliases: ['mo', 'month'],
  },
  {
    symbol: 'years',
    dimension: 'time',
    factor: 365.25 * 86_400,
    aliases: ['y', 'yr', 'yrs', 'year', 'years old'],
  },
  {
    symbol: '/min',
    dimension: 'rate',
    factor: 1,
    aliases: [
      'per minute',
      'bpm',
      'beats per minute',
      'beats/min',
      'breaths per minute',
      'breaths/min',
      'min^-1',
    ],
  },
  { symbol: '/s', dimension: 'rate', factor: 60, aliases: ['per second', 'hz'] },
  { symbol: 'mmHg', dimension: 'pressure', factor: 1, aliases: ['mm hg', 'torr'] },
  { symbol: 'kPa', dimension: 'pressure', factor: 7.500617 },
  { symbol: 'cmH2O', dimension: 'pressure', factor: 0.735559 },
  { symbol: 'mg/dL', dimension: 'mass-concentration', factor: 1, aliases: ['mg/100mL', 'mg%'] },
  { symbol: 'g/dL', dimension: 'mass-concentration', factor: 1000, aliases: ['g/100mL', 'g%'] },
  { symbol: 'g/L', dimension: 'mass-concentration', factor: 100 },
  { symbol: 'mg/L', dimension: 'mass-concentration', factor: 0.1, aliases: ['µg/mL'] },
  { symbol: 'mg/mL', dimension: 'mass-concentration', factor: 100 },
  { symbol: 'µg/dL', dimension: 'mass-concentration', factor: 1e-3, aliases: ['mcg/dL'] },
  { symbol: 'ng/mL', dimension: 'mass-concentration', factor: 1e-4, aliases: ['µg/L'] },
  { symbol: 'mol/L', dimension: 'molar-concentration', factor: 1000, aliases: ['M'] },
  { symbol: 'mmol/L', dimension: 'molar-concentration', factor: 1, aliases: ['mM'] },
  { symbol: 'µmol/L', dimension: 'molar-concentration', factor: 1e-3, aliases: ['umol/L', 'µM'] },
  { symbol: 'nmol/L', dimension: 'molar-concentration', factor: 1e-6, aliases: ['nM'] },
  { symbol: 'pmol/L', dimension: 'molar-concentration', factor: 1e-9, aliases: ['pM'] },
  { symbol: 'mEq/L', dimension: 'equivalent-concentration', factor: 1, aliases: ['meq/l'] },
  {
    symbol: 'µIU/mL',
    dimension: 'insulin-concentration',
    factor: 1,
    aliases: ['mIU/L', 'µU/mL', 'mU/L', 'uIU/mL', 'uU/mL'],
  },
  {
    symbol: '10^9/L',
    dimension: 'count-concentration',
    factor: 1,
    aliases: ['x10^9/L', '10^3/µL', 'x10^3/µL', 'K/µL', '10^3/mm^3', 'x10^3/mm^3', 'G/L'],
  },
  {
    symbol: '/µL',
    dimension: 'count-concentration',
    factor: 1e-3,
    aliases: ['per µL', 'cells/µL', 'count/µL', '/mm^3', 'cells/mm^3', 'per mm^3', '/cmm'],
  },
  { symbol: '/L', dimension: 'count-concentration', factor: 1e-9, aliases: ['per L', 'count/L'] },
  {
    symbol: '10^12/L',
    dimension: 'count-concentration',
    factor: 1000,
    aliases: ['x10^12/L', '10^6/µL', 'x10^6/µL', 'M/µL'],
  },
  { symbol: 'U/L', dimension: 'enzyme-activity', factor: 1, aliases: ['IU/L', 'units/L'] },
  { symbol: 'µkat/L', dimension: 'enzyme-activity', factor: 60 },
  { symbol: '%', dimension: 'percent', factor: 1, aliases: ['percent'] },
  { symbol: 'fraction', dimension: 'percent', factor: 100 },
  { symbol: 'L', dimension: 'volume', factor: 1, aliases: ['liter', 'liters', 'litre', 'litres'] },
  { symbol: 'dL', dimension: 'volume', factor: 0.1 },
  { symbol: 'mL', dimension: 'volume', factor: 1e-3, aliases: ['cc'] },
  { symbol: 'mL/h', dimension: 'volume-rate', factor: 1, aliases: ['mL/hr', 'cc/h', 'cc/hr'] },
  { symbol: 'mL/day', dimension: 'volume-rate', factor: 1 / 24, aliases: ['mL/d', 'mL/24h'] },
  { symbol: 'L/day', dimension: 'volume-rate', factor: 1000 / 24, aliases: ['L/d', 'L/24h'] },
  { symbol: 'mL/min', dimension: 'volume-rate', factor: 60 },
  {
    symbol: 'µg/kg/min',
    dimension: 'dose-rate',
    factor: 1,
    aliases: ['mcg/kg/min', 'ug/kg/min'],
  },
  { symbol: 'µg/h', dimension: 'mass-rate', factor: 1, aliases: ['mcg/h', 'mcg/hr', 'µg/hr'] },
  { symbol: 'mg/h', dimension: 'mass-rate', factor: 1000, aliases: ['mg/hr'] },
  { symbol: 'mg/day', dimension: 'mass-rate', factor: 1000 / 24, aliases: ['mg/d'] },
  { symbol: 'mg/kg/h', dimension: 'dose-rate', factor: 1000 / 60, aliases: ['mg/kg/hr'] },
  {
    symbol: '/day',
    dimension: 'frequency',
    factor: 1,
    aliases: ['per day', 'doses/day', 'times/day', 'times per day', 'doses per day', 'x/day'],
  },
  { symbol: 'kg/m²', dimension: 'body-mass-index', factor: 1, aliases: ['kg/m^2', 'kg/m2'] },
  { symbol: 'm²', dimension: 'area', factor: 1, aliases: ['m^2', 'm2'] },
  { symbol: 'mOsm/kg', dimension: 'osmolality', factor: 1, aliases: ['mOsm/L', 'mOsm/kg H2O'] },
]

/**
 * Normalises a unit spelling for lookup: trims, folds case, maps micro signs (µ, μ, u before a
 * base, mc) to `µ`, superscripts to `^n`, removes spaces and degree signs.
 */
export function normalizeUnitText(text: string): string {
  return text
    .trim()
    .replace(/μ/g, 'µ')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/⁹/g, '^9')
    .replace(/¹²/g, '^12')
    .replace(/[×·*]/g, 'x')
    .replace(/\s+/g, '')
    .toLowerCase()
}

const byText = new Map<string, UnitDefinition[]>()
const byExactSpelling = new Map<string, UnitDefinition[]>()
function addSpelling(map: Map<string, UnitDefinition[]>, key: string, unit: UnitDefinition): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [unit])
  else if (!list.includes(unit)) list.push(unit)
}
for (const unit of UNITS) {
  for (const spelling of [unit.symbol, ...(unit.aliases ?? [])]) {
    addSpelling(byText, normalizeUnitText(spelling), unit)
    addSpelling(byExactSpelling, spelling.replace(/\s+/g, ''), unit)
  }
}

/**
 * Finds a unit by any accepted spelling; undefined when unknown. Case folding makes some
 * spellings ambiguous (`mM` millimolar and `mm` millimetre, `G/L` and `g/L`): an exact spelling
 * wins, and `accept` (for example "converts to the input's canonical unit") breaks the tie.
 */
export function findUnit(
  text: string,
  accept?: (unit: UnitDefinition) => boolean,
): UnitDefinition | undefined {
  const normalized = normalizeUnitText(text)
  const candidates = [
    ...(byExactSpelling.get(text.trim().replace(/μ/g, 'µ').replace(/\s+/g, '')) ?? []),
    ...(byText.get(normalized) ?? []),
    // `u` as a micro prefix (umol/L, ug)
    ...(normalized.startsWith('u') ? (byText.get(`µ${normalized.slice(1)}`) ?? []) : []),
  ]
  if (accept !== undefined) {
    const accepted = candidates.find(accept)
    if (accepted !== undefined) return accepted
  }
  return candidates[0]
}

/** Finds a unit or throws an {@link InputError} naming the spelling. */
export function requireUnit(
  text: string,
  field = 'unit',
  accept?: (unit: UnitDefinition) => boolean,
): UnitDefinition {
  const unit = findUnit(text, accept)
  if (unit === undefined) {
    throw new InputError(`calculators: unknown unit "${text}" for "${field}"`, {
      field,
      value: text,
    })
  }
  return unit
}

const CONCENTRATIONS: ReadonlySet<Dimension> = new Set([
  'mass-concentration',
  'molar-concentration',
  'equivalent-concentration',
  'insulin-concentration',
])

/** Converts a base value of a concentration dimension to mmol/L of the analyte. */
function toMillimolar(base: number, dimension: Dimension, analyte: AnalyteDefinition): number {
  switch (dimension) {
    case 'mass-concentration':
      // mg/dL -> mg/L (x 10) -> mmol/L (/ g/mol)
      return (base * 10) / analyte.molarMass
    case 'equivalent-concentration':
      return base / (analyte.valence ?? Number.NaN)
    case 'insulin-concentration':
      // µIU/mL -> pmol/L -> mmol/L
      return base * (analyte.picomolesPerMicroUnit ?? Number.NaN) * 1e-9
    default:
      return base
  }
}

function fromMillimolar(
  millimolar: number,
  dimension: Dimension,
  analyte: AnalyteDefinition,
): number {
  switch (dimension) {
    case 'mass-concentration':
      return (millimolar * analyte.molarMass) / 10
    case 'equivalent-concentration':
      return millimolar * (analyte.valence ?? Number.NaN)
    case 'insulin-concentration':
      return millimolar / ((analyte.picomolesPerMicroUnit ?? Number.NaN) * 1e-9)
    default:
      return millimolar
  }
}

/** Whether a value of dimension `from` converts to dimension `to` (for the analyte). */
export function dimensionsConvert(from: Dimension, to: Dimension, analyte?: Analyte): boolean {
  if (from === to) return true
  if (analyte === undefined || !CONCENTRATIONS.has(from) || !CONCENTRATIONS.has(to)) return false
  const definition = ANALYTES[analyte]
  return Number.isFinite(fromMillimolar(toMillimolar(1, from, definition), to, definition))
}

/** Whether `from` converts to `to` (for the analyte when the dimensions differ). */
export function canConvert(from: string, to: string, analyte?: Analyte): boolean {
  const target = findUnit(to)
  if (target === undefined) return false
  const source = findUnit(from, (unit) =>
    dimensionsConvert(unit.dimension, target.dimension, analyte),
  )
  return source !== undefined && dimensionsConvert(source.dimension, target.dimension, analyte)
}

/**
 * Converts `value` from one unit to another. Mass, molar and equivalent concentrations convert
 * into each other through the analyte's molar mass and valence.
 *
 * @throws InputError for an unknown unit or units that do not convert (for the analyte)
 * @example convertUnit(1, 'mg/dL', 'µmol/L', 'creatinine') // 88.40
 */
export function convertUnit(value: number, from: string, to: string, analyte?: Analyte): number {
  const target = requireUnit(to)
  const source = requireUnit(from, 'unit', (unit) =>
    dimensionsConvert(unit.dimension, target.dimension, analyte),
  )
  const base = value * source.factor + (source.offset ?? 0)
  let targetBase: number
  if (source.dimension === target.dimension) {
    targetBase = base
  } else if (
    analyte !== undefined &&
    CONCENTRATIONS.has(source.dimension) &&
    CONCENTRATIONS.has(target.dimension)
  ) {
    const definition = ANALYTES[analyte]
    targetBase = fromMillimolar(
      toMillimolar(base, source.dimension, definition),
      target.dimension,
      definition,
    )
    if (!Number.isFinite(targetBase)) {
      throw new InputError(
        `calculators: cannot convert ${analyte} from "${from}" to "${to}" (no valence or unit factor)`,
        { field: 'unit', value: from },
      )
    }
  } else {
    const what = analyte === undefined ? '' : ` for ${analyte}`
    throw new InputError(
      `calculators: cannot convert "${from}" (${source.dimension}) to "${to}" (${target.dimension})${what}`,
      { field: 'unit', value: from },
    )
  }
  return (targetBase - (target.offset ?? 0)) / target.factor
}

/** A number with its unit. */
export interface Quantity {
  value: number
  unit: string
}

/**
 * Reads `"150 lb"`, `"150lb"`, `"37.2 °C"` or `"1.2e3 /µL"` into a number and a unit; a bare
 * number gives an empty unit. Feet and inches (`5 ft 7 in`, `5'7"`) sum to inches.
 * Returns undefined when the text does not start with a number.
 */
export function parseQuantityText(text: string): Quantity | undefined {
  const trimmed = text.trim()
  const feetInches =
    /^(\d+(?:\.\d+)?)\s*(?:ft|feet|foot|')\s*(\d+(?:\.\d+)?)\s*(?:in|inch|inches|")?$/i.exec(
      trimmed,
    )
  if (feetInches?.[1] !== undefined && feetInches[2] !== undefined) {
    return { value: Number(feetInches[1]) * 12 + Number(feetInches[2]), unit: 'in' }
  }
  const match = /^([-+]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:e[-+]?\d+)?)\s*(.*)$/i.exec(trimmed)
  if (match?.[1] === undefined) return undefined
  const value = Number(match[1].replace(',', '.'))
  if (!Number.isFinite(value)) return undefined
  return { value, unit: (match[2] ?? '').trim() }
}

/** The accepted spellings of every unit in a dimension (for help texts and tool schemas). */
export function unitsOf(dimension: Dimension): string[] {
  return UNITS.filter((unit) => unit.dimension === dimension).map((unit) => unit.symbol)
}
