/**
 * The frame shared by the QTc calculators: the same inputs (heart rate and measured QT), the same
 * RR step and the same prolongation bands. Each calculator's file keeps its own published source
 * and correction formula and passes them to {@link createQtcCalculator}.
 */
import type { Calculator } from '../calculator.js'
import { HEART_RATE_INPUT, numberValue, roundTo } from '../common-inputs.js'
import { QT_INPUT, QTC_ENTITY_MAP, rrIntervalSeconds } from './shared.js'

/** The measurements a QT correction formula may use. */
export interface QtcMeasurements {
  /** Measured (uncorrected) QT interval in ms. */
  qt: number
  /** RR interval in seconds (60 / heart rate). */
  rr: number
  /** Heart rate in beats per minute. */
  heartRate: number
}

/** What distinguishes one QTc calculator from another. */
export interface QtcCalculatorSettings {
  /** MedCalc-Bench calculator id. */
  id: number
  /** Stable kebab-case name, for example `qtc-bazett`. */
  slug: string
  /** MedCalc-Bench's name, exactly. */
  name: string
  /** The published source of the correction formula. */
  source: string
  /** The formula as shown in the computation step, for example `QTc = QT / √RR`. */
  formula: string
  /** The correction itself: corrected QT in ms. */
  correct(measurements: QtcMeasurements): number
}

/**
 * Builds a QTc calculator: inputs heart rate (/min) and QT (ms, s converts); output the
 * corrected QT in ms with the RR step, the formula step and the band (not prolonged up to 450 ms,
 * prolonged over 450 ms, markedly prolonged over 500 ms).
 *
 * @example
 * createQtcCalculator({ id: 11, slug: 'qtc-bazett', name: 'QTc Bazett Calculator', source: '…',
 *   formula: 'QTc = QT / √RR', correct: ({ qt, rr }) => qt / Math.sqrt(rr) })
 */
export function createQtcCalculator(settings: QtcCalculatorSettings): Calculator {
  const { id, slug, name, source, formula, correct } = settings
  return {
    id,
    slug,
    name,
    category: 'physical',
    outputType: 'decimal',
    source,
    inputs: [HEART_RATE_INPUT, QT_INPUT],
    entityMap: QTC_ENTITY_MAP,
    compute(input) {
      const heartRate = numberValue(input, 'heartRate')
      const qt = numberValue(input, 'qtInterval')
      const rr = rrIntervalSeconds(heartRate)
      const value = correct({ qt, rr, heartRate })
      return {
        value,
        unit: 'ms',
        steps: [
          { description: 'RR interval = 60 / heart rate', value: roundTo(rr, 4), unit: 's' },
          { description: formula, value: roundTo(value), unit: 'ms' },
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
}
