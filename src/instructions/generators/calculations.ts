/**
 * Generators over Galen's calculators: unit conversion with the calculators' unit table, numeric
 * comparison across units, calculator application on synthetic vignettes (gold from
 * `runCalculator`), and vignette-to-JSON extraction.
 */
import { type Analyte, convertUnit, runCalculator } from '../../calculators/index.js'
import type { Random } from '../random.js'
import type { Language } from '../task.js'
import { type Generator, stringParam } from './generator.js'

interface Conversion {
  from: string
  to: string
  analyte?: Analyte
  name: { en: string; zh: string }
  range: [number, number]
  decimals: number
}

const CONVERSIONS: Conversion[] = [
  {
    from: 'mg/dL',
    to: 'mmol/L',
    analyte: 'glucose',
    name: { en: 'blood glucose', zh: '血糖' },
    range: [60, 400],
    decimals: 0,
  },
  {
    from: 'mmol/L',
    to: 'mg/dL',
    analyte: 'glucose',
    name: { en: 'blood glucose', zh: '血糖' },
    range: [3, 25],
    decimals: 1,
  },
  {
    from: 'mg/dL',
    to: 'µmol/L',
    analyte: 'creatinine',
    name: { en: 'serum creatinine', zh: '血肌酐' },
    range: [0.5, 6],
    decimals: 2,
  },
  {
    from: 'µmol/L',
    to: 'mg/dL',
    analyte: 'creatinine',
    name: { en: 'serum creatinine', zh: '血肌酐' },
    range: [45, 500],
    decimals: 0,
  },
  {
    from: 'mg/dL',
    to: 'mmol/L',
    analyte: 'cholesterol',
    name: { en: 'total cholesterol', zh: '总胆固醇' },
    range: [120, 320],
    decimals: 0,
  },
  { from: 'lb', to: 'kg', name: { en: 'body weight', zh: '体重' }, range: [90, 300], decimals: 0 },
  { from: 'in', to: 'cm', name: { en: 'height', zh: '身高' }, range: [55, 78], decimals: 0 },
  {
    from: '°F',
    to: '°C',
    name: { en: 'body temperature', zh: '体温' },
    range: [96, 105],
    decimals: 1,
  },
]

function valueIn(random: Random, range: [number, number], decimals: number): number {
  const raw = range[0] + random.next() * (range[1] - range[0])
  const factor = 10 ** decimals
  return Math.round(raw * factor) / factor
}

function round(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals)
  return fixed === '-0' || /^-0\.0+$/.test(fixed) ? fixed.slice(1) : fixed
}

/** A quantity in one unit → the value in another (two decimals). */
export const unitConversion: Generator = ({ random, language }) => {
  const conversion = random.pick(CONVERSIONS)
  const value = valueIn(random, conversion.range, conversion.decimals)
  const result = convertUnit(value, conversion.from, conversion.to, conversion.analyte)
  return {
    slots: {
      quantity: conversion.name[language],
      value: String(value),
      from: conversion.from,
      to: conversion.to,
    },
    output: round(result, 2),
    wrong: round(result * 1.25 + 1, 2),
  }
}

/** Two results of one analyte in different units → which is higher (A or B). */
export const numericComparison: Generator = ({ random, language }) => {
  const conversion = random.pick(CONVERSIONS.filter((entry) => entry.from !== 'in'))
  let first = valueIn(random, conversion.range, conversion.decimals)
  let secondInTo = convertUnit(first, conversion.from, conversion.to, conversion.analyte)
  // Move the second value 5-30 % away so the comparison is never a rounding question.
  const factor = 1 + (random.next() < 0.5 ? -1 : 1) * (0.05 + random.next() * 0.25)
  secondInTo *= factor
  const decimals = conversion.to === 'kg' || conversion.to === 'mg/dL' ? 0 : 1
  const second = Number(round(secondInTo, decimals))
  first = Number(round(first, conversion.decimals))
  const firstInTo = convertUnit(first, conversion.from, conversion.to, conversion.analyte)
  const higher = firstInTo > second ? 'A' : 'B'
  return {
    slots: {
      quantity: conversion.name[language],
      first: `${first} ${conversion.from}`,
      second: `${second} ${conversion.to}`,
    },
    output: higher,
    wrong: higher === 'A' ? 'B' : 'A',
  }
}

interface Patient {
  age: number
  sex: 'male' | 'female'
  weight: number
  height: number
  systolic: number
  diastolic: number
  heartRate: number
  creatinine: number
  sodium: number
  chloride: number
  bicarbonate: number
}

function makePatient(random: Random): Patient {
  const systolic = 95 + random.below(90)
  return {
    age: 25 + random.below(65),
    sex: random.next() < 0.5 ? 'male' : 'female',
    weight: 45 + random.below(70),
    height: 150 + random.below(40),
    systolic,
    diastolic: Math.min(systolic - 25, 55 + random.below(50)),
    heartRate: 55 + random.below(60),
    creatinine: Math.round((0.6 + random.next() * 2.4) * 100) / 100,
    sodium: 130 + random.below(16),
    chloride: 95 + random.below(15),
    bicarbonate: 14 + random.below(15),
  }
}

function sexWord(sex: 'male' | 'female', language: Language): string {
  if (language === 'zh') return sex === 'male' ? '男性' : '女性'
  return sex === 'male' ? 'man' : 'woman'
}

