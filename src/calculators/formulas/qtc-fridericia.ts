/**
 * QTc Fridericia Calculator (MedCalc-Bench id 56).
 *
 * Source: Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. Acta Med Scand. 1920;53:469-486.
 * QTc = QT / RR^(1/3) (RR in seconds = 60 / heart rate).
 */
import type { Calculator } from '../calculator.js'
import { createQtcCalculator } from './qtc.js'

/** QTc Fridericia Calculator: corrected QT in ms. */
export const qtcFridericiaCalculator: Calculator = createQtcCalculator({
  id: 56,
  slug: 'qtc-fridericia',
  name: 'QTc Fridericia Calculator',
  source:
    'Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. Acta Med Scand. 1920;53:469-486',
  formula: 'QTc = QT / ∛RR',
  correct: ({ qt, rr }) => qt / Math.cbrt(rr),
})
