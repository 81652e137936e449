/**
 * QTc Bazett Calculator (MedCalc-Bench id 11).
 *
 * Source: Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370.
 * QTc = QT / √RR (RR in seconds = 60 / heart rate).
 */
import type { Calculator } from '../calculator.js'
import { createQtcCalculator } from './qtc.js'

/** QTc Bazett Calculator: corrected QT in ms. */
export const qtcBazettCalculator: Calculator = createQtcCalculator({
  id: 11,
  slug: 'qtc-bazett',
  name: 'QTc Bazett Calculator',
  source:
    'Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370',
  formula: 'QTc = QT / √RR',
  correct: ({ qt, rr }) => qt / Math.sqrt(rr),
})
