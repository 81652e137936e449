import { describe, expect, it } from 'vitest'
import { checkOutput, listItems, normaliseAnswer } from './checkers.js'
import { makeInstance } from './instance.js'
import { loadTaskRegistry } from './registry.js'
import { loadTaskSources } from './sources.js'

const registry = loadTaskRegistry()
const sources = loadTaskSources()
const SAMPLES = 200

// One family per generator: every built-in task of the family must accept 200 generated gold
// outputs and reject the perturbed output generated with each of them.
const families = new Map<string, string[]>()
for (const task of registry.tasks) {
  const ids = families.get(task.generator.name) ?? []
  ids.push(task.id)
  families.set(task.generator.name, ids)
}

describe.each([...families.entries()])('task family %s', (_family, ids) => {
  it.each(ids)('%s: the checker accepts 200 gold outputs and rejects their perturbations', (id) => {
    const task = registry.get(id)
    let accepted = 0
    let rejected = 0
    const failures: string[] = []
    for (let index = 0; index < SAMPLES; index += 1) {
      const language = task.languages[index % task.languages.length] ?? 'en'
      const instance = makeInstance(task, sources, {
        seed: 'checker-test',
        index,
        language,
        template: index,
      })
      const base = {
        gold: instance.output,
        ...(instance.reference === undefined ? {} : { reference: instance.reference }),
      }
      const gold = checkOutput(task.checker, { ...base, output: instance.output })
      if (gold.pass) accepted += 1
      else failures.push(`gold ${instance.output}: ${gold.reason}`)
      const wrong = checkOutput(task.checker, { ...base, output: instance.wrong })
      if (!wrong.pass) rejected += 1
      else failures.push(`wrong ${instance.wrong} passed for gold ${instance.output}`)
    }
    expect(failures.slice(0, 3)).toEqual([])
    expect(accepted).toBe(SAMPLES)
    expect(rejected).toBe(SAMPLES)
  })
})

describe('checkers', () => {
  it('folds case, width and list punctuation', () => {
    expect(normaliseAnswer(' Yes. ')).toBe('yes')
    expect(normaliseAnswer('3，1，2')).toBe(normaliseAnswer('3, 1, 2'))
    expect(listItems('["a", "B"]')).toEqual(['a', 'b'])
    expect(listItems('阿司匹林、布洛芬')).toEqual(['阿司匹林', '布洛芬'])
  })

  it('accepts a number within the tolerance and rejects one outside it', () => {
    const spec = { type: 'number' as const, tolerance: 0.01 }
    expect(checkOutput(spec, { output: 'The BMI is 24.3 kg/m2', gold: '24.4' }).pass).toBe(true)
    expect(checkOutput(spec, { output: '26.0', gold: '24.4' }).pass).toBe(false)
    expect(checkOutput(spec, { output: 'about twenty', gold: '24.4' }).reason).toBe(
      'no number in the output',
    )
  })

  it('scores option letters with the exam verifier, hedged answers included', () => {
    const spec = { type: 'verifier' as const, verifier: 'exam' }
    expect(checkOutput(spec, { output: 'The answer is C.', gold: 'C' }).pass).toBe(true)
    expect(checkOutput(spec, { output: 'A or C', gold: 'C' }).pass).toBe(false)
  })

  it('rejects a quote that is not verbatim from the cited passage', () => {
    const spec = { type: 'quote' as const }
    const reference = { passages: ['Metformin is first-line therapy.', 'Other text here.'] }
    const gold = '{"passage": 1, "quote": "Metformin is first-line therapy."}'
    expect(checkOutput(spec, { output: gold, gold, reference }).pass).toBe(true)
    const paraphrase = '{"passage": 1, "quote": "Metformin is the first-line drug."}'
    expect(checkOutput(spec, { output: paraphrase, gold, reference }).pass).toBe(false)
  })

  it('refuses to run the judge without a model', () => {
    expect(() => checkOutput({ type: 'judge' }, { output: 'x', gold: 'x' })).toThrow(
      /needs a model/,
    )
  })
})
