/**
 * QTc Hodges Calculator (MedCalc-Bench id 58).
 *
 * Source: Hodges M, Salerno D, Erlien D. Bazett's QT correction reviewed: evidence that a linear QT correction for heart rate is better. J Am Coll Cardiol. 1983;1:694.
 * QTc = QT + 1.75 x (heart rate - 60) (QT in ms).
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** QTc Hodges Calculator: corrected QT in ms. */
export const qtcHodgesCalculator: Calculator = {
  id: 58,
  slug: 'qtc-hodges',
  name: 'QTc Hodges Calculator',
  category: 'physical',
  outputType: 'decimal',
  source:
    "Hodges M, Salerno D, Erlien D. Bazett's QT correction reviewed: evidence that a linear QT correction for heart rate is better. J Am Coll Cardiol. 1983;1:694",
  inputs: [HEART_RATE_INPUT, QT_INPUT],
  entityMap: QTC_ENTITY_MAP,
  compute(input) {
    const heartRate = numberValue(input, 'heartRate')
    const qt = numberValue(input, 'qtInterval')
    const rr = rrIntervalSeconds(heartRate)
    const value = qt + 1.75 * (heartRate - 60)
    return {
      value,
      unit: 'ms',
      steps: [
        { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
        { description: 'QTc = QT + 1.75 x (HR - 60)', value: roundTo(value), unit: 'ms' },
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
