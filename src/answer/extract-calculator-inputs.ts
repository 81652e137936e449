/**
 * Reads a calculator's inputs out of a question by rules, without a model: age ("a 70 year old",
 * "aged 70"), sex ("woman", "he"), quantities by their name or abbreviation with a number and
 * unit ("creatinine 1.2 mg/dL", "Cr 106 µmol/L", "BP 150/90"), quantities by a unit only one
 * input takes ("80 kg", "5 ft 7 in"), and yes/no criteria by their names and common synonyms,
 * negated ("no diabetes", "without heart failure") or not. What the question does not state is
 * reported: required inputs as missing, optional criteria as assumed absent.
 */
import {
  type Calculator,
  type CalculatorInputSpec,
  inputLabelZh,
  optionLabelZh,
} from '../calculators/index.js'

/** One input read from the question. */
export interface StatedInput {
  name: string
  label: string
  /** The raw value given to the calculator (`"1.2 mg/dL"`, `true`, `"female"`, `70`). */
  value: number | boolean | string
  /** The words of the question it was read from. */
  text: string
  /** The canonical unit a bare number is in, when the input has one. */
  unit?: string
}

/** The result of {@link extractCalculatorInputs}. */
export interface ExtractedInputs {
  /** Raw inputs for `runCalculator`, keyed by input name. */
  values: Record<string, number | boolean | string>
  stated: StatedInput[]
  /** Required inputs the question does not give. */
  missing: Array<{ name: string; label: string }>
  /** Optional inputs the question does not give, with the value the calculator assumes. */
  assumed: Array<{ name: string; label: string; value: number | boolean | string | null }>
}

/**
 * Synonyms of criteria and measurements as questions write them, by input name. Written from
 * general clinical usage; the input's own label and name always count too.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  congestiveHeartFailure: [
    'congestive heart failure',
    'heart failure',
    'chf',
    'hfref',
    'hfpef',
    '心力衰竭',
    '心衰',
  ],
  heartFailure: ['heart failure', 'chf'],
  hypertension: ['hypertension', 'hypertensive', 'high blood pressure', 'htn', '高血压'],
  diabetes: ['diabetes', 'diabetic', 't2dm', 't1dm', 'dm', '糖尿病'],
  stroke: ['stroke', 'cva', 'cerebrovascular accident', '脑卒中', '卒中', '中风', '脑梗死'],
  transientIschemicAttack: [
    'transient ischaemic attack',
    'transient ischemic attack',
    'tia',
    'mini-stroke',
    '短暂性脑缺血发作',
  ],
  thromboembolism: [
    'thromboembolism',
    'pulmonary embolism',
    'deep vein thrombosis',
    'dvt',
    'vte',
    '血栓栓塞',
    '肺栓塞',
    '深静脉血栓',
  ],
  vascularDisease: [
    'vascular disease',
    'myocardial infarction',
    'heart attack',
    'peripheral artery disease',
    'peripheral arterial disease',
    'aortic plaque',
    '心肌梗死',
    '外周动脉疾病',
  ],
  confusion: ['confusion', 'confused', 'disoriented', 'disorientated'],
  creatinine: ['serum creatinine', 'creatinine', 'scr', 'cr'],
  heartRate: ['heart rate', 'pulse', 'hr'],
  systolicBloodPressure: ['systolic blood pressure', 'systolic', 'sbp'],
  diastolicBloodPressure: ['diastolic blood pressure', 'diastolic', 'dbp'],
  respiratoryRate: ['respiratory rate', 'rr'],
  temperature: ['temperature', 'temp'],
  sodium: ['sodium', 'na'],
  potassium: ['potassium', 'k'],
  chloride: ['chloride', 'cl'],
  bicarbonate: ['bicarbonate', 'hco3', 'bicarb'],
  bun: ['blood urea nitrogen', 'bun', 'urea'],
  glucose: ['glucose', 'blood sugar'],
  weight: ['weight', 'weighs', 'weighing'],
  height: ['height', 'tall'],
  albumin: ['albumin'],
  bilirubin: ['bilirubin'],
  inr: ['inr'],
  platelets: ['platelets', 'platelet count'],
}

const NEGATION = /\b(?:no|not|without|denies|denied|negative for|absence of|free of|nor)\b[^.;,]*$/i
/** Chinese negation within the clause: 无, 没有, 否认, 不伴 ... */
const CHINESE_NEGATION = /(?:无|没有|否认|不伴|未患)[^，。；、,.;]*$/

