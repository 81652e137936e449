/**
 * Evidence packing that resists noise: ranks retrieved passages by relevance and authority,
 * removes near-duplicates, keeps sources that disagree side by side with their dates, stays within
 * a token budget and numbers the sources for citation.
 */

import type { Authority, EvidencePassage } from './evidence-source.js'
import { contentTokens, estimateTokens, jaccard, numbersIn, shingles } from './text-tokens.js'
import { escapeForPrompt, escapePromptAttribute } from './untrusted-text.js'

/** A passage given to the model, numbered from 1. */
export interface NumberedSource extends EvidencePassage {
  /** The citation number `[n]`. */
  index: number
}

/** Two sources that appear to disagree; both are kept and shown with their dates. */
export interface EvidenceConflict {
  sources: [number, number]
  reason: string
}

/** The packed evidence. */
export interface PackedEvidence {
  sources: NumberedSource[]
  conflicts: EvidenceConflict[]
  /** Passages left out, with why (near-duplicate of a kept source, over budget). */
  dropped: Array<{ id: string; reason: string }>
  /** Estimated tokens of the kept passages. */
  tokens: number
}

/** Options of {@link packEvidence}. */
export interface PackEvidenceOptions {
  passages: readonly EvidencePassage[]
  /** Estimated token budget for all passage texts. Default 1,800. */
  tokenBudget?: number
  /** At most this many sources. Default 8. */
  maxSources?: number
  /**
   * Passages scoring below this share of the best score are left out as noise (when scores are
   * positive). Default 0.5.
   */
  minRelativeScore?: number
  /** Shingle Jaccard similarity at or above which two passages are near-duplicates. Default 0.6. */
  duplicateThreshold?: number
  /**
   * Weight of authority against relevance when ordering (0 = relevance only). The final order
   * score is `relevance (score / best score, 0..1) + authorityWeight * authorityValue` where A=1,
   * B=0.75, C=0.5, D=0.25, E=0. Default 0.35.
   */
  authorityWeight?: number
  /**
   * Whether two kept passages are about the same question; conflicts are reported only between
   * such pairs. Default: every pair may conflict.
   */
  sameQuestion?: (left: EvidencePassage, right: EvidencePassage) => boolean
  /** Keep the passages in the given order (already ranked by an evidence policy). Default false. */
  keepOrder?: boolean
}

const AUTHORITY_VALUE: Record<Authority, number> = { A: 1, B: 0.75, C: 0.5, D: 0.25, E: 0 }

