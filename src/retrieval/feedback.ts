/**
 * Pseudo-relevance feedback in the manner of RM3 (Lavrenko and Croft's relevance model, mixed
 * with the original query): the best first-pass passages vote for expansion words, weighted by
 * their retrieval score, the word's share of the passage and its rarity in the index; a second
 * query with those words is interpolated with the first.
 */
import { porterStem } from './porter-stemmer.js'
import { isQuestionStopword, tokenizeWords } from './text-analysis.js'

/** Settings of pseudo-relevance feedback. */
export interface FeedbackSettings {
  /** First-pass passages that vote (default 10). */
  passages: number
  /** Expansion words added (default 5). */
  terms: number
  /** Weight of the original query in the interpolation, 0-1 (default 0.8). */
  originalWeight: number
}

/** The defaults, measured on BioASQ 7b-9b (see docs/retrieval.md). */
export const DEFAULT_FEEDBACK: FeedbackSettings = { passages: 10, terms: 5, originalWeight: 0.8 }

/**
 * Chooses expansion words from first-pass passages.
 *
 * @param options.queryTerms - the words already in the query (their stems are never re-added)
 * @param options.passages - first-pass passages with their scores (higher is better), best first
 * @param options.chunkFrequency - in how many chunks each candidate word occurs
 * @param options.chunkCount - chunks in the index
 */
export function selectExpansionTerms(options: {
  queryTerms: readonly string[]
  passages: ReadonlyArray<{ text: string; score: number }>
  chunkFrequency: ReadonlyMap<string, number>
  chunkCount: number
  count: number
}): string[] {
  const queryStems = new Set(options.queryTerms.map(porterStem))
  const best = options.passages[0]?.score ?? 0
  const weights = new Map<string, number>()
  const surface = new Map<string, string>()
  for (const passage of options.passages) {
    const words = tokenizeWords(passage.text)
    if (words.length === 0) continue
    const passageWeight = Math.exp(passage.score - best)
    const counts = new Map<string, number>()
    for (const word of words) {
      if (isQuestionStopword(word) || word.length < 2 || /^\d+$/.test(word)) continue
      const stem = porterStem(word)
      if (queryStems.has(stem)) continue
      counts.set(word, (counts.get(word) ?? 0) + 1)
      if (!surface.has(stem)) surface.set(stem, word)
    }
    for (const [word, count] of counts) {
      const frequency = Math.max(1, options.chunkFrequency.get(word) ?? 1)
      const rarity = Math.log(Math.max(1, options.chunkCount) / frequency)
      if (rarity <= 0) continue
      const stem = porterStem(word)
      weights.set(stem, (weights.get(stem) ?? 0) + (passageWeight * count * rarity) / words.length)
    }
  }
  return [...weights.entries()]
    .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
    .slice(0, options.count)
    .map(([stem]) => surface.get(stem) ?? stem)
}

/** The candidate words of feedback passages (what needs a chunk frequency). */
export function feedbackVocabulary(
  passages: ReadonlyArray<{ text: string }>,
  queryTerms: readonly string[],
): string[] {
  const queryStems = new Set(queryTerms.map(porterStem))
  const words = new Set<string>()
  for (const passage of passages) {
    for (const word of tokenizeWords(passage.text)) {
      if (isQuestionStopword(word) || word.length < 2 || /^\d+$/.test(word)) continue
      if (!queryStems.has(porterStem(word))) words.add(word)
    }
  }
  return [...words]
}

/**
 * Interpolates two scored lists: each score is divided by its list's best score, then
 * `originalWeight × first + (1 − originalWeight) × second`; an id missing from a list scores 0 there.
 */
export function interpolateScores(
  first: ReadonlyArray<{ id: string; score: number }>,
  second: ReadonlyArray<{ id: string; score: number }>,
  originalWeight: number,
): Array<{ id: string; score: number }> {
  const normalise = (list: ReadonlyArray<{ id: string; score: number }>) => {
    const top = Math.max(...list.map((item) => item.score), 0)
    return new Map(list.map((item) => [item.id, top > 0 ? item.score / top : 0]))
  }
  const left = normalise(first)
  const right = normalise(second)
  const ids = new Set([...left.keys(), ...right.keys()])
  return [...ids]
    .map((id) => ({
      id,
      score: originalWeight * (left.get(id) ?? 0) + (1 - originalWeight) * (right.get(id) ?? 0),
    }))
    .sort((a, b) => b.score - a.score)
}
