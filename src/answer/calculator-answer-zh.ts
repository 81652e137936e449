/**
 * Calculator results in Chinese, for Chinese questions: the calculator's standard Chinese name,
 * the inputs under their Chinese labels, the value with Chinese units (分, 岁, 周, 天), the
 * interpretation and the caveats. Names and labels come from the calculators' Chinese table
 * (`calculators/zh-names.ts`); interpretations are phrased by pattern (one rule per band
 * wording, with its numbers carried over), not copied per calculator. Formula steps stay as
 * the calculators write them (formulas read the same in both languages) and are left to the
 * calculator form. Written for Galen (demonstration material).
 */
import {
  type Calculator,
  calculatorNameZh,
  getCalculator,
  inputLabelZh,
  optionLabelZh,
} from '../calculators/index.js'
import type { CalculatorAnswer } from './calculator-answer.js'
import { formatCalculatorValue } from './calculator-answer.js'

/** Whether a question is written in Chinese (it holds Han characters). */
export function isChineseQuestion(question: string): boolean {
  return /[\u3400-\u4dbf\u4e00-\u9fff]/u.test(question)
}

/**
 * A value with its unit in Chinese wording: points as 分, years as 岁, weeks and days as 周 and
 * 天; other units keep their symbols (mL/min, kg/m²), as Chinese clinical writing does.
 *
 * @example formatCalculatorValueZh(4, 'points', { integer: true }) // '4 分'
 */
export function formatCalculatorValueZh(
  value: number | string,
  unit: string,
  options: { integer?: boolean } = {},
): string {
  if (typeof value === 'string') {
    const weeksDays = value.match(/^\(\s*(\d+)\s*,\s*(\d+)\s*\)$/)
    if (weeksDays?.[1] !== undefined && weeksDays[2] !== undefined)
      return `${weeksDays[1]} 周 ${weeksDays[2]} 天`
    return value
  }
  const english = formatCalculatorValue(value, unit, options)
  return english
    .replace(/ points?$/, ' 分')
    .replace(/ years?$/, ' 岁')
    .replace(/ weeks?$/, ' 周')
    .replace(/ days?$/, ' 天')
    .replace(/\/day$/, '/天')
    .replace(/ \/min$/, ' 次/分')
}

type Rule = readonly [RegExp, (match: RegExpMatchArray) => string]

const RISK: Readonly<Record<string, string>> = {
  low: '低危',
  'low-moderate': '低中危',
  moderate: '中危',
  intermediate: '中危',
  'moderate-high': '中高危',
  high: '高危',
  highest: '极高危',
  'very low': '极低危',
}
const LEVEL: Readonly<Record<string, string>> = { low: '低', moderate: '中', high: '高' }
const SEVERITY: Readonly<Record<string, string>> = { low: '低危', moderate: '中危', high: '高危' }
const CKD_STAGE: Readonly<Record<string, string>> = {
  'normal or high': '正常或增高',
  'mildly decreased': '轻度下降',
  'mildly to moderately decreased': '轻至中度下降',
  'moderately to severely decreased': '中至重度下降',
  'severely decreased': '重度下降',
  'kidney failure': '肾衰竭',
}
const CHILD_PUGH: Readonly<Record<string, string>> = {
  'well-compensated disease': '肝功能代偿良好',
  'significant functional compromise': '肝功能明显受损',
  'decompensated disease': '肝功能失代偿',
}
const GCS_PART: Readonly<Record<string, string>> = {
  'best eye response': '睁眼反应',
  'best verbal response': '语言反应',
  'best motor response': '运动反应',
}
const STREP_ADVICE: Readonly<Record<string, string>> = {
  'no further testing or antibiotics': '无需进一步检查，也无需抗生素',
  'optional rapid strep testing and/or culture': '可选做链球菌快速抗原检测和/或咽拭子培养',
  'consider rapid strep testing and/or culture': '考虑链球菌快速抗原检测和/或咽拭子培养',
  'consider rapid strep testing and/or culture, or empiric antibiotics':
    '考虑链球菌快速抗原检测和/或咽拭子培养，或经验性抗生素治疗',
  'antibiotics not recommended': '不建议使用抗生素',
  'consider a delayed antibiotic prescription': '可考虑延迟抗生素处方',
  'consider immediate antibiotics (or a delayed prescription)': '考虑立即使用抗生素（或延迟处方）',
}
const CARE: Readonly<Record<string, string>> = {
  'outpatient care': '门诊治疗',
  'outpatient or brief observation': '门诊治疗或短期留观',
  'inpatient care': '住院治疗',
}

