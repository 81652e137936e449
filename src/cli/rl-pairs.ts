/** `galen rl pairs`: preference pairs (best vs worst, or all pairs above a margin) for DPO. */
import type { Command } from 'commander'
import {
  addRolloutOptions,
  fixed,
  issuePrinter,
  loadRlData,
  passProgress,
  printSummary,
  type RolloutCliOptions,
  requireOption,
  rolloutSettings,
  summaryWriter,
  withoutIssues,
} from './rl-shared.js'
import {
  EXIT_FAILURE,
  EXIT_OK,
  parseNumberOption,
  plural,
  runAction,
  UsageError,
} from './run-command.js'

/** Registers `galen rl pairs` on the `rl` command. */
export function registerPairs(rl: Command): void {
  addRolloutOptions(
    rl
      .command('pairs')
      .description('preference pairs (best vs worst, or all pairs above a margin) for DPO'),
  )
    .requiredOption('--out <file>', 'pairs (JSON Lines; - for stdout)')
    .option('--mode <mode>', 'best-worst or all', 'best-worst')
    .option('--margin <m>', 'chosen reward must exceed rejected reward by more than this', '0')
    .option('--max-pairs <n>', 'all: at most this many pairs per group, widest margins first')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen rl pairs --input rollouts.jsonl --out pairs.jsonl\n  $ galen rl pairs --input rollouts.jsonl --out pairs.jsonl --mode all --margin 0.5 --max-pairs 8',
    )
    .action(
      (
        options: RolloutCliOptions & {
          out: string
          mode: string
          margin: string
          maxPairs?: string
        },
      ) =>
        runAction(async () => {
          const module = await loadRlData()
          if (options.mode !== 'best-worst' && options.mode !== 'all') {
            throw new UsageError(
              `option --mode = "${options.mode}" is invalid: expected best-worst or all`,
            )
          }
          const margin = parseNumberOption('--margin', options.margin, { min: 0 }) ?? 0
          const maxPairs = parseNumberOption('--max-pairs', options.maxPairs, {
            integer: true,
            min: 1,
          })
          const printer = issuePrinter()
          const progress = passProgress({ 1: 'pass 1/2', 2: 'pass 2/2' })
          const result = await module.buildPreferencePairs(
            requireOption(options.input, '--input'),
            {
              ...rolloutSettings(options, module),
              out: options.out,
              mode: options.mode,
              margin,
              ...(maxPairs === undefined ? {} : { maxPairsPerGroup: maxPairs }),
              onIssue: printer.onIssue,
              onPassProgress: (pass) => progress.forPass(pass),
            },
          )
          progress.stop()
          printer.finish()
          if (options.json) printSummary(withoutIssues(result), options.out)
          else {
            const write = summaryWriter(options.out)
            write(
              `${plural(result.pairs, 'pair')} from ${plural(result.groups, 'group')} (${plural(result.groups_without_pair, 'group gave', 'groups gave')} none), mean margin ${fixed(result.mean_margin)}`,
            )
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return result.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}
