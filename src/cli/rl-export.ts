/**
 * `galen rl export`: writes items, rollouts or pairs for verl (parquet), OpenRLHF, TRL or chat SFT.
 */
import type { Command } from 'commander'
import type * as RlData from '../rl-data/index.js'
import {
  issuePrinter,
  loadRlData,
  passProgress,
  printSummary,
  summaryWriter,
  withoutIssues,
} from './rl-shared.js'
import { EXIT_FAILURE, EXIT_OK, plural, runAction, UsageError } from './run-command.js'

/** Registers `galen rl export` on the `rl` command. */
export function registerExport(rl: Command): void {
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
          const module = await loadRlData()
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
              `${plural(result.written, `${result.format} row`)} written to ${options.out === '-' ? 'stdout' : options.out}; ${plural(result.malformed, 'malformed line')} skipped`,
            )
          }
          return result.written === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}