/** `>=` and `<=` as ≥ and ≤, and a space-free percent sign. */
function symbols(text: string): string {
  return text.replace(/>=/g, '≥').replace(/<=/g, '≤').replace(/ %/g, '%')
}

function lookup(table: Readonly<Record<string, string>>, key: string | undefined): string {
  const found = table[(key ?? '').toLowerCase()]
  if (found === undefined) throw new Error(`no Chinese wording for "${key}"`)
  return found
}

/** Wording rules for whole interpretations and for their `; `-separated parts. */
const RULES: readonly Rule[] = [
  [
    /^derived in adults: under 18 years prefer a paediatric equation \(bedside Schwartz\)$/,
    () => '该公式源自成人数据：18 岁以下宜改用儿童公式（床旁 Schwartz 公式）',
  ],
  [
    /^G(1|2|3a|3b|4|5): ([a-z ]+) \(([^()]+)\)$/,
    (m) => `CKD G${m[1]} 期：肾小球滤过率${lookup(CKD_STAGE, m[2])}（${symbols(m[3] ?? '')}）`,
  ],
  [/^Low risk: oral anticoagulation not recommended$/, () => '低危：不推荐口服抗凝治疗'],
  [/^Low-moderate risk: consider oral anticoagulation$/, () => '低中危：可考虑口服抗凝治疗'],
  [/^Moderate-high risk: oral anticoagulation recommended$/, () => '中高危：推荐口服抗凝治疗'],
  [
    /^(underweight|normal weight|overweight|obese) \(BMI (.+)\)$/,
    (m) =>
      `按 WHO 标准为${{ underweight: '体重过低', 'normal weight': '体重正常', overweight: '超重', obese: '肥胖' }[m[1] as 'obese']}（BMI ${symbols(m[2] ?? '')}）；我国成人标准为 BMI 24.0-27.9 超重，≥ 28.0 肥胖`,
  ],
  [
    /^PE (likely|unlikely) \(two-tier, cut-off 4\)$/,
    (m) => `${m[1] === 'likely' ? '肺栓塞可能' : '肺栓塞可能性小'}（二分法，界值 4 分）`,
  ],
  [
    /^(low|moderate|high) probability \(three-tier: < 2 low, 2-6 moderate, > 6 high\)$/,
    (m) => `${lookup(LEVEL, m[1])}度可能（三分法：< 2 分低度，2-6 分中度，> 6 分高度）`,
  ],
  [
    /^DVT (likely|unlikely) \(two-tier, cut-off 2\)$/,
    (m) => `${m[1] === 'likely' ? '深静脉血栓可能' : '深静脉血栓可能性小'}（二分法，界值 2 分）`,
  ],
  [
    /^(low|moderate|high) pre-test probability \(three-tier: <= 0 low, 1-2 moderate, >= 3 high\)$/,
    (m) => `验前概率${lookup(LEVEL, m[1])}（三分法：≤ 0 分为低，1-2 分为中，≥ 3 分为高）`,
  ],
  [/^not prolonged \(([^()]+)\)$/, (m) => `未延长（${symbols(m[1] ?? '')}）`],
  [/^prolonged \(([^()]+)\)$/, (m) => `延长（${symbols(m[1] ?? '')}）`],
  [/^markedly prolonged \(([^()]+)\)$/, (m) => `显著延长（${symbols(m[1] ?? '')}）`],
  [
    /^Child-Pugh class ([ABC]) \((\d+-\d+) points\): (.+)$/,
    (m) => `Child-Pugh ${m[1]} 级（${m[2]} 分）：${lookup(CHILD_PUGH, m[3])}`,
  ],
  [
    /^Class (I|II|III|IV): ([\d.]+)% risk of major cardiac complications$/,
    (m) => `${m[1]} 级：主要心脏并发症风险 ${m[2]}%`,
  ],
  [
    /^(Low|Moderate|High) risk \((\d+-\d+)\): ([\d.]+)% risk of MACE at 6 weeks$/,
    (m) => `${lookup(RISK, m[1])}（${m[2]} 分）：6 周内主要不良心血管事件风险 ${m[3]}%`,
  ],
  [/^advanced fibrosis unlikely \(([^()]+)\)$/, (m) => `进展期肝纤维化可能性小（${m[1]}）`],
  [/^advanced fibrosis likely \(([^()]+)\)$/, (m) => `进展期肝纤维化可能性大（${m[1]}）`],
  [/^indeterminate \((\d.+-.+\d)\)$/, (m) => `结果不确定（${m[1]}），需进一步评估`],
  [
    /^Risk of strep pharyngitis ([\d.]+-[\d.]+)%: (.+)$/,
    (m) => `链球菌性咽炎概率 ${m[1]}%：${lookup(STREP_ADVICE, m[2])}`,
  ],
  [
    /^Strep likelihood ([\d-]+)% \((\d+-\d+)\): (.+)$/,
    (m) => `链球菌感染可能性 ${m[1]}%（${m[2]} 分）：${lookup(STREP_ADVICE, m[3])}`,
  ],
  [
    /^(Mild|Moderate|Severe) \(([^()]+)\) brain injury$/,
    (m) =>
      `${{ mild: '轻型', moderate: '中型', severe: '重型' }[(m[1] ?? '').toLowerCase() as 'mild']}颅脑损伤（${symbols(m[2] ?? '')} 分）`,
  ],
  [
    /^Partial total: (.+) not testable \(NT\); the score covers the testable components only and is not a full GCS$/,
    (m) =>
      `部分总分：${(m[1] ?? '')
        .split(', ')
        .map((part) => lookup(GCS_PART, part))
        .join('、')}无法评估（NT），分数只含可评估的项目，不是完整的 GCS`,
  ],
  [
    /^(Low|Moderate|High) risk: ([\d.]+) major bleeds per 100 patient-years$/,
    (m) => `${lookup(RISK, m[1])}：每 100 患者年大出血 ${m[2]} 例`,
  ],
  [
    /^High risk: too few patients with (\d+) points in the derivation cohort for a rate$/,
    (m) => `高危：推导队列中 ${m[1]} 分的患者过少，无法给出发生率`,
  ],
  [
    /^Low risk \(0\): outpatient management can be considered \(Stanley 2009\)$/,
    () => '低危（0 分）：可考虑门诊处理（Stanley 2009）',
  ],
  [
    /^Not low risk \(>= 1\): admission for possible intervention$/,
    () => '非低危（≥ 1 分）：建议住院，可能需要干预',
  ],
  [
    /^higher scores mean greater need for transfusion, endoscopic therapy or surgery$/,
    () => '分值越高，需要输血、内镜治疗或手术的可能越大',
  ],
  [
    /^APACHE II (\d+) of 71: higher scores predict higher hospital mortality \(Knaus 1985: about 4% non-operative death rate at 0-4 points, over 80% above 34\)$/,
    (m) =>
      `APACHE II ${m[1]}/71 分：分值越高，住院病死率越高（Knaus 1985：0-4 分的非手术患者病死率约 4%，> 34 分者超过 80%）`,
  ],
  [
    /^Risk class (I|II|III|IV|V)(?: \(([^()]+)\))?: 30-day mortality ([\d.]+)% \(([^()]+)\)$/,
    (m) =>
      `风险 ${m[1]} 级${m[2] === undefined ? '' : `（${symbols(m[2])} 分）`}：30 天病死率 ${m[3]}%（${lookup(CARE, m[4])}）`,
  ],
  [
    /^Estimated 10-year survival ([\d.]+)% \(0\.983\^\(e\^\(0\.9 x (\d+)\)\)\)$/,
    (m) => `估计 10 年生存率 ${m[1]}%（0.983^(e^(0.9 × ${m[2]}))）`,
  ],
  [
    /^(Low|Intermediate|High) risk \((.+?)% in 10 years(, a CHD risk equivalent)?\)$/,
    (m) =>
      `${lookup(RISK, m[1])}（10 年风险 ${symbols(m[2] ?? '')}%${m[3] === undefined ? '' : '，属冠心病等危症'}）`,
  ],
  [
    /^(Low|Moderate|High|Highest) risk \(([^()]+)\)$/,
    (m) => `${lookup(RISK, m[1])}（${symbols(m[2] ?? '')} 分）`,
  ],
  [/^low \(([^()]+)\)$/, (m) => `偏低（${symbols(m[1] ?? '')}）`],
  [/^normal \(([^()]+)\)$/, (m) => `正常（${symbols(m[1] ?? '')}）`],
  [/^elevated \(([^()]+)\)$/, (m) => `升高（${symbols(m[1] ?? '')}）`],
  [/^prerenal \(([^()]+)\)$/, (m) => `肾前性（${symbols(m[1] ?? '')}）`],
  [
    /^intrinsic renal, e\.g\. ATN \(([^()]+)\)$/,
    (m) => `肾性（如急性肾小管坏死）（${symbols(m[1] ?? '')}）`,
  ],
  [/^indeterminate \((.+ %)\)$/, (m) => `不确定（${symbols(m[1] ?? '')}）`],
  [
    /^SOFA (\d+) of 24: organ dysfunction rises with the score$/,
    (m) => `SOFA ${m[1]}/24 分：分值越高，器官功能障碍越重`,
  ],
  [
    /^an acute rise of 2 or more with infection defines sepsis \(Sepsis-3\)$/,
    () => '感染患者 SOFA 评分急性升高 ≥ 2 分即可诊断脓毒症（Sepsis-3）',
  ],
  [
    /^triglycerides > 400 mg\/dL: the Friedewald estimate is not valid$/,
    () => '甘油三酯 > 400 mg/dL：Friedewald 公式估算不适用',
  ],
  [/^measure LDL directly$/, () => '应直接测定 LDL-C'],
  [
    /^(Low|Moderate|High) severity \(([^()]+)\): 30-day mortality ([\d.]+)%$/,
    (m) => `${lookup(SEVERITY, m[1])}（${m[2]} 分）：30 天病死率 ${m[3]}%`,
  ],
  [/^consider home treatment$/, () => '可考虑居家治疗'],
  [
    /^consider short inpatient stay or supervised outpatient treatment$/,
    () => '考虑短期住院或在严密随访下门诊治疗',
  ],
  [
    /^manage in hospital as severe pneumonia, assess for ICU$/,
    () => '按重症肺炎住院治疗，并评估是否需要入住 ICU',
  ],
  [
    /^outside the model age range 20-79, an extrapolation$/,
    () => '年龄超出模型适用范围（20-79 岁），结果为外推值',
  ],
  [
    /^PERC positive \((\d+) criteria\): PE cannot be ruled out by PERC$/,
    (m) => `PERC 阳性（符合 ${m[1]} 项）：不能依据 PERC 排除肺栓塞`,
  ],
  [/^further work-up \(for example D-dimer\) needed$/, () => '需进一步检查（如 D-二聚体）'],
  [
    /^PERC negative: with a low pre-test probability \(< 15%\), PE is ruled out without further testing$/,
    () => 'PERC 阴性：验前概率低（< 15%）时，无需进一步检查即可排除肺栓塞',
  ],
  [/^>= 90 MME\/day: high dose$/, () => '≥ 90 MME/天：高剂量'],
  [/^>= 50 MME\/day: reassess benefits and risks$/, () => '≥ 50 MME/天：应重新评估获益与风险'],
  [/^< 50 MME\/day$/, () => '< 50 MME/天'],
  [/^SIRS present \((\d) of 4 criteria\)$/, (m) => `符合 SIRS（4 项标准中满足 ${m[1]} 项）`],
  [
    /^with a suspected or confirmed infection this is sepsis \(1992 definition\)$/,
    () => '如合并疑似或确诊的感染，即为脓毒症（1992 年定义）',
  ],
  [
    /^SIRS absent \((\d) of 4 criteria; 2 or more needed\)$/,
    (m) => `不符合 SIRS（4 项标准中满足 ${m[1]} 项，需 ≥ 2 项）`,
  ],
  [
    /^hyperchloraemic normal anion gap acidosis \(([^()]+)\)$/,
    (m) => `高氯性正常阴离子间隙酸中毒（${m[1]}）`,
  ],
  [
    /^combined high and normal anion gap acidosis \(([^()]+)\)$/,
    (m) => `高阴离子间隙与正常阴离子间隙混合性酸中毒（${m[1]}）`,
  ],
  [/^pure anion gap acidosis \(([^()]+)\)$/, (m) => `单纯高阴离子间隙酸中毒（${m[1]}）`],
  [
    /^anion gap acidosis with a metabolic alkalosis \(([^()]+)\)$/,
    (m) => `高阴离子间隙酸中毒合并代谢性碱中毒（${m[1]}）`,
  ],
]

