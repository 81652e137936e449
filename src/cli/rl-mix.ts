/** `galen rl mix`: mixes datasets by the ratios in a file, with a seed. */
import type { Command } from 'commander'
import {
  issuePrinter,
  loadRlData,
  percent,
  printSummary,
  summaryWriter,
  withoutIssues,
} from './rl-shared.js'
import { EXIT_OK, parseNumberOption, plural, runAction } from './run-command.js'

/** Registers `galen rl mix` on the `rl` command. */
export function registerMix(rl: Command): void {
  rl.command('mix')
    .description('mix datasets by the ratios in a file, with a seed')
    .requiredOption(
      '--ratios <file>',
      'JSON: {"sources": [{"name", "path", "ratio"}], "total"?, "seed"?, "allow_repeat"?}',
    )
    .requiredOption('--out <file>', 'the mixture (JSON Lines; - for stdout)')
    .option('--seed <seed>', 'random seed (overrides the file)')
    .option('--total <n>', 'records to write (overrides the file)')
    .option('--tag', 'add "mix_source" to each record')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample (ratios.json: {"sources": [{"name": "reasoning", "path": "reasoning.jsonl", "ratio": 3},\n' +
        '                                   {"name": "general", "path": "general.jsonl", "ratio": 1}], "seed": 7}):\n' +
        '  $ galen rl mix --ratios ratios.json --out stage2.jsonl',
    )
    .action(
      (options: {
        ratios: string
        out: string
        seed?: string
        total?: string
        tag?: boolean
        json?: boolean
      }) =>
        runAction(async () => {
          const module = await loadRlData()
          const total = parseNumberOption('--total', options.total, { integer: true, min: 0 })
          const spec = module.readMixSpec(options.ratios)
          const printer = issuePrinter()
          const result = await module.mixDatasets(spec, {
            out: options.out,
            ...(options.seed === undefined ? {} : { seed: options.seed }),
            ...(total === undefined ? {} : { total }),
            ...(options.tag ? { tag: true } : {}),
            onIssue: printer.onIssue,
          })
          printer.finish()
          if (options.json) printSummary(withoutIssues(result), options.out)
          else {
            const write = summaryWriter(options.out)
            write(
              `wrote ${plural(result.written, 'record')} (target ${result.total}, seed ${result.seed})`,
            )
            for (const [name, source] of Object.entries(result.sources)) {
              write(
                `  ${name}: ${source.written} of ${source.available} (share ${percent(source.share)}${source.repeats > 0 ? `, repeated ${source.repeats}x` : ''}${source.shortfall > 0 ? `, SHORT by ${source.shortfall}` : ''})`,
              )
            }
          }
          return EXIT_OK
        }),
    )
}
