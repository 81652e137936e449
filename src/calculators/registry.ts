/**
 * The registry of Galen's calculators, keyed by MedCalc-Bench id, slug and name. Every
 * implementation is imported explicitly here (formulas/ and scores/) and checked against the
 * MedCalc-Bench catalog at load time, so a wrong id or name fails every test at once.
 */
import { NotFoundError } from '../errors.js'
import type { Calculator } from './calculator.js'
import { type CatalogEntry, MEDCALC_CATALOG } from './catalog.js'
import { adjustedBodyWeightCalculator } from './formulas/adjusted-body-weight.js'
import { albuminCorrectedAnionGapCalculator } from './formulas/albumin-corrected-anion-gap.js'
import { albuminCorrectedDeltaGapCalculator } from './formulas/albumin-corrected-delta-gap.js'
import { albuminCorrectedDeltaRatioCalculator } from './formulas/albumin-corrected-delta-ratio.js'
import { anionGapCalculator } from './formulas/anion-gap.js'
import { bmiCalculator } from './formulas/bmi.js'
import { bodySurfaceAreaCalculator } from './formulas/body-surface-area.js'
import { calciumCorrectionCalculator } from './formulas/calcium-correction.js'
import { ckdEpi2021Calculator } from './formulas/ckd-epi-2021.js'
import { cockcroftGaultCalculator } from './formulas/cockcroft-gault.js'
import { conceptionDateCalculator } from './formulas/conception-date.js'
import { deltaGapCalculator } from './formulas/delta-gap.js'
import { deltaRatioCalculator } from './formulas/delta-ratio.js'
import { dueDateCalculator } from './formulas/due-date.js'
import { fenaCalculator } from './formulas/fena.js'
import { fib4Calculator } from './formulas/fib-4.js'
import { freeWaterDeficitCalculator } from './formulas/free-water-deficit.js'
import { gestationalAgeCalculator } from './formulas/gestational-age.js'
import { homaIrCalculator } from './formulas/homa-ir.js'
import { idealBodyWeightCalculator } from './formulas/ideal-body-weight.js'
import { ldlCalculatedCalculator } from './formulas/ldl-calculated.js'
import { maintenanceFluidsCalculator } from './formulas/maintenance-fluids.js'
import { mdrdGfrCalculator } from './formulas/mdrd-gfr.js'
import { meanArterialPressureCalculator } from './formulas/mean-arterial-pressure.js'
import { meldNaCalculator } from './formulas/meld-na.js'
import { morphineMilligramEquivalentsCalculator } from './formulas/morphine-milligram-equivalents.js'
import { qtcBazettCalculator } from './formulas/qtc-bazett.js'
import { qtcFraminghamCalculator } from './formulas/qtc-framingham.js'
import { qtcFridericiaCalculator } from './formulas/qtc-fridericia.js'
import { qtcHodgesCalculator } from './formulas/qtc-hodges.js'
import { qtcRautaharjuCalculator } from './formulas/qtc-rautaharju.js'
import { serumOsmolalityCalculator } from './formulas/serum-osmolality.js'
import { sodiumCorrectionCalculator } from './formulas/sodium-correction-hyperglycemia.js'
import { steroidConversionCalculator } from './formulas/steroid-conversion.js'
import { targetWeightCalculator } from './formulas/target-weight.js'
import { scoreCalculators } from './scores/index.js'

// galen:calculator-imports (add one import per calculator above this line)

const IMPLEMENTATIONS: readonly Calculator[] = [
  adjustedBodyWeightCalculator,
  albuminCorrectedAnionGapCalculator,
  albuminCorrectedDeltaGapCalculator,
  albuminCorrectedDeltaRatioCalculator,
  anionGapCalculator,
  bmiCalculator,
  bodySurfaceAreaCalculator,
  calciumCorrectionCalculator,
  ckdEpi2021Calculator,
  cockcroftGaultCalculator,
  conceptionDateCalculator,
  deltaGapCalculator,
  deltaRatioCalculator,
  dueDateCalculator,
  fenaCalculator,
  fib4Calculator,
  freeWaterDeficitCalculator,
  gestationalAgeCalculator,
  homaIrCalculator,
  idealBodyWeightCalculator,
  ldlCalculatedCalculator,
  maintenanceFluidsCalculator,
  mdrdGfrCalculator,
  meanArterialPressureCalculator,
  meldNaCalculator,
  morphineMilligramEquivalentsCalculator,
  qtcBazettCalculator,
  qtcFraminghamCalculator,
  qtcFridericiaCalculator,
  qtcHodgesCalculator,
  qtcRautaharjuCalculator,
  serumOsmolalityCalculator,
  sodiumCorrectionCalculator,
  steroidConversionCalculator,
  targetWeightCalculator,
  // galen:calculators (add one entry per calculator above this line)
  ...scoreCalculators,
]

function checkAgainstCatalog(calculators: readonly Calculator[]): Map<number, Calculator> {
  const byId = new Map<number, Calculator>()
  for (const calculator of calculators) {
    const entry = MEDCALC_CATALOG.find((candidate) => candidate.id === calculator.id)
    if (entry === undefined)
      throw new Error(`calculators: id ${calculator.id} is not in MedCalc-Bench`)
    if (entry.name !== calculator.name || entry.outputType !== calculator.outputType) {
      throw new Error(
        `calculators: "${calculator.slug}" (id ${calculator.id}) does not match the catalog: "${calculator.name}" / ${calculator.outputType} vs "${entry.name}" / ${entry.outputType}`,
      )
    }
    if (byId.has(calculator.id))
      throw new Error(`calculators: id ${calculator.id} registered twice`)
    byId.set(calculator.id, calculator)
  }
  return byId
}

const BY_ID = checkAgainstCatalog(IMPLEMENTATIONS)

/** Folds a calculator reference for lookup: case, spaces, hyphens and underscores ignored. */
function foldReference(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
}

const BY_REFERENCE = new Map<string, Calculator>()
for (const calculator of IMPLEMENTATIONS) {
  BY_REFERENCE.set(foldReference(calculator.slug), calculator)
  BY_REFERENCE.set(foldReference(calculator.name), calculator)
}

/** Every implemented calculator, by MedCalc-Bench id. */
export function listCalculators(): Calculator[] {
  return [...BY_ID.values()].sort((left, right) => left.id - right.id)
}

/** The MedCalc-Bench catalog with whether Galen implements each calculator. */
export function listCatalog(): Array<CatalogEntry & { implemented: boolean }> {
  return MEDCALC_CATALOG.map((entry) => ({ ...entry, implemented: BY_ID.has(entry.id) }))
}

/**
 * Finds a calculator by MedCalc-Bench id (number or numeric string), slug, tool name
 * (`cockcroft_gault`) or MedCalc-Bench name, case-insensitively; undefined when none matches.
 */
export function findCalculator(reference: string | number): Calculator | undefined {
  if (typeof reference === 'number') return BY_ID.get(reference)
  const trimmed = reference.trim()
  if (/^\d+$/.test(trimmed)) return BY_ID.get(Number(trimmed))
  return BY_REFERENCE.get(foldReference(trimmed))
}

/**
 * Like {@link findCalculator} but throws.
 *
 * @throws NotFoundError naming the reference
 * @example getCalculator('bmi').compute(...)
 */
export function getCalculator(reference: string | number): Calculator {
  const calculator = findCalculator(reference)
  if (calculator !== undefined) return calculator
  throw new NotFoundError(
    `calculators: unknown calculator "${String(reference)}" (see "galen calc list")`,
  )
}
