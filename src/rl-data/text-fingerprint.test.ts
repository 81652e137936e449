import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildDecontaminationIndex, findContamination } from './decontaminate.js'
import { ngramHashes, tokenize } from './ngram-index.js'
import {
  cjkUnits,
  DEFAULT_CJK_NGRAM_SIZE,
  fingerprintGramText,
  fingerprintText,
  foldCjkText,
  hasCjk,
} from './text-fingerprint.js'

// An invented exam-style question (not from any evaluation set).
const QUESTION =
  '男，62岁。反复胸骨后压榨样疼痛3年，每次持续约5分钟，休息或含服硝酸甘油后可缓解。' +
  '近1周发作频繁，夜间亦有发作。心电图示发作时V1～V4导联ST段压低0.2 mV。最可能的诊断是'
const OPTIONS = ['稳定型心绞痛', '不稳定型心绞痛', '急性心肌梗死', '主动脉夹层', '急性心包炎']
const BENCHMARK_TEXT = [QUESTION, ...OPTIONS].join('\n')

describe('foldCjkText and cjkUnits', () => {
  it('folds full-width, traditional characters and case, and drops punctuation and spaces', () => {
    expect(foldCjkText('高血壓，ＣＴ檢查')).toBe('高血压,ct检查')
    expect(cjkUnits('血壓 150/90 mmHg，頭痛')).toEqual([
      '血',
      '压',
      '150',
      '90',
      'mmhg',
      '头',
      '痛',
    ])
  })

  it('drops option letters, so a question lettered another way folds the same', () => {
    expect(cjkUnits('最可能的诊断是\nA. 肺炎\n(B) 肺结核\nＣ、肺癌')).toEqual(
      cjkUnits('最可能的诊断是\n肺炎\n肺结核\n肺癌'),
    )
    expect(cjkUnits('维生素A.缺乏')).toContain('a')
  })

  it('folds a traditional, full-width, re-punctuated copy to the same units', () => {
    const edited =
      '男, 62歲. 反覆胸骨後壓榨樣疼痛３年, 每次持續約５分鐘, 休息或含服硝酸甘油後可緩解. ' +
      '近１週發作頻繁, 夜間亦有發作. 心電圖示發作時Ｖ1～Ｖ4導聯ＳＴ段壓低0.2 mV. 最可能的診斷是?'
    expect(cjkUnits(edited)).toEqual(cjkUnits(QUESTION))
  })

  it('splits exactly as the plain definition: one unit per CJK character, one per run of other letters or digits', () => {
    const cjk = String.raw`\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff`
    const definition = new RegExp(`[${cjk}]|(?:(?![${cjk}])[\\p{L}\\p{N}])+`, 'gu')
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '血',
            '壓',
            'カ',
            '가',
            'a',
            'Z',
            '7',
            'é',
            'α',
            '𝐀',
            '𠀀',
            ' ',
            '，',
            '\n',
            '-',
            '²',
            'Ⅳ',
          ),
          { maxLength: 30 },
        ),
        (characters) => {
          const text = characters.join('')
          const folded = foldCjkText(text)
          const expected = [...folded.matchAll(definition)].map((match) => match[0])
          expect(cjkUnits(text)).toEqual(expected)
        },
      ),
    )
  })

  it('tells CJK text from other text', () => {
    expect(hasCjk('ST elevation')).toBe(false)
    expect(hasCjk('ST段抬高')).toBe(true)
  })
})

describe('fingerprintText', () => {
  it('gives English text exactly the word 13-gram hashes it had before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('the', 'chest', 'pain', 'ST', 'aVF', '45-year-old', 'Ｉ', '.'), {
          minLength: 0,
          maxLength: 40,
        }),
        (words) => {
          const text = words.join(' ')
          const fingerprint = fingerprintText(text)
          expect(fingerprint.hashes).toEqual(ngramHashes(tokenize(text), 13))
          expect(fingerprint.units).toEqual([])
        },
      ),
    )
  })

  it('adds character n-grams for CJK text, kept apart from the word n-grams', () => {
    const fingerprint = fingerprintText(QUESTION)
    expect(fingerprint.wordCount).toBe(0)
    expect(fingerprint.hashes.length / 2).toBe(
      fingerprint.units.length - DEFAULT_CJK_NGRAM_SIZE + 1,
    )
    expect(fingerprintGramText(fingerprint, 0)).toBe(
      fingerprint.units.slice(0, DEFAULT_CJK_NGRAM_SIZE).join(''),
    )
    const mixed = fingerprintText('Patient: 男，62岁，ST段压低 0.2 mV，诊断为不稳定型心绞痛', {
      cjkN: 4,
    })
    expect(fingerprintGramText(mixed, mixed.wordCount + 8, { cjkN: 4 })).toBe('0 2 mv诊')
  })

  it('rejects a size that is not a positive integer', () => {
    expect(() => fingerprintText('胸痛', { cjkN: 0 })).toThrow(/CJK n-gram size/)
    expect(() => fingerprintText('胸痛', { n: 1.5 })).toThrow(/n-gram size/)
  })
})

describe('Chinese decontamination', () => {
  it('flags a lightly edited copy of a Chinese exam question inside an instruction', async () => {
    const index = await buildDecontaminationIndex([{ benchmark: 'zh-exam', text: BENCHMARK_TEXT }])
    const edited =
      '请回答下面的单项选择题，只输出选项字母。\n' +
      '男, 62歲. 反覆胸骨後壓榨樣疼痛３年, 每次持續約５分鐘, 休息或含服硝酸甘油後可緩解. ' +
      '近１週發作頻繁, 夜間也有發作. 心電圖示發作時Ｖ1～Ｖ4導聯ＳＴ段壓低0.2 mV. 最可能的診斷是?\n' +
      'A. 急性心包炎\nB. 不稳定型心绞痛\nC. 稳定型心绞痛\nD. 主动脉夹层\nE. 急性心肌梗死\n答案：B'
    const match = findContamination(index, edited)
    expect(match?.benchmarks).toEqual({ 'zh-exam': match?.matched_ngrams })
    expect(match?.matched_ngrams).toBeGreaterThan(10)
    expect(match?.example).toMatch(/^男62岁反复胸骨后/)
  })

  it('leaves unrelated Chinese clinical text alone, even with shared stock phrases', async () => {
    const index = await buildDecontaminationIndex([{ benchmark: 'zh-exam', text: BENCHMARK_TEXT }])
    const unrelated = [
      '女，35岁。发热、咳嗽、咳黄痰3天，右下肺可闻及湿啰音。胸部X线示右下肺片状阴影。最可能的诊断是',
      '请判断下列说法是否正确：硝酸甘油舌下含服可用于缓解心绞痛发作。答案：正确',
      '不稳定型心绞痛患者应尽早进行危险分层，高危者考虑早期介入治疗。',
    ]
    for (const text of unrelated) expect(findContamination(index, text)).toBeUndefined()
  })

  it('keeps the word 13-gram check for English text in the same index', async () => {
    const english =
      'A 45-year-old man presents with crushing substernal chest pain radiating to the left arm for two hours'
    const index = await buildDecontaminationIndex([
      { benchmark: 'medqa', text: english },
      { benchmark: 'zh-exam', text: BENCHMARK_TEXT },
    ])
    expect(index.cjkN).toBe(DEFAULT_CJK_NGRAM_SIZE)
    expect(findContamination(index, `Case: ${english}.`)?.benchmarks).toHaveProperty('medqa')
    expect(findContamination(index, 'A man with chest pain radiating to the arm')).toBeUndefined()
  })
})
