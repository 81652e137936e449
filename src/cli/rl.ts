/**
 * `galen rl ...`: RL and fine-tuning data tooling on JSON Lines files: statistics, filtering,
 * selection, preference pairs, decontamination, exports, stratified sampling and mixing. Every
 * command streams its input; malformed lines are printed with their line number and counted.
 */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import type * as RlData from '../rl-data/index.js'
import {
  createProgress,
  EXIT_FAILURE,
  EXIT_OK,
  type Progress,
  parseNumberOption,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

type RlModule = typeof RlData
const load = (): Promise<RlModule> => import('../rl-data/index.js')

/** How many malformed lines are printed one by one before only counting. */
const PRINTED_ISSUES = 20

interface IssuePrinter {
  onIssue(issue: { line: number; message: string }): void
  finish(): void
}

function issuePrinter(): IssuePrinter {
  let count = 0
  return {
    onIssue(issue) {
      count += 1
      if (count <= PRINTED_ISSUES) {
        process.stderr.write(`galen rl: skipped: ${issue.message}\n`)
      }
    },
    finish() {
      if (count > PRINTED_ISSUES) {
        process.stderr.write(
          `galen rl: ... and ${count - PRINTED_ISSUES} more malformed lines (${count} in all, skipped)\n`,
        )
      }
    },
  }
}

/** Progress bars for multi-pass commands: one bar per pass, sized in bytes. */
function passProgress(labels: Record<number, string>) {
  let current: Progress | undefined
  let last = 0
  return {
    forPass(pass: number): (bytes: number, total: number) => void {
      current?.stop()
      const bar = createProgress({ total: 1, label: labels[pass] ?? `pass ${pass}` })
      current = bar
      last = 0
      let sized = false
      return (bytes, total) => {
        if (!sized) {
          bar.setTotal(Math.max(total, 1))
          sized = true
        }
        bar.increment(bytes - last)
        last = bytes
      }
    },
    stop() {
      current?.stop()
    },
  }
}

/**
 * Where the human summary goes: stdout, or stderr when the data itself goes to stdout (`--out -`),
 * so that a pipe receives only JSON Lines.
 */
function summaryWriter(out: string): (text: string) => void {
  return out === '-'
    ? (text) => process.stderr.write(`${text}\n`)
    : (text) => process.stdout.write(`${text}\n`)
}

/** Prints the `--json` summary on stdout, or on stderr when the data goes to stdout. */
function printSummary(value: unknown, out: string): void {
  if (out === '-') process.stderr.write(`${JSON.stringify(value, null, 2)}\n`)
  else printJson(value)
}

function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`option ${name} is required`)
  return value
}

function parseFrom(text: string | undefined, rl: RlModule): RlData.RolloutFormat | 'auto' {
  if (text === undefined || text === 'auto') return 'auto'
  if ((rl.ROLLOUT_FORMATS as readonly string[]).includes(text)) return text as RlData.RolloutFormat
  throw new UsageError(
    `option --from = "${text}" is invalid: expected auto, ${rl.ROLLOUT_FORMATS.join(', ')}`,
  )
}

interface RolloutCliOptions {
  input?: string
  from?: string
  stepsPerEpoch?: string
  passThreshold?: string
  json?: boolean
}

function rolloutSettings(options: RolloutCliOptions, rl: RlModule) {
  const stepsPerEpoch = parseNumberOption('--steps-per-epoch', options.stepsPerEpoch, {
    integer: true,
    min: 1,
  })
  const passThreshold = parseNumberOption('--pass-threshold', options.passThreshold)
  return {
    from: parseFrom(options.from, rl),
    ...(stepsPerEpoch === undefined ? {} : { stepsPerEpoch }),
    ...(passThreshold === undefined ? {} : { passThreshold }),
  }
}

