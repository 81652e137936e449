/**
 * Body surface area by the Mosteller formula (MedCalc-Bench id 60).
 *
 * Source: Mosteller RD. Simplified calculation of body-surface area. N Engl J Med.
 * 1987;317(17):1098. BSA (m²) = √(height (cm) x weight (kg) / 3600).
 */
import type { Calculator } from '../calculator.js'
import { HEIGHT_INPUT, numberValue, roundTo, WEIGHT_INPUT } from '../common-inputs.js'

/** Mosteller BSA in m². */
export const bodySurfaceAreaCalculator: Calculator = {
  id: 60,
  slug: 'body-surface-area',
  name: 'Body Surface Area Calculator',
  category: 'physical',
  outputType: 'decimal',
  source: 'Mosteller RD. N Engl J Med 1987;317:1098',
  inputs: [WEIGHT_INPUT, HEIGHT_INPUT],
  compute(input) {
    const weight = numberValue(input, 'weight')
    const height = numberValue(input, 'height')
    const value = Math.sqrt((height * weight) / 3600)
    return {
      value,
      unit: 'm²',
      steps: [
        {
          description: `√(${roundTo(height)} x ${roundTo(weight)} / 3600)`,
          value: roundTo(value),
          unit: 'm²',
        },
      ],
    }
  },
}
