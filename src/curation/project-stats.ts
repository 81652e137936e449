/**
 * Statistics of a curation project, from its events: throughput, acceptance rate, edit distance
 * between the best candidate and the final answer, agreement between reviewers (Cohen's kappa on
 * the decisions of items two reviewers decided), and how often best-of-N's pick was kept.
 */
import { normalisedEditDistance } from './edit-distance.js'
import { cohenKappa } from './kappa.js'
import type { ReviewEvent } from './review-event-store.js'
import type { ProjectState } from './review-state.js'

/** Agreement of one pair of reviewers. */
export interface PairAgreement {
  reviewers: [string, string]
  items: number
  kappa: number | null
  observed: number
}

/** The result of {@link projectStats}. */
export interface ProjectStats {
  items: number
  byStatus: Record<string, number>
  reviews: number
  reviewers: string[]
  /** Review and adjudication events per hour between the first and the last one (null under two). */
  reviewsPerHour: number | null
  /** Accepted / (accepted + rejected + flagged). */
  acceptanceRate: number | null
  /** Mean normalised edit distance (0..1) between the best candidate and the accepted answer. */
  meanEditDistance: number | null
  /** Share of accepted answers that were edited. */
  editedShare: number | null
  /** Share of accepted items whose answer starts from the best-of-N pick. */
  bestKeptRate: number | null
  /** Pooled kappa over every pair of reviewers, and per pair. */
  agreement: { kappa: number | null; items: number; pairs: PairAgreement[] }
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length
}

/** Computes the statistics of a derived project state and its events. */
export function projectStats(state: ProjectState, events: readonly ReviewEvent[]): ProjectStats {
  const byStatus: Record<string, number> = {
    pending: 0,
    accepted: 0,
    rejected: 0,
    flagged: 0,
    disputed: 0,
  }
  for (const item of state.items) byStatus[item.status] = (byStatus[item.status] ?? 0) + 1
  const reviewEvents = events.filter(
    (event) => event.type === 'review' || event.type === 'adjudicate',
  )
  const times = reviewEvents.map((event) => Date.parse(event.at)).sort((a, b) => a - b)
  const span = times.length < 2 ? 0 : ((times.at(-1) as number) - (times[0] as number)) / 3_600_000
  const accepted = state.items.filter((item) => item.final !== undefined)
  const decided = (byStatus.accepted ?? 0) + (byStatus.rejected ?? 0) + (byStatus.flagged ?? 0)
  const reviewers = [
    ...new Set(reviewEvents.filter((event) => event.type === 'review').map((event) => event.actor)),
  ].sort()
  const pairs: PairAgreement[] = []
  const pooled: Array<[string, string]> = []
  for (let left = 0; left < reviewers.length; left += 1) {
    for (let right = left + 1; right < reviewers.length; right += 1) {
      const a = reviewers[left] as string
      const b = reviewers[right] as string
      const labels: Array<[string, string]> = []
      for (const item of state.items) {
        const first = item.reviews.get(a)?.decision
        const second = item.reviews.get(b)?.decision
        if (first === undefined || second === undefined || first === 'skip' || second === 'skip')
          continue
        labels.push([first, second])
      }
      if (labels.length === 0) continue
      const kappa = cohenKappa(labels)
      pairs.push({
        reviewers: [a, b],
        items: labels.length,
        kappa: kappa.kappa,
        observed: kappa.observed,
      })
      pooled.push(...labels)
    }
  }
  const pooledKappa = cohenKappa(pooled)
  return {
    items: state.items.length,
    byStatus,
    reviews: reviewEvents.length,
    reviewers,
    reviewsPerHour: span > 0 ? reviewEvents.length / span : null,
    acceptanceRate: decided === 0 ? null : (byStatus.accepted ?? 0) / decided,
    meanEditDistance: mean(
      accepted.map((item) => {
        const best = item.item.candidates.find((candidate) => candidate.id === item.item.bestId)
        return normalisedEditDistance(best?.text ?? '', item.final?.answer ?? '')
      }),
    ),
    editedShare: mean(accepted.map((item) => (item.final?.edited ? 1 : 0))),
    bestKeptRate: mean(
      accepted.map((item) => (item.final?.candidate.id === item.item.bestId ? 1 : 0)),
    ),
    agreement: { kappa: pooledKappa.kappa, items: pooled.length, pairs },
  }
}
