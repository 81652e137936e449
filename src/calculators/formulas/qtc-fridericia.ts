/**
 * QTc Fridericia Calculator (MedCalc-Bench id 56).
 *
 * Source: Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. Acta Med Scand. 1920;53:469-486.
 * QTc = QT / RR^(1/3) (RR in seconds = 60 / heart rate).
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** QTc Fridericia Calculator: corrected QT in ms. */
export const qtcFridericiaCalculator: Calculator = {
  id: 56,
  slug: 'qtc-fridericia',
  name: 'QTc Fridericia Calculator',
  category: 'physical',
  outputType: 'decimal',
  source:
    'Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. Acta Med Scand. 1920;53:469-486',
  inputs: [HEART_RATE_INPUT, QT_INPUT],
  entityMap: QTC_ENTITY_MAP,
  compute(input) {
    const heartRate = numberValue(input, 'heartRate')
    const qt = numberValue(input, 'qtInterval')
    const rr = rrIntervalSeconds(heartRate)
    const value = qt / Math.cbrt(rr)
    return {
      value,
      unit: 'ms',
      steps: [
        { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
        { description: 'QTc = QT / ∛RR', value: roundTo(value), unit: 'ms' },
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
