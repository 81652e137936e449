/**
 * The study report as one self-contained HTML page: summary, a trace plot (every observed value
 * and the best so far, as inline SVG), the predicted optimum, per-group effects and the trials.
 */
import type { StudyAnalysis } from './analysis.js'
import type { Study } from './study.js'

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4)
}

const PLOT = { width: 640, height: 300, left: 56, right: 16, top: 16, bottom: 40 } as const

/** The trace plot: observed values (dots, coloured by source) and the best so far (step line). */
export function traceSvg(analysis: StudyAnalysis): string {
  const points = analysis.trace
  const innerWidth = PLOT.width - PLOT.left - PLOT.right
  const innerHeight = PLOT.height - PLOT.top - PLOT.bottom
  if (points.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${PLOT.width}" height="60" role="img" aria-label="no completed trials yet"><text x="10" y="35">No completed trials yet.</text></svg>`
  }
  const values = points.map((point) => point.value)
  let low = Math.min(...values)
  let high = Math.max(...values)
  if (high - low < 1e-12) {
    low -= 0.5
    high += 0.5
  }
  const pad = 0.05 * (high - low)
  low -= pad
  high += pad
  const lastTrial = Math.max(...points.map((point) => point.trial))
  const xOf = (trial: number): number =>
    PLOT.left + (lastTrial <= 1 ? innerWidth / 2 : ((trial - 1) / (lastTrial - 1)) * innerWidth)
  const yOf = (value: number): number => PLOT.top + ((high - value) / (high - low)) * innerHeight
  const colours: Record<string, string> = {
    design: '#7a7a7a',
    model: '#1f5fa8',
    fallback: '#b8860b',
  }
  const ticks = Array.from({ length: 5 }, (_, index) => low + ((high - low) * index) / 4)
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PLOT.width} ${PLOT.height}" width="${PLOT.width}" height="${PLOT.height}" role="img" aria-label="objective value per trial and best so far">`,
  )
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.top + innerHeight}" x2="${PLOT.left + innerWidth}" y2="${PLOT.top + innerHeight}" stroke="#333"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.top + innerHeight}" stroke="#333"/>`,
  )
  for (const tick of ticks) {
    const y = yOf(tick).toFixed(1)
    parts.push(
      `<line x1="${PLOT.left - 4}" y1="${y}" x2="${PLOT.left + innerWidth}" y2="${y}" stroke="#e3e3e3"/>`,
      `<text x="${PLOT.left - 6}" y="${y}" font-size="11" text-anchor="end" dominant-baseline="middle">${formatNumber(tick)}</text>`,
    )
  }
  const step = Math.max(1, Math.ceil(lastTrial / 10))
  for (let trial = 1; trial <= lastTrial; trial += step) {
    parts.push(
      `<text x="${xOf(trial).toFixed(1)}" y="${PLOT.top + innerHeight + 16}" font-size="11" text-anchor="middle">${trial}</text>`,
    )
  }
  parts.push(
    `<text x="${PLOT.left + innerWidth / 2}" y="${PLOT.height - 4}" font-size="12" text-anchor="middle">trial</text>`,
  )
  let path = ''
  points.forEach((point, index) => {
    const x = xOf(point.trial).toFixed(1)
    const y = yOf(point.best).toFixed(1)
    if (index === 0) path += `M${x},${y}`
    else path += `H${x}V${y}`
  })
  parts.push(`<path d="${path}" fill="none" stroke="#c0392b" stroke-width="2"/>`)
  for (const point of points) {
    parts.push(
      `<circle cx="${xOf(point.trial).toFixed(1)}" cy="${yOf(point.value).toFixed(1)}" r="4" fill="${colours[point.source] ?? '#333'}"><title>trial ${point.trial} (${point.source}): ${formatNumber(point.value)}</title></circle>`,
    )
  }
  parts.push('</svg>')
  return parts.join('')
}

