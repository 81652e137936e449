/**
 * QTc Rautaharju Calculator (MedCalc-Bench id 59).
 *
 * Source: Rautaharju PM, Mason JW, Akiyama T. New age- and sex-specific criteria for QT prolongation based on rate correction formulas that minimize bias at the upper normal limits. Int J Cardiol. 2014;174(3):535-540.
 * QTc = QT x (120 + heart rate) / 180 (QT in ms).
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** QTc Rautaharju Calculator: corrected QT in ms. */
export const qtcRautaharjuCalculator: Calculator = {
  id: 59,
  slug: 'qtc-rautaharju',
  name: 'QTc Rautaharju Calculator',
  category: 'physical',
  outputType: 'decimal',
  source:
    'Rautaharju PM, Mason JW, Akiyama T. New age- and sex-specific criteria for QT prolongation based on rate correction formulas that minimize bias at the upper normal limits. Int J Cardiol. 2014;174(3):535-540',
  inputs: [HEART_RATE_INPUT, QT_INPUT],
  entityMap: QTC_ENTITY_MAP,
  compute(input) {
    const heartRate = numberValue(input, 'heartRate')
    const qt = numberValue(input, 'qtInterval')
    const rr = rrIntervalSeconds(heartRate)
    const value = (qt * (120 + heartRate)) / 180
    return {
      value,
      unit: 'ms',
      steps: [
        { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
        { description: 'QTc = QT x (120 + HR) / 180', value: roundTo(value), unit: 'ms' },
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
