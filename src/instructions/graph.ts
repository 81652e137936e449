/**
 * The curriculum: stages from the prerequisite DAG (a task's stage is one more than the latest
 * stage of its prerequisites, so atomic tasks come first), drawn as text or as a self-contained
 * SVG/HTML page.
 */
import { InputError } from '../errors.js'
import type { TaskRegistry } from './registry.js'
import { findCycles } from './validate.js'

/** Stage number per task id. */
export function curriculumStages(registry: TaskRegistry): Map<string, number> {
  const cycles = findCycles(registry)
  if (cycles.length > 0) {
    throw new InputError(
      `instructions: prerequisite cycle ${(cycles[0] as string[]).join(' -> ')}; no curriculum can be built`,
      { field: 'prerequisites', value: cycles[0] },
    )
  }
  const stages = new Map<string, number>()
  const stageOf = (id: string): number => {
    const known = stages.get(id)
    if (known !== undefined) return known
    const task = registry.get(id)
    let stage = 0
    for (const prerequisite of task.prerequisites) {
      if (registry.has(prerequisite)) stage = Math.max(stage, stageOf(prerequisite) + 1)
    }
    stages.set(id, stage)
    return stage
  }
  for (const task of registry.tasks) stageOf(task.id)
  return stages
}

/** Task ids per stage, in stage order. */
export function stageLists(registry: TaskRegistry): string[][] {
  const stages = curriculumStages(registry)
  const lists: string[][] = []
  for (const task of registry.tasks) {
    const stage = stages.get(task.id) ?? 0
    while (lists.length <= stage) lists.push([])
    lists[stage]?.push(task.id)
  }
  return lists
}

/** The curriculum as text: one block per stage, each task with its prerequisites. */
export function renderGraphText(registry: TaskRegistry): string {
  const lines: string[] = []
  for (const [stage, ids] of stageLists(registry).entries()) {
    lines.push(`stage ${stage} (${ids.length} task${ids.length === 1 ? '' : 's'})`)
    for (const id of ids) {
      const task = registry.get(id)
      const after = task.prerequisites.length > 0 ? `  <- ${task.prerequisites.join(', ')}` : ''
      lines.push(`  ${id} [${task.dimension}]${after}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}

const COLOURS: Record<string, string> = {
  comprehension: '#dbeafe',
  generation: '#fce7f3',
  'knowledge-application': '#dcfce7',
  reasoning: '#fef3c7',
}

/** The curriculum DAG as SVG: one column per stage, arrows from prerequisites. */
export function renderGraphSvg(registry: TaskRegistry): string {
  const lists = stageLists(registry)
  const boxWidth = 250
  const boxHeight = 26
  const columnGap = 90
  const rowGap = 10
  const margin = 20
  const positions = new Map<string, { x: number; y: number }>()
  for (const [stage, ids] of lists.entries()) {
    for (const [row, id] of ids.entries()) {
      positions.set(id, {
        x: margin + stage * (boxWidth + columnGap),
        y: margin + 24 + row * (boxHeight + rowGap),
      })
    }
  }
  const rows = Math.max(...lists.map((ids) => ids.length))
  const width = margin * 2 + lists.length * boxWidth + (lists.length - 1) * columnGap
  const height = margin * 2 + 24 + rows * (boxHeight + rowGap)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="Instruction task curriculum">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>',
  ]
  for (const [stage] of lists.entries()) {
    const x = margin + stage * (boxWidth + columnGap)
    parts.push(`<text x="${x}" y="${margin + 10}" font-weight="bold">stage ${stage}</text>`)
  }
  for (const task of registry.tasks) {
    const to = positions.get(task.id)
    if (to === undefined) continue
    for (const prerequisite of task.prerequisites) {
      const from = positions.get(prerequisite)
      if (from === undefined) continue
      parts.push(
        `<line x1="${from.x + boxWidth}" y1="${from.y + boxHeight / 2}" x2="${to.x}" y2="${to.y + boxHeight / 2}" stroke="#94a3b8" marker-end="url(#arrow)"/>`,
      )
    }
  }
  for (const task of registry.tasks) {
    const at = positions.get(task.id)
    if (at === undefined) continue
    parts.push(
      `<g><title>${escapeXml(`${task.name} (${task.dimension}, ${task.kind})`)}</title><rect x="${at.x}" y="${at.y}" width="${boxWidth}" height="${boxHeight}" rx="4" fill="${COLOURS[task.dimension] ?? '#f1f5f9'}" stroke="#475569"/><text x="${at.x + 6}" y="${at.y + 17}">${escapeXml(task.id)}</text></g>`,
    )
  }
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

/** A self-contained HTML page (no scripts, no network) holding the SVG and a legend. */
export function renderGraphHtml(registry: TaskRegistry): string {
  const legend = Object.entries(COLOURS)
    .map(
      ([dimension, colour]) =>
        `<li><span style="display:inline-block;width:12px;height:12px;background:${colour};border:1px solid #475569"></span> ${dimension}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Galen instruction curriculum</title></head>
<body style="font-family:sans-serif">
<h1>Instruction task curriculum</h1>
<p>${registry.tasks.length} tasks; stages from the prerequisite graph (atomic tasks first).</p>
<ul style="list-style:none;padding:0">${legend}</ul>
${renderGraphSvg(registry)}</body></html>
`
}
