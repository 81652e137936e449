import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoreDocuments } from '../evaluate.js'
import { detectPhi, redact } from '../index.js'
import { loadChineseNotes, toScoredDocuments } from './annotated-notes.js'
import { CLINICAL_WORDS } from './clinical-zh.js'
import { detectChinesePhi, isResidentIdNumber } from './detect-zh.js'
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js'

function found(text: string): Array<[string, string]> {
  return detectPhi(text).map((span) => [span.type, text.slice(span.start, span.end)])
}

describe('Chinese de-identification', () => {
  it('takes a name after a kinship or social cue even when jieba reads its start as a place (王国)', () => {
    // Found by the name property test with a random seed: 同学王国伟 (王国/ns + 伟) leaked.
    expect(redact('同学王国伟提供病史。').text).toBe('同学[姓名]提供病史。')
    expect(redact('同事王国庆陪同来院。').text).toBe('同事[姓名]陪同来院。')
    expect(redact('邻居高度紧张，反复询问病情。').text).toBe('邻居高度紧张，反复询问病情。')
  })

  it('takes a name-shaped value of a person label whatever jieba makes of it (签字人：李建博)', () => {
    // Found by the name property test with a random seed: 建博 reads as a verb.
    expect(redact('签字人：李建博。').text).toBe('签字人：[姓名]。')
    expect(redact('术者：欧阳建博，助手：李明').text).toBe('术者：[姓名]，助手：[姓名]')
    expect(redact('签字人：患者本人。').text).toBe('签字人：患者本人。')
    expect(redact('记录者：住院医师').text).toBe('记录者：住院医师')
  })

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

  it('finds names after kin, social roles and titles in any position', () => {
    const text =
      '室友邵子墨陪护。由邻居柏春燕送入急诊。外甥：孔令辉。签字人：闵秋实。一助：桑宁。' +
      '经宋文娟护师宣教后，患者知晓。其侄邓一帆到场。欧阳锦（女儿）签字。童家明，男，52岁。'
    expect(
      found(text)
        .filter(([type]) => type === 'NAME')
        .map(([, value]) => value),
    ).toEqual([
      '邵子墨',
      '柏春燕',
      '孔令辉',
      '闵秋实',
      '桑宁',
      '宋文娟',
      '邓一帆',
      '欧阳锦',
      '童家明',
    ])
  })

  it('does not tag clinical words after a person word (高热, 白细胞, 石膏, 查房)', () => {
    const text =
      '患者高热3天，白细胞升高。其子宫颈光滑。同事白天陪护。家属石膏固定后。主任查房，医师谈话。'
    expect(found(text).filter(([type]) => type === 'NAME')).toEqual([])
  })

  it('finds a name in a user introducing themself (我叫王建国)', () => {
    expect(redact('我叫王建国，电话13812345678，想问高血压用药。').text).toBe(
      '我叫[姓名]，电话[电话]，想问高血压用药。',
    )
    expect(redact('你好，我的名字是欧阳晓东，最近总是头晕。').text).not.toContain('晓东')
  })

  it('leaves no character of a name built from the shipped surnames, in any listed context', () => {
    // Given characters common in names. A surname and given character that jieba reads as one
    // verb, adverb or pronoun are a known miss and left out: 22 of the 32,670 pairs of the shipped
    // single surnames and these characters (listed by tagging every pair with jieba).
    const verbs = new Set(
      '何国 付强 申明 申建 包涵 尚然 霍然 解明 冷然 应明 应然 应诺 揭明 揭晓 富强 索然 扶强 居然 融雪 谈明 冶艳 强强'.split(
        ' ',
      ),
    )
    const given = [
      ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明秀霞平刚桂英华玉兰萍红鹏建国志文斌辉宇浩凯晨欣怡佳琪涵雨萱思源博然俊熙梓轩诺婷雪梅琳晓东海波慧颖丹宁',
    ]
    const contexts = [
      '患者{}，男，45岁。',
      '其父{}陪同就诊。',
      '同学{}提供病史。',
      '随访人：{}，电话随访。',
      '{}主任查房后指示继续观察。',
      '由邻居{}送入急诊。',
      '监护人：{}（父亲）。',
      '会诊医师：{}。',
      '今日{}医生查房。',
      '{}，女，67岁，门诊复诊。',
      '同事{}陪同来院。',
      '签字人：{}。',
      '请{}教授会诊。',
      '孙女{}来院探视。',
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...SINGLE_SURNAMES, ...COMPOUND_SURNAMES),
        fc.array(fc.constantFrom(...given), { minLength: 1, maxLength: 2 }),
        fc.constantFrom(...contexts),
        (surname, givenName, context) => {
          const name = surname + givenName.join('')
          fc.pre(!verbs.has(name.slice(0, 2)))
          // a name that is also a listed clinical word (安静, 蔚然) is left alone on purpose
          fc.pre(!CLINICAL_WORDS.some((word) => name.startsWith(word)))
          const text = context.replace('{}', name)
          const redacted = redact(text).text
          const at = context.indexOf('{}')
          const rest = context.slice(at + 2)
          // The whole name became one tag; a character of the context after it may go with it.
          const head = `${context.slice(0, at)}[姓名]`
          expect(redacted.startsWith(head)).toBe(true)
          expect(rest.endsWith(redacted.slice(head.length))).toBe(true)
          expect(rest.length - (redacted.length - head.length)).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('writes Chinese tags for Chinese text and English tags for English text, idempotently', () => {
    const text =
      '患者张伟，于2024年3月5日入院。住院号：ZY20240315。身份证号：110105197903154321。电话13812345678。曾于苏州市立医院就诊，家住北京市朝阳区阜通东大街12号。'
    const once = redact(text).text
    expect(once).toBe(
      '患者[姓名]，于[日期]入院。住院号：[住院号]。身份证号：[证件号]。电话[电话]。曾于[医院]就诊，家住[地址]。',
    )
    expect(redact(once).text).toBe(once)
    expect(redact('Seen by Dr. Healey on 7/22.').text).toBe('Seen by Dr. [NAME] on [DATE].')
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
    const score = (split?: string) =>
      scoreDocuments(
        toScoredDocuments(
          notes.filter((note) => split === undefined || note.split === split),
          (text) => detectPhi(text),
        ),
      )
    const all = score()
    const test2 = score('test2')
    // Measured (npm run bench -- zh-deid): all 74 notes recall 0.992, precision 0.986; the 26
    // notes of test2, written before the name rules were generalised, recall 0.977 (125 of 128),
    // precision 0.962.
    expect(all.span.recall).toBeGreaterThanOrEqual(0.97)
    expect(all.span.precision).toBeGreaterThanOrEqual(0.95)
    expect(test2.span.recall).toBeGreaterThanOrEqual(0.97)
    expect(test2.span.precision).toBeGreaterThanOrEqual(0.93)
    expect(score('test').span.recall).toBeGreaterThanOrEqual(0.95)
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
