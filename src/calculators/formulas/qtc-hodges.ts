/**
 * QTc Hodges Calculator (MedCalc-Bench id 58).
 *
 * Source: Hodges M, Salerno D, Erlien D. Bazett's QT correction reviewed: evidence that a linear QT correction for heart rate is better. J Am Coll Cardiol. 1983;1:694.
 * QTc = QT + 1.75 x (heart rate - 60) (QT in ms).
 */
import type { Calculator } from '../calculator.js'
import { createQtcCalculator } from './qtc.js'

/** QTc Hodges Calculator: corrected QT in ms. */
export const qtcHodgesCalculator: Calculator = createQtcCalculator({
  id: 58,
  slug: 'qtc-hodges',
  name: 'QTc Hodges Calculator',
  source:
    "Hodges M, Salerno D, Erlien D. Bazett's QT correction reviewed: evidence that a linear QT correction for heart rate is better. J Am Coll Cardiol. 1983;1:694",
  formula: 'QTc = QT + 1.75 x (HR - 60)',
  correct: ({ qt, heartRate }) => qt + 1.75 * (heartRate - 60),
})
