/**
 * Framingham risk score for hard coronary heart disease: 10-year risk of myocardial infarction
 * or coronary death, in percent.
 *
 * Source: Expert Panel on Detection, Evaluation, and Treatment of High Blood Cholesterol in
 * Adults. Executive summary of the Third Report of the National Cholesterol Education Program
 * (NCEP) Adult Treatment Panel III. JAMA. 2001;285(19):2486-2497, and its Framingham
 * hard-CHD risk model (Wilson PWF et al. Circulation. 1998;97(18):1837-1847), in the
 * sex-specific Cox form with its published coefficients:
 *
 * Men: L = 52.00961 ln(age) + 20.014077 ln(TC) - 0.905964 ln(HDL) + 1.305784 ln(SBP)
 *   + 0.241549 treated + 12.096316 smoker - 4.605038 ln(age) ln(TC)
 *   - 2.84367 ln(min(age, 70)) smoker - 2.93323 ln(age)² - 172.300168;
 *   risk = 1 - 0.9402^e^L.
 * Women: L = 31.764001 ln(age) + 22.465206 ln(TC) - 1.187731 ln(HDL) + 2.552905 ln(SBP)
 *   + 0.420251 treated + 13.07543 smoker - 5.060998 ln(age) ln(TC)
 *   - 2.996945 ln(min(age, 78)) smoker - 146.5933061; risk = 1 - 0.98767^e^L.
 *
 * Cholesterol in mg/dL (mmol/L converts), systolic pressure in mmHg. The model covers ages 20-79
 * without diabetes or known CHD. ATP III bands: < 10% low, 10-20% intermediate, > 20% high
 * (CHD risk equivalent).
 */
import type {
  CalculationStep,
  CalculatorInputSpec,
  CalculatorInputValues,
  CalculatorResult,
} from '../calculator.js'
import { AGE_INPUT, SEX_INPUT, SYSTOLIC_INPUT, withInput } from '../common-inputs.js'
import {
  criterionInput,
  isPresent,
  requireNumber,
  requireOption,
  roundTo,
  type ScoreCalculator,
} from './score-calculator.js'

const slug = 'framingham-hard-chd'
const sexes = ['male', 'female'] as const

function cholesterolInput(
  name: string,
  label: string,
  min: number,
  max: number,
): CalculatorInputSpec {
  return {
    name,
    label,
    type: 'quantity',
    unit: 'mg/dL',
    acceptedUnits: ['mmol/L'],
    analyte: 'cholesterol',
    required: true,
    min,
    max,
  }
}

interface Coefficients {
  lnAge: number
  lnTotal: number
  lnHdl: number
  lnSystolic: number
  treated: number
  smoker: number
  lnAgeLnTotal: number
  lnAgeSmoker: number
  lnAgeSquared: number
  constant: number
  baselineSurvival: number
  /** Age above which the age-by-smoking term uses this age. */
  smokingAgeCap: number
}

const men: Coefficients = {
  lnAge: 52.00961,
  lnTotal: 20.014077,
  lnHdl: -0.905964,
  lnSystolic: 1.305784,
  treated: 0.241549,
  smoker: 12.096316,
  lnAgeLnTotal: -4.605038,
  lnAgeSmoker: -2.84367,
  lnAgeSquared: -2.93323,
  constant: -172.300168,
  baselineSurvival: 0.9402,
  smokingAgeCap: 70,
}

const women: Coefficients = {
  lnAge: 31.764001,
  lnTotal: 22.465206,
  lnHdl: -1.187731,
  lnSystolic: 2.552905,
  treated: 0.420251,
  smoker: 13.07543,
  lnAgeLnTotal: -5.060998,
  lnAgeSmoker: -2.996945,
  lnAgeSquared: 0,
  constant: -146.5933061,
  baselineSurvival: 0.98767,
  smokingAgeCap: 78,
}

function interpret(risk: number, age: number): string {
  const band =
    risk < 10
      ? 'Low risk (< 10% in 10 years)'
      : risk <= 20
        ? 'Intermediate risk (10-20% in 10 years)'
        : 'High risk (> 20% in 10 years, a CHD risk equivalent)'
  const range = age < 20 || age > 79 ? '; outside the model age range 20-79, an extrapolation' : ''
  return `${band}${range}`
}

