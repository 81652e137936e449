/**
 * `galen rl filter`: keeps the rollouts of the prompts that survive dynamic sampling, mastery
 * resampling and difficulty bands.
 */
import type { Command } from 'commander'
import type * as RlData from '../rl-data/index.js'
import {
  addRolloutOptions,
  issuePrinter,
  itemFiles,
  loadRlData,
  passProgress,
  percent,
  printSummary,
  type RlModule,
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

function parseBands(text: string | undefined, rl: RlModule): RlData.DifficultyBand[] | undefined {
  if (text === undefined) return undefined
  const bands = text
    .split(',')
    .map((band) => band.trim())
    .filter((band) => band !== '')
  for (const band of bands) {
    if (!(rl.DIFFICULTY_BANDS as readonly string[]).includes(band)) {
      throw new UsageError(
        `option --bands: unknown band "${band}" (known: ${rl.DIFFICULTY_BANDS.join(', ')})`,
      )
    }
  }
  if (bands.length === 0) throw new UsageError('option --bands needs at least one band')
  return bands as RlData.DifficultyBand[]
}

interface FilterCliOptions extends RolloutCliOptions {
  out: string
  dropUniform?: boolean
  mastery?: string
  epochs?: string
  bands?: string
  advantages?: string
  items?: string
  itemsOut?: string
  dropped?: string
}

/** Registers `galen rl filter` on the `rl` command. */
export function registerFilter(rl: Command): void {
  addRolloutOptions(
    rl
      .command('filter')
      .description(
        'keep the rollouts of the prompts that survive dynamic sampling, mastery resampling and bands',
      ),
  )
    .requiredOption('--out <file>', 'kept rollouts (JSON Lines; - for stdout)')
    .option('--drop-uniform', 'drop groups whose rewards are all equal (DAPO dynamic sampling)')
    .option('--mastery <pass-rate>', 'drop prompts whose pass rate stayed at or above this ...')
    .option('--epochs <k>', '... for their k most recent consecutive epochs')
    .option('--bands <list>', 'keep only these bands: unsolved,hard,medium,easy,solved')
    .option(
      '--advantages <kind>',
      'add a group-normalised "advantage": grpo (divide by std) or dr-grpo',
    )
    .option('--items <file>', 'dataset items to filter alongside (by id = prompt_id)')
    .option('--items-out <file>', 'where the kept items go')
    .option('--dropped <file>', 'write one JSON line per dropped group, with the reason')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ galen rl filter --input rollouts.jsonl --out kept.jsonl --drop-uniform\n' +
        '  $ galen rl filter --input rollouts.jsonl --out kept.jsonl --mastery 0.9 --epochs 2 \\\n' +
        '      --items train.jsonl --items-out train.next.jsonl',
    )
    .action((options: FilterCliOptions) =>
      runAction(async () => {
        const module = await loadRlData()
        const mastery = parseNumberOption('--mastery', options.mastery, { min: 0, max: 1 })
        const epochs = parseNumberOption('--epochs', options.epochs, { integer: true, min: 1 })
        if ((mastery === undefined) !== (epochs === undefined)) {
          throw new UsageError('options --mastery and --epochs go together')
        }
        if (options.advantages !== undefined && !['grpo', 'dr-grpo'].includes(options.advantages)) {
          throw new UsageError(
            `option --advantages = "${options.advantages}" is invalid: expected grpo or dr-grpo`,
          )
        }
        const keepBands = parseBands(options.bands, module)
        const items = itemFiles(options)
        if (!options.dropUniform && mastery === undefined && keepBands === undefined) {
          throw new UsageError(
            'give at least one rule: --drop-uniform, --mastery P --epochs K, or --bands',
          )
        }
        const printer = issuePrinter()
        const progress = passProgress({ 1: 'pass 1/2', 2: 'pass 2/2', 3: 'items' })
        const result = await module.filterRollouts(requireOption(options.input, '--input'), {
          ...rolloutSettings(options, module),
          out: options.out,
          ...(options.dropUniform ? { dropUniform: true } : {}),
          ...(mastery !== undefined && epochs !== undefined
            ? { mastery: { passRate: mastery, epochs } }
            : {}),
          ...(keepBands === undefined ? {} : { keepBands }),
          ...(options.advantages === undefined
            ? {}
            : { advantages: options.advantages as 'grpo' | 'dr-grpo' }),
          ...(items === undefined ? {} : { items }),
          ...(options.dropped === undefined ? {} : { droppedOut: options.dropped }),
          onIssue: printer.onIssue,
          onPassProgress: (pass) => progress.forPass(pass),
        })
        progress.stop()
        printer.finish()
        if (options.json) printSummary(withoutIssues(result), options.out)
        else {
          const write = summaryWriter(options.out)
          write(
            `read ${plural(result.input.rollouts, 'rollout')} of ${plural(result.input.prompts, 'prompt')} (${plural(result.input.groups, 'group')})`,
          )
          write(
            `kept ${plural(result.kept.rollouts, 'rollout')} of ${plural(result.kept.prompts, 'prompt')} (${plural(result.kept.groups, 'group')})`,
          )
          const reasons: Record<RlData.DropReason, string> = {
            mastered: `mastered (pass rate >= ${mastery} for ${epochs} consecutive epochs)`,
            band: `outside bands ${keepBands?.join(',')}`,
            uniform: 'uniform rewards (no GRPO signal)',
          }
          for (const reason of ['mastered', 'band', 'uniform'] as const) {
            const count = result.dropped[reason]
            if (count.groups > 0) {
              write(
                `dropped ${plural(count.rollouts, 'rollout')}, ${plural(count.groups, 'group')} of ${plural(count.prompts, 'prompt')}: ${reasons[reason]}`,
              )
            }
          }
          if (mastery !== undefined) {
            write(`mastered share of prompts: ${percent(result.mastered_share)}`)
            if (result.no_epoch_prompts > 0)
              write(`prompts without epochs (not judged): ${result.no_epoch_prompts}`)
          }
          if (result.items !== undefined) {
            write(
              `items: kept ${result.items.kept} of ${result.items.read} (dropped ${result.items.dropped}; ${result.items.not_in_rollouts} kept had no rollouts; ${result.items.malformed} malformed)`,
            )
          }
          if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
        }
        return result.input.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}