function yearOf(date: string | undefined): number | undefined {
  const match = date?.match(/^(\d{4})/)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

const NEGATION =
  /\b(?:against|not recommended|no longer|should not|do not|does not|avoid|superseded|replaced)\b/i

function findConflicts(
  sources: readonly NumberedSource[],
  sameQuestion: PackEvidenceOptions['sameQuestion'],
): EvidenceConflict[] {
  const conflicts: EvidenceConflict[] = []
  const tokenSets = sources.map(
    (source) => new Set(contentTokens(`${source.title} ${source.text}`)),
  )
  for (let left = 0; left < sources.length; left += 1) {
    for (let right = left + 1; right < sources.length; right += 1) {
      const a = sources[left] as NumberedSource
      const b = sources[right] as NumberedSource
      if (sameQuestion !== undefined && !sameQuestion(a, b)) continue
      const topical = jaccard(tokenSets[left] as Set<string>, tokenSets[right] as Set<string>)
      if (topical < 0.12) continue
      const yearA = yearOf(a.date)
      const yearB = yearOf(b.date)
      const reasons: string[] = []
      const thresholdsA = new Set(numbersIn(a.text).filter((value) => value.includes('/')))
      const thresholdsB = new Set(numbersIn(b.text).filter((value) => value.includes('/')))
      const differentThresholds =
        thresholdsA.size > 0 &&
        thresholdsB.size > 0 &&
        [...thresholdsA].every((value) => !thresholdsB.has(value))
      if (differentThresholds) reasons.push('they give different thresholds')
      if (NEGATION.test(a.text) !== NEGATION.test(b.text) && topical >= 0.2) {
        reasons.push('one recommends against or restricts what the other allows')
      }
      if (/supersed|replaced|earlier|no longer/i.test(`${a.text} ${b.text}`) && topical >= 0.2) {
        reasons.push('one is described as superseded')
      }
      if (reasons.length === 0) continue
      const dated =
        yearA !== undefined && yearB !== undefined && yearA !== yearB
          ? `; dates differ (${a.date} vs ${b.date}): prefer the more recent unless it says otherwise`
          : ''
      conflicts.push({ sources: [a.index, b.index], reason: `${reasons.join(' and ')}${dated}` })
    }
  }
  return conflicts
}

/**
 * Packs retrieved passages into numbered sources.
 *
 * @example
 * const packed = packEvidence({ passages: hits, tokenBudget: 1500 })
 * // packed.sources[0].index === 1
 */
export function packEvidence(options: PackEvidenceOptions): PackedEvidence {
  const budget = options.tokenBudget ?? 1800
  const maxSources = options.maxSources ?? 8
  const threshold = options.duplicateThreshold ?? 0.6
  const authorityWeight = options.authorityWeight ?? 0.35
  const count = options.passages.length
  const maxScore = Math.max(0, ...options.passages.map((passage) => passage.score))
  const ranked = options.passages
    .map((passage, rank) => ({
      passage,
      order:
        (maxScore > 0
          ? Math.max(0, passage.score) / maxScore
          : 1 - (0.5 * rank) / Math.max(1, count)) +
        authorityWeight * AUTHORITY_VALUE[passage.authority],
    }))
    .sort((left, right) => (options.keepOrder ? 0 : right.order - left.order))

  const kept: Array<{ passage: EvidencePassage; shingles: Set<string> }> = []
  const dropped: PackedEvidence['dropped'] = []
  const minRelativeScore = options.minRelativeScore ?? 0.5
  let tokens = 0
  for (const { passage } of ranked) {
    if (maxScore > 0 && passage.score < minRelativeScore * maxScore) {
      dropped.push({ id: passage.id, reason: 'low relevance' })
      continue
    }
    const passageShingles = shingles(passage.text)
    const duplicate = kept.find((other) =>
      other.passage.documentId === passage.documentId && other.passage.id === passage.id
        ? true
        : jaccard(other.shingles, passageShingles) >= threshold,
    )
    if (duplicate !== undefined) {
      dropped.push({ id: passage.id, reason: `near-duplicate of "${duplicate.passage.id}"` })
      continue
    }
    const cost = estimateTokens(passage.text)
    if (kept.length >= maxSources || (kept.length > 0 && tokens + cost > budget)) {
      dropped.push({
        id: passage.id,
        reason: kept.length >= maxSources ? 'source limit' : 'token budget',
      })
      continue
    }
    kept.push({ passage, shingles: passageShingles })
    tokens += cost
  }
  const sources = kept.map(({ passage }, position) => ({ ...passage, index: position + 1 }))
  return { sources, conflicts: findConflicts(sources, options.sameQuestion), dropped, tokens }
}

/**
 * Renders numbered sources for a prompt, each as quoted data:
 * `<source n="1" title="..." publisher="..." date="..." authority="A">text</source>`. Titles and
 * passages are escaped ({@link escapeForPrompt}), so no retrieved text can close its block, open a
 * new one or imitate a source header; the system prompt tells the model that everything inside a
 * block is data.
 */
export function formatSourcesForPrompt(packed: PackedEvidence): string {
  const blocks = packed.sources.map((source) => {
    const attributes = [
      `n="${source.index}"`,
      `title="${escapePromptAttribute(source.title)}"`,
      `publisher="${escapePromptAttribute(source.source)}"`,
      ...(source.date ? [`date="${escapePromptAttribute(source.date)}"`] : []),
      `authority="${source.authority}"`,
    ]
    return `<source ${attributes.join(' ')}>\n${escapeForPrompt(source.text)}\n</source>`
  })
  const conflicts = packed.conflicts.map(
    (conflict) =>
      `Sources [${conflict.sources[0]}] and [${conflict.sources[1]}] may disagree: ${conflict.reason}.`,
  )
  return [
    ...blocks,
    ...(conflicts.length > 0 ? ['', 'Notes on the evidence:', ...conflicts] : []),
  ].join('\n\n')
}
