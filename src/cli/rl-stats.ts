/**
 * `galen rl stats`: counts, mean reward, pass-rate histogram and uniform groups of a rollout file.
 */
import type { Command } from 'commander'
import {
  addRolloutOptions,
  fixed,
  issuePrinter,
  loadRlData,
  passProgress,
  percent,
  type RolloutCliOptions,
  requireOption,
  rolloutSettings,
  withoutIssues,
} from './rl-shared.js'
import { EXIT_FAILURE, EXIT_OK, plural, printJson, runAction } from './run-command.js'

/** Registers `galen rl stats` on the `rl` command. */
export function registerStats(rl: Command): void {
  addRolloutOptions(
    rl
      .command('stats')
      .description('per-task and overall counts, mean reward, pass-rate histogram, uniform groups'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ galen rl stats --input rollouts.jsonl\n  $ galen rl stats --input verl_dump/12.jsonl --json',
    )
    .action((options: RolloutCliOptions) =>
      runAction(async () => {
        const module = await loadRlData()
        const input = requireOption(options.input, '--input')
        const printer = issuePrinter()
        const progress = passProgress({ 1: 'stats' })
        const stats = await module.computeRolloutStats(input, {
          ...rolloutSettings(options, module),
          onIssue: printer.onIssue,
          ...(input === '-' ? {} : { onProgress: progress.forPass(1) }),
        })
        progress.stop()
        printer.finish()
        if (options.json) printJson(withoutIssues(stats))
        else {
          const out = (text: string) => process.stdout.write(`${text}\n`)
          out(
            `${plural(stats.rollouts, 'rollout')}, ${plural(stats.prompts, 'prompt')}, ${plural(stats.groups, 'group')}` +
              (stats.epochs.length > 0 ? ` (epochs ${stats.epochs.join(', ')})` : ''),
          )
          out(
            `mean reward ${fixed(stats.mean_reward)}, mean pass rate ${fixed(stats.mean_pass_rate)} (pass: reward >= ${stats.pass_threshold})`,
          )
          out(
            `uniform groups ${stats.uniform_groups} (${percent(stats.uniform_share)}): no GRPO signal`,
          )
          out('pass-rate histogram (groups):')
          const widest = Math.max(1, ...Object.values(stats.pass_rate_histogram))
          for (const [bin, count] of Object.entries(stats.pass_rate_histogram)) {
            out(
              `  ${bin.padEnd(10)} ${String(count).padStart(8)} ${'#'.repeat(Math.round((count / widest) * 40))}`,
            )
          }
          out(
            `bands: ${Object.entries(stats.bands)
              .map(([band, count]) => `${band} ${count}`)
              .join(', ')}`,
          )
          out('by task:')
          for (const [task, tally] of Object.entries(stats.by_task)) {
            out(
              `  ${task}: ${plural(tally.rollouts, 'rollout')}, ${plural(tally.prompts, 'prompt')}, mean reward ${fixed(tally.mean_reward)}, uniform ${percent(tally.uniform_share)}`,
            )
          }
          if (stats.malformed > 0) out(`malformed lines skipped: ${stats.malformed}`)
        }
        return stats.rollouts === 0 && stats.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}
