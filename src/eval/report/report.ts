/**
 * `galen eval report`: loads run folders and renders the comparison as Markdown and HTML.
 */
import { buildComparison, type Comparison } from './comparison.js'
import { renderHtml } from './html.js'
import { loadRun, type ReportRun } from './load-runs.js'
import { renderMarkdown } from './markdown.js'

/** A rendered report. */
export interface RenderedReport {
  runs: ReportRun[]
  comparison: Comparison
  markdown: string
  html: string
}

/** Builds the report of run folders. */
export function buildReport(
  directories: readonly string[],
  options: { title?: string } = {},
): RenderedReport {
  const runs = directories.map((directory) => loadRun(directory))
  const comparison = buildComparison(runs)
  const title = options.title ?? 'Galen evaluation report'
  return {
    runs,
    comparison,
    markdown: renderMarkdown(comparison, { title }),
    html: renderHtml(comparison, { title, generatedAt: new Date().toISOString() }),
  }
}
