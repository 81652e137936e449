/**
 * QTc Rautaharju Calculator (MedCalc-Bench id 59).
 *
 * Source: Rautaharju PM, Mason JW, Akiyama T. New age- and sex-specific criteria for QT prolongation based on rate correction formulas that minimize bias at the upper normal limits. Int J Cardiol. 2014;174(3):535-540.
 * QTc = QT x (120 + heart rate) / 180 (QT in ms).
 */
import type { Calculator } from '../calculator.js'
import { createQtcCalculator } from './qtc.js'

/** QTc Rautaharju Calculator: corrected QT in ms. */
export const qtcRautaharjuCalculator: Calculator = createQtcCalculator({
  id: 59,
  slug: 'qtc-rautaharju',
  name: 'QTc Rautaharju Calculator',
  source:
    'Rautaharju PM, Mason JW, Akiyama T. New age- and sex-specific criteria for QT prolongation based on rate correction formulas that minimize bias at the upper normal limits. Int J Cardiol. 2014;174(3):535-540',
  formula: 'QTc = QT x (120 + HR) / 180',
  correct: ({ qt, heartRate }) => (qt * (120 + heartRate)) / 180,
})
