import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { correctDrugNames, loadDrugVocabulary } from './understand-query.js'
import { correctChineseDrugNames, loadChineseDrugNames, soundsAlike } from './zh-drug-names.js'

const lexicons = resolve(import.meta.dirname, '../../data/lexicons')
const names = loadChineseDrugNames(resolve(lexicons, 'zh-drugs.json'))

describe('correctChineseDrugNames', () => {
  it('corrects one wrong character of a Chinese generic name', () => {
    expect(correctChineseDrugNames('二甲双瓜的副作用有哪些？', names)).toEqual({
      text: '二甲双胍的副作用有哪些？',
      corrections: [{ from: '二甲双瓜', to: '二甲双胍', distance: 1 }],
    })
    expect(correctChineseDrugNames('氨录地平和缬沙坦能一起吃吗', names).text).toBe(
      '氨氯地平和缬沙坦能一起吃吗',
    )
    expect(correctChineseDrugNames('华法令要查什么', names).text).toBe('华法林要查什么')
  })

  it('leaves correct names, longer names that contain them and ordinary text alone', () => {
    for (const text of [
      '左旋氨氯地平和氨氯地平有什么区别',
      '高血压的一线治疗药物是什么？',
      '孕妇可以吃阿莫西林吗',
      '链霉素',
      // Other real drugs one character (of another sound) away from a lexicon name.
      '利血平',
      '克林霉素',
      '西沙必利',
      '黄体萎缩',
    ]) {
      expect(correctChineseDrugNames(text, names)).toEqual({ text, corrections: [] })
    }
  })

  it('treats common pinyin confusions as similar sounds', () => {
    expect(soundsAlike('录', '氯')).toBe(true)
    expect(soundsAlike('令', '林')).toBe(true)
    expect(soundsAlike('血', '福')).toBe(false)
  })

  it('never changes text without Han characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        expect(correctChineseDrugNames(text, names).text).toBe(text)
      }),
    )
  })

  it('runs with the English correction when the vocabulary has Chinese names', () => {
    const vocabulary = loadDrugVocabulary(resolve(lexicons, 'common-drugs.json'), {
      chinesePath: resolve(lexicons, 'zh-drugs.json'),
    })
    const result = correctDrugNames('metfromin 和 二甲双瓜', vocabulary)
    expect(result.text).toBe('metformin 和 二甲双胍')
    expect(result.corrections.map((correction) => correction.to)).toEqual(['metformin', '二甲双胍'])
  })
})
