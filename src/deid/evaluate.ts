/**
 * Scoring of detected spans against gold spans, span-level and token-level:
 * - a gold span is caught when every letter and digit of it is covered by predicted spans;
 * - a predicted span is a true positive when it overlaps a gold span (of any type);
 * - tokens are runs of letters and digits; a token is gold (predicted) when it overlaps a gold
 *   (predicted) span.
 */
import type { PhiSpan } from './types.js'

/** A gold-standard PHI span. `type` is the gold set's own label (for example `HCPName`). */
export interface GoldSpan {
  start: number
  end: number
  type: string
}

/** One document to score. */
export interface ScoredDocument {
  id: string
  text: string
  gold: readonly GoldSpan[]
  predicted: readonly PhiSpan[]
}

/** Per-type figures: gold types carry recall, predicted types carry precision. */
export interface TypeScore {
  gold?: number
  caught?: number
  recall?: number | null
  token_recall?: number | null
  predicted?: number
  true_positives?: number
  precision?: number | null
}

/** A gold span the detector missed (or only partly covered). */
export interface LeakedSpan {
  document: string
  type: string
  start: number
  end: number
  text: string
  context: string
}

/** A predicted span that overlaps no gold span. */
export interface FalsePositive {
  document: string
  type: string
  source: string
  text: string
  context: string
}

/** The report of {@link scoreDocuments}; the JSON shape `galen deid eval --json` prints. */
export interface DeidScore {
  span: { recall: number | null; precision: number | null }
  token: { recall: number | null; precision: number | null }
  by_type: Record<string, TypeScore>
  leaked: LeakedSpan[]
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Number((numerator / denominator).toFixed(4))
}

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code > 127
  )
}

function context(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - 30), start)
  const after = text.slice(end, end + 30)
  return `${before}[[${text.slice(start, end)}]]${after}`.replace(/\s+/g, ' ')
}

/**
 * Scores predicted spans against gold spans over many documents.
 *
 * @param options.falsePositives - when given, false positives are appended to it (for analysis)
 */
export function scoreDocuments(
  documents: readonly ScoredDocument[],
  options: { falsePositives?: FalsePositive[] } = {},
): DeidScore {
  let goldSpans = 0
  let caughtSpans = 0
  let predictedSpans = 0
  let truePositiveSpans = 0
  let goldTokens = 0
  let predictedTokens = 0
  let sharedTokens = 0
  const byGold = new Map<
    string,
    { gold: number; caught: number; tokens: number; tokensCaught: number }
  >()
  const byPredicted = new Map<string, { predicted: number; truePositives: number }>()
  const leaked: LeakedSpan[] = []
  for (const document of documents) {
    const { text } = document
    const covered = new Uint8Array(text.length + 1)
    for (const span of document.predicted) {
      for (let index = Math.max(0, span.start); index < Math.min(text.length, span.end); index += 1)
        covered[index] = 1
    }
    const goldMask = new Uint8Array(text.length + 1)
    for (const span of document.gold) {
      for (let index = Math.max(0, span.start); index < Math.min(text.length, span.end); index += 1)
        goldMask[index] = 1
    }
    for (const span of document.gold) {
      goldSpans += 1
      let caught = true
      for (let index = span.start; index < span.end && index < text.length; index += 1) {
        if (isAlphanumeric(text.charCodeAt(index)) && covered[index] !== 1) {
          caught = false
          break
        }
      }
      const entry = byGold.get(span.type) ?? { gold: 0, caught: 0, tokens: 0, tokensCaught: 0 }
      entry.gold += 1
      if (caught) {
        caughtSpans += 1
        entry.caught += 1
      } else {
        leaked.push({
          document: document.id,
          type: span.type,
          start: span.start,
          end: span.end,
          text: text.slice(span.start, span.end),
          context: context(text, span.start, span.end),
        })
      }
      byGold.set(span.type, entry)
    }
    for (const span of document.predicted) {
      predictedSpans += 1
      let overlaps = false
      for (
        let index = Math.max(0, span.start);
        index < Math.min(text.length, span.end);
        index += 1
      ) {
        if (goldMask[index] === 1) {
          overlaps = true
          break
        }
      }
      const entry = byPredicted.get(span.type) ?? { predicted: 0, truePositives: 0 }
      entry.predicted += 1
      if (overlaps) {
        truePositiveSpans += 1
        entry.truePositives += 1
      } else {
        options.falsePositives?.push({
          document: document.id,
          type: span.type,
          source: span.source,
          text: text.slice(span.start, span.end),
          context: context(text, span.start, span.end),
        })
      }
      byPredicted.set(span.type, entry)
    }
    // tokens: runs of letters and digits
    let index = 0
    while (index < text.length) {
      if (!isAlphanumeric(text.charCodeAt(index))) {
        index += 1
        continue
      }
      const start = index
      let inGold = false
      let inPredicted = false
      while (index < text.length && isAlphanumeric(text.charCodeAt(index))) {
        if (goldMask[index] === 1) inGold = true
        if (covered[index] === 1) inPredicted = true
        index += 1
      }
      if (inGold) {
        goldTokens += 1
        const span = document.gold.find((gold) => gold.start < index && gold.end > start)
        if (span !== undefined) {
          const entry = byGold.get(span.type)
          if (entry !== undefined) {
            entry.tokens += 1
            if (inPredicted) entry.tokensCaught += 1
          }
        }
      }
      if (inPredicted) predictedTokens += 1
      if (inGold && inPredicted) sharedTokens += 1
    }
  }
  const byType: Record<string, TypeScore> = {}
  for (const [type, entry] of [...byGold.entries()].sort()) {
    byType[type] = {
      gold: entry.gold,
      caught: entry.caught,
      recall: ratio(entry.caught, entry.gold),
      token_recall: ratio(entry.tokensCaught, entry.tokens),
    }
  }
  for (const [type, entry] of [...byPredicted.entries()].sort()) {
    byType[type] = {
      ...byType[type],
      predicted: entry.predicted,
      true_positives: entry.truePositives,
      precision: ratio(entry.truePositives, entry.predicted),
    }
  }
  return {
    span: {
      recall: ratio(caughtSpans, goldSpans),
      precision: ratio(truePositiveSpans, predictedSpans),
    },
    token: {
      recall: ratio(sharedTokens, goldTokens),
      precision: ratio(sharedTokens, predictedTokens),
    },
    by_type: byType,
    leaked,
  }
}