/** Splits camelCase into words: `heartRate` → `heart rate`. */
function words(name: string): string {
  return name.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase()
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Short Chinese names questions use beside the standard labels (`calculators/zh-names.ts`). */
const CHINESE_NAMES: Readonly<Record<string, readonly string[]>> = {
  creatinine: ['肌酐', 'Scr'],
  albumin: ['白蛋白'],
  bun: ['尿素氮'],
  glucose: ['血糖'],
  heartRate: ['脉搏'],
  respiratoryRate: ['呼吸'],
  bicarbonate: ['HCO3-', 'HCO3'],
  calcium: ['血钙'],
  bilirubin: ['总胆红素', '胆红素'],
  platelets: ['血小板'],
  qtInterval: ['QT间期'],
  hemoglobin: ['血红蛋白', 'Hb'],
  wbc: ['白细胞'],
}

/** Chinese unit words as the unit symbols the calculators read ("80公斤" → "80 kg"). */
const CHINESE_UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(\d)\s*(?:公斤|千克)/g, '$1 kg'],
  [/(\d)\s*厘米/g, '$1 cm'],
  [/(\d)\s*米(?![\u4e00-\u9fff]*(?:汞柱))/g, '$1 m'],
  [/(\d)\s*毫米汞柱/g, '$1 mmHg'],
  [/(\d)\s*次\s*\/\s*分(?:钟)?/g, '$1 /min'],
  [/(\d)\s*毫秒/g, '$1 ms'],
  [/(\d)\s*(?:微摩尔|μmol)\s*\/\s*(?:升|L)/g, '$1 µmol/L'],
  [/(\d)\s*毫摩尔\s*\/\s*升/g, '$1 mmol/L'],
  [/(\d)\s*毫克\s*\/\s*分升/g, '$1 mg/dL'],
  [/(\d)\s*克\s*\/\s*分升/g, '$1 g/dL'],
  [/(\d)\s*克\s*\/\s*升/g, '$1 g/L'],
  [/(\d)\s*℃/g, '$1 °C'],
]

/** The names a question may use for an input, longest first. */
function namesOf(input: CalculatorInputSpec): string[] {
  const label = input.label
    .replace(/\s*\([^)]*\)/g, '')
    .toLowerCase()
    .replace(/\b(?:history|prior|of|the|level|value)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const chinese = inputLabelZh(input)
    .replace(/\s*[（(][^）)]*[）)]/g, '')
    .trim()
  const names = new Set([
    ...(SYNONYMS[input.name] ?? []),
    label,
    words(input.name),
    ...(chinese === input.label ? [] : [chinese]),
    ...(CHINESE_NAMES[input.name] ?? []),
  ])
  names.delete('')
  return [...names].sort((left, right) => right.length - left.length)
}

