/**
 * Clinical calculators: MedCalc-Bench's 55, each a typed function with units, validation and
 * the steps of its computation; their registry, OpenAI tool schemas and executor, the adapter
 * from MedCalc-Bench "Relevant Entities", and the MedCalc-Bench agreement runner.
 */
export {
  type BenchDisagreement,
  type CalculatorAgreement,
  type KnownLabelError,
  type MedCalcBenchOptions,
  type MedCalcBenchSummary,
  readKnownLabelErrors,
  runMedCalcBench,
} from './bench-runner.js'
export type {
  CalculationStep,
  Calculator,
  CalculatorCategory,
  CalculatorInputSpec,
  CalculatorInputValues,
  CalculatorOutputType,
  CalculatorResult,
  EntityMap,
  EntityMapping,
  EntityValue,
} from './calculator.js'
export { type CatalogEntry, MEDCALC_CATALOG } from './catalog.js'
export { findCalculator, getCalculator, listCalculators, listCatalog } from './registry.js'
export {
  entitiesToInput,
  parsePythonLiteral,
  parseRelevantEntities,
  safeParseRelevantEntities,
} from './relevant-entities.js'
export { type CalculatorRunResult, runCalculator } from './run-calculator.js'
export {
  type CalculatorTool,
  type CalculatorToolCall,
  calculatorTool,
  calculatorTools,
  executeToolCall,
  type ToolExecution,
  toolName,
} from './tools.js'
export {
  type Analyte,
  convertUnit,
  findUnit,
  parseQuantityText,
  type Quantity,
  UNITS,
} from './units.js'
export { safeValidateInput, validateInput } from './validate.js'
export {
  CALCULATOR_NAMES_ZH,
  calculatorNameZh,
  INPUT_LABELS_ZH,
  inputLabelZh,
  OPTION_LABELS_ZH,
  optionLabelZh,
} from './zh-names.js'
