import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { chunkText } from './chunker.js'
import { normaliseText } from './normalise.js'
import { countTokens } from './tokens.js'

const word = fc.stringMatching(/^[a-z]{1,12}$/)
const sentence = fc
  .array(word, { minLength: 1, maxLength: 30 })
  .map((words) => `${words.join(' ')}.`.replace(/^./, (first) => first.toUpperCase()))
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((items) => items.join(' '))
const documentText = fc
  .array(
    fc.oneof(
      paragraph,
      word.map((title) => `## ${title}`),
      fc
        .array(sentence, { minLength: 1, maxLength: 4 })
        .map((items) => items.map((item) => `- ${item}`).join('\n')),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((blocks) => blocks.join('\n\n'))

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? []
}

describe('chunkText', () => {
  it('never exceeds the token budget (property)', () => {
    fc.assert(
      fc.property(documentText, fc.integer({ min: 16, max: 120 }), (text, maxTokens) => {
        const overlapTokens = Math.floor(maxTokens / 5)
        for (const chunk of chunkText(normaliseText(text), { maxTokens, overlapTokens })) {
          expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens)
          expect(countTokens(chunk.text)).toBe(chunk.tokenCount)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('loses no word: every body word is in some chunk, in order (property)', () => {
    fc.assert(
      fc.property(documentText, fc.integer({ min: 16, max: 120 }), (text, maxTokens) => {
        const normalised = normaliseText(text)
        const body = normalised
          .split('\n')
          .filter((line) => !line.startsWith('#'))
          .join('\n')
        const chunks = chunkText(normalised, { maxTokens, overlapTokens: 0 })
        // Without overlap the chunks partition the body.
        expect(chunks.flatMap((chunk) => words(chunk.text))).toEqual(words(body))
      }),
      { numRuns: 150 },
    )
  })

  it('repeats whole trailing sentences between consecutive chunks of a section', () => {
    const text = Array.from({ length: 12 }, (_, index) => `Sentence number ${index} is here.`).join(
      ' ',
    )
    const chunks = chunkText(text, { maxTokens: 24, overlapTokens: 8 })
    expect(chunks.length).toBeGreaterThan(2)
    for (let index = 1; index < chunks.length; index += 1) {
      const previous = chunks[index - 1]?.text ?? ''
      const firstSentence = (chunks[index]?.text ?? '').split('. ')[0] ?? ''
      expect(previous).toContain(firstSentence)
    }
  })

  it('records the heading path and never spans two sections', () => {
    const chunks = chunkText(
      '# Asthma\n\nIntro.\n\n## Treatment\n\nInhaled steroids.\n\n## Diagnosis\n\nSpirometry.',
    )
    expect(chunks.map((chunk) => [chunk.heading, chunk.text])).toEqual([
      ['Asthma', 'Intro.'],
      ['Asthma > Treatment', 'Inhaled steroids.'],
      ['Asthma > Diagnosis', 'Spirometry.'],
    ])
  })

  it('keeps list items on their own lines', () => {
    const [chunk] = chunkText('Options:\n- ACE inhibitor\n- Thiazide')
    expect(chunk?.text).toBe('Options:\n- ACE inhibitor\n- Thiazide')
  })

  it('cuts a single overlong word', () => {
    const chunks = chunkText('x'.repeat(500), { maxTokens: 16, overlapTokens: 0 })
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(16)
  })

  it('rejects an overlap that is not below half the budget', () => {
    expect(() => chunkText('text', { maxTokens: 20, overlapTokens: 10 })).toThrow(InputError)
  })
})

describe('chunkText with Chinese', () => {
  const sentenceZh = fc
    .array(fc.constantFrom(...'高血压患者应减少钠盐摄入并规律运动控制体重戒烟限酒'.split('')), {
      minLength: 4,
      maxLength: 60,
    })
    .map((characters) => `${characters.join('')}。`)

  it('cuts Chinese text at 。 into chunks within the budget, losing no character', () => {
    fc.assert(
      fc.property(fc.array(sentenceZh, { minLength: 1, maxLength: 30 }), (sentences) => {
        const text = sentences.join('')
        const chunks = chunkText(text, { maxTokens: 64, overlapTokens: 0 })
        for (const chunk of chunks) expect(countTokens(chunk.text)).toBeLessThanOrEqual(64)
        expect(chunks.map((chunk) => chunk.text).join('')).toBe(text)
      }),
      { numRuns: 50 },
    )
  })

  it('counts a Han character as a token and ends sentences without a space', () => {
    expect(countTokens('高血压的一线治疗')).toBe(8)
    expect(countTokens('ACEI类药物')).toBe(4)
    const [chunk] = chunkText('常用药物有五类。都可作为初始治疗！需要联合时优先单片复方制剂。')
    expect(chunk?.text).toBe('常用药物有五类。都可作为初始治疗！需要联合时优先单片复方制剂。')
  })
})
