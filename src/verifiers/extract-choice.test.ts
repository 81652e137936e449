import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { extractChoice } from './extract-choice.js'

const ABCD = ['A', 'B', 'C', 'D']
const TEXTS = {
  A: 'Aspirin',
  B: 'Cholesterol embolization',
  C: 'Generation of free radicals',
  D: 'Cross-linking of DNA',
}

function read(response: string, extra: Partial<Parameters<typeof extractChoice>[1]> = {}) {
  return extractChoice(response, { optionLetters: ABCD, ...extra })
}

describe('extractChoice: explicit answers', () => {
  it.each([
    ['The answer is C.', 'C'],
    ['Answer: C', 'C'],
    ['**Answer:** C', 'C'],
    ['The correct answer is therefore (C).', 'C'],
    ['Final answer: **C**', 'C'],
    ['So the best option is C because it explains the findings.', 'C'],
    ['The answer to this question is B', 'B'],
    ['\\boxed{C}', 'C'],
    ['Thus $\\boxed{\\text{D}}$', 'D'],
    ['答案是C', 'C'],
    ['正确答案：B', 'B'],
    ['综上所述，故选D。', 'D'],
    ['选C', 'C'],
    ['C', 'C'],
    ['(C)', 'C'],
    ['C.', 'C'],
    ['answer: c', 'C'],
    ['Option C is correct.', 'C'],
    ['C is the correct answer.', 'C'],
    ['**C**', 'C'],
    ['Reasoning first.\n\n**B**', 'B'],
    ['{"step_by_step_thinking": "it is B", "answer_choice": "A"}', 'A'],
    ['```json\n{"answer": "D"}\n```', 'D'],
  ])('reads %j as %s', (response, letter) => {
    const result = read(response)
    expect(result.status).toBe('ok')
    expect(result.letters).toEqual([letter])
  })

  it('lets the last explicit statement win over earlier musings', () => {
    const result = read(
      'At first the answer is A seemed right.\nThe answer is A.\nWait, on reflection the final answer is D.',
    )
    expect(result.letters).toEqual(['D'])
  })

  it('ignores reasoning inside <think> blocks', () => {
    const result = read('<think>The answer is A. Hmm, or B.</think>\nThe answer is C.')
    expect(result.letters).toEqual(['C'])
  })

  it('keeps the answer when reasoning names other options after it', () => {
    const result = read(
      'The answer is C. A is wrong because of X, B is incorrect since Y, and D is a distractor.',
    )
    expect(result.letters).toEqual(['C'])
  })

  it('reads an option full text in an answer statement', () => {
    const result = read('The answer is cholesterol embolization.', { optionTexts: TEXTS })
    expect(result.letters).toEqual(['B'])
  })

  it('reads a response that is only an option text', () => {
    expect(read('Generation of free radicals', { optionTexts: TEXTS }).letters).toEqual(['C'])
  })

  it('reads a first line with the letter label and its option text', () => {
    const result = read('C. Generation of free radicals.\nCisplatin forms radicals...', {
      optionTexts: TEXTS,
    })
    expect(result.letters).toEqual(['C'])
  })

  it('reads a set of letters for a multiple-response question', () => {
    expect(read('The answers are: A, C', { multiple: true }).letters).toEqual(['A', 'C'])
    expect(read('Answer: A and C', { multiple: true }).letters).toEqual(['A', 'C'])
    expect(read('{"answers": ["A", "D"]}', { multiple: true }).letters).toEqual(['A', 'D'])
  })
})

