/**
 * LDL cholesterol by the Friedewald equation (MedCalc-Bench id 44).
 *
 * Source: Friedewald WT, Levy RI, Fredrickson DS. Estimation of the concentration of
 * low-density lipoprotein cholesterol in plasma, without use of the preparative
 * ultracentrifuge. Clin Chem. 1972;18(6):499-502. LDL = total cholesterol - HDL -
 * triglycerides / 5 (mg/dL); not valid when triglycerides exceed 400 mg/dL.
 */
import type { Calculator, CalculatorInputSpec } from '../calculator.js'
import { numberValue, roundTo } from '../common-inputs.js'

const lipid = (
  name: string,
  label: string,
  analyte: 'cholesterol' | 'triglycerides',
  max: number,
): CalculatorInputSpec => ({
  name,
  label,
  type: 'quantity',
  unit: 'mg/dL',
  acceptedUnits: ['mmol/L'],
  analyte,
  required: true,
  min: 1,
  max,
})

/** Friedewald LDL in mg/dL. */
export const ldlCalculatedCalculator: Calculator = {
  id: 44,
  slug: 'ldl-calculated',
  name: 'LDL Calculated',
  category: 'lab',
  outputType: 'decimal',
  source: 'Friedewald WT et al. Clin Chem 1972;18:499-502',
  inputs: [
    lipid('totalCholesterol', 'Total cholesterol', 'cholesterol', 2000),
    lipid('hdl', 'HDL cholesterol', 'cholesterol', 300),
    lipid('triglycerides', 'Triglycerides', 'triglycerides', 20_000),
  ],
  entityMap: {
    'Total cholesterol': 'totalCholesterol',
    'high-density lipoprotein cholesterol': 'hdl',
  },
  compute(input) {
    const total = numberValue(input, 'totalCholesterol')
    const hdl = numberValue(input, 'hdl')
    const triglycerides = numberValue(input, 'triglycerides')
    const value = total - hdl - triglycerides / 5
    return {
      value,
      unit: 'mg/dL',
      steps: [
        {
          description: `${roundTo(total)} - ${roundTo(hdl)} - ${roundTo(triglycerides)} / 5`,
          value: roundTo(value),
          unit: 'mg/dL',
        },
      ],
      ...(triglycerides > 400
        ? {
            interpretation:
              'triglycerides > 400 mg/dL: the Friedewald estimate is not valid; measure LDL directly',
          }
        : {}),
    }
  },
}
