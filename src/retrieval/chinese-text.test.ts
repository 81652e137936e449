import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeForIndex, hasHan, segmentRuns } from './chinese-text.js'
import { questionTerms, tokenizeWords } from './text-analysis.js'

describe('Chinese text analysis', () => {
  it('cuts a Chinese question into words and drops the question words', () => {
    expect(tokenizeWords('高血压的一线治疗药物是什么？')).toEqual([
      '高血压',
      '的',
      '一线',
      '治疗',
      '药物',
      '是',
      '什么',
    ])
    const terms = questionTerms('高血压的一线治疗药物是什么？')
    expect(terms).toEqual(expect.arrayContaining(['高血压', '一线', '治疗', '药物']))
    expect(terms).not.toContain('什么')
    expect(terms).not.toContain('的')
  })

  it('keeps lexicon terms whole and adds the words inside them in search mode', () => {
    expect(tokenizeWords('二甲双胍是2型糖尿病的首选药物')).toContain('二甲双胍')
    expect(tokenizeWords('急性ST段抬高型心肌梗死')).toContain('st段抬高型心肌梗死')
    const search = tokenizeWords('一线降压药', { chinese: 'search' })
    expect(search).toEqual(expect.arrayContaining(['一线', '降压', '降压药']))
  })

  it('folds traditional characters and full-width letters', () => {
    expect(tokenizeWords('高血壓的一線治療藥物')).toEqual(tokenizeWords('高血压的一线治疗药物'))
    expect(analyzeForIndex('ＡＣＥＩ類藥物')).toContain('acei')
    expect(analyzeForIndex('ＡＣＥＩ類藥物')).toContain('药物')
    expect(analyzeForIndex('血管紧张素Ⅱ受体拮抗剂')).toContain('ii')
  })

  it('separates Latin words from Chinese in mixed text', () => {
    expect(tokenizeWords('ACEI类药物如依那普利')).toEqual(
      expect.arrayContaining(['acei', '依那普利']),
    )
    expect(tokenizeWords('β受体阻滞剂')[0]).toBe('β')
  })

  it('keeps a lone Han character as a query term but drops a lone Latin letter', () => {
    expect(questionTerms('肺 a 癌')).toEqual(['肺', '癌'])
  })

  it('leaves text without Chinese exactly as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        expect(analyzeForIndex(text)).toBe(text)
      }),
    )
    expect(analyzeForIndex("Sjögren's syndrome, 140/90 mmHg")).toBe(
      "Sjögren's syndrome, 140/90 mmHg",
    )
  })

  it('indexes every Han character of a text in some token', () => {
    const han = fc.constantFrom(
      ...'高血压糖尿病的是肺癌药物治疗患者一线降压首选二甲双胍心肌梗死医院'.split(''),
    )
    const piece = fc.oneof(
      fc.array(han, { minLength: 1, maxLength: 12 }).map((items) => items.join('')),
      fc.constantFrom('ACEI', ' ', '，', '2型', 'mg', '。'),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('')
        const tokens = segmentRuns(text, 'words').join('')
        for (const character of text) if (hasHan(character)) expect(tokens).toContain(character)
      }),
      { numRuns: 100 },
    )
  })
})