describe('extractChoice: adversarial responses', () => {
  it.each([
    ['A or C', 'hedged'],
    ['The answer is A or C.', 'hedged'],
    ['The answer is A/C', 'hedged'],
    ['Answer: A and/or C', 'hedged'],
    ['答案是A或C', 'hedged'],
    ['The answer is A, B, C, D', 'every option'],
    ['The answer is A and C', 'single-answer'],
    ['The answer is F', 'not an option'],
    ['', 'empty'],
    ['   \n  ', 'empty'],
    ['<think>The patient has chest pain so the answer is probably', 'never closed'],
    ['<think>long reasoning</think>', 'empty answer after'],
    ['After careful analysis, the final answer is', 'cut off'],
    ["Let's think step by step about this patient.", 'no explicit final answer'],
    ['Eliminated: (A), (C), (D)', 'no explicit final answer'],
    [
      'A. Aspirin\nB. Cholesterol embolization\nC. Generation of free radicals\nD. Cross-linking of DNA',
      'no explicit final answer',
    ],
    ['The answer is not A.', 'negative'],
    ['I think the answer could be several things.', 'no explicit final answer'],
  ])('rejects %j (%s)', (response, why) => {
    const result = read(response, { optionTexts: TEXTS })
    expect(result.status).toBe('format_error')
    expect(result.letters).toEqual([])
    expect(result.reason).toContain(why)
  })

  it('never reads "Let\'s" as option L even when L is an option', () => {
    const letters = 'ABCDEFGHIJKL'.split('')
    const result = extractChoice("Answer: Let's think step by step.", { optionLetters: letters })
    expect(result.status).toBe('format_error')
  })

  it('does not read "I think" as option I', () => {
    const letters = 'ABCDEFGHIJ'.split('')
    const result = extractChoice('Answer: I think it is B', { optionLetters: letters })
    expect(result.letters).toEqual([])
    expect(extractChoice('The answer is I.', { optionLetters: letters }).letters).toEqual(['I'])
  })

  it('reads English and Chinese statements only, not other languages', () => {
    expect(read('La bonne réponse est C.').status).toBe('format_error')
    expect(read('Die richtige Antwort ist C.').status).toBe('format_error')
    expect(read('所以正确答案是 **B**').letters).toEqual(['B'])
  })

  it('reads a bold final answer after bold option headings', () => {
    const text = '**A** is wrong.\n**B** is wrong.\n\n**Answer: C**'
    expect(read(text).letters).toEqual(['C'])
  })

  it('reports a refusal as abstain', () => {
    const result = read('I cannot determine the answer from the information given.')
    expect(result.status).toBe('abstain')
  })

  it('does not take a conditional "if the answer is A" after the real answer', () => {
    const result = read('The answer is C. If the answer is A, the patient would be febrile.')
    expect(result.letters).toEqual(['C'])
  })

  it('does not read markdown bold option headings in a discussion as an answer', () => {
    const result = read('**A** is wrong because...\n**B** is tempting but...\n**C** fits.')
    expect(result.status).toBe('format_error')
  })

  it('never throws and always returns a known status for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = read(text, { optionTexts: TEXTS })
        expect(['ok', 'format_error', 'abstain']).toContain(result.status)
        if (result.status !== 'ok') expect(result.letters).toEqual([])
        for (const letter of result.letters) expect(ABCD).toContain(letter)
      }),
      { numRuns: 500 },
    )
  })
})

describe('extractChoice: lenient fallbacks', () => {
  it('reads a lone letter on the last line only when lenient', () => {
    const text = 'Cisplatin causes ototoxicity by forming DNA crosslinks.\nD'
    expect(read(text).status).toBe('format_error')
    expect(read(text, { lenient: true }).letters).toEqual(['D'])
    expect(read(text, { lenient: true }).method).toBe('last-line-letter')
  })

  it('reads a first-line letter label with other text when lenient', () => {
    const text = 'D. Refuse to dictate the operative report without documenting the injury.'
    expect(read(text, { optionTexts: TEXTS }).status).toBe('format_error')
    expect(read(text, { optionTexts: TEXTS, lenient: true }).letters).toEqual(['D'])
  })

  it('reads the last bold letter and a single named option text when lenient', () => {
    expect(read('I lean to **B** here', { lenient: true }).letters).toEqual(['B'])
    const named = 'Considering everything.\n\nThis is cross-linking of DNA by cisplatin.'
    expect(read(named, { optionTexts: TEXTS, lenient: true }).letters).toEqual(['D'])
    expect(read(named, { optionTexts: TEXTS }).status).toBe('format_error')
  })

  it('still rejects a hedge when lenient', () => {
    expect(read('A or C', { lenient: true }).status).toBe('format_error')
  })
})

describe.skipIf(!hasSharedData('model-outputs/mirage/medqa__cot__gpt-35-turbo-16k.jsonl'))(
  'extractChoice on real model outputs',
  () => {
    it('reads MIRAGE GPT-3.5 MedQA chain-of-thought answers as accurately as the published reader', () => {
      const lines = readFileSync(
        sharedDataPath('model-outputs/mirage/medqa__cot__gpt-35-turbo-16k.jsonl'),
        'utf8',
      )
        .trim()
        .split('\n')
      let correct = 0
      const statuses: Record<string, number> = {}
      for (const line of lines) {
        const row = JSON.parse(line) as {
          response: unknown
          gold: string
          options: Record<string, string>
        }
        const result = extractChoice(row.response as string, {
          optionLetters: Object.keys(row.options),
          optionTexts: row.options,
        })
        statuses[result.status] = (statuses[result.status] ?? 0) + 1
        if (result.letters.length === 1 && result.letters[0] === row.gold) correct += 1
      }
      // Published: 64.89% with a fallback to "A" when nothing is found; strict reading: 64.41%.
      expect(correct / lines.length).toBeGreaterThan(0.64)
      expect(correct / lines.length).toBeLessThan(0.6489)
      expect(statuses.ok).toBeGreaterThan(1240)
    })
  },
)
