/**
 * Multiple-choice scoring through the exam verifier (`verifiers/`), the same code the reward
 * server uses, so training rewards and evaluation agree. `strict` reads explicit answers only;
 * `lenient` turns on the verifier's documented evaluation fallbacks (a lone letter on the last
 * line, a first line starting with a letter label, the last bold letter, the only option text
 * named in the last paragraph).
 */
import { type ExtractChoiceOptions, extractChoice, verifyExam } from '../../verifiers/index.js'
import type { BenchmarkItem } from '../item.js'
import { optionLetters } from '../item.js'
import type { ScoredAnswer } from './scored-answer.js'

/** How strictly answers are read. */
export type ChoiceReading = 'strict' | 'lenient'

/** Scores a multiple-choice response with the exam verifier. */
export function scoreChoice(
  item: BenchmarkItem,
  response: string,
  reading: ChoiceReading = 'strict',
): ScoredAnswer {
  const options = item.options ?? {}
  const lenient = reading === 'lenient'
  const multiple = item.multiple === true || item.gold.length > 1
  const extractOptions: ExtractChoiceOptions = {
    optionLetters: optionLetters(item),
    optionTexts: options,
    multiple,
    lenient,
  }
  const extraction = extractChoice(response, extractOptions)
  const verdict = verifyExam({
    response,
    groundTruth: multiple ? { answers: item.gold } : { answer: item.gold[0] ?? '' },
    options,
    lenient,
  })
  if (extraction.status !== 'ok') {
    return {
      parsed: null,
      status: extraction.status,
      correct: false,
      score: 0,
      reason: extraction.reason,
      method: extraction.method,
    }
  }
  const correct = verdict.status === 'ok' && verdict.score === 1
  return {
    parsed: extraction.letters.join(''),
    status: 'ok',
    correct,
    score: correct ? 1 : 0,
    reason: extraction.reason,
    method: extraction.method,
  }
}
