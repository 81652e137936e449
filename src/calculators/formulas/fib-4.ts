/**
 * Fibrosis-4 index (MedCalc-Bench id 19).
 *
 * Source: Sterling RK, Lissen E, Clumeck N, et al. Development of a simple noninvasive index to
 * predict significant fibrosis in patients with HIV/HCV coinfection. Hepatology.
 * 2006;43(6):1317-1325. FIB-4 = age (years) x AST (U/L) / (platelets (10^9/L) x √ALT (U/L)).
 * Cut-offs: < 1.45 low, > 3.25 high probability of advanced fibrosis.
 */
import type { Calculator } from '../calculator.js'
import { AGE_INPUT, numberValue, roundTo } from '../common-inputs.js'

const enzyme = (name: string, label: string) =>
  ({
    name,
    label,
    type: 'quantity',
    unit: 'U/L',
    acceptedUnits: ['µkat/L'],
    required: true,
    min: 1,
    max: 50_000,
  }) as const

/** FIB-4 index (unitless). */
export const fib4Calculator: Calculator = {
  id: 19,
  slug: 'fib-4',
  name: 'Fibrosis-4 (FIB-4) Index for Liver Fibrosis',
  category: 'lab',
  outputType: 'decimal',
  source: 'Sterling RK et al. Hepatology 2006;43:1317-1325',
  inputs: [
    AGE_INPUT,
    enzyme('ast', 'Aspartate aminotransferase (AST)'),
    enzyme('alt', 'Alanine aminotransferase (ALT)'),
    {
      name: 'platelets',
      label: 'Platelet count',
      type: 'quantity',
      unit: '10^9/L',
      acceptedUnits: ['/µL', '/L', '10^3/µL'],
      required: true,
      min: 1,
      max: 2000,
    },
  ],
  entityMap: {
    'Aspartate aminotransferase': 'ast',
    'Alanine aminotransferase': 'alt',
    'Platelet count': 'platelets',
  },
  compute(input) {
    const age = numberValue(input, 'age')
    const ast = numberValue(input, 'ast')
    const alt = numberValue(input, 'alt')
    const platelets = numberValue(input, 'platelets')
    const value = (age * ast) / (platelets * Math.sqrt(alt))
    return {
      value,
      unit: '',
      steps: [
        { description: 'Platelets', value: roundTo(platelets), unit: '10^9/L' },
        {
          description: `FIB-4 = (${age} x ${ast}) / (${roundTo(platelets)} x √${alt})`,
          value: roundTo(value),
        },
      ],
      interpretation:
        value < 1.45
          ? 'advanced fibrosis unlikely (< 1.45)'
          : value > 3.25
            ? 'advanced fibrosis likely (> 3.25)'
            : 'indeterminate (1.45-3.25)',
    }
  },
}
