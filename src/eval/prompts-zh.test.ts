import { describe, expect, it } from 'vitest'
import { extractChoice } from '../verifiers/index.js'
import type { BenchmarkItem } from './item.js'
import { buildMessages } from './prompts.js'

const item: BenchmarkItem = {
  id: '1',
  kind: 'multiple-choice',
  question: '高血压合并糖尿病伴蛋白尿的患者，首选的降压药是',
  options: { A: '氢氯噻嗪', B: '美托洛尔', C: '依那普利', D: '硝苯地平', E: '哌唑嗪' },
  gold: ['C'],
  language: 'zh',
}

describe('Chinese prompts', () => {
  it('asks in Chinese for the answer as JSON and lists the options', () => {
    const messages = buildMessages(item, 'json')
    expect(messages[0]?.content).toContain('医学专业考试')
    const user = messages.at(-1)?.content ?? ''
    expect(user).toContain('题目：\n高血压合并糖尿病')
    expect(user).toContain('选项：\nA. 氢氯噻嗪')
    expect(user).toContain('只输出一个 JSON 对象')
    expect(user).toContain('"answer": "<字母>"')
  })

  it('asks for a list on multiple-answer items and for a final 答案 line with cot', () => {
    const multiple = { ...item, multiple: true, gold: ['A', 'C'] }
    expect(buildMessages(multiple, 'json').at(-1)?.content).toContain('本题为多选题')
    expect(buildMessages(item, 'cot').at(-1)?.content).toContain('"答案：X"')
  })

  it('writes few-shot answers the extractor reads back as the key', () => {
    const example = { ...item, id: '2', multiple: true, gold: ['A', 'C'] }
    for (const style of ['json', 'cot', 'direct'] as const) {
      const answer = buildMessages(item, style, [example])[2]?.content ?? ''
      const read = extractChoice(answer, {
        optionLetters: ['A', 'B', 'C', 'D', 'E'],
        multiple: true,
      })
      expect(read.letters).toEqual(['A', 'C'])
    }
  })

  it('keeps English prompts for items without a language', () => {
    const { language: _language, ...english } = item
    expect(buildMessages(english, 'json').at(-1)?.content).toContain('Question:')
  })
})