/** Framingham hard CHD 10-year risk (MedCalc-Bench id 46), percent. */
export const framinghamHardChdCalculator: ScoreCalculator = {
  id: 46,
  slug,
  name: 'Framingham Risk Score for Hard Coronary Heart Disease',
  category: 'lab',
  outputType: 'decimal',
  source:
    'NCEP Adult Treatment Panel III. JAMA. 2001;285(19):2486-2497; Wilson PWF et al. Prediction of coronary heart disease using risk factor categories. Circulation. 1998;97(18):1837-1847 (Cox model coefficients as published for the ATP III hard-CHD risk).',
  inputs: [
    withInput(AGE_INPUT, {
      min: 20,
      acceptedUnits: [],
      description: 'Age in years (the model covers 20-79; older ages are extrapolated)',
    }),
    SEX_INPUT,
    criterionInput('smoker', 'Current smoker'),
    cholesterolInput('totalCholesterol', 'Total cholesterol', 40, 1000),
    cholesterolInput('hdlCholesterol', 'HDL cholesterol', 5, 200),
    SYSTOLIC_INPUT,
    criterionInput('bloodPressureTreated', 'Blood pressure treated with medication'),
  ],
  entityMap: {
    age: 'age',
    sex: 'sex',
    Smoker: 'smoker',
    'Total cholesterol': 'totalCholesterol',
    'high-density lipoprotein cholesterol': 'hdlCholesterol',
    'Systolic Blood Pressure': 'systolicBloodPressure',
    'Blood pressure being treated with medicines': 'bloodPressureTreated',
  },
  compute(input: CalculatorInputValues): CalculatorResult {
    const age = requireNumber(input, slug, 'age')
    const sex = requireOption(input, slug, 'sex', sexes)
    const total = requireNumber(input, slug, 'totalCholesterol')
    const hdl = requireNumber(input, slug, 'hdlCholesterol')
    const systolic = requireNumber(input, slug, 'systolicBloodPressure')
    const smoker = isPresent(input, 'smoker') ? 1 : 0
    const treated = isPresent(input, 'bloodPressureTreated') ? 1 : 0
    const c = sex === 'male' ? men : women
    const lnAge = Math.log(age)
    const lnTotal = Math.log(total)
    const terms: Array<[string, number]> = [
      [`${c.lnAge} x ln(age ${age})`, c.lnAge * lnAge],
      [`${c.lnTotal} x ln(total cholesterol ${roundTo(total, 2)} mg/dL)`, c.lnTotal * lnTotal],
      [`${c.lnHdl} x ln(HDL ${roundTo(hdl, 2)} mg/dL)`, c.lnHdl * Math.log(hdl)],
      [`${c.lnSystolic} x ln(systolic ${systolic} mmHg)`, c.lnSystolic * Math.log(systolic)],
      [`${c.treated} x treated (${treated})`, c.treated * treated],
      [`${c.smoker} x smoker (${smoker})`, c.smoker * smoker],
      [`${c.lnAgeLnTotal} x ln(age) x ln(total cholesterol)`, c.lnAgeLnTotal * lnAge * lnTotal],
      [
        `${c.lnAgeSmoker} x ln(min(age, ${c.smokingAgeCap})) x smoker`,
        c.lnAgeSmoker * Math.log(Math.min(age, c.smokingAgeCap)) * smoker,
      ],
    ]
    if (c.lnAgeSquared !== 0)
      terms.push([`${c.lnAgeSquared} x ln(age)²`, c.lnAgeSquared * lnAge * lnAge])
    terms.push(['constant', c.constant])
    const linear = terms.reduce((sum, [, value]) => sum + value, 0)
    const risk = (1 - c.baselineSurvival ** Math.exp(linear)) * 100
    const steps: CalculationStep[] = [
      { description: `Sex-specific model: ${sex === 'male' ? 'men' : 'women'}` },
      ...terms.map(([description, value]) => ({ description, value: roundTo(value, 4) })),
      { description: 'Linear predictor L (sum of the terms)', value: roundTo(linear, 4) },
      {
        description: `10-year risk = 1 - ${c.baselineSurvival}^e^L`,
        value: roundTo(risk, 2),
        unit: '%',
      },
    ]
    return { value: roundTo(risk, 2), unit: '%', steps, interpretation: interpret(risk, age) }
  },
}
