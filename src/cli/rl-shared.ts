/**
 * Helpers shared by the `galen rl` subcommands: loading the rl-data capability lazily, printing
 * skipped lines and progress, routing the summary away from stdout when the data goes there, and
 * the rollout options most subcommands take.
 */
import type { Command } from 'commander'
import type * as RlData from '../rl-data/index.js'
import {
  createProgress,
  type Progress,
  parseNumberOption,
  printJson,
  UsageError,
} from './run-command.js'

/** The rl-data capability, as loaded lazily by the subcommands. */
export type RlModule = typeof RlData

/** Loads the rl-data capability on first use, so that `galen --help` stays fast. */
export const loadRlData = (): Promise<RlModule> => import('../rl-data/index.js')

/** How many malformed lines are printed one by one before only counting. */
const PRINTED_ISSUES = 20

/** Prints skipped lines one by one up to a limit, then only counts them. */
export interface IssuePrinter {
  onIssue(issue: { line: number; message: string }): void
  finish(): void
}

/** A printer of malformed-line issues for one command run. */
export function issuePrinter(): IssuePrinter {
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
export function passProgress(labels: Record<number, string>) {
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
export function summaryWriter(out: string): (text: string) => void {
  return out === '-'
    ? (text) => process.stderr.write(`${text}\n`)
    : (text) => process.stdout.write(`${text}\n`)
}

/** Prints the `--json` summary on stdout, or on stderr when the data goes to stdout. */
export function printSummary(value: unknown, out: string): void {
  if (out === '-') process.stderr.write(`${JSON.stringify(value, null, 2)}\n`)
  else printJson(value)
}

/** Returns the option value, or throws a UsageError naming the option when it is missing. */
export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`option ${name} is required`)
  return value
}

/** Parses `--from`: auto or one of the rollout formats; throws a UsageError otherwise. */
export function parseFrom(text: string | undefined, rl: RlModule): RlData.RolloutFormat | 'auto' {
  if (text === undefined || text === 'auto') return 'auto'
  if ((rl.ROLLOUT_FORMATS as readonly string[]).includes(text)) return text as RlData.RolloutFormat
  throw new UsageError(
    `option --from = "${text}" is invalid: expected auto, ${rl.ROLLOUT_FORMATS.join(', ')}`,
  )
}

/** The options added by `addRolloutOptions`, as commander passes them. */
export interface RolloutCliOptions {
  input?: string
  from?: string
  stepsPerEpoch?: string
  passThreshold?: string
  json?: boolean
}

/** Turns the rollout options into the rl-data reading settings (format, epochs, pass threshold). */
export function rolloutSettings(options: RolloutCliOptions, rl: RlModule) {
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

/**
 * Adds the options every rollout-reading subcommand takes: input, format, epochs, threshold, JSON.
 */
export function addRolloutOptions(command: Command): Command {
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

/** Formats a share as a percentage with one decimal, or "n/a". */
export function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`
}

/** Formats a number with `digits` decimals (default 3), or "n/a". */
export function fixed(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits)
}

/** The result without its `issues` list (already printed), for the `--json` summary. */
export function withoutIssues<T extends { issues: unknown }>(result: T): Omit<T, 'issues'> {
  const { issues: _issues, ...rest } = result
  return rest
}

/**
 * The `--items`/`--items-out` pair, or undefined when neither is given; throws when only one is.
 */
export function itemFiles(options: {
  items?: string
  itemsOut?: string
}): { input: string; out: string } | undefined {
  if (options.items === undefined && options.itemsOut === undefined) return undefined
  if (options.items === undefined || options.itemsOut === undefined) {
    throw new UsageError('options --items and --items-out go together')
  }
  return { input: options.items, out: options.itemsOut }
}
