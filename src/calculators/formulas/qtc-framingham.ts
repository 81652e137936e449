/**
 * QTc Framingham Calculator (MedCalc-Bench id 57).
 *
 * Source: Sagie A, Larson MG, Goldberg RJ, Bengtson JR, Levy D. An improved method for adjusting the QT interval for heart rate (the Framingham Heart Study). Am J Cardiol. 1992;70(7):797-801.
 * QTc = QT + 154 x (1 - RR) (QT in ms, RR in seconds).
 */
import type { Calculator } from '../calculator.js'
import { createQtcCalculator } from './qtc.js'

/** QTc Framingham Calculator: corrected QT in ms. */
export const qtcFraminghamCalculator: Calculator = createQtcCalculator({
  id: 57,
  slug: 'qtc-framingham',
  name: 'QTc Framingham Calculator',
  source:
    'Sagie A, Larson MG, Goldberg RJ, Bengtson JR, Levy D. An improved method for adjusting the QT interval for heart rate (the Framingham Heart Study). Am J Cardiol. 1992;70(7):797-801',
  formula: 'QTc = QT + 154 x (1 - RR)',
  correct: ({ qt, rr }) => qt + 154 * (1 - rr),
})
