/**
 * Summaries of scored records: accuracy with a 95% bootstrap interval (clustered by item when
 * there are several samples), the unparsed count, per-category and per-subject breakdowns,
 * tokens and latency.
 */
import { scoreNormalization } from '../terminology/index.js'
import type { EvalRecord } from './record.js'
import { bootstrapInterval, roundTo } from './statistics.js'

/** Accuracy of a group of records. */
export interface GroupStatistics {
  n: number
  correct: number
  accuracy: number
  ci95: [number, number]
  unparsed: number
}

/**
 * The summary printed by `--json`: exactly these keys. `accuracy` is a fraction; `unparsed`
 * counts records whose answer could not be read (format errors, abstentions, judge errors and
 * failed calls), all of which count as wrong.
 */
export interface EvalSummary {
  benchmark: string
  n: number
  correct: number
  accuracy: number
  ci95: [number, number]
  unparsed: number
  by_category: Record<string, GroupStatistics>
  /** Ranked-diagnosis items (rare-disease): mean top-1, top-3 and top-10 recall over records. */
  ranking?: { top1: number; top3: number; top10: number; ranked: number }
  /**
   * Name-set items (chip-cdn): micro precision, recall and F1 over names, as
   * `galen terminology eval` computes them (unread responses and failed calls predict no name).
   */
  normalization?: { n: number; precision: number; recall: number; f1: number }
}

/** The summary file: the `--json` summary plus details. */
export interface EvalSummaryFile extends EvalSummary {
  by_subject: Record<string, GroupStatistics>
  /** Counts of each parse status. */
  statuses: Record<string, number>
  items: number
  samples: number
  tokens: { prompt: number; completion: number; mean_completion: number | null }
  latency_ms: { mean: number | null; p50: number | null; p95: number | null }
  /** Mean judge scores (open-ended items only). */
  judge?: { overall: number; dimensions: Record<string, number>; judged: number }
  /** Agreement with a reference extraction (replay `--reference-field`). */
  reference_agreement?: { compared: number; agree: number; rate: number }
  /** Agreement of our verdicts with a reference verdict (replay `--verdict-field`). */
  verdict_agreement?: { compared: number; agree: number; rate: number }
}

function groupStatistics(records: readonly EvalRecord[], seed: string): GroupStatistics {
  const clusters = new Map<string, [number, number]>()
  let correct = 0
  let unparsed = 0
  for (const record of records) {
    if (record.correct) correct += 1
    if (record.status !== 'ok') unparsed += 1
    const cluster = clusters.get(record.id) ?? [0, 0]
    cluster[0] += record.correct ? 1 : 0
    cluster[1] += 1
    clusters.set(record.id, cluster)
  }
  const n = records.length
  const interval = bootstrapInterval([...clusters.values()], { seed })
  return {
    n,
    correct,
    accuracy: n === 0 ? 0 : roundTo(correct / n, 6),
    ci95: [roundTo(interval[0], 6), roundTo(interval[1], 6)],
    unparsed,
  }
}

function groupBy(
  records: readonly EvalRecord[],
  key: (record: EvalRecord) => string | undefined,
): Map<string, EvalRecord[]> {
  const groups = new Map<string, EvalRecord[]>()
  for (const record of records) {
    const name = key(record)
    if (name === undefined || name === '') continue
    const list = groups.get(name)
    if (list === undefined) groups.set(name, [record])
    else list.push(record)
  }
  return new Map([...groups.entries()].sort(([left], [right]) => left.localeCompare(right)))
}

function percentile(sorted: readonly number[], probability: number): number | null {
  if (sorted.length === 0) return null
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(probability * sorted.length) - 1))
  return sorted[index] ?? null
}