/** A short vignette stating the patient's values (in the language). */
function vignette(patient: Patient, fields: readonly string[], language: Language): string {
  const parts: string[] = []
  for (const field of fields) {
    if (language === 'zh') {
      if (field === 'weight') parts.push(`体重${patient.weight} kg`)
      if (field === 'height') parts.push(`身高${patient.height} cm`)
      if (field === 'bp') parts.push(`血压${patient.systolic}/${patient.diastolic} mmHg`)
      if (field === 'heartRate') parts.push(`心率${patient.heartRate}次/分`)
      if (field === 'creatinine') parts.push(`血肌酐${patient.creatinine} mg/dL`)
      if (field === 'electrolytes')
        parts.push(
          `血钠${patient.sodium} mmol/L，血氯${patient.chloride} mmol/L，碳酸氢根${patient.bicarbonate} mmol/L`,
        )
    } else {
      if (field === 'weight') parts.push(`weight ${patient.weight} kg`)
      if (field === 'height') parts.push(`height ${patient.height} cm`)
      if (field === 'bp') parts.push(`blood pressure ${patient.systolic}/${patient.diastolic} mmHg`)
      if (field === 'heartRate') parts.push(`heart rate ${patient.heartRate}/min`)
      if (field === 'creatinine') parts.push(`serum creatinine ${patient.creatinine} mg/dL`)
      if (field === 'electrolytes')
        parts.push(
          `sodium ${patient.sodium} mEq/L, chloride ${patient.chloride} mEq/L, bicarbonate ${patient.bicarbonate} mEq/L`,
        )
    }
  }
  return language === 'zh'
    ? `患者，${sexWord(patient.sex, language)}，${patient.age}岁。查体及检验：${parts.join('，')}。`
    : `A ${patient.age}-year-old ${sexWord(patient.sex, language)}: ${parts.join(', ')}.`
}

const CALCULATOR_FIELDS: Record<
  string,
  { fields: string[]; inputs: (patient: Patient) => Record<string, unknown> }
> = {
  bmi: {
    fields: ['weight', 'height', 'bp'],
    inputs: (p) => ({ weight: p.weight, height: p.height }),
  },
  'mean-arterial-pressure': {
    fields: ['bp', 'heartRate', 'weight'],
    inputs: (p) => ({ systolicBloodPressure: p.systolic, diastolicBloodPressure: p.diastolic }),
  },
  'ckd-epi-2021': {
    fields: ['creatinine', 'bp'],
    inputs: (p) => ({ age: p.age, sex: p.sex, creatinine: p.creatinine }),
  },
  'anion-gap': {
    fields: ['electrolytes', 'heartRate'],
    inputs: (p) => ({ sodium: p.sodium, chloride: p.chloride, bicarbonate: p.bicarbonate }),
  },
}

/** A vignette → a calculator's value (params.calculator: bmi | mean-arterial-pressure | ckd-epi-2021 | anion-gap). */
export const calculatorVignette: Generator = ({ random, language, params }) => {
  const slug = stringParam(params, 'calculator', 'bmi')
  const spec = CALCULATOR_FIELDS[slug]
  if (spec === undefined) throw new RangeError(`instructions: no vignette for calculator "${slug}"`)
  const patient = makePatient(random)
  const result = runCalculator(slug, spec.inputs(patient))
  const value = Number(result.value)
  return {
    slots: { vignette: vignette(patient, spec.fields, language) },
    output: round(value, 1),
    wrong: round(value * 1.2 + 2, 1),
  }
}

const CHA_CONDITIONS = [
  { key: 'congestiveHeartFailure', en: 'heart failure', zh: '心力衰竭' },
  { key: 'hypertension', en: 'hypertension', zh: '高血压' },
  { key: 'diabetes', en: 'diabetes', zh: '糖尿病' },
  { key: 'stroke', en: 'a previous stroke', zh: '既往脑卒中' },
  { key: 'vascularDisease', en: 'a previous myocardial infarction', zh: '既往心肌梗死' },
] as const

/** An atrial-fibrillation vignette → the CHA₂DS₂-VASc score (gold from the calculator). */
export const chadsVascVignette: Generator = ({ random, language }) => {
  const age = 40 + random.below(50)
  const sex = random.next() < 0.5 ? 'male' : 'female'
  const present = CHA_CONDITIONS.filter(() => random.next() < 0.4)
  const input: Record<string, unknown> = { age, sex }
  for (const condition of present) input[condition.key] = true
  const score = Number(runCalculator('cha2ds2-vasc', input).value)
  const history =
    present.length === 0
      ? language === 'zh'
        ? '无其他基础疾病'
        : 'no other medical history'
      : language === 'zh'
        ? `既往史：${present.map((condition) => condition.zh).join('、')}`
        : `history of ${present.map((condition) => condition.en).join(', ')}`
  const text =
    language === 'zh'
      ? `患者，${sex === 'male' ? '男' : '女'}，${age}岁，诊断为非瓣膜性心房颤动，${history}。`
      : `A ${age}-year-old ${sex === 'male' ? 'man' : 'woman'} with non-valvular atrial fibrillation and ${history}.`
  return { slots: { vignette: text }, output: String(score), wrong: String(score + 1) }
}

/** A vignette → `{"age", "sex", "systolic_bp", "diastolic_bp", "heart_rate"}`. */
export const vignetteToJson: Generator = ({ random, language }) => {
  const patient = makePatient(random)
  return {
    slots: { vignette: vignette(patient, ['bp', 'heartRate', 'weight'], language) },
    output: JSON.stringify({
      age: patient.age,
      sex: patient.sex,
      systolic_bp: patient.systolic,
      diastolic_bp: patient.diastolic,
      heart_rate: patient.heartRate,
    }),
    wrong: JSON.stringify({
      age: patient.age,
      sex: patient.sex,
      systolic_bp: patient.diastolic,
      diastolic_bp: patient.systolic,
      heart_rate: patient.heartRate,
    }),
  }
}
