/**
 * DISC-MedLLM's recorded GPT-4 judge scores of consultations (CMB-Clin, CMD, CMID): JSON Lines
 * `{id, model, source, scores: "Proactivity: 4\nAccuracy: 5\nHelpfulness: 5\nLinguistic Quality: 5"}`.
 * Read and averaged here so that a Galen judge run on the same cases can be set beside the
 * published judge's numbers; malformed lines are issues with their 1-based line.
 */
import type { LoadIssue } from '../item.js'
import { isRecord, parseJsonLinesText, readText } from './load-helpers.js'

/** The four dimensions DISC-MedLLM's judge scores, 1 to 5. */
export const DISC_DIMENSIONS = [
  'Proactivity',
  'Accuracy',
  'Helpfulness',
  'Linguistic Quality',
] as const

/** One dimension of {@link DISC_DIMENSIONS}. */
export type DiscDimension = (typeof DISC_DIMENSIONS)[number]

/** One recorded judgement. */
export interface DiscJudgement {
  id: string
  model: string
  scores: Record<DiscDimension, number>
  line: number
}

/** Recorded judgements of one file with their means. */
export interface DiscJudgeScores {
  judgements: DiscJudgement[]
  /** Mean per dimension over the judgements (null when there are none). */
  means: Record<DiscDimension, number | null>
  issues: LoadIssue[]
}

/** Reads the `scores` text of one record: every dimension once, each an integer 1-5. */
export function parseDiscScores(text: string): Record<DiscDimension, number> | { error: string } {
  const scores: Partial<Record<DiscDimension, number>> = {}
  for (const dimension of DISC_DIMENSIONS) {
    const match = new RegExp(`${dimension}\\s*[:：]\\s*(\\d+(?:\\.\\d+)?)`).exec(text)
    const value = match === null ? Number.NaN : Number(match[1])
    if (!(value >= 1 && value <= 5)) return { error: `no ${dimension} score between 1 and 5` }
    scores[dimension] = value
  }
  return scores as Record<DiscDimension, number>
}

/**
 * Reads one recorded judge-score file.
 *
 * @throws NotFoundError when the file does not exist.
 */
export async function readDiscJudgeScores(path: string): Promise<DiscJudgeScores> {
  const { values, issues } = parseJsonLinesText(await readText(path, 'disc judge scores'))
  const judgements: DiscJudgement[] = []
  for (const { line, value } of values) {
    if (!isRecord(value) || typeof value.scores !== 'string') {
      issues.push({ line, field: 'scores', message: 'line has no "scores" text' })
      continue
    }
    const scores = parseDiscScores(value.scores)
    if ('error' in scores) {
      issues.push({ line, field: 'scores', message: String(scores.error) })
      continue
    }
    judgements.push({
      id: String(value.id ?? `line-${line}`),
      model: typeof value.model === 'string' ? value.model : '',
      scores: scores as Record<DiscDimension, number>,
      line,
    })
  }
  const means = {} as Record<DiscDimension, number | null>
  for (const dimension of DISC_DIMENSIONS) {
    means[dimension] =
      judgements.length === 0
        ? null
        : Math.round(
            (judgements.reduce((sum, judgement) => sum + judgement.scores[dimension], 0) /
              judgements.length) *
              1000,
          ) / 1000
  }
  return { judgements, means, issues }
}
