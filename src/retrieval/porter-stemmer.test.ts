import { describe, expect, it } from 'vitest'
import { porterStem } from './porter-stemmer.js'

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['hypertension', 'hypertens'],
    ['diabetes', 'diabet'],
    ['generalizations', 'gener'],
    ['effective', 'effect'],
    ['controlling', 'control'],
  ])('stems "%s" to "%s" as Porter (1980) does', (word, stem) => {
    expect(porterStem(word)).toBe(stem)
  })

  it('leaves short words and words with digits or capitals unchanged', () => {
    expect(porterStem('is')).toBe('is')
    expect(porterStem('il6')).toBe('il6')
    expect(porterStem('DNA')).toBe('DNA')
  })
})
