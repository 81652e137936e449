/**
 * QTc Framingham Calculator (MedCalc-Bench id 57).
 *
 * Source: Sagie A, Larson MG, Goldberg RJ, Bengtson JR, Levy D. An improved method for adjusting the QT interval for heart rate (the Framingham Heart Study). Am J Cardiol. 1992;70(7):797-801.
 * QTc = QT + 154 x (1 - RR) (QT in ms, RR in seconds).
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** QTc Framingham Calculator: corrected QT in ms. */
export const qtcFraminghamCalculator: Calculator = {
  id: 57,
  slug: 'qtc-framingham',
  name: 'QTc Framingham Calculator',
  category: 'physical',
  outputType: 'decimal',
  source:
    'Sagie A, Larson MG, Goldberg RJ, Bengtson JR, Levy D. An improved method for adjusting the QT interval for heart rate (the Framingham Heart Study). Am J Cardiol. 1992;70(7):797-801',
  inputs: [HEART_RATE_INPUT, QT_INPUT],
  entityMap: QTC_ENTITY_MAP,
  compute(input) {
    const heartRate = numberValue(input, 'heartRate')
    const qt = numberValue(input, 'qtInterval')
    const rr = rrIntervalSeconds(heartRate)
    const value = qt + 154 * (1 - rr)
    return {
      value,
      unit: 'ms',
      steps: [
        { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
        { description: 'QTc = QT + 154 x (1 - RR)', value: roundTo(value), unit: 'ms' },
      ],
      interpretation:
        value > 500
          ? 'markedly prolonged (> 500 ms)'
          : value > 450
            ? 'prolonged (> 450 ms)'
            : 'not prolonged (<= 450 ms)',
    }
  },
}
