/**
 * The Markdown report: the models × benchmarks table (accuracy, 95% bootstrap interval,
 * unparsed rate), breakdowns by category and subject, and tokens and latency.
 */
import type { Comparison } from './comparison.js'
import { measureTables, percent } from './comparison.js'

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ')
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ]
  return lines.join('\n')
}

/** Renders the comparison as Markdown. */
export function renderMarkdown(comparison: Comparison, options: { title?: string } = {}): string {
  const { models, benchmarks, cells } = comparison
  const parts: string[] = [`# ${options.title ?? 'Evaluation report'}`, '']
  parts.push(
    'Accuracy with its 95% bootstrap interval (2,000 resamples over items); `unparsed` is the share of answers that could not be read (counted wrong). `*` marks an incomplete run.',
    '',
  )
  const rows = benchmarks.map((benchmark) => [
    benchmark,
    ...models.map((model) => {
      const cell = cells[benchmark]?.[model]
      if (cell === undefined) return '–'
      const unparsed = cell.n === 0 ? 0 : cell.unparsed / cell.n
      return `${percent(cell.accuracy)}${cell.complete ? '' : '*'} [${percent(cell.ci95[0], 1)}, ${percent(cell.ci95[1], 1)}] n=${cell.n}, unparsed ${percent(unparsed, 1)}`
    }),
  ])
  rows.push([
    'Average',
    ...models.map((model) => {
      const average = comparison.averages[model]
      return average === null || average === undefined ? '–' : percent(average)
    }),
  ])
  parts.push('## Models × benchmarks', '', table(['Benchmark', ...models], rows), '')
  for (const breakdown of comparison.breakdowns) {
    parts.push(`## ${breakdown.benchmark} by ${breakdown.kind}`, '')
    parts.push(
      table(
        [breakdown.kind === 'category' ? 'Category' : 'Subject', ...models],
        breakdown.rows.map((row) => [
          row,
          ...models.map((model) => {
            const cell = breakdown.cells[row]?.[model]
            return cell === undefined
              ? '–'
              : `${percent(cell.accuracy, 1)} (${cell.correct}/${cell.n})`
          }),
        ]),
      ),
      '',
    )
  }
  const judged = Object.entries(comparison.judge)
  for (const [benchmark, byModel] of judged) {
    const dimensions = [
      ...new Set(Object.values(byModel).flatMap((entry) => Object.keys(entry.dimensions))),
    ]
    parts.push(`## ${benchmark}: judge scores`, '')
    parts.push(
      table(
        ['Model', 'Overall (5-pt)', ...dimensions.map((name) => `${name} (3-pt)`)],
        Object.entries(byModel).map(([model, entry]) => [
          model,
          entry.overall.toFixed(2),
          ...dimensions.map((name) => (entry.dimensions[name] ?? 0).toFixed(2)),
        ]),
      ),
      '',
    )
  }
  for (const measure of measureTables(comparison)) {
    parts.push(`## ${measure.title}`, '', table(measure.header, measure.rows), '')
  }
  parts.push('## Tokens and latency', '')
  const costRows: string[][] = []
  for (const benchmark of benchmarks) {
    for (const model of models) {
      const cost = comparison.costs[benchmark]?.[model]
      if (cost === undefined) continue
      costRows.push([
        benchmark,
        model,
        String(cost.promptTokens),
        String(cost.completionTokens),
        cost.meanCompletionTokens === null ? '–' : cost.meanCompletionTokens.toFixed(1),
        cost.meanLatencyMs === null ? '–' : cost.meanLatencyMs.toFixed(0),
        cost.p95LatencyMs === null ? '–' : cost.p95LatencyMs.toFixed(0),
      ])
    }
  }
  parts.push(
    table(
      [
        'Benchmark',
        'Model',
        'Prompt tokens',
        'Completion tokens',
        'Mean completion',
        'Mean latency (ms)',
        'p95 latency (ms)',
      ],
      costRows,
    ),
    '',
  )
  return parts.join('\n')
}
