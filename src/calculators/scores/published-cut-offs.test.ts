import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors.js'
import { validateInput } from '../validate.js'
import { apacheIiCalculator } from './apache-ii.js'
import { capriniCalculator } from './caprini.js'
import { centorMcisaacCalculator } from './centor-mcisaac.js'
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

/** Validates raw input (units, options) as the tools do, then computes. */
function run(calculator: ScoreCalculator, raw: Record<string, unknown>): number {
  const value = calculator.compute(validateInput(calculator, raw)).value
  if (typeof value !== 'number') throw new Error('expected a number')
  return value
}

describe('Glasgow Coma Scale', () => {
  it('counts each component once: E2 V3 M4 is 9, not 12', () => {
    expect(
      run(glasgowComaScaleCalculator, {
        eye: 'eye opening to pain',
        verbal: 'inappropriate words',
        motor: 'withdrawal from pain',
      }),
    ).toBe(9)
  })

  it('leaves a not-testable component out of the total and says so', () => {
    const result = glasgowComaScaleCalculator.compute(
      validateInput(glasgowComaScaleCalculator, {
        eye: 'no eye opening',
        verbal: 'not testable',
        motor: 'no motor response',
      }),
    )
    expect(result.value).toBe(2)
    expect(result.interpretation).toMatch(/not testable/)
  })

  it('reaches 15 for a fully alert patient', () => {
    expect(
      run(glasgowComaScaleCalculator, {
        eye: 'eyes open spontaneously',
        verbal: 'oriented',
        motor: 'obeys commands',
      }),
    ).toBe(15)
  })
})

describe('Child-Pugh', () => {
  const base = { bilirubin: 1, albumin: 4, inr: 1, ascites: 'absent' }
  it('scores 5 (class A) when every measure is normal, ascites absent counting 1', () => {
    expect(run(childPughCalculator, base)).toBe(5)
  })
  it('gives bilirubin 2.0 and 3.0 mg/dL 2 points and 3.1 mg/dL 3 points', () => {
    expect(run(childPughCalculator, { ...base, bilirubin: 2 })).toBe(6)
    expect(run(childPughCalculator, { ...base, bilirubin: 3 })).toBe(6)
    expect(run(childPughCalculator, { ...base, bilirubin: 3.1 })).toBe(7)
  })
  it('converts bilirubin from µmol/L (34.2 µmol/L is 2 mg/dL)', () => {
    expect(run(childPughCalculator, { ...base, bilirubin: '34.2 µmol/L' })).toBe(6)
    expect(run(childPughCalculator, { ...base, bilirubin: '30 µmol/L' })).toBe(5)
  })
  it('scores slight ascites 2 and moderate ascites 3', () => {
    expect(run(childPughCalculator, { ...base, ascites: 'slight' })).toBe(6)
    expect(run(childPughCalculator, { ...base, ascites: 'moderate' })).toBe(7)
  })
  it('gives albumin 3.5 g/dL 2 points and INR 1.7 2 points', () => {
    expect(run(childPughCalculator, { ...base, albumin: 3.5 })).toBe(6)
    expect(run(childPughCalculator, { ...base, inr: 1.7 })).toBe(6)
  })
})

describe('Glasgow-Blatchford', () => {
  const base = {
    bun: 10,
    hemoglobin: 15,
    sex: 'male',
    systolicBloodPressure: 130,
    heartRate: 80,
  }
  it('scores haemoglobin exactly 13.0 g/dL in a man and 12.0 in a woman as 0', () => {
    expect(run(glasgowBlatchfordCalculator, { ...base, hemoglobin: 13 })).toBe(0)
    expect(run(glasgowBlatchfordCalculator, { ...base, hemoglobin: 12.9 })).toBe(1)
    expect(run(glasgowBlatchfordCalculator, { ...base, sex: 'female', hemoglobin: 12 })).toBe(0)
    expect(run(glasgowBlatchfordCalculator, { ...base, sex: 'female', hemoglobin: 11.9 })).toBe(1)
  })
  it('puts BUN 18.2, 22.4, 28 and 70 mg/dL on the urea cut-offs 6.5, 8, 10 and 25 mmol/L', () => {
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: 18.1 })).toBe(0)
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: 18.2 })).toBe(2)
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: 22.4 })).toBe(3)
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: 28 })).toBe(4)
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: 70 })).toBe(6)
    expect(run(glasgowBlatchfordCalculator, { ...base, bun: '25 mmol/L' })).toBe(6)
  })
})

