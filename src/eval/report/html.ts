/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network; a
 * Content-Security-Policy forbids any fetch) with the models × benchmarks table, accuracy and
 * unparsed-rate charts, breakdowns by category and subject, judge scores, tokens and latency.
 */
import type { Comparison } from './comparison.js'
import { measureTables, percent } from './comparison.js'
import { type ChartGroup, escapeHtml, groupedBarChart, MODEL_COLOURS } from './svg-charts.js'

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1b1b1b}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d6d6d6;padding:4px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}
.ci,.meta{color:#555;font-size:12px}.warn{color:#b00020}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}
svg text{font:12px system-ui,sans-serif;fill:#222}svg .chart-title{font-weight:600;font-size:13px}svg .tick{fill:#666;font-size:11px}
`

function heat(accuracy: number): string {
  const hue = Math.round(accuracy * 120)
  return `hsl(${hue} 70% 88%)`
}

/** Renders the comparison as a self-contained HTML page. */
export function renderHtml(
  comparison: Comparison,
  options: { title?: string; generatedAt?: string } = {},
): string {
  const title = options.title ?? 'Evaluation report'
  const { models, benchmarks, cells } = comparison
  const body: string[] = []
  body.push(`<h1>${escapeHtml(title)}</h1>`)
  body.push(
    `<p class="meta">${escapeHtml(`${models.length} model(s), ${benchmarks.length} benchmark(s). Accuracy with its 95% bootstrap interval (2,000 resamples over items); unparsed answers count as wrong. * marks an incomplete run.${options.generatedAt === undefined ? '' : ` Generated ${options.generatedAt}.`}`)}</p>`,
  )
  body.push(
    `<p class="legend">${models
      .map(
        (model, index) =>
          `<span><i style="background:${MODEL_COLOURS[index % MODEL_COLOURS.length]}"></i>${escapeHtml(model)}</span>`,
      )
      .join('')}</p>`,
  )
  body.push('<h2>Models × benchmarks</h2>')
  const header = `<tr><th>Benchmark</th>${models.map((model) => `<th>${escapeHtml(model)}</th>`).join('')}</tr>`
  const rows = benchmarks.map((benchmark) => {
    const tds = models.map((model) => {
      const cell = cells[benchmark]?.[model]
      if (cell === undefined) return '<td>–</td>'
      const unparsed = cell.n === 0 ? 0 : cell.unparsed / cell.n
      return `<td style="background:${heat(cell.accuracy)}"><b>${percent(cell.accuracy)}</b>${cell.complete ? '' : '<span class="warn">*</span>'}<br><span class="ci">[${percent(cell.ci95[0], 1)}, ${percent(cell.ci95[1], 1)}] n=${cell.n}</span><br><span class="ci${unparsed > 0.05 ? ' warn' : ''}">unparsed ${percent(unparsed, 1)}</span></td>`
    })
    return `<tr><td>${escapeHtml(benchmark)}</td>${tds.join('')}</tr>`
  })
  const averageCells = models.map((model) => {
    const average = comparison.averages[model]
    return `<td><b>${average === null || average === undefined ? '–' : percent(average)}</b></td>`
  })
  rows.push(`<tr><td><b>Average</b></td>${averageCells.join('')}</tr>`)
  body.push(`<table class="main">${header}${rows.join('')}</table>`)

  const accuracyGroups: ChartGroup[] = benchmarks.map((benchmark) => ({
    label: benchmark,
    bars: models.flatMap((model, series) => {
      const cell = cells[benchmark]?.[model]
      return cell === undefined
        ? []
        : [{ series, label: model, value: cell.accuracy, low: cell.ci95[0], high: cell.ci95[1] }]
    }),
  }))
  body.push(
    `<figure>${groupedBarChart({ title: 'Accuracy (bars) with 95% bootstrap intervals (whiskers)', groups: accuracyGroups })}</figure>`,
  )
  const unparsedGroups: ChartGroup[] = benchmarks.map((benchmark) => ({
    label: benchmark,
    bars: models.flatMap((model, series) => {
      const cell = cells[benchmark]?.[model]
      return cell === undefined || cell.n === 0
        ? []
        : [{ series, label: model, value: cell.unparsed / cell.n }]
    }),
  }))
  const worstUnparsed = Math.max(
    0.05,
    ...unparsedGroups.flatMap((group) => group.bars.map((bar) => bar.value)),
  )
  body.push(
    `<figure>${groupedBarChart({ title: 'Unparsed rate', groups: unparsedGroups, maximum: Math.min(1, Math.ceil(worstUnparsed * 20) / 20) })}</figure>`,
  )

  for (const breakdown of comparison.breakdowns) {
    body.push(`<h2>${escapeHtml(`${breakdown.benchmark} by ${breakdown.kind}`)}</h2>`)
    const head = `<tr><th>${breakdown.kind === 'category' ? 'Category' : 'Subject'}</th>${models.map((model) => `<th>${escapeHtml(model)}</th>`).join('')}</tr>`
    const lines = breakdown.rows.map((row) => {
      const tds = models.map((model) => {
        const cell = breakdown.cells[row]?.[model]
        return cell === undefined
          ? '<td>–</td>'
          : `<td style="background:${heat(cell.accuracy)}">${percent(cell.accuracy, 1)} <span class="ci">(${cell.correct}/${cell.n})</span></td>`
      })
      return `<tr><td>${escapeHtml(row)}</td>${tds.join('')}</tr>`
    })
    body.push(`<table>${head}${lines.join('')}</table>`)
  }

  for (const [benchmark, byModel] of Object.entries(comparison.judge)) {
    const dimensions = [
      ...new Set(Object.values(byModel).flatMap((entry) => Object.keys(entry.dimensions))),
    ]
    body.push(`<h2>${escapeHtml(`${benchmark}: judge scores`)}</h2>`)
    const head = `<tr><th>Model</th><th>Overall (5-pt)</th>${dimensions.map((name) => `<th>${escapeHtml(name)} (3-pt)</th>`).join('')}</tr>`
    const lines = Object.entries(byModel).map(
      ([model, entry]) =>
        `<tr><td>${escapeHtml(model)}</td><td>${entry.overall.toFixed(2)}</td>${dimensions.map((name) => `<td>${(entry.dimensions[name] ?? 0).toFixed(2)}</td>`).join('')}</tr>`,
    )
    body.push(`<table>${head}${lines.join('')}</table>`)
  }

  for (const measure of measureTables(comparison)) {
    body.push(`<h2>${escapeHtml(measure.title)}</h2>`)
    const head = `<tr>${measure.header.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>`
    const lines = measure.rows.map(
      (row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`,
    )
    body.push(`<table>${head}${lines.join('')}</table>`)
  }

  body.push('<h2>Tokens and latency</h2>')
  const costHead =
    '<tr><th>Benchmark</th><th>Model</th><th>Prompt tokens</th><th>Completion tokens</th><th>Mean completion</th><th>Mean latency (ms)</th><th>p95 latency (ms)</th></tr>'
  const costLines: string[] = []
  for (const benchmark of benchmarks) {
    for (const model of models) {
      const cost = comparison.costs[benchmark]?.[model]
      if (cost === undefined) continue
      costLines.push(
        `<tr><td>${escapeHtml(benchmark)}</td><td>${escapeHtml(model)}</td><td>${cost.promptTokens}</td><td>${cost.completionTokens}</td><td>${cost.meanCompletionTokens === null ? '–' : cost.meanCompletionTokens.toFixed(1)}</td><td>${cost.meanLatencyMs === null ? '–' : cost.meanLatencyMs.toFixed(0)}</td><td>${cost.p95LatencyMs === null ? '–' : cost.p95LatencyMs.toFixed(0)}</td></tr>`,
      )
    }
  }
  body.push(`<table>${costHead}${costLines.join('')}</table>`)

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n')
}
