/** `galen eval report`: compares run folders (models x benchmarks) as Markdown, HTML or JSON. */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { EXIT_OK, plural, printJson, runAction, UsageError } from './run-command.js'

interface ReportCommandOptions {
  html?: string
  markdown?: string
  title?: string
  json?: boolean
}

async function reportCommand(
  directories: string[],
  options: ReportCommandOptions,
): Promise<number> {
  const { buildReport } = await import('../eval/index.js')
  if (directories.length === 0) throw new UsageError('eval report: give at least one run folder')
  const report = buildReport(
    directories.map((directory) => resolve(directory)),
    options.title === undefined ? {} : { title: options.title },
  )
  if (options.html !== undefined) writeFileSync(options.html, report.html)
  if (options.markdown !== undefined) writeFileSync(options.markdown, report.markdown)
  if (options.json) printJson(report.comparison)
  else if (options.html === undefined && options.markdown === undefined)
    process.stdout.write(report.markdown)
  else {
    const written = [options.html, options.markdown]
      .filter((path) => path !== undefined)
      .join(' and ')
    process.stdout.write(`wrote ${written} (${plural(report.runs.length, 'run')})\n`)
  }
  return EXIT_OK
}

/** Registers `galen eval report` on the `eval` command. */
export function registerReport(evalCommand: Command): void {
  evalCommand
    .command('report')
    .description('compare run folders: models × benchmarks with 95% intervals, breakdowns, cost')
    .argument('<dir...>', 'run or replay folders')
    .option('--html <file>', 'write a self-contained HTML page (charts, readable offline)')
    .option('--markdown <file>', 'write Markdown')
    .option('--title <text>', 'report title')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval report eval-runs/medqa-* eval-runs/mmlu-* --html report.html --markdown report.md',
    )
    .action((directories: string[], options: ReportCommandOptions) =>
      runAction(() => reportCommand(directories, options)),
    )
}
