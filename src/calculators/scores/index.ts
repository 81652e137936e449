/**
 * The score calculators of MedCalc-Bench v1.0 (categories risk, severity and diagnosis), one
 * file each. The calculators registry imports {@link scoreCalculators}.
 */

import { apacheIiCalculator } from './apache-ii.js'
import { capriniCalculator } from './caprini.js'
import { centorMcisaacCalculator } from './centor-mcisaac.js'
import { cha2ds2VascCalculator } from './cha2ds2-vasc.js'
import { charlsonCalculator } from './charlson.js'
import { childPughCalculator } from './child-pugh.js'
import { curb65Calculator } from './curb-65.js'
import { feverPainCalculator } from './feverpain.js'
import { framinghamHardChdCalculator } from './framingham-hard-chd.js'
import { glasgowBlatchfordCalculator } from './glasgow-blatchford.js'
import { glasgowComaScaleCalculator } from './glasgow-coma-scale.js'
import { hasBledCalculator } from './has-bled.js'
import { heartScoreCalculator } from './heart-score.js'
import { percCalculator } from './perc.js'
import { psiCalculator } from './psi.js'
import { rcriCalculator } from './rcri.js'
import type { ScoreCalculator } from './score-calculator.js'
import { sirsCalculator } from './sirs.js'
import { sofaCalculator } from './sofa.js'
import { wellsDvtCalculator } from './wells-dvt.js'
import { wellsPeCalculator } from './wells-pe.js'

export { apacheIiCalculator } from './apache-ii.js'
export { capriniCalculator } from './caprini.js'
export { centorMcisaacCalculator } from './centor-mcisaac.js'
export { cha2ds2VascCalculator } from './cha2ds2-vasc.js'
export { charlsonCalculator } from './charlson.js'
export { childPughCalculator } from './child-pugh.js'
export { curb65Calculator } from './curb-65.js'
export { feverPainCalculator } from './feverpain.js'
export { framinghamHardChdCalculator } from './framingham-hard-chd.js'
export { glasgowBlatchfordCalculator } from './glasgow-blatchford.js'
export { glasgowComaScaleCalculator } from './glasgow-coma-scale.js'
export { hasBledCalculator } from './has-bled.js'
export { heartScoreCalculator } from './heart-score.js'
export { percCalculator } from './perc.js'
export { psiCalculator } from './psi.js'
export { rcriCalculator } from './rcri.js'
export type { ScoreCalculator } from './score-calculator.js'
export { sirsCalculator } from './sirs.js'
export { sofaCalculator } from './sofa.js'
export { wellsDvtCalculator } from './wells-dvt.js'
export { wellsPeCalculator } from './wells-pe.js'

/** Every score calculator, in MedCalc-Bench id order. */
export const scoreCalculators: readonly ScoreCalculator[] = [
  cha2ds2VascCalculator,
  wellsPeCalculator,
  childPughCalculator,
  wellsDvtCalculator,
  rcriCalculator,
  heartScoreCalculator,
  centorMcisaacCalculator,
  glasgowComaScaleCalculator,
  hasBledCalculator,
  glasgowBlatchfordCalculator,
  apacheIiCalculator,
  psiCalculator,
  charlsonCalculator,
  feverPainCalculator,
  capriniCalculator,
  sofaCalculator,
  curb65Calculator,
  framinghamHardChdCalculator,
  percCalculator,
  sirsCalculator,
]
