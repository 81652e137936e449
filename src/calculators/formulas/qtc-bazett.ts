/**
 * QTc Bazett Calculator (MedCalc-Bench id 11).
 *
 * Source: Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370.
 * QTc = QT / √RR (RR in seconds = 60 / heart rate).
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** QTc Bazett Calculator: corrected QT in ms. */
export const qtcBazettCalculator: Calculator = {
  id: 11,
  slug: 'qtc-bazett',
  name: 'QTc Bazett Calculator',
  category: 'physical',
  outputType: 'decimal',
  source:
    'Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370',
  inputs: [HEART_RATE_INPUT, QT_INPUT],
  entityMap: QTC_ENTITY_MAP,
  compute(input) {
    const heartRate = numberValue(input, 'heartRate')
    const qt = numberValue(input, 'qtInterval')
    const rr = rrIntervalSeconds(heartRate)
    const value = qt / Math.sqrt(rr)
    return {
      value,
      unit: 'ms',
      steps: [
        { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
        { description: 'QTc = QT / √RR', value: roundTo(value), unit: 'ms' },
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
