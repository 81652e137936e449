/**
 * Measures the evidence a reader is shown: for questions with graded judgements (0 unrelated,
 * 1 on topic or partly useful, 2 answers the question), runs the answerer and scores the citation
 * cards it returns by nDCG@5, the precision of the shown passages and how often a level-E passage
 * sits above an on-topic passage of level A-C. Relevance sets live in `data/relevance/`.
 */
import { readFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import { gradedNdcgAt } from '../retrieval/index.js'
import type { AnswerOptions, AnswerResult } from './answer-question.js'

/** One judged question: document id → grade (documents not listed are graded 0). */
export interface RelevanceQuestion {
  id: string
  question: string
  language: string
  judgements: Readonly<Record<string, number>>
  /** Earlier turns, for follow-up questions. */
  history?: ReadonlyArray<{ role: 'user' | 'assistant'; content: string }>
}

/** Per-question figures of {@link evaluateEvidence}. */
export interface EvidenceQuestionResult {
  id: string
  question: string
  shown: Array<{ documentId: string; authority: string; grade: number }>
  ndcg5: number
  /** Share of shown passages graded 1 or more; null when nothing was shown. */
  precision: number | null
  eAboveHigher: boolean
  eBesideHigher: boolean
  /** Conflicts shown where one side is graded 0. */
  offTopicConflicts: number
}

/** Aggregate figures of {@link evaluateEvidence} (the JSON of `galen retrieval eval --dataset relevance`). */
export interface EvidenceEvaluation {
  /** Questions with at least one relevant document. */
  questions: number
  'ndcg@5': number
  /** Mean over answerable questions of the shown passages' precision (nothing shown counts 0). */
  precision: number
  /** Mean number of passages shown for answerable questions. */
  meanShown: number
  /** Questions where an E passage is shown above an on-topic (grade >= 1) A-C passage. */
  eAboveHigher: number
  /** Questions where an E passage is shown at all beside an on-topic A-C passage. */
  eBesideHigher: number
  /** Conflicts shown between passages of which one is off-topic (grade 0), over all questions. */
  offTopicConflicts: number
  /** Questions the corpus cannot answer, and how many of them showed nothing. */
  unanswerable: { questions: number; shownNothing: number }
  perQuestion: EvidenceQuestionResult[]
}

const round = (value: number) => Number(value.toFixed(4))

/**
 * Reads a relevance set (JSON Lines of {@link RelevanceQuestion}).
 *
 * @throws InputError naming the 1-based line and the field at fault
 */
export function loadRelevanceSet(path: string): RelevanceQuestion[] {
  const questions: RelevanceQuestion[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  for (const [position, line] of lines.entries()) {
    if (line.trim() === '') continue
    const where = `${path} line ${position + 1}`
    const parsed = safeParseJson(line, where)
    if (!parsed.ok) throw parsed.error
    const value = parsed.value as Partial<RelevanceQuestion> | null
    if (typeof value !== 'object' || value === null) {
      throw new InputError(`answer: ${where} is not an object`, { field: 'line', value: line })
    }
    for (const field of ['id', 'question'] as const) {
      if (typeof value[field] !== 'string' || value[field].trim() === '') {
        throw new InputError(`answer: ${where} needs a non-empty "${field}"`, {
          field,
          value: value[field],
        })
      }
    }
    const judgements = value.judgements
    if (
      typeof judgements !== 'object' ||
      judgements === null ||
      Array.isArray(judgements) ||
      !Object.values(judgements).every(
        (grade) => typeof grade === 'number' && Number.isInteger(grade) && grade >= 0 && grade <= 3,
      )
    ) {
      throw new InputError(
        `answer: ${where} needs "judgements" as { documentId: grade 0-3 }, got ${JSON.stringify(judgements)}`,
        { field: 'judgements', value: judgements },
      )
    }
    questions.push({
      id: value.id as string,
      question: value.question as string,
      language: typeof value.language === 'string' ? value.language : 'en',
      judgements,
      ...(Array.isArray(value.history) ? { history: value.history } : {}),
    })
  }
  return questions
}

const HIGHER = new Set(['A', 'B', 'C'])

/**
 * Runs every question through `answer` (use an answerer without a model: evidence mode shows
 * exactly the passages the page shows) and scores the citation cards by document id.
 *
 * @example
 * const figures = await evaluateEvidence({ answer: (options) => answerer.answer(options), questions })
 */
export async function evaluateEvidence(options: {
  answer: (options: AnswerOptions) => Promise<AnswerResult>
  questions: readonly RelevanceQuestion[]
  onProgress?: (done: number, total: number) => void
}): Promise<EvidenceEvaluation> {
  const perQuestion: EvidenceQuestionResult[] = []
  let ndcg = 0
  let precision = 0
  let shownCount = 0
  let answerable = 0
  let eAboveHigher = 0
  let eBesideHigher = 0
  let offTopicConflicts = 0
  let unanswerable = 0
  let shownNothing = 0
  for (const [position, question] of options.questions.entries()) {
    const result = await options.answer({
      question: question.question,
      ...(question.history === undefined ? {} : { history: question.history }),
    })
    const grades = new Map(Object.entries(question.judgements))
    const shown: EvidenceQuestionResult['shown'] = []
    const seen = new Set<string>()
    for (const card of result.citations) {
      if (seen.has(card.documentId)) continue
      seen.add(card.documentId)
      shown.push({
        documentId: card.documentId,
        authority: card.authority,
        grade: grades.get(card.documentId) ?? 0,
      })
    }
    const gradeOfIndex = new Map(
      result.citations.map((card) => [card.index, grades.get(card.documentId) ?? 0]),
    )
    const conflictsOffTopic = result.conflicts.filter((conflict) =>
      conflict.sources.some((index) => (gradeOfIndex.get(index) ?? 0) === 0),
    ).length
    offTopicConflicts += conflictsOffTopic
    const firstE = shown.findIndex((item) => item.authority === 'E')
    const eAbove =
      firstE >= 0 &&
      shown.slice(firstE + 1).some((item) => HIGHER.has(item.authority) && item.grade >= 1)
    if (eAbove) eAboveHigher += 1
    const eBeside =
      firstE >= 0 && shown.some((item) => HIGHER.has(item.authority) && item.grade >= 1)
    if (eBeside) eBesideHigher += 1
    const relevantCount = [...grades.values()].filter((grade) => grade > 0).length
    const ranked = shown.map((item) => item.documentId)
    const questionNdcg = gradedNdcgAt(ranked, grades, 5)
    const questionPrecision =
      shown.length === 0 ? null : shown.filter((item) => item.grade >= 1).length / shown.length
    if (relevantCount > 0) {
      answerable += 1
      ndcg += questionNdcg
      precision += questionPrecision ?? 0
      shownCount += shown.length
    } else {
      unanswerable += 1
      if (shown.length === 0) shownNothing += 1
    }
    perQuestion.push({
      id: question.id,
      question: question.question,
      shown,
      ndcg5: round(questionNdcg),
      precision: questionPrecision === null ? null : round(questionPrecision),
      eAboveHigher: eAbove,
      eBesideHigher: eBeside,
      offTopicConflicts: conflictsOffTopic,
    })
    options.onProgress?.(position + 1, options.questions.length)
  }
  const mean = (sum: number) => (answerable === 0 ? 0 : round(sum / answerable))
  return {
    questions: answerable,
    'ndcg@5': mean(ndcg),
    precision: mean(precision),
    meanShown: mean(shownCount),
    eAboveHigher,
    eBesideHigher,
    offTopicConflicts,
    unanswerable: { questions: unanswerable, shownNothing },
    perQuestion,
  }
}