function unitsOf(input: CalculatorInputSpec): string[] {
  return [input.unit, ...(input.acceptedUnits ?? [])].filter(
    (unit): unit is string => unit !== undefined && unit !== '',
  )
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`

function findAge(text: string): { value: number; text: string } | undefined {
  const patterns = [
    /\b(\d{1,3})[- ]?(?:years?|yrs?|y)[- ]?old\b/i,
    /\b(\d{1,3}) ?(?:yo|y\/o|y\.o\.)(?![a-z])/i,
    /\baged? (?:of )?(\d{1,3})\b/i,
    /\b(\d{1,3}) years? of age\b/i,
    /(\d{1,3})\s*(?:岁|周岁)/,
    /年龄\s*[:：]?\s*(\d{1,3})/,
  ]
  for (const pattern of patterns) {
    const match = text.match(pattern)
    if (match?.[1] !== undefined) return { value: Number(match[1]), text: match[0] }
  }
  return undefined
}

function findSex(text: string): { value: 'female' | 'male'; text: string } | undefined {
  const female = text.match(/\b(?:woman|women|female|lady|girl|she|her|mrs)\b|女/i)
  const male = text.match(/\b(?:man|men|male|gentleman|boy|he|his|him|mr)\b|男/i)
  if (female !== null && male === null) return { value: 'female', text: female[0] }
  if (male !== null && female === null) return { value: 'male', text: male[0] }
  return undefined
}

function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 60), index)
  const clause = before.split(/\b(?:but|and has|with)\b|但|(?<!没)有/i).at(-1) ?? before
  return NEGATION.test(clause) || CHINESE_NEGATION.test(clause)
}

function findQuantity(
  text: string,
  input: CalculatorInputSpec,
  uniqueUnits: ReadonlySet<string>,
): { value: number | string; text: string } | undefined {
  const units = unitsOf(input).sort((left, right) => right.length - left.length)
  const unitPattern = units.length === 0 ? '' : `(?:\\s*(${units.map(escapePattern).join('|')}))?`
  for (const name of namesOf(input)) {
    const pattern = new RegExp(
      `(?<![a-z])${escapePattern(name)}(?![a-z])[^\\d\\n.;,]{0,25}?${NUMBER}${unitPattern}(?![a-z])`,
      'i',
    )
    const match = text.match(pattern)
    if (match?.[1] === undefined) continue
    const unit = match[2]
    return { value: unit === undefined ? Number(match[1]) : `${match[1]} ${unit}`, text: match[0] }
  }
  if (input.name === 'height') {
    const feet = text.match(/\b(\d)\s*(?:ft|feet|')\s*(\d{1,2})\s*(?:in|inches|")?/i)
    if (feet?.[1] !== undefined && feet[2] !== undefined) {
      return { value: `${feet[1]} ft ${feet[2]} in`, text: feet[0] }
    }
  }
  // A unit that only this input takes ("80 kg" is the weight) identifies it without a name.
  const own = units.filter((unit) => uniqueUnits.has(unit) && unit.length >= 2 && unit !== 'in')
  if (own.length > 0) {
    const match = text.match(
      new RegExp(`${NUMBER}\\s*(${own.map(escapePattern).join('|')})(?![a-z])`, 'i'),
    )
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { value: `${match[1]} ${match[2]}`, text: match[0] }
    }
  }
  return undefined
}

function findCriterion(
  text: string,
  input: CalculatorInputSpec,
): { value: boolean; text: string } | undefined {
  for (const name of namesOf(input)) {
    const pattern = new RegExp(`(?<![a-z0-9])${escapePattern(name)}(?![a-z0-9])`, 'i')
    const match = pattern.exec(text)
    if (match === null) continue
    return { value: !isNegated(text, match.index), text: match[0] }
  }
  return undefined
}

function findOption(
  text: string,
  input: CalculatorInputSpec,
): { value: string; text: string } | undefined {
  const found = (input.options ?? []).filter((option) =>
    new RegExp(`(?<![a-z])${escapePattern(option.replace(/[-_]/g, ' '))}(?![a-z])`, 'i').test(
      text.replace(/[-_]/g, ' '),
    ),
  )
  if (found.length === 1 && found[0] !== undefined) return { value: found[0], text: found[0] }
  return findChineseOption(text, input)
}

/**
 * An enum option stated in Chinese next to the input's Chinese name: "轻度腹水", "腹水：中度",
 * and for a "none"/"absent" option "无肝性脑病" or "否认肝病".
 */
function findChineseOption(
  text: string,
  input: CalculatorInputSpec,
): { value: string; text: string } | undefined {
  const label = inputLabelZh(input).replace(/\s*[（(][^）)]*[）)]/g, '')
  if (label === input.label || !/[\u4e00-\u9fff]/.test(text)) return undefined
  const name = escapePattern(label)
  const found: Array<{ value: string; text: string }> = []
  for (const option of input.options ?? []) {
    const wording = optionLabelZh(input.name, option)
    if (wording === option) continue
    const words = escapePattern(wording)
    const negative = option === 'none' || option === 'absent'
    const pattern = new RegExp(
      negative
        ? `(?:无|没有|否认|未见)${name}|${name}[：:\\s]*(?:无|阴性)`
        : `${words}${name}|${name}[：:\\s]*${words}`,
    )
    const match = text.match(pattern)
    if (match !== null) found.push({ value: option, text: match[0] })
  }
  return found.length === 1 ? found[0] : undefined
}

/**
 * Extracts the inputs of `calculator` that `question` states.
 *
 * @example
 * extractCalculatorInputs(getCalculator('cha2ds2-vasc'), 'a 70 year old woman with hypertension')
 * // values: { age: 70, sex: 'female', hypertension: true }; missing: []
 */
export function extractCalculatorInputs(calculator: Calculator, question: string): ExtractedInputs {
  let text = question.replace(/\s+/g, ' ')
  for (const [pattern, replacement] of CHINESE_UNITS) text = text.replace(pattern, replacement)
  const unitCount = new Map<string, number>()
  for (const input of calculator.inputs) {
    for (const unit of unitsOf(input)) unitCount.set(unit, (unitCount.get(unit) ?? 0) + 1)
  }
  const uniqueUnits = new Set(
    [...unitCount].filter(([, count]) => count === 1).map(([unit]) => unit),
  )
  const values: ExtractedInputs['values'] = {}
  const stated: StatedInput[] = []
  const missing: ExtractedInputs['missing'] = []
  const assumed: ExtractedInputs['assumed'] = []
  const names = new Set(calculator.inputs.map((input) => input.name))
  const pressure =
    names.has('systolicBloodPressure') || names.has('diastolicBloodPressure')
      ? text.match(/\b(\d{2,3})\s*\/\s*(\d{2,3})(?:\s*mm ?hg)?/i)
      : null
  for (const input of calculator.inputs) {
    let found: { value: number | boolean | string; text: string } | undefined
    if (input.name === 'age') found = findAge(text)
    else if (input.name === 'sex') found = findSex(text)
    else if (pressure !== null && input.name === 'systolicBloodPressure')
      found = { value: Number(pressure[1]), text: pressure[0] }
    else if (pressure !== null && input.name === 'diastolicBloodPressure')
      found = { value: Number(pressure[2]), text: pressure[0] }
    else if (input.type === 'boolean') found = findCriterion(text, input)
    else if (input.type === 'enum') found = findOption(text, input)
    else if (input.type === 'quantity' || input.type === 'number')
      found = findQuantity(text, input, uniqueUnits)
    if (found !== undefined) {
      values[input.name] = found.value
      stated.push({
        name: input.name,
        label: input.label,
        value: found.value,
        text: found.text,
        ...(typeof found.value === 'number' && input.unit !== undefined
          ? { unit: input.unit }
          : {}),
      })
    } else if (input.required) missing.push({ name: input.name, label: input.label })
    else {
      assumed.push({
        name: input.name,
        label: input.label,
        value: input.default ?? (input.type === 'boolean' ? false : null),
      })
    }
  }
  return { values, stated, missing, assumed }
}