describe('SIRS', () => {
  const base = { temperature: 37, heartRate: 80, respiratoryRate: 16, wbc: 8 }
  it('needs a heart rate above 90: 90/min does not count', () => {
    expect(run(sirsCalculator, { ...base, heartRate: 90 })).toBe(0)
    expect(run(sirsCalculator, { ...base, heartRate: 91 })).toBe(1)
  })
  it('reads white cells per µL: 8,000/µL is normal, 13,000/µL and 3,000/µL are not', () => {
    expect(run(sirsCalculator, { ...base, wbc: '8000 /µL' })).toBe(0)
    expect(run(sirsCalculator, { ...base, wbc: '13000 /µL' })).toBe(1)
    expect(run(sirsCalculator, { ...base, wbc: '3000 /µL' })).toBe(1)
  })
  it('counts the breathing criterion for a PaCO2 below 32 mmHg with a normal rate', () => {
    expect(run(sirsCalculator, { ...base, paco2: 30 })).toBe(1)
  })
  it('counts over 10% band forms with a normal white count', () => {
    expect(run(sirsCalculator, { ...base, bands: 12 })).toBe(1)
  })
})

describe('APACHE II', () => {
  const normal = {
    age: 40,
    temperature: 37,
    systolicBloodPressure: 120,
    diastolicBloodPressure: 80,
    heartRate: 80,
    respiratoryRate: 16,
    fio2: 21,
    pao2: 90,
    ph: 7.4,
    sodium: 140,
    potassium: 4,
    creatinine: 1,
    hematocrit: 40,
    wbc: 8,
    gcs: 15,
  }
  it('scores 0 for a young patient with normal physiology', () => {
    expect(run(apacheIiCalculator, normal)).toBe(0)
  })
  it('adds 15 - GCS, not the GCS itself', () => {
    expect(run(apacheIiCalculator, { ...normal, gcs: 12 })).toBe(3)
  })
  it('scores 34.9 °C as 1 point (34-35.9 °C), not as a Fahrenheit reading', () => {
    expect(run(apacheIiCalculator, { ...normal, temperature: { value: 34.9, unit: '°C' } })).toBe(1)
  })
  it('scores low-range vital signs: heart rate 45 scores 3, respiratory rate 8 scores 2', () => {
    expect(run(apacheIiCalculator, { ...normal, heartRate: 45 })).toBe(3)
    expect(run(apacheIiCalculator, { ...normal, respiratoryRate: 8 })).toBe(2)
  })
  it('doubles the creatinine points in acute renal failure', () => {
    expect(run(apacheIiCalculator, { ...normal, creatinine: 2.5 })).toBe(3)
    expect(run(apacheIiCalculator, { ...normal, creatinine: 2.5, acuteRenalFailure: true })).toBe(6)
  })
  it('uses the A-a gradient from FiO2 50% and PaO2 below it', () => {
    expect(run(apacheIiCalculator, { ...normal, fio2: 50, aaGradient: 360 })).toBe(3)
    expect(run(apacheIiCalculator, { ...normal, pao2: 58 })).toBe(3)
  })
  it('adds chronic health points: 5 non-operative, 2 elective post-operative', () => {
    expect(run(apacheIiCalculator, { ...normal, chronicOrganInsufficiency: true })).toBe(5)
    expect(
      run(apacheIiCalculator, {
        ...normal,
        chronicOrganInsufficiency: true,
        admissionType: 'elective postoperative',
      }),
    ).toBe(2)
  })
  it('throws an InputError naming the A-a gradient when FiO2 >= 50% has none', () => {
    expect(() => run(apacheIiCalculator, { ...normal, fio2: 60 })).toThrow(InputError)
    expect(() => run(apacheIiCalculator, { ...normal, fio2: 60 })).toThrow(/aaGradient/)
  })
})