function applyRules(text: string): string | undefined {
  for (const [pattern, phrase] of RULES) {
    const match = text.match(pattern)
    if (match === null) continue
    try {
      return phrase(match)
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * A calculator's interpretation in Chinese: the whole text by one rule, or each of its
 * `; `-separated parts; undefined when some part has no rule (the caller then shows the
 * English text as it is).
 *
 * @example interpretationZh('Moderate-high risk: oral anticoagulation recommended') // '中高危：推荐口服抗凝治疗'
 */
export function interpretationZh(text: string): string | undefined {
  const whole = applyRules(text)
  if (whole !== undefined) return whole
  const parts = text.split('; ').map(applyRules)
  if (parts.some((part) => part === undefined)) return undefined
  return parts.join('；')
}

function calculatorOf(answer: CalculatorAnswer): Calculator | undefined {
  try {
    return getCalculator(answer.calculator.slug)
  } catch {
    return undefined
  }
}

function labelOf(
  calculator: Calculator | undefined,
  input: { name: string; label: string },
): string {
  const spec = calculator?.inputs.find((entry) => entry.name === input.name)
  return inputLabelZh(spec ?? input)
}

/** A label without its parenthesised detail, for lists in running text. */
function shortLabel(label: string): string {
  return label.replace(/\s*[（(][^）)]*[）)]/g, '')
}

function statedValue(input: {
  name: string
  value: number | boolean | string | null
  unit?: string
}): string {
  const { value } = input
  if (typeof value === 'boolean') return value ? '有' : '无'
  if (value === null) return '未给出'
  if (typeof value === 'number')
    return input.unit === undefined ? String(value) : formatCalculatorValueZh(value, input.unit)
  // a quantity as written ("32 /min"): Chinese wording for rate units
  if (/^-?\d/.test(value)) return value.replace(/ \/min$/, ' 次/分').replace(/ \/day$/, ' 次/天')
  return optionLabelZh(input.name, value)
}

/**
 * One Chinese paragraph for an answer to a Chinese question: the calculator's Chinese name, the
 * result and its interpretation, the inputs read from the question, the criteria counted as
 * absent, and the source; or what is missing, or why a value was rejected.
 *
 * @example
 * describeCalculatorAnswerZh(answerCalculatorQuestion(4, '70岁女性，高血压、糖尿病，CHA2DS2-VASc评分是多少？'))
 * // 'CHA₂DS₂-VASc 评分（房颤卒中风险）：4 分（中高危：推荐口服抗凝治疗）。\n…'
 */
export function describeCalculatorAnswerZh(answer: CalculatorAnswer): string {
  const calculator = calculatorOf(answer)
  const name = calculator === undefined ? answer.calculator.name : calculatorNameZh(calculator)
  const labels = (inputs: ReadonlyArray<{ name: string; label: string }>) =>
    inputs.map((input) => shortLabel(labelOf(calculator, input))).join('、')
  if (answer.status === 'needs-inputs') {
    const given =
      answer.stated.length === 0 ? '' : `计算器表单已按题中信息预填（${labels(answer.stated)}）。`
    return `${name}：还需提供${labels(answer.missing)}才能计算。${given}`
  }
  if (answer.status === 'invalid-inputs') {
    return `${name}：题中有一个数值不在可接受范围内（${answer.problem}），请在计算器表单中核对。`
  }
  const integer = calculator?.outputType === 'integer'
  const display =
    answer.value === null || answer.unit === null
      ? (answer.display ?? '')
      : formatCalculatorValueZh(answer.value, answer.unit, { integer })
  const interpretation =
    answer.interpretation === null
      ? null
      : (interpretationZh(answer.interpretation) ?? answer.interpretation)
  const lines = [
    `${name}：${display}。`,
    ...(interpretation === null ? [] : [`结果解读：${interpretation}。`]),
    `题中给出的数据：${answer.stated.map((input) => `${shortLabel(labelOf(calculator, input))}：${statedValue(input)}`).join('；')}。`,
  ]
  const absent = answer.assumed.filter((input) => input.value === false)
  if (absent.length > 0) lines.push(`题中未提及、按“无”计分：${labels(absent)}。`)
  lines.push('计算结果仅供临床参考，需结合患者具体情况判断。', `出处：${answer.source}`)
  return lines.join('\n')
}

/**
 * The same calculation with its reader-facing fields in Chinese (calculator name, input labels,
 * the displayed value, the interpretation, step totals), for the page and the API when the
 * question is Chinese. Values, units, the form prefill and the source are unchanged.
 */
export function localizeCalculatorAnswerZh(answer: CalculatorAnswer): CalculatorAnswer {
  const calculator = calculatorOf(answer)
  const relabel = <T extends { name: string; label: string }>(input: T): T => ({
    ...input,
    label: labelOf(calculator, input),
  })
  const integer = calculator?.outputType === 'integer'
  return {
    ...answer,
    calculator: {
      ...answer.calculator,
      name: calculator === undefined ? answer.calculator.name : calculatorNameZh(calculator),
    },
    display:
      answer.value === null || answer.unit === null
        ? answer.display
        : formatCalculatorValueZh(answer.value, answer.unit, { integer }),
    interpretation:
      answer.interpretation === null
        ? null
        : (interpretationZh(answer.interpretation) ?? answer.interpretation),
    steps: answer.steps.map((step) => ({
      description: step.description,
      display:
        step.display === null
          ? null
          : step.display.replace(/^total (\d+(?:\.\d+)?) points?$/, '累计 $1 分'),
    })),
    stated: answer.stated.map(relabel),
    assumed: answer.assumed.map(relabel),
    missing: answer.missing.map(relabel),
  }
}
