/**
 * The comparison behind reports: models × benchmarks, as in the technical report's Table 6,
 * with 95% bootstrap intervals, unparsed rates, per-category and per-subject breakdowns,
 * tokens and latency.
 */
import type { GroupStatistics } from '../summary.js'
import type { ReportRun } from './load-runs.js'

/** A cell of the comparison: one model on one benchmark (or one category of it). */
export interface ComparisonCell extends GroupStatistics {
  complete: boolean
}

/** A breakdown table of one benchmark: rows are categories or subjects. */
export interface Breakdown {
  benchmark: string
  kind: 'category' | 'subject'
  rows: string[]
  cells: Record<string, Record<string, GroupStatistics>>
}

/** Cost figures of one model on one benchmark. */
export interface CostCell {
  promptTokens: number
  completionTokens: number
  meanCompletionTokens: number | null
  meanLatencyMs: number | null
  p95LatencyMs: number | null
}

/** Everything a report shows. */
export interface Comparison {
  models: string[]
  benchmarks: string[]
  /** cells[benchmark][model] */
  cells: Record<string, Record<string, ComparisonCell>>
  /** Mean accuracy per model over the benchmarks every model has. */
  averages: Record<string, number | null>
  breakdowns: Breakdown[]
  costs: Record<string, Record<string, CostCell>>
  /** Open-ended judge means per benchmark and model. */
  judge: Record<string, Record<string, { overall: number; dimensions: Record<string, number> }>>
  /** Ranked-diagnosis recall (rare-disease) per benchmark and model: top-1/3/10 over all items. */
  ranking: Record<string, Record<string, RankingCell>>
  /** Name-set micro precision/recall/F1 (chip-cdn) per benchmark and model. */
  normalization: Record<string, Record<string, NormalizationCell>>
}

/** Top-k recall of one model on a ranked-diagnosis benchmark (means over all items). */
export interface RankingCell {
  n: number
  top1: number
  top3: number
  top10: number
}

/** Micro precision, recall and F1 over names of one model on a normalisation benchmark. */
export interface NormalizationCell {
  n: number
  precision: number
  recall: number
  f1: number
}

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values)]
}