function effectsSvg(analysis: StudyAnalysis): string {
  const effects = analysis.model?.effects ?? []
  if (effects.length === 0) return ''
  const rowHeight = 22
  const width = 640
  const labelWidth = 160
  const half = (width - labelWidth - 20) / 2
  const largest = Math.max(1e-12, ...effects.map((effect) => Math.abs(effect.per_tenth)))
  const height = effects.length * rowHeight + 10
  const centre = labelWidth + half
  const rows = effects.map((effect, index) => {
    const y = 5 + index * rowHeight
    const length = (Math.abs(effect.per_tenth) / largest) * half
    const x = effect.per_tenth >= 0 ? centre : centre - length
    const colour = effect.per_tenth >= 0 ? '#2e7d32' : '#c62828'
    return `<text x="${labelWidth - 6}" y="${y + 12}" font-size="12" text-anchor="end">${escapeHtml(effect.group)}</text><rect x="${x.toFixed(1)}" y="${y + 2}" width="${length.toFixed(1)}" height="${rowHeight - 6}" fill="${colour}"><title>${escapeHtml(effect.group)}: ${formatNumber(effect.per_tenth)} per +0.1</title></rect>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="predicted effect of raising each group by 0.1"><line x1="${centre}" y1="0" x2="${centre}" y2="${height}" stroke="#333"/>${rows.join('')}</svg>`
}

/** Renders the report page. */
export function renderStudyHtml(study: Study, analysis: StudyAnalysis): string {
  const direction = analysis.direction === 'maximize' ? 'higher is better' : 'lower is better'
  const groupHeads = study.groups
    .map((group) => `<th scope="col">${escapeHtml(group.name)}</th>`)
    .join('')
  const trialRows = study.trials
    .map((trial) => {
      const cells = study.groups
        .map((group) => `<td>${(trial.ratios[group.name] ?? 0).toFixed(4)}</td>`)
        .join('')
      const value =
        trial.status === 'complete' && trial.value !== undefined
          ? formatNumber(trial.value)
          : trial.status === 'failed'
            ? `failed${trial.reason ? `: ${escapeHtml(trial.reason)}` : ''}`
            : 'pending'
      const highlight = analysis.best?.trial === trial.id ? ' class="best"' : ''
      return `<tr${highlight}><td>${trial.id}</td><td>${trial.source}</td>${cells}<td>${value}</td></tr>`
    })
    .join('\n')
  const best = analysis.best
    ? `<p>Best so far: trial ${analysis.best.trial}, value <strong>${formatNumber(analysis.best.value)}</strong>.</p>`
    : '<p>No completed trial yet.</p>'
  const model = analysis.model
  const optimum = model
    ? `<h2>Predicted optimum</h2><p>Model mean ${formatNumber(model.optimum.mean)} ± ${formatNumber(model.optimum.sd)} (one standard deviation); largest expected improvement left ${formatNumber(model.expected_improvement)}.</p><table><thead><tr>${groupHeads}</tr></thead><tbody><tr>${study.groups
        .map((group) => `<td>${(model.optimum.ratios[group.name] ?? 0).toFixed(4)}</td>`)
        .join(
          '',
        )}</tr></tbody></table><h2>Group effects near the optimum</h2><p>Predicted change of the objective when a group gains 0.1 of the mixture (taken from the others in proportion).</p>${effectsSvg(analysis)}`
    : '<p>The model needs at least two completed trials.</p>'
  const stop = analysis.stop
    ? `<p class="stop">Stopping rule <code>${analysis.stop.rule}</code> fires: ${escapeHtml(analysis.stop.reason)}.</p>`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mixture study ${escapeHtml(study.name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 60rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
tr.best { background: #fff4d6; }
.legend span { margin-right: 1rem; }
.stop { color: #8a4b00; }
</style>
</head>
<body>
<h1>Mixture study ${escapeHtml(study.name)}</h1>
<p>Objective: ${escapeHtml(study.objective.terms.map((term) => `${term.weight} × ${term.benchmark}${term.category ? `/${term.category}` : ''}${term.subject ? `/${term.subject}` : ''}`).join(' + ') || 'values given directly')} (${direction}). Trials: ${analysis.trials.total} (${analysis.trials.complete} complete, ${analysis.trials.pending} pending, ${analysis.trials.failed} failed).</p>
${best}
${stop}
<h2>Trace</h2>
${traceSvg(analysis)}
<p class="legend"><span style="color:#7a7a7a">● design</span><span style="color:#1f5fa8">● model</span><span style="color:#b8860b">● fallback</span><span style="color:#c0392b">— best so far</span></p>
${optimum}
<h2>Trials</h2>
<table><thead><tr><th scope="col">trial</th><th scope="col">source</th>${groupHeads}<th scope="col">value</th></tr></thead>
<tbody>
${trialRows}
</tbody></table>
</body>
</html>
`
}
