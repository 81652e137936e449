/** `galen rl sample`: label-stratified sampling to target proportions. */
import type { Command } from 'commander'
import {
  issuePrinter,
  loadRlData,
  passProgress,
  percent,
  printSummary,
  summaryWriter,
  withoutIssues,
} from './rl-shared.js'
import { EXIT_OK, parseNumberOption, plural, runAction, UsageError } from './run-command.js'

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

/** Registers `galen rl sample` on the `rl` command. */
export function registerSample(rl: Command): void {
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
          const module = await loadRlData()
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
              `sampled ${result.selected} of ${plural(result.read, 'record')} (target total ${result.total}) by ${options.by}`,
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