/** Builds the comparison of several runs (a later run of the same model and benchmark wins). */
export function buildComparison(runs: readonly ReportRun[]): Comparison {
  const models = uniqueInOrder(runs.map((run) => run.model))
  const benchmarks = uniqueInOrder(runs.map((run) => run.benchmark))
  const cells: Comparison['cells'] = {}
  const costs: Comparison['costs'] = {}
  const judge: Comparison['judge'] = {}
  const ranking: Comparison['ranking'] = {}
  const normalization: Comparison['normalization'] = {}
  const byKey = new Map<string, ReportRun>()
  for (const run of runs) byKey.set(`${run.benchmark}\u0000${run.model}`, run)
  for (const benchmark of benchmarks) {
    cells[benchmark] = {}
    costs[benchmark] = {}
    for (const model of models) {
      const run = byKey.get(`${benchmark}\u0000${model}`)
      if (run === undefined) continue
      const summary = run.summary
      const benchmarkCells = cells[benchmark] as Record<string, ComparisonCell>
      benchmarkCells[model] = {
        n: summary.n,
        correct: summary.correct,
        accuracy: summary.accuracy,
        ci95: summary.ci95,
        unparsed: summary.unparsed,
        complete: run.complete,
      }
      const benchmarkCosts = costs[benchmark] as Record<string, CostCell>
      benchmarkCosts[model] = {
        promptTokens: summary.tokens.prompt,
        completionTokens: summary.tokens.completion,
        meanCompletionTokens: summary.tokens.mean_completion,
        meanLatencyMs: summary.latency_ms.mean,
        p95LatencyMs: summary.latency_ms.p95,
      }
      if (summary.judge !== undefined) {
        judge[benchmark] ??= {}
        const benchmarkJudge = judge[benchmark] as Record<
          string,
          { overall: number; dimensions: Record<string, number> }
        >
        benchmarkJudge[model] = {
          overall: summary.judge.overall,
          dimensions: summary.judge.dimensions,
        }
      }
      if (summary.ranking !== undefined) {
        const { top1, top3, top10 } = summary.ranking
        ranking[benchmark] ??= {}
        ;(ranking[benchmark] as Record<string, RankingCell>)[model] = {
          n: summary.n,
          top1,
          top3,
          top10,
        }
      }
      if (summary.normalization !== undefined) {
        normalization[benchmark] ??= {}
        ;(normalization[benchmark] as Record<string, NormalizationCell>)[model] = {
          ...summary.normalization,
        }
      }
    }
  }
  const shared = benchmarks.filter((benchmark) =>
    models.every((model) => cells[benchmark]?.[model] !== undefined),
  )
  const averages: Record<string, number | null> = {}
  for (const model of models) {
    averages[model] =
      shared.length === 0
        ? null
        : shared.reduce((sum, benchmark) => sum + (cells[benchmark]?.[model]?.accuracy ?? 0), 0) /
          shared.length
  }
  const breakdowns: Breakdown[] = []
  for (const benchmark of benchmarks) {
    for (const kind of ['category', 'subject'] as const) {
      const table: Record<string, Record<string, GroupStatistics>> = {}
      const rows = new Set<string>()
      for (const model of models) {
        const run = byKey.get(`${benchmark}\u0000${model}`)
        if (run === undefined) continue
        const groups = kind === 'category' ? run.summary.by_category : run.summary.by_subject
        for (const [name, statistics] of Object.entries(groups)) {
          rows.add(name)
          table[name] ??= {}
          ;(table[name] as Record<string, GroupStatistics>)[model] = statistics
        }
      }
      // A breakdown with one row repeats the overall figure; a subject list equal to the
      // category list repeats the category table.
      if (rows.size < 2) continue
      const sorted = [...rows].sort((left, right) => left.localeCompare(right))
      const previous = breakdowns.at(-1)
      if (
        kind === 'subject' &&
        previous?.benchmark === benchmark &&
        previous.rows.join('\u0000') === sorted.join('\u0000')
      ) {
        continue
      }
      breakdowns.push({ benchmark, kind, rows: sorted, cells: table })
    }
  }
  return { models, benchmarks, cells, averages, breakdowns, costs, judge, ranking, normalization }
}

/** One table row per model for the ranked-diagnosis and name-set measures of a comparison. */
export interface MeasureTable {
  title: string
  header: string[]
  rows: string[][]
}

/**
 * The measures beyond accuracy, as plain tables both renderers share: top-k recall for ranked
 * diagnoses (rare-disease) and micro P/R/F1 over names (chip-cdn).
 */
export function measureTables(comparison: Comparison): MeasureTable[] {
  const tables: MeasureTable[] = []
  for (const [benchmark, byModel] of Object.entries(comparison.ranking)) {
    tables.push({
      title: `${benchmark}: ranked diagnoses (recall at k over all items)`,
      header: ['Model', 'n', 'Top-1', 'Top-3', 'Top-10'],
      rows: Object.entries(byModel).map(([model, cell]) => [
        model,
        String(cell.n),
        percent(cell.top1, 1),
        percent(cell.top3, 1),
        percent(cell.top10, 1),
      ]),
    })
  }
  for (const [benchmark, byModel] of Object.entries(comparison.normalization)) {
    tables.push({
      title: `${benchmark}: normalised names (micro over names)`,
      header: ['Model', 'n', 'Precision', 'Recall', 'F1'],
      rows: Object.entries(byModel).map(([model, cell]) => [
        model,
        String(cell.n),
        cell.precision.toFixed(4),
        cell.recall.toFixed(4),
        cell.f1.toFixed(4),
      ]),
    })
  }
  return tables
}

/** Formats a fraction as a percentage with two decimals (`72.91%`). */
export function percent(value: number, digits = 2): string {
  return `${(value * 100).toFixed(digits)}%`
}
