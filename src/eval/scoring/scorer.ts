/**
 * Scorer selection: `strict` (default) and `lenient` read multiple-choice answers through the
 * exam verifier and calculations by MedCalc-Bench's official rules; `mirage` reproduces MIRAGE's
 * own scorer (multiple choice only; it is stateful and must see items in sorted id order).
 */
import { InputError } from '../../errors.js'
import type { BenchmarkItem } from '../item.js'
import { scoreChoice } from './choice-scoring.js'
import { scoreCalculation } from './medcalc-scoring.js'
import { createMirageScorer } from './mirage-scorer.js'
import { scoreNameSet } from './name-set-scoring.js'
import { scoreRankedDiagnoses } from './ranking-scoring.js'
import { type ScoredAnswer, unread } from './scored-answer.js'

/** The scorer names accepted by `--scorer`. */
export const SCORER_NAMES = ['strict', 'lenient', 'mirage'] as const

/** A scorer name. */
export type ScorerName = (typeof SCORER_NAMES)[number]

/** Scores the stored responses of an item (usually one; MIRAGE files store a list). */
export interface ResponseScorer {
  readonly name: ScorerName
  /** True when items must be scored in sorted id order (MIRAGE). */
  readonly ordered: boolean
  score(item: BenchmarkItem, responses: readonly string[]): ScoredAnswer
}

/** Creates a scorer by name; throws InputError for an unknown name. */
export function createScorer(name: string): ResponseScorer {
  if (name === 'mirage') {
    const mirage = createMirageScorer()
    return {
      name,
      ordered: true,
      score(item, responses) {
        if (item.kind !== 'multiple-choice') {
          return unread(
            'format_error',
            `the mirage scorer reads multiple choice only, not ${item.kind}`,
          )
        }
        return mirage.score(item, responses)
      },
    }
  }
  if (name !== 'strict' && name !== 'lenient') {
    throw new InputError(`eval: unknown scorer "${name}" (expected ${SCORER_NAMES.join(', ')})`, {
      field: 'scorer',
      value: name,
    })
  }
  return {
    name,
    ordered: false,
    score(item, responses) {
      const response = responses[0]
      if (response === undefined || response.trim() === '') {
        const empty = unread('format_error', 'empty response')
        return item.normalization === undefined
          ? empty
          : { ...empty, names: { predicted: [], matched: 0 } }
      }
      if (item.normalization !== undefined) return scoreNameSet(item.normalization, response)
      if (item.ranking !== undefined) return scoreRankedDiagnoses(item.ranking, response)
      if (item.kind === 'calculation') return scoreCalculation(item, response)
      if (item.kind === 'multiple-choice') return scoreChoice(item, response, name)
      return unread('judge_error', 'open-ended items need a judge (--judge)')
    },
  }
}
