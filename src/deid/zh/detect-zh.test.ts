import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoreDocuments } from '../evaluate.js'
import { detectPhi } from '../index.js'
import { loadChineseNotes, toScoredDocuments } from './annotated-notes.js'
import { detectChinesePhi, isResidentIdNumber } from './detect-zh.js'

function found(text: string): Array<[string, string]> {
  return detectPhi(text).map((span) => [span.type, text.slice(span.start, span.end)])
}

describe('Chinese de-identification', () => {
  it('catches the examples of the issue: 患者张伟 and 2024年3月5日入院', () => {
    expect(found('患者张伟，男，45岁，于2024年3月5日入院。')).toEqual([
      ['NAME', '张伟'],
      ['DATE', '2024年3月5日'],
    ])
  })

  it('finds names by relation, role and title, and every later mention', () => {
    const text = '今日李秀英主任医师查房，其子王磊陪同。会诊医师：黄海涛。王磊表示理解。'
    const names = found(text).filter(([type]) => type === 'NAME')
    expect(names.map(([, value]) => value)).toEqual(['李秀英', '王磊', '黄海涛', '王磊'])
  })

  it('does not take words that start with a surname character for names', () => {
    for (const text of [
      '患者高血压病史10年，高热3天。',
      '主任医师查房，指示继续观察。',
      '麻醉医师：杨帆。',
      '医师向家属交代病情。',
    ]) {
      const names = found(text).filter(([type]) => type === 'NAME')
      expect(names.map(([, value]) => value).filter((value) => value !== '杨帆')).toEqual([])
    }
  })

  it('checks the check digit of resident identity numbers', () => {
    expect(isResidentIdNumber('110105197903154321')).toBe(true)
    expect(isResidentIdNumber('110105197903154322')).toBe(false)
    expect(found('身份证号：110105197903154321')).toEqual([['ID', '110105197903154321']])
  })

  it('finds phones, record numbers, addresses, hospitals and ages over 89', () => {
    expect(found('电话13812345678，住院号：ZY20240315。')).toEqual([
      ['PHONE', '13812345678'],
      ['ID', 'ZY20240315'],
    ])
    expect(found('家住上海市浦东新区张江镇科苑路88弄5号。')).toEqual([
      ['ADDRESS', '上海市浦东新区张江镇科苑路88弄5号'],
    ])
    expect(found('曾于苏州市立医院就诊，后转至本院。')).toEqual([['HOSPITAL', '苏州市立医院']])
    expect(found('年龄：92岁。其妻75岁。')).toEqual([['AGE', '92岁']])
    expect(found('2024.3.5复查，3月12日出院。')).toEqual([
      ['DATE', '2024.3.5'],
      ['DATE', '3月12日'],
    ])
  })

  it('adds nothing to text without Han characters', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(detectChinesePhi(text)).toEqual([])
      }),
    )
  })

  it('catches at least 97% of the PHI in Galen’s annotated Chinese notes', () => {
    const notes = loadChineseNotes()
    const all = scoreDocuments(toScoredDocuments(notes, (text) => detectPhi(text)))
    const test = scoreDocuments(
      toScoredDocuments(
        notes.filter((note) => note.split === 'test'),
        (text) => detectPhi(text),
      ),
    )
    // Measured: all 48 notes 0.987 (224 of 227 spans), held-out test notes 0.947 (36 of 38).
    expect(all.span.recall).toBeGreaterThanOrEqual(0.97)
    expect(test.span.recall).toBeGreaterThanOrEqual(0.9)
    expect(all.span.precision).toBeGreaterThanOrEqual(0.95)
  })
})

describe('Chinese surrogates', () => {
  it('replaces Chinese names, places, hospitals and dates with Chinese ones, consistently', async () => {
    const { renderRedaction } = await import('../index.js')
    const text =
      '患者张伟，92岁，于2024年3月5日入院。家住北京市朝阳区阜通东大街12号，曾于苏州市立医院就诊。张伟诉胸闷。'
    const result = renderRedaction(text, detectPhi(text), {
      mode: 'surrogate',
      seed: 'test',
      patientId: 'p1',
    })
    for (const original of ['张伟', '92岁', '2024年3月5日', '阜通东大街', '苏州市立医院'])
      expect(result.text).not.toContain(original)
    const name = /患者(\p{Script=Han}{2})，/u.exec(result.text)?.[1] ?? ''
    expect(name).toMatch(/^\p{Script=Han}{2}$/u)
    expect(result.text).toContain(`${name}诉胸闷`)
    expect(result.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日入院/)
    expect(result.text).toContain('人民医院')
  })
})