describe('Caprini (2005)', () => {
  it('adds the points of every yes/no factor to age, surgery and mobility', () => {
    expect(
      run(capriniCalculator, {
        age: 63,
        sex: 'female',
        surgeryType: 'major',
        mobility: 'confined to bed >72 hours',
        bmi: 27.1,
        majorSurgeryLastMonth: true,
        fracture: true,
        multipleTrauma: true,
        varicoseVeins: true,
        previousDvt: true,
        familyHistoryOfThrombosis: true,
        elevatedHomocysteine: true,
      }),
    ).toBe(28)
  })
  it('scores BMI above 25 as 1 point, and history of DVT and PE together as one 3-point factor', () => {
    expect(run(capriniCalculator, { age: 30, sex: 'male', bmi: 26 })).toBe(1)
    expect(
      run(capriniCalculator, { age: 30, sex: 'male', previousDvt: true, previousPe: true }),
    ).toBe(3)
  })
})

describe('Charlson Comorbidity Index', () => {
  it('weighs capitalised categories as published', () => {
    expect(run(charlsonCalculator, { age: 40, liverDisease: 'Moderate to Severe' })).toBe(3)
    expect(run(charlsonCalculator, { age: 40, diabetes: 'End-organ damage' })).toBe(2)
    expect(run(charlsonCalculator, { age: 40, solidTumor: 'Metastatic' })).toBe(6)
    expect(run(charlsonCalculator, { age: 40, solidTumor: 'localized' })).toBe(2)
  })
  it('adds a point per decade from 50 and counts stroke or TIA once', () => {
    expect(run(charlsonCalculator, { age: 85 })).toBe(4)
    expect(
      run(charlsonCalculator, {
        age: 40,
        cerebrovascularAccident: true,
        transientIschemicAttack: true,
      }),
    ).toBe(1)
  })
})

describe('SOFA', () => {
  const base = {
    pao2: 95,
    fio2: 21,
    platelets: 200,
    bilirubin: 1,
    gcs: 15,
    creatinine: 1,
  }
  it('scores 0 for normal organ function (PaO2/FiO2 452)', () => {
    expect(run(sofaCalculator, base)).toBe(0)
  })
  it('takes FiO2 as a fraction: PaO2 76 on 60% is a ratio of 127, 3 points with ventilation', () => {
    expect(run(sofaCalculator, { ...base, pao2: 76, fio2: 60, mechanicalVentilation: true })).toBe(
      3,
    )
    expect(run(sofaCalculator, { ...base, pao2: 76, fio2: 60 })).toBe(2)
  })
  it('gives cardiovascular points only by blood pressure and vasopressor dose', () => {
    expect(run(sofaCalculator, { ...base, hypotension: true })).toBe(1)
    expect(run(sofaCalculator, { ...base, dobutamine: 2 })).toBe(2)
    expect(run(sofaCalculator, { ...base, norepinephrine: 0.05 })).toBe(3)
    expect(run(sofaCalculator, { ...base, epinephrine: 0.2 })).toBe(4)
  })
  it('uses the stated GCS and urine output', () => {
    expect(run(sofaCalculator, { ...base, gcs: 9 })).toBe(3)
    expect(run(sofaCalculator, { ...base, urineOutput: 150 })).toBe(4)
  })
})

describe('Framingham hard CHD', () => {
  it('gives a 54-year-old male smoker (TC 235, HDL 26, SBP 139) a 10-year risk of about 29%', () => {
    const value = run(framinghamHardChdCalculator, {
      age: 54,
      sex: 'male',
      smoker: true,
      totalCholesterol: 235,
      hdlCholesterol: 26,
      systolicBloodPressure: 139,
    })
    expect(value).toBeCloseTo(29.02, 1)
  })
  it('gives the same risk for cholesterol in mmol/L as in mg/dL', () => {
    const inMgDl = run(framinghamHardChdCalculator, {
      age: 60,
      sex: 'female',
      totalCholesterol: 232,
      hdlCholesterol: 50,
      systolicBloodPressure: 140,
    })
    const inMmolL = run(framinghamHardChdCalculator, {
      age: 60,
      sex: 'female',
      totalCholesterol: `${232 / 38.67} mmol/L`,
      hdlCholesterol: `${50 / 38.67} mmol/L`,
      systolicBloodPressure: 140,
    })
    expect(inMmolL).toBeCloseTo(inMgDl, 0)
  })
})