/** Summarises records (the last record of each id and sample wins). */
export function summarize(benchmark: string, input: readonly EvalRecord[]): EvalSummaryFile {
  const latest = new Map<string, EvalRecord>()
  for (const record of input) latest.set(`${record.id}\u0000${record.sample}`, record)
  const records = [...latest.values()]
  const overall = groupStatistics(records, benchmark)
  const byCategory: Record<string, GroupStatistics> = {}
  for (const [name, group] of groupBy(records, (record) => record.category)) {
    byCategory[name] = groupStatistics(group, benchmark)
  }
  const bySubject: Record<string, GroupStatistics> = {}
  for (const [name, group] of groupBy(records, (record) => record.subject)) {
    bySubject[name] = groupStatistics(group, benchmark)
  }
  const statuses: Record<string, number> = {}
  let promptTokens = 0
  let completionTokens = 0
  let withTokens = 0
  const latencies: number[] = []
  const items = new Set<string>()
  let samples = 0
  for (const record of records) {
    statuses[record.status] = (statuses[record.status] ?? 0) + 1
    items.add(record.id)
    samples = Math.max(samples, record.sample + 1)
    if (record.tokens !== null) {
      promptTokens += record.tokens.prompt
      completionTokens += record.tokens.completion
      withTokens += 1
    }
    if (record.latency_ms !== null) latencies.push(record.latency_ms)
  }
  latencies.sort((left, right) => left - right)
  const summary: EvalSummaryFile = {
    benchmark,
    ...overall,
    by_category: byCategory,
    by_subject: bySubject,
    statuses,
    items: items.size,
    samples,
    tokens: {
      prompt: promptTokens,
      completion: completionTokens,
      mean_completion: withTokens === 0 ? null : roundTo(completionTokens / withTokens, 2),
    },
    latency_ms: {
      mean:
        latencies.length === 0
          ? null
          : roundTo(latencies.reduce((sum, value) => sum + value, 0) / latencies.length, 2),
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
    },
  }
  const judged = records.filter((record) => record.judge?.overall !== undefined)
  if (judged.length > 0) {
    const dimensions: Record<string, number> = {}
    for (const record of judged) {
      for (const [name, value] of Object.entries(record.judge?.dimensions ?? {})) {
        dimensions[name] = (dimensions[name] ?? 0) + value / judged.length
      }
    }
    for (const name of Object.keys(dimensions)) dimensions[name] = roundTo(dimensions[name] ?? 0, 3)
    summary.judge = {
      overall: roundTo(
        judged.reduce((sum, record) => sum + (record.judge?.overall ?? 0), 0) / judged.length,
        3,
      ),
      dimensions,
      judged: judged.length,
    }
  }
  // Top-k recall over every record (unread responses and failed calls count as misses, as they do
  // for accuracy); present when the benchmark's items are ranked diagnoses.
  const ranked = records.filter((record) => record.ranking !== undefined)
  if (ranked.length > 0) {
    const mean = (key: 'top1' | 'top3' | 'top10'): number =>
      roundTo(
        ranked.reduce((sum, record) => sum + (record.ranking?.[key] ?? 0), 0) / records.length,
        6,
      )
    summary.ranking = {
      top1: mean('top1'),
      top3: mean('top3'),
      top10: mean('top10'),
      ranked: ranked.length,
    }
  }
  const named = records.filter((record) => record.names !== undefined)
  if (named.length > 0) {
    summary.normalization = scoreNormalization(
      named.map((record) => record.names?.predicted ?? []),
      named.map((record) => record.gold),
    )
  }
  const compared = records.filter((record) => record.reference_parsed !== undefined)
  if (compared.length > 0) {
    const agree = compared.filter(
      (record) => (record.reference_parsed ?? null) === record.parsed,
    ).length
    summary.reference_agreement = {
      compared: compared.length,
      agree,
      rate: roundTo(agree / compared.length, 6),
    }
  }
  const judgedByOthers = records.filter((record) => typeof record.reference_correct === 'boolean')
  if (judgedByOthers.length > 0) {
    const agree = judgedByOthers.filter(
      (record) => record.reference_correct === record.correct,
    ).length
    summary.verdict_agreement = {
      compared: judgedByOthers.length,
      agree,
      rate: roundTo(agree / judgedByOthers.length, 6),
    }
  }
  return summary
}

/**
 * The `--json` summary: exactly benchmark, n, correct, accuracy, ci95, unparsed, by_category, plus
 * `ranking` (ranked diagnoses) or `normalization` (name sets) when the benchmark has them.
 */
export function publicSummary(summary: EvalSummary): EvalSummary {
  return {
    benchmark: summary.benchmark,
    n: summary.n,
    correct: summary.correct,
    accuracy: summary.accuracy,
    ci95: summary.ci95,
    unparsed: summary.unparsed,
    by_category: summary.by_category,
    ...(summary.ranking === undefined ? {} : { ranking: summary.ranking }),
    ...(summary.normalization === undefined ? {} : { normalization: summary.normalization }),
  }
}
