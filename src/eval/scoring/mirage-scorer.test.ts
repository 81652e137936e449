import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.js'
import { getBenchmark } from '../benchmarks/registry.js'
import type { BenchmarkItem } from '../item.js'
import { readRecordedResponses, replayResponses } from '../replay.js'
import { summarize } from '../summary.js'
import { createMirageScorer, locateMirageAnswer, mirageAnswerSegment } from './mirage-scorer.js'
import { createScorer } from './scorer.js'

function item(id: string, gold: string): BenchmarkItem {
  return {
    id,
    kind: 'multiple-choice',
    question: 'q',
    options: { A: 'a', B: 'b', C: 'c', D: 'd' },
    gold: [gold],
  }
}

describe('locateMirageAnswer', () => {
  it.each([
    ['C', 'C', 'mirage-letter-only'],
    ['B or C', 'B', 'mirage-letter-or'],
    ['D, because', 'D', 'mirage-letter-comma'],
    ['I pick option B"}', 'B', 'mirage-option-x'],
    ['answer: C', 'C', 'mirage-colon-x'],
    ['B. Aspirin', 'B', 'mirage-letter-period'],
    ['D"}', 'D', 'mirage-letter-quote'],
  ])('reads %j as %s (%s)', (text, letter, method) => {
    expect(locateMirageAnswer(text)).toEqual({ letter, method })
  })

  it('answers "A" when nothing matches, as MIRAGE does', () => {
    expect(locateMirageAnswer("Let's think step by step")).toEqual({
      letter: 'A',
      method: 'mirage-default-A',
    })
  })

  it('takes the text after the last answer_choice key, stripped', () => {
    expect(mirageAnswerSegment('{"step_by_step_thinking": "x", "answer_choice": "  B"}\n')).toBe(
      'B"}',
    )
  })
})

describe('createMirageScorer', () => {
  it('reuses the previous response for an empty response list (Python loop variable)', () => {
    const scorer = createMirageScorer()
    expect(scorer.score(item('1', 'C'), ['{"answer_choice": "C"}']).correct).toBe(true)
    const empty = scorer.score(item('2', 'C'), [])
    expect(empty.parsed).toBe('C')
    expect(empty.correct).toBe(true)
    expect(empty.reason).toMatch(/previous response/)
  })

  it('marks default answers as unparsed while still scoring them as MIRAGE does', () => {
    const scored = createMirageScorer().score(item('1', 'A'), ['The response was filtered'])
    expect(scored).toMatchObject({ parsed: 'A', correct: true, status: 'format_error' })
  })
})

const bundle = 'benchmarks/mirage/benchmark.json'
const outputs = 'model-outputs/mirage'

describe.skipIf(!hasSharedData(bundle) || !hasSharedData(outputs))(
  'MIRAGE leaderboard parity (GPT-3.5 CoT)',
  () => {
    async function accuracy(
      subset: string,
      file: string,
      scorer: string,
    ): Promise<{ accuracy: number; unparsed: number; n: number }> {
      const { items } = await getBenchmark('mirage').load({ path: sharedDataPath(bundle), subset })
      const { responses } = await readRecordedResponses({
        path: sharedDataPath(`${outputs}/${file}`),
      })
      const { records } = await replayResponses({ items, responses, scorer: createScorer(scorer) })
      const summary = summarize(subset, records)
      return {
        accuracy: Math.round(summary.accuracy * 10000) / 100,
        unparsed: summary.unparsed,
        n: summary.n,
      }
    }

    it('reproduces MMLU-Med 72.91, PubMedQA* 36.00 and MedQA 65.04 with --scorer mirage', async () => {
      expect(await accuracy('mmlu', 'mmlu__cot__gpt-35-turbo-16k.jsonl', 'mirage')).toMatchObject({
        accuracy: 72.91,
        n: 1089,
      })
      expect(
        await accuracy('pubmedqa', 'pubmedqa__cot__gpt-35-turbo-16k.jsonl', 'mirage'),
      ).toMatchObject({ accuracy: 36, n: 500 })
      expect(await accuracy('medqa', 'medqa__cot__gpt-35-turbo-16k.jsonl', 'mirage')).toMatchObject(
        { accuracy: 65.04, n: 1273 },
      )
    })

    it('scores strictly lower on MedQA and reports what it could not read', async () => {
      const strict = await accuracy('medqa', 'medqa__cot__gpt-35-turbo-16k.jsonl', 'strict')
      expect(strict.accuracy).toBeLessThan(65.04)
      expect(strict.unparsed).toBeGreaterThan(0)
    })
  },
)