describe('the smaller scores at their published cut-offs', () => {
  it('Wells PE: heart rate 100 scores 0, 101 scores 1.5', () => {
    expect(run(wellsPeCalculator, { heartRate: 100 })).toBe(0)
    expect(run(wellsPeCalculator, { heartRate: 101 })).toBe(1.5)
  })
  it('Wells DVT: an alternative diagnosis subtracts 2', () => {
    expect(run(wellsDvtCalculator, { alternativeDiagnosis: true })).toBe(-2)
    expect(run(wellsDvtCalculator, { activeCancer: true, alternativeDiagnosis: true })).toBe(-1)
  })
  it('RCRI: creatinine 2.0 mg/dL scores 0, 2.1 scores 1; cerebrovascular disease scores 1', () => {
    expect(run(rcriCalculator, { creatinine: 2 })).toBe(0)
    expect(run(rcriCalculator, { creatinine: 2.1 })).toBe(1)
    expect(run(rcriCalculator, { creatinine: 1, cerebrovascularDisease: true })).toBe(1)
  })
  it('HEART: three risk factors or atherosclerotic disease score 2', () => {
    const base = {
      history: 'slightly suspicious',
      ecg: 'normal',
      age: 30,
      troponin: '<= normal limit',
    }
    expect(run(heartScoreCalculator, { ...base, smoking: true, obesity: true })).toBe(1)
    expect(
      run(heartScoreCalculator, { ...base, smoking: true, obesity: true, hypertension: true }),
    ).toBe(2)
    expect(run(heartScoreCalculator, { ...base, atheroscleroticDisease: true })).toBe(2)
  })
  it('Centor: 100.4 °F is 38.0 °C and does not count; age 45 subtracts 1', () => {
    expect(run(centorMcisaacCalculator, { age: 30, temperature: '100.4 °F' })).toBe(0)
    expect(run(centorMcisaacCalculator, { age: 30, temperature: 38.1 })).toBe(1)
    expect(run(centorMcisaacCalculator, { age: 45, temperature: 37 })).toBe(-1)
  })
  it('HAS-BLED: age 65 scores 0 and 66 scores 1; 8 drinks a week scores 1', () => {
    expect(run(hasBledCalculator, { age: 65 })).toBe(0)
    expect(run(hasBledCalculator, { age: 66 })).toBe(1)
    expect(run(hasBledCalculator, { age: 40, alcoholDrinksPerWeek: 8 })).toBe(1)
    expect(run(hasBledCalculator, { age: 40, alcoholDrinksPerWeek: 7 })).toBe(0)
  })
  it('CURB-65: urea above 7 mmol/L (BUN 19.6 mg/dL) and diastolic 60 mmHg each count', () => {
    const base = {
      bun: 10,
      respiratoryRate: 16,
      systolicBloodPressure: 120,
      diastolicBloodPressure: 80,
      age: 40,
    }
    expect(run(curb65Calculator, { ...base, bun: 19.6 })).toBe(0)
    expect(run(curb65Calculator, { ...base, bun: 20 })).toBe(1)
    expect(run(curb65Calculator, { ...base, diastolicBloodPressure: 60 })).toBe(1)
  })
  it('PERC: saturation 95% does not count, 94% does', () => {
    const base = { age: 30, heartRate: 80 }
    expect(run(percCalculator, { ...base, oxygenSaturation: 95 })).toBe(0)
    expect(run(percCalculator, { ...base, oxygenSaturation: 94 })).toBe(1)
  })
  it('FeverPAIN: adds one point per feature', () => {
    expect(run(feverPainCalculator, { fever: true, purulence: true, noCoughOrCoryza: true })).toBe(
      3,
    )
  })
  it('PSI: a woman scores her age minus 10, with untested values taken as normal', () => {
    expect(run(psiCalculator, { age: 40, sex: 'female' })).toBe(30)
    expect(run(psiCalculator, { age: 40, sex: 'male', ph: 7.3, bun: 30 })).toBe(90)
  })
})
