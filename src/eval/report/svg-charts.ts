/**
 * Inline SVG charts for the HTML report (no scripts, no external resources): grouped horizontal
 * bars with 95% interval whiskers.
 */

/** HTML/XML text escaping. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** The colours given to models, in order (colour-blind-safe palette). */
export const MODEL_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
]

/** One bar of a grouped chart. */
export interface ChartBar {
  series: number
  label: string
  value: number
  low?: number
  high?: number
}

/** One group of bars (a benchmark). */
export interface ChartGroup {
  label: string
  bars: ChartBar[]
}

/**
 * A grouped horizontal bar chart of fractions in [0, `maximum`], with optional interval whiskers.
 * Returns an `<svg>` element as text.
 */
export function groupedBarChart(options: {
  title: string
  groups: readonly ChartGroup[]
  maximum?: number
  width?: number
}): string {
  const width = options.width ?? 760
  const maximum = options.maximum ?? 1
  const labelWidth = 190
  const valueWidth = 64
  const plotWidth = width - labelWidth - valueWidth - 16
  const barHeight = 14
  const gap = 4
  const groupGap = 14
  let y = 30
  const parts: string[] = []
  const x = (value: number): number =>
    labelWidth + (Math.max(0, Math.min(maximum, value)) / maximum) * plotWidth
  for (const group of options.groups) {
    const groupTop = y
    for (const bar of group.bars) {
      const colour = MODEL_COLOURS[bar.series % MODEL_COLOURS.length] ?? '#888'
      const barWidth = x(bar.value) - labelWidth
      parts.push(
        `<rect class="bar" x="${labelWidth}" y="${y}" width="${barWidth.toFixed(1)}" height="${barHeight}" fill="${colour}"><title>${escapeHtml(`${group.label} · ${bar.label}: ${(bar.value * 100).toFixed(2)}%`)}</title></rect>`,
      )
      if (bar.low !== undefined && bar.high !== undefined) {
        const middle = y + barHeight / 2
        parts.push(
          `<path class="whisker" d="M${x(bar.low).toFixed(1)} ${middle}H${x(bar.high).toFixed(1)}M${x(bar.low).toFixed(1)} ${middle - 4}V${middle + 4}M${x(bar.high).toFixed(1)} ${middle - 4}V${middle + 4}" stroke="#222" stroke-width="1.2" fill="none"/>`,
        )
      }
      parts.push(
        `<text x="${width - valueWidth}" y="${y + barHeight - 3}" class="value">${(bar.value * 100).toFixed(1)}%</text>`,
      )
      y += barHeight + gap
    }
    const middle = (groupTop + y - gap) / 2
    parts.push(
      `<text x="${labelWidth - 8}" y="${middle + 4}" text-anchor="end" class="group">${escapeHtml(group.label)}</text>`,
    )
    y += groupGap
  }
  const axis: string[] = []
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (maximum * tick) / 4
    const position = x(value).toFixed(1)
    axis.push(
      `<line x1="${position}" y1="24" x2="${position}" y2="${y - groupGap}" stroke="#ddd"/>`,
    )
    axis.push(
      `<text x="${position}" y="${y - groupGap + 14}" text-anchor="middle" class="tick">${Number((value * 100).toFixed(1))}%</text>`,
    )
  }
  const height = y - groupGap + 22
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="chart-title">${escapeHtml(options.title)}</text>`,
    ...axis,
    ...parts,
    '</svg>',
  ].join('')
}
