/** `galen rl import`: converts a verl or OpenRLHF rollout dump into Galen rollout records. */
import type { Command } from 'commander'
import {
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
import { EXIT_FAILURE, EXIT_OK, plural, runAction } from './run-command.js'

/** Registers `galen rl import` on the `rl` command. */
export function registerImport(rl: Command): void {
  rl.command('import')
    .description('convert a verl or OpenRLHF rollout dump into Galen rollout records')
    .requiredOption('--input <file>', 'the dump (JSON Lines)')
    .requiredOption('--out <file>', 'Galen rollouts (JSON Lines; - for stdout)')
    .option('--from <format>', 'auto, galen, verl or openrlhf', 'auto')
    .option('--steps-per-epoch <n>', 'verl dumps: training steps per epoch')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen rl import --from verl --input dumps/40.jsonl --steps-per-epoch 20 --out rollouts.jsonl',
    )
    .action((options: RolloutCliOptions & { out: string }) =>
      runAction(async () => {
        const module = await loadRlData()
        const printer = issuePrinter()
        const progress = passProgress({ 1: 'import' })
        const result = await module.importRollouts(requireOption(options.input, '--input'), {
          ...rolloutSettings(options, module),
          out: options.out,
          onIssue: printer.onIssue,
          ...(options.input === '-' ? {} : { onProgress: progress.forPass(1) }),
        })
        progress.stop()
        printer.finish()
        if (options.json) printSummary(withoutIssues(result), options.out)
        else {
          summaryWriter(options.out)(
            `${plural(result.written, 'rollout')} written to ${options.out === '-' ? 'stdout' : options.out}; ${plural(result.malformed, 'malformed line')} skipped`,
          )
        }
        return result.written === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}
