/**
 * Drafted SFT items for the curation and studio tests: two candidates from models `m1`/`m2` (or
 * given names), the first the best, with everything else fixed and overridable.
 */
import type { DraftItem } from '../../src/curation/index.js'

type Candidate = DraftItem['candidates'][number]

/** One candidate as `sft draft` writes it, sample 0 of `model`, scored `total`. */
export function draftCandidate(model: string, text: string, total = 1): Candidate {
  return {
    id: `${model}#0`,
    model,
    sample: 0,
    text,
    finishReason: 'stop',
    scores: { citation: 1, rules: 1, judge: null, reward: null, verifier: null, total },
    annotations: [],
    citations: { invalid: [], unsupported: 0, uncitedClaims: 0 },
  }
}

/** A drafted item with no references and the given candidates (the first one best). */
export function draftItem(
  id: string,
  candidates: readonly Candidate[],
  overrides: Partial<DraftItem> = {},
): DraftItem {
  return {
    id,
    query: `Question ${id}?`,
    deid: { applied: true, spans: 0, types: [] },
    references: [],
    systemPrompt: 'Answer from the sources.',
    candidates: [...candidates],
    bestId: candidates[0]?.id ?? '',
    keyPoints: [],
    provenance: { index: 'demo', models: [], n: 1, draftedAt: '2026-12-06T00:00:00.000Z' },
    ...overrides,
  }
}
