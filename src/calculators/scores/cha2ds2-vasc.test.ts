import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors.js'
import { cha2ds2VascCalculator as calculator } from './cha2ds2-vasc.js'

describe('CHA2DS2-VASc', () => {
  it('scores a 40-year-old man without risk factors as 0 (low risk)', () => {
    const result = calculator.compute({ age: 40, sex: 'male' })
    expect(result.value).toBe(0)
    expect(result.interpretation).toMatch(/^Low risk/)
  })

  it('counts stroke, TIA and thromboembolism together once for 2 points', () => {
    const one = calculator.compute({ age: 50, sex: 'male', stroke: true })
    const all = calculator.compute({
      age: 50,
      sex: 'male',
      stroke: true,
      transientIschemicAttack: true,
      thromboembolism: true,
    })
    expect(one.value).toBe(2)
    expect(all.value).toBe(2)
  })

  it('gives 1 point for age 65-74 and 2 from 75, plus 1 for female sex', () => {
    expect(calculator.compute({ age: 64, sex: 'female' }).value).toBe(1)
    expect(calculator.compute({ age: 65, sex: 'female' }).value).toBe(2)
    expect(calculator.compute({ age: 75, sex: 'female' }).value).toBe(3)
  })

  it('reaches the maximum of 9 with every criterion', () => {
    const result = calculator.compute({
      age: 80,
      sex: 'female',
      congestiveHeartFailure: true,
      hypertension: true,
      stroke: true,
      vascularDisease: true,
      diabetes: true,
    })
    expect(result.value).toBe(9)
    expect(result.steps.at(-1)?.value).toBe(9)
  })

  it('rejects a missing age with an error naming the field', () => {
    expect(() => calculator.compute({ sex: 'male' })).toThrow(InputError)
    expect(() => calculator.compute({ sex: 'male' })).toThrow(/"age"/)
  })
})
