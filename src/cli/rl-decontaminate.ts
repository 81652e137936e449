/**
 * `galen rl decontaminate`: flags or drops training records that share an n-gram with a benchmark.
 */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import type * as RlData from '../rl-data/index.js'
import {
  issuePrinter,
  loadRlData,
  passProgress,
  printSummary,
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** Registers `galen rl decontaminate` on the `rl` command. */
export function registerDecontaminate(rl: Command): void {
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
    .option(
      '--ngram-zh <n>',
      'n-gram length for text with Chinese (CJK) characters, in characters after folding (default 14)',
    )
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
        ngramZh?: string
        mode: string
        fields: string
        minMatches: string
        dropped?: string
        json?: boolean
      }) =>
        runAction(async () => {
          const module = await loadRlData()
          if (options.benchmark.length === 0)
            throw new UsageError('give at least one --benchmark NAME=PATH')
          if (options.mode !== 'flag' && options.mode !== 'drop') {
            throw new UsageError(
              `option --mode = "${options.mode}" is invalid: expected flag or drop`,
            )
          }
          const n = parseNumberOption('--ngram', options.ngram, { integer: true, min: 1 }) ?? 13
          const cjkN = parseNumberOption('--ngram-zh', options.ngramZh, { integer: true, min: 1 })
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
              // A missing file is an input error (exit 1): the option itself is well formed.
              throw new InputError(`option --benchmark: "${path}" does not exist`, {
                field: '--benchmark',
                value: path,
              })
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
          const index = await module.buildDecontaminationIndex(
            texts,
            cjkN === undefined ? { n } : { n, cjkN },
          )
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
            ngram_zh: index.cjkN,
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
              `${result.contaminated} of ${plural(result.read, 'record')} ${result.contaminated === 1 ? 'shares' : 'share'} a ${n}-gram with a benchmark: ${options.mode === 'drop' ? 'dropped' : 'flagged'}`,
            )
            for (const [name, count] of Object.entries(result.by_benchmark))
              write(`  ${name}: ${count}`)
            if (result.malformed > 0) write(`malformed lines skipped: ${result.malformed}`)
          }
          return result.read === 0 && result.malformed > 0 ? EXIT_FAILURE : EXIT_OK
        }),
    )
}
