/** `galen eval list`: lists the supported benchmarks, their file layouts and counts. */
import type { Command } from 'commander'
import { EXIT_OK, printJson, runAction } from './run-command.js'

async function listCommand(options: { json?: boolean }): Promise<number> {
  const { BENCHMARKS } = await import('../eval/index.js')
  const entries = BENCHMARKS.map((benchmark) => ({
    name: benchmark.name,
    title: benchmark.title,
    kind: benchmark.kind,
    layout: benchmark.layout,
    counts: benchmark.counts,
    subsets: benchmark.subsets ?? [],
    default_path: benchmark.defaultPath ?? null,
  }))
  if (options.json) printJson({ benchmarks: entries })
  else {
    for (const entry of entries) {
      process.stdout.write(`${entry.name}  ${entry.title} [${entry.kind}]\n`)
      process.stdout.write(`    layout: ${entry.layout}\n    counts: ${entry.counts}\n`)
      if (entry.subsets.length > 0)
        process.stdout.write(`    subsets: ${entry.subsets.join(', ')}\n`)
      if (entry.default_path !== null)
        process.stdout.write(`    default path: $GALEN_BENCHMARK_DATA/${entry.default_path}\n`)
    }
  }
  return EXIT_OK
}

/** Registers `galen eval list` on the `eval` command. */
export function registerList(evalCommand: Command): void {
  evalCommand
    .command('list')
    .description('list the supported benchmarks, their file layouts and counts')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  $ galen eval list --json')
    .action((options: { json?: boolean }) => runAction(() => listCommand(options)))
}
