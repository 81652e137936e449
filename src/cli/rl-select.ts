/** `galen rl select`: best-of-N rollouts for SFT, or the prompts with the most reward variance. */
import type { Command } from 'commander'
import {
  addRolloutOptions,
  fixed,
  issuePrinter,
  itemFiles,
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

interface SelectCliOptions extends RolloutCliOptions {
  out: string
  mode: string
  top?: string
  minReward?: string
  fraction?: string
  minStd?: string
  items?: string
  itemsOut?: string
}

/** Registers `galen rl select` on the `rl` command. */
export function registerSelect(rl: Command): void {
  addRolloutOptions(
    rl
      .command('select')
      .description('best-of-N rollouts for SFT, or the prompts with the most reward variance'),
  )
    .requiredOption('--out <file>', 'selected rollouts (JSON Lines; - for stdout)')
    .option('--mode <mode>', 'best-of-n or variance', 'best-of-n')
    .option('--top <n>', 'best-of-n: rollouts kept per prompt (default 1); variance: prompts kept')
    .option('--min-reward <r>', 'best-of-n: keep only rollouts with at least this reward')
    .option('--fraction <f>', 'variance: keep this share of all prompts, most varied first')
    .option('--min-std <s>', 'variance: least reward standard deviation (default above 0)')
    .option('--items <file>', 'variance: dataset items to select alongside (by id)')
    .option('--items-out <file>', 'variance: where the selected items go')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ galen rl select --input rollouts.jsonl --out best.jsonl --min-reward 1\n' +
        '  $ galen rl select --mode variance --input general.jsonl --out varied.jsonl --fraction 0.25 \\\n' +
        '      --items general-items.jsonl --items-out stage2.jsonl',
    )
    .action((options: SelectCliOptions) =>
      runAction(async () => {
        const module = await loadRlData()
        const input = requireOption(options.input, '--input')
        const printer = issuePrinter()
        const progress = passProgress({ 1: 'pass 1/2', 2: 'pass 2/2', 3: 'items' })
        const common = {
          ...rolloutSettings(options, module),
          out: options.out,
          onIssue: printer.onIssue,
          onPassProgress: (pass: number) => progress.forPass(pass),
        }
        const top = parseNumberOption('--top', options.top, { integer: true, min: 1 })
        const write = summaryWriter(options.out)
        if (options.mode === 'best-of-n') {
          const minReward = parseNumberOption('--min-reward', options.minReward)
          const result = await module.selectBestOfN(input, {
            ...common,
            ...(top === undefined ? {} : { top }),
            ...(minReward === undefined ? {} : { minReward }),
          })
          progress.stop()
          printer.finish()
          if (options.json) printSummary(withoutIssues(result), options.out)
          else {
            write(
              `selected ${plural(result.selected, 'rollout')} for ${result.prompts - result.below_min_reward} of ${plural(result.prompts, 'prompt')} (mean reward ${fixed(result.mean_selected_reward)})`,
            )
            if (result.below_min_reward > 0)
              write(`prompts with no rollout at the minimum reward: ${result.below_min_reward}`)
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return result.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }
        if (options.mode !== 'variance') {
          throw new UsageError(
            `option --mode = "${options.mode}" is invalid: expected best-of-n or variance`,
          )
        }
        const fraction = parseNumberOption('--fraction', options.fraction, { min: 0, max: 1 })
        const minStd = parseNumberOption('--min-std', options.minStd, { min: 0 })
        const items = itemFiles(options)
        const result = await module.selectByRewardVariance(input, {
          ...common,
          ...(top === undefined ? {} : { top }),
          ...(fraction === undefined ? {} : { fraction }),
          ...(minStd === undefined ? {} : { minStd }),
          ...(items === undefined ? {} : { items }),
        })
        progress.stop()
        printer.finish()
        if (options.json) printSummary(withoutIssues(result), options.out)
        else {
          write(
            `selected ${result.selected_prompts} of ${plural(result.prompts, 'prompt')} (${plural(result.selected_rollouts, 'rollout')}), reward std >= ${fixed(result.std_cutoff)}, mean std ${fixed(result.mean_selected_std)}`,
          )
          if (result.items !== undefined)
            write(`items: kept ${result.items.kept} of ${result.items.read}`)
          if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
        }
        return result.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}
