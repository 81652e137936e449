/**
 * `galen verify`: scores a JSON Lines file of records (`{ task, response, ground_truth, ... }`)
 * with the verifiers and writes one result per record, in order.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { loadConfig } from './config.js'
import {
  createProgress,
  EXIT_OK,
  openJsonLinesWriter,
  parseNumberOption,
  plural,
  readJsonLines,
  runAction,
  UsageError,
} from './run-command.js'

interface VerifyOptions {
  input?: string
  out?: string
  terminology?: string[]
  batch?: string
  json?: boolean
}

function countLines(path: string): number | undefined {
  if (path === '-') return undefined
  try {
    const text = readFileSync(path, 'utf8')
    let lines = 0
    for (const line of text.split('\n')) if (line.trim() !== '') lines += 1
    return lines
  } catch {
    return undefined
  }
}

/** Registers `galen verify`. */
export function register(program: Command): void {
  program
    .command('verify')
    .description(
      'score model responses with the verifiers (exam, diagnosis, drug, test_ordering, format)',
    )
    .requiredOption(
      '--input <file>',
      'JSON Lines of {task, response, ground_truth, prompt?, options?} ("-" for stdin)',
    )
    .option('--out <file>', 'where to write one result per line (default: stdout)')
    .option(
      '--terminology <dir>',
      'folder of ICD-10-CM, Disease Ontology, DrugBank or ICD-10 Beijing clinical edition files; repeat for several (default: config "terminology")',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--batch <n>',
      'records verified together (judge calls run in parallel within a batch)',
      '256',
    )
    .option('--json', 'print the summary on stderr as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ galen verify --input rollouts.jsonl --out results.jsonl --terminology ../shared/data/terminology',
        '',
        'Input line:',
        '  {"task":"exam","response":"The answer is C","ground_truth":{"answer":"C"}}',
        'Output line:',
        '  {"score":1,"status":"ok","components":{"correct":1,"correctness":1,"format":1},"reason":"..."}',
        '',
        'A malformed line gets status "error" with the reason; the others still run. The summary',
        '(counts by status, mean score per task) goes to stderr.',
      ].join('\n'),
    )
    .action((options: VerifyOptions, command: Command) =>
      runAction(async () => {
        if (options.input === undefined) throw new UsageError('verify: --input is required')
        if (options.input !== '-' && !existsSync(options.input)) {
          throw new InputError(`verify: input file "${options.input}" does not exist`, {
            field: '--input',
            value: options.input,
          })
        }
        const batchSize =
          parseNumberOption('--batch', options.batch, { integer: true, min: 1, max: 100_000 }) ??
          256
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const { config } = loadConfig(configPath === undefined ? {} : { path: configPath })
        const terminology = options.terminology ?? config.terminology
        const { createVerifierFromConfig, makeResult, parseVerifyItem, VERIFIER_STATUSES } =
          await import('../verifiers/index.js')
        const { guessRecordKind } = await import('../rl-data/index.js')
        const { verifier } = await createVerifierFromConfig({
          verifiers: config.verifiers,
          ...(config.judge === undefined ? {} : { judge: config.judge }),
          ...(terminology === undefined ? {} : { terminology }),
        })
        const total = countLines(options.input)
        const progress = createProgress({
          total: total ?? 0,
          label: 'verify',
          payloadFormat: 'mean {mean}',
        })
        const writer = openJsonLinesWriter(options.out)
        const counts: Record<string, number> = Object.fromEntries(
          VERIFIER_STATUSES.map((status) => [status, 0]),
        )
        const byTask = new Map<string, { count: number; sum: number }>()
        let scored = 0
        let sum = 0
        let pending: Array<{ value: unknown; task: string; line: number }> = []
        let withoutTerminology = 0
        const errorResult = (reason: string) =>
          makeResult(0, 'error', reason, { correctness: 0, format: 0 })
        // Each record is parsed and verified on its own, so that a result carries only its own
        // task's components and a problem names the record's line (1-based) in the file.
        const verifyOne = (entry: {
          value: unknown
          line: number
        }): ReturnType<typeof verifier.verify> => {
          const invalid = (entry.value as { invalid?: unknown } | null)?.invalid
          if (typeof invalid === 'string') return errorResult(invalid)
          const parsed = parseVerifyItem(entry.value, `line ${entry.line}`)
          if (!parsed.ok) {
            const kind = guessRecordKind(entry.value)
            return errorResult(
              kind === undefined
                ? parsed.error
                : `${parsed.error}; this looks like ${kind === 'item' ? 'a prompt item' : `a ${kind}`}: verify reads records with task, response and ground_truth`,
            )
          }
          if (parsed.item.task === 'diagnosis' && terminology === undefined) {
            withoutTerminology += 1
            return errorResult(
              `line ${entry.line}: diagnosis needs a terminology: pass --terminology DIR (ICD-10-CM files) or set GALEN_TERMINOLOGY`,
            )
          }
          return verifier.verify(parsed.item)
        }
        const flush = async (): Promise<void> => {
          if (pending.length === 0) return
          const results = await Promise.all(pending.map(verifyOne))
          for (let index = 0; index < results.length; index += 1) {
            const result = results[index]
            const entry = pending[index]
            if (result === undefined || entry === undefined) continue
            await writer.write(result)
            counts[result.status] = (counts[result.status] ?? 0) + 1
            scored += 1
            sum += result.score
            const task = byTask.get(entry.task) ?? { count: 0, sum: 0 }
            task.count += 1
            task.sum += result.score
            byTask.set(entry.task, task)
          }
          progress.increment(results.length, { mean: (sum / Math.max(1, scored)).toFixed(3) })
          pending = []
        }
        try {
          for await (const line of readJsonLines(options.input)) {
            if (line.ok) {
              const task = (line.value as { task?: unknown } | null)?.task
              pending.push({
                value: line.value,
                task: typeof task === 'string' ? task : 'invalid',
                line: line.line,
              })
            } else {
              // A line that is not JSON still gets its own error result, in order.
              pending.push({
                value: { invalid: line.error.message },
                task: 'invalid',
                line: line.line,
              })
            }
            if (pending.length >= batchSize) await flush()
          }
          await flush()
        } finally {
          progress.stop()
          await writer.close()
        }
        const summary = {
          items: scored,
          meanScore: scored === 0 ? 0 : Number((sum / scored).toFixed(4)),
          statuses: counts,
          tasks: Object.fromEntries(
            [...byTask].map(([task, entry]) => [
              task,
              { items: entry.count, meanScore: Number((entry.sum / entry.count).toFixed(4)) },
            ]),
          ),
        }
        if (options.json) process.stderr.write(`${JSON.stringify(summary)}\n`)
        else {
          const statusText = Object.entries(counts)
            .filter(([, count]) => count > 0)
            .map(([status, count]) => `${status} ${count}`)
            .join(', ')
          process.stderr.write(
            `verify: ${plural(scored, 'item')}, mean score ${summary.meanScore} (${statusText || 'none'})\n`,
          )
          for (const [task, entry] of Object.entries(summary.tasks)) {
            process.stderr.write(
              `  ${task}: ${plural(entry.items, 'item')}, mean ${entry.meanScore}\n`,
            )
          }
        }
        if (withoutTerminology > 0) {
          // Scoring diagnoses without a terminology would be a silent abstain on every one.
          throw new InputError(
            `verify: ${plural(withoutTerminology, 'diagnosis item')} could not be scored without a terminology: pass --terminology DIR (for example ../shared/data/terminology) or set GALEN_TERMINOLOGY or "terminology" in galen.config.json`,
            { field: '--terminology', value: null },
          )
        }
        return EXIT_OK
      }),
    )
}
