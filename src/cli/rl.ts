/**
 * `galen rl ...`: RL and fine-tuning data tooling on JSON Lines files: statistics, filtering,
 * selection, preference pairs, decontamination, exports, stratified sampling and mixing. Every
 * command streams its input; malformed lines are printed with their line number and counted.
 */
import type { Command } from 'commander'
import { registerDecontaminate } from './rl-decontaminate.js'
import { registerExport } from './rl-export.js'
import { registerFilter } from './rl-filter.js'
import { registerImport } from './rl-import.js'
import { registerMix } from './rl-mix.js'
import { registerPairs } from './rl-pairs.js'
import { registerSample } from './rl-sample.js'
import { registerSelect } from './rl-select.js'
import { registerStats } from './rl-stats.js'

/** Registers `galen rl` and its subcommands. */
export function register(program: Command): void {
  const rl = program
    .command('rl')
    .description(
      'RL and fine-tuning data: stats, filter, select, pairs, decontaminate, export, sample, mix, import',
    )
    .addHelpText(
      'after',
      '\nA rollout is one JSON line: {"prompt_id", "prompt", "response", "reward", "task"?, "epoch"?, "components"?}.\n' +
        'verl (trainer.rollout_data_dir) and OpenRLHF dumps are read as well (--from).\n\n' +
        'Example:\n  $ galen rl stats --input rollouts.jsonl',
    )
  registerStats(rl)
  registerFilter(rl)
  registerSelect(rl)
  registerPairs(rl)
  registerDecontaminate(rl)
  registerExport(rl)
  registerSample(rl)
  registerMix(rl)
  registerImport(rl)
}