function addRolloutOptions(command: Command): Command {
  return command
    .requiredOption('--input <file>', 'rollouts (JSON Lines: Galen, verl or OpenRLHF dump lines)')
    .option('--from <format>', 'input format: auto, galen, verl or openrlhf', 'auto')
    .option(
      '--steps-per-epoch <n>',
      'verl dumps: training steps per epoch (gives each rollout an epoch)',
    )
    .option('--pass-threshold <reward>', 'reward at or above which a rollout passes', '0.5')
    .option('--json', 'print the summary as JSON')
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`
}

function fixed(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits)
}

function withoutIssues<T extends { issues: unknown }>(result: T): Omit<T, 'issues'> {
  const { issues: _issues, ...rest } = result
  return rest
}

function registerStats(rl: Command): void {
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
        const module = await load()
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
            `${stats.rollouts} rollouts, ${stats.prompts} prompts, ${stats.groups} groups` +
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
              `  ${task}: ${tally.rollouts} rollouts, ${tally.prompts} prompts, mean reward ${fixed(tally.mean_reward)}, uniform ${percent(tally.uniform_share)}`,
            )
          }
          if (stats.malformed > 0) out(`malformed lines skipped: ${stats.malformed}`)
        }
        return stats.rollouts === 0 && stats.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}

function registerImport(rl: Command): void {
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
        const module = await load()
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
            `${result.written} rollouts written to ${options.out === '-' ? 'stdout' : options.out}; ${result.malformed} malformed lines skipped`,
          )
        }
        return result.written === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}

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

function itemFiles(options: {
  items?: string
  itemsOut?: string
}): { input: string; out: string } | undefined {
  if (options.items === undefined && options.itemsOut === undefined) return undefined
  if (options.items === undefined || options.itemsOut === undefined) {
    throw new UsageError('options --items and --items-out go together')
  }
  return { input: options.items, out: options.itemsOut }
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

function registerFilter(rl: Command): void {
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
        const module = await load()
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
            `read ${result.input.rollouts} rollouts of ${result.input.prompts} prompts (${result.input.groups} groups)`,
          )
          write(
            `kept ${result.kept.rollouts} rollouts of ${result.kept.prompts} prompts (${result.kept.groups} groups)`,
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
                `dropped ${count.rollouts} rollouts, ${count.groups} groups of ${count.prompts} prompts: ${reasons[reason]}`,
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

function registerSelect(rl: Command): void {
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
        const module = await load()
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
              `selected ${result.selected} rollouts for ${result.prompts - result.below_min_reward} of ${result.prompts} prompts (mean reward ${fixed(result.mean_selected_reward)})`,
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
            `selected ${result.selected_prompts} of ${result.prompts} prompts (${result.selected_rollouts} rollouts), reward std >= ${fixed(result.std_cutoff)}, mean std ${fixed(result.mean_selected_std)}`,
          )
          if (result.items !== undefined)
            write(`items: kept ${result.items.kept} of ${result.items.read}`)
          if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
        }
        return result.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
      }),
    )
}

function registerPairs(rl: Command): void {
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
          const module = await load()
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
              `${result.pairs} pairs from ${result.groups} groups (${result.groups_without_pair} groups gave none), mean margin ${fixed(result.mean_margin)}`,
            )
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return result.rollouts === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function registerDecontaminate(rl: Command): void {
  rl.command('decontaminate')
    .description('flag or drop training records that share a 13-word n-gram with a benchmark')
    .requiredOption('--input <file>', 'training records (JSON Lines: items, rollouts or pairs)')
    .requiredOption('--out <file>', 'output (JSON Lines; - for stdout)')
    .option(
      '--benchmark <name=path>',
      'NAME[:SUBSET]=PATH (read by the eval loader when it knows NAME, else as JSON Lines, JSON or .txt) or NAME[:SUBSET] (eval loader, $GALEN_BENCHMARK_DATA); repeatable',
      collect,
      [],
    )
    .option('--ngram <n>', 'n-gram length in words', '13')
    .option('--mode <mode>', 'flag (add "contamination") or drop', 'flag')
    .option('--fields <list>', 'record fields whose text is checked', 'prompt')
    .option('--min-matches <n>', 'matched n-grams needed to count as contaminated', '1')
    .option('--dropped <file>', 'drop mode: write the dropped records here')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen rl decontaminate --input train.jsonl --out clean.jsonl --mode drop \\\n' +
        '      --benchmark medqa=../shared/data/benchmarks/medqa/phrases_no_exclude_test.jsonl \\\n' +
        '      --benchmark mirage=../shared/data/benchmarks/mirage/benchmark.json',
    )
    .action(
      (options: {
        input: string
        out: string
        benchmark: string[]
        ngram: string
        mode: string
        fields: string
        minMatches: string
        dropped?: string
        json?: boolean
      }) =>
        runAction(async () => {
          const module = await load()
          if (options.benchmark.length === 0)
            throw new UsageError('give at least one --benchmark NAME=PATH')
          if (options.mode !== 'flag' && options.mode !== 'drop') {
            throw new UsageError(
              `option --mode = "${options.mode}" is invalid: expected flag or drop`,
            )
          }
          const n = parseNumberOption('--ngram', options.ngram, { integer: true, min: 1 }) ?? 13
          const minMatches =
            parseNumberOption('--min-matches', options.minMatches, { integer: true, min: 1 }) ?? 1
          const fields = options.fields
            .split(',')
            .map((field) => field.trim())
            .filter((field) => field !== '')
          const texts: RlData.BenchmarkText[] = []
          const sources: Record<string, { path: string; loader: string; texts: number }> = {}
          for (const spec of options.benchmark) {
            const separator = spec.indexOf('=')
            const name = separator < 0 ? spec : spec.slice(0, separator)
            const path = separator < 0 ? undefined : spec.slice(separator + 1)
            const [setName = '', subset] = name.split(':', 2)
            if (setName === '' || path === '' || subset === '') {
              throw new UsageError(
                `option --benchmark = "${spec}" is invalid: expected NAME[:SUBSET]=PATH or NAME[:SUBSET]`,
              )
            }
            if (path !== undefined && !existsSync(path)) {
              throw new UsageError(`option --benchmark: "${path}" does not exist`)
            }
            const dataRoot = process.env.GALEN_BENCHMARK_DATA
            let fromEval: RlData.EvalBenchmarkTexts | undefined
            try {
              fromEval = await module.loadEvalBenchmarkTexts(setName, {
                ...(path === undefined ? {} : { path }),
                ...(subset === undefined ? {} : { subset }),
                ...(dataRoot === undefined || dataRoot === '' ? {} : { dataRoot }),
              })
            } catch (error) {
              if (path === undefined) throw error
              process.stderr.write(
                `galen rl: benchmark ${name}: the eval loader could not read it (${error instanceof Error ? error.message : String(error)}); reading the file generically\n`,
              )
            }
            if (fromEval === undefined && path === undefined) {
              throw new UsageError(
                `option --benchmark: "${setName}" is not a benchmark the eval harness knows: give ${setName}=PATH to read a file`,
              )
            }
            if (fromEval !== undefined && (fromEval.texts.length > 0 || path === undefined)) {
              sources[name] = { path: fromEval.path, loader: 'eval', texts: fromEval.texts.length }
              if (fromEval.issues > 0) {
                process.stderr.write(
                  `galen rl: benchmark ${name}: the eval loader skipped ${fromEval.issues} malformed rows\n`,
                )
              }
              texts.push(...fromEval.texts.map((text) => ({ ...text, benchmark: name })))
            } else if (path !== undefined) {
              // not an eval benchmark, or a file its loader does not read: take the texts generically
              const loaded = await module.readBenchmarkFile(name, path)
              sources[name] = { path, loader: 'file', texts: loaded.length }
              texts.push(...loaded)
            }
          }
          const index = await module.buildDecontaminationIndex(texts, { n })
          texts.length = 0
          const printer = issuePrinter()
          const progress = passProgress({ 1: 'decontaminate' })
          const result = await module.decontaminateFile(options.input, index, {
            out: options.out,
            mode: options.mode,
            fields,
            minMatches,
            ...(options.dropped === undefined ? {} : { droppedOut: options.dropped }),
            onIssue: printer.onIssue,
            ...(options.input === '-' ? {} : { onProgress: progress.forPass(1) }),
          })
          progress.stop()
          printer.finish()
          const summary = {
            ...withoutIssues(result),
            ngram: n,
            benchmarks: index.stats,
            sources,
            distinct_ngrams: index.size,
          }
          if (options.json) printSummary(summary, options.out)
          else {
            const write = summaryWriter(options.out)
            for (const [name, stats] of Object.entries(index.stats)) {
              write(
                `benchmark ${name}: ${stats.texts} texts, ${stats.ngrams} ${n}-grams (${stats.too_short} too short to match)`,
              )
            }
            write(
              `${result.contaminated} of ${result.read} records share a ${n}-gram with a benchmark: ${options.mode === 'drop' ? 'dropped' : 'flagged'}`,
            )
            for (const [name, count] of Object.entries(result.by_benchmark))
              write(`  ${name}: ${count}`)
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return result.read === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}

function registerExport(rl: Command): void {
  rl.command('export')
    .description('write items, rollouts or pairs for verl (parquet), OpenRLHF, TRL or chat SFT')
    .requiredOption('--format <format>', 'verl, openrlhf, trl, trl-preference or sft')
    .requiredOption(
      '--input <file>',
      'items (verl, openrlhf), prompt+response records (trl, sft) or pairs (trl-preference)',
    )
    .requiredOption('--out <file>', 'output file (JSON Lines formats: - for stdout)')
    .option('--system <text>', 'system message put before text prompts')
    .option('--chat', 'write chat messages even for text prompts (TRL conversational format)')
    .option('--split <name>', 'verl: extra_info.split', 'train')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ galen rl export --format verl --input items.jsonl --out train.parquet\n' +
        '  $ galen rl export --format openrlhf --input items.jsonl --out train.jsonl\n' +
        '  $ galen rl export --format sft --input best.jsonl --out sft.jsonl --system "You are a careful physician."\n' +
        '  $ galen rl export --format trl-preference --input pairs.jsonl --out dpo.jsonl',
    )
    .action(
      (options: {
        format: string
        input: string
        out: string
        system?: string
        chat?: boolean
        split: string
        json?: boolean
      }) =>
        runAction(async () => {
          const module = await load()
          if (!(module.EXPORT_FORMATS as readonly string[]).includes(options.format)) {
            throw new UsageError(
              `option --format = "${options.format}" is invalid: expected ${module.EXPORT_FORMATS.join(', ')}`,
            )
          }
          const printer = issuePrinter()
          const progress = passProgress({ 1: 'export' })
          const result = await module.exportRecords(options.input, {
            format: options.format as RlData.ExportFormat,
            out: options.out,
            split: options.split,
            ...(options.system === undefined ? {} : { system: options.system }),
            ...(options.chat ? { chat: true } : {}),
            onIssue: printer.onIssue,
            ...(options.input === '-' ? {} : { onProgress: progress.forPass(1) }),
          })
          progress.stop()
          printer.finish()
          if (options.json) printSummary(withoutIssues(result), options.out)
          else {
            summaryWriter(options.out)(
              `${result.written} ${result.format} rows written to ${options.out === '-' ? 'stdout' : options.out}; ${result.malformed} malformed lines skipped`,
            )
          }
          return result.written === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}

async function parseTargets(text: string): Promise<Record<string, number>> {
  if (text.endsWith('.json')) {
    const { readFile } = await import('node:fs/promises')
    const { safeParseJson } = await import('../errors.js')
    let content: string
    try {
      content = await readFile(text, 'utf8')
    } catch (error) {
      throw new UsageError(`option --targets: cannot read "${text}": ${(error as Error).message}`)
    }
    const parsed = safeParseJson(content, `targets file "${text}"`)
    if (!parsed.ok) throw new UsageError(parsed.error.message)
    const value = parsed.value
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UsageError(`option --targets: "${text}" must hold an object of label: weight`)
    }
    const targets: Record<string, number> = {}
    for (const [label, weight] of Object.entries(value)) {
      if (typeof weight !== 'number')
        throw new UsageError(`option --targets: weight of "${label}" is not a number`)
      targets[label] = weight
    }
    return targets
  }
  const targets: Record<string, number> = {}
  for (const part of text.split(',')) {
    const separator = part.lastIndexOf('=')
    const label = part.slice(0, separator).trim()
    const weight = Number(part.slice(separator + 1))
    if (separator <= 0 || label === '' || !Number.isFinite(weight) || weight < 0) {
      throw new UsageError(`option --targets: "${part}" is invalid: expected LABEL=WEIGHT`)
    }
    targets[label] = weight
  }
  return targets
}

function registerSample(rl: Command): void {
  rl.command('sample')
    .description('label-stratified sampling to target proportions (by task, specialty, source)')
    .requiredOption('--input <file>', 'records (JSON Lines objects, usually items)')
    .requiredOption('--out <file>', 'the sample (JSON Lines; - for stdout)')
    .requiredOption(
      '--by <key>',
      'label key: task, specialty, or a dotted path such as labels.source',
    )
    .requiredOption('--targets <spec>', 'LABEL=WEIGHT,... or a .json file of {label: weight}')
    .option('--total <n>', 'records to draw (default: the most the targets allow without repeats)')
    .option('--seed <seed>', 'random seed', '0')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen rl sample --input pool.jsonl --out balanced.jsonl --by task \\\n      --targets exam=0.4,diagnosis=0.25,drug=0.15,test-ordering=0.2 --total 20000 --seed 7',
    )
    .action(
      (options: {
        input: string
        out: string
        by: string
        targets: string
        total?: string
        seed: string
        json?: boolean
      }) =>
        runAction(async () => {
          const module = await load()
          const total = parseNumberOption('--total', options.total, { integer: true, min: 0 })
          const targets = await parseTargets(options.targets)
          const printer = issuePrinter()
          const progress = passProgress({ 1: 'pass 1/2', 2: 'pass 2/2' })
          const result = await module.sampleStratified(options.input, {
            out: options.out,
            by: options.by,
            targets,
            seed: options.seed,
            ...(total === undefined ? {} : { total }),
            onIssue: printer.onIssue,
            onPassProgress: (pass) => progress.forPass(pass),
          })
          progress.stop()
          printer.finish()
          if (options.json) printSummary(withoutIssues(result), options.out)
          else {
            const write = summaryWriter(options.out)
            write(
              `sampled ${result.selected} of ${result.read} records (target total ${result.total}) by ${options.by}`,
            )
            for (const [label, stratum] of Object.entries(result.strata)) {
              write(
                `  ${label}: ${stratum.selected} of ${stratum.available} (target ${percent(stratum.target_share)}, quota ${stratum.quota}${stratum.shortfall > 0 ? `, SHORT by ${stratum.shortfall}` : ''})`,
              )
            }
            const unlisted = Object.entries(result.unlisted)
            if (unlisted.length > 0)
              write(
                `not in the targets (left out): ${unlisted.map(([label, count]) => `${label} ${count}`).join(', ')}`,
              )
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return EXIT_OK
        }),
    )
}

function registerMix(rl: Command): void {
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
          const module = await load()
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
            write(`wrote ${result.written} records (target ${result.total}, seed ${result.seed})`)
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
