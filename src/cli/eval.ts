/**
 * `galen eval run | replay | report | list`: evaluate a model on medical benchmarks, re-score
 * recorded responses, compare runs, and list the supported benchmarks.
 */
import { setMaxListeners } from 'node:events'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type {
  BenchmarkDefinition,
  BenchmarkItem,
  EvalSummaryFile,
  LoadIssue,
} from '../eval/index.js'
import type { ChatModel } from '../llm/index.js'
import { loadConfig } from './config.js'
import {
  createProgress,
  EXIT_FAILURE,
  EXIT_OK,
  parseNumberOption,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

interface CommonOptions {
  benchmark: string
  data?: string
  subset?: string
  json?: boolean
}

interface RunCommandOptions extends CommonOptions {
  model: string
  modelName?: string
  limit?: string
  seed?: string
  temperature?: string
  maxTokens?: string
  concurrency?: string
  samples?: string
  prompt?: string
  fewShot?: string
  scorer?: string
  calculatorTools?: boolean
  judge?: string[]
  judgeName?: string
  timeoutMs?: string
  retries?: string
  out?: string
}

interface ReplayCommandOptions extends CommonOptions {
  responses: string
  idField?: string
  responseField?: string
  referenceField?: string
  verdictField?: string
  scorer?: string
  modelName?: string
  judge?: string[]
  judgeName?: string
  out?: string
}

interface ReportCommandOptions {
  html?: string
  markdown?: string
  title?: string
  json?: boolean
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Where a benchmark's files are when --data is omitted: $GALEN_BENCHMARK_DATA/<default path>. */
function resolveData(options: CommonOptions, defaultPath: string | undefined): string {
  if (options.data !== undefined) return resolve(options.data)
  const root = process.env.GALEN_BENCHMARK_DATA
  if (root !== undefined && defaultPath !== undefined) return resolve(root, defaultPath)
  throw new UsageError(
    `eval: --data is required for "${options.benchmark}" (or set GALEN_BENCHMARK_DATA to a folder holding ${defaultPath ?? 'its files'}; see "galen eval list")`,
  )
}

function reportIssues(issues: readonly LoadIssue[], path: string): void {
  if (issues.length === 0) return
  process.stderr.write(`galen: ${issues.length} malformed row(s) in ${path} were skipped:\n`)
  for (const issue of issues.slice(0, 10)) {
    process.stderr.write(`  line ${issue.line} (${issue.field}): ${issue.message}\n`)
  }
  if (issues.length > 10) process.stderr.write(`  ... and ${issues.length - 10} more\n`)
}

async function loadItems(options: CommonOptions): Promise<{
  items: BenchmarkItem[]
  data: string
  definition: BenchmarkDefinition
}> {
  const { getBenchmark } = await import('../eval/index.js')
  let definition: BenchmarkDefinition
  try {
    definition = getBenchmark(options.benchmark)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (options.subset !== undefined && definition.subsets !== undefined) {
    if (!definition.subsets.includes(options.subset)) {
      throw new UsageError(
        `eval: unknown ${definition.name} subset "${options.subset}" (expected ${definition.subsets.join(', ')})`,
      )
    }
  }
  const data = resolveData(options, definition.defaultPath)
  const loaded = await definition.load({
    path: data,
    ...(options.subset === undefined ? {} : { subset: options.subset }),
  })
  reportIssues(loaded.issues, data)
  if (loaded.items.length === 0) throw new UsageError(`eval: no valid items in "${data}"`)
  return { items: loaded.items, data, definition }
}

function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`option ${name} = "${value}" is invalid: expected ${allowed.join(', ')}`)
  }
  return value as T
}

/** Builds a model from `--model URL|GGUF`, with the configured API key. */
async function createModel(
  target: string,
  settings: {
    name?: string
    concurrency?: number
    retries?: number
    timeoutMs?: number
    configPath?: string
  },
): Promise<ChatModel> {
  const { createChatModelFromSettings } = await import('../llm/index.js')
  const config = loadConfig(
    settings.configPath === undefined ? {} : { path: settings.configPath },
  ).config
  const isGguf =
    target.toLowerCase().endsWith('.gguf') || (existsSync(target) && statSync(target).isFile())
  if (!isGguf && !/^https?:\/\//.test(target)) {
    throw new UsageError(
      `option --model = "${target}" is invalid: expected an http(s) URL ending in /v1 or a .gguf file`,
    )
  }
  const apiKey = config.model?.apiKey
  return createChatModelFromSettings({
    ...(isGguf ? { gguf: target } : { url: target }),
    name: settings.name ?? (isGguf ? basename(target, '.gguf') : (config.model?.name ?? 'default')),
    ...(apiKey === undefined || isGguf ? {} : { apiKey }),
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
    ...(settings.retries === undefined ? {} : { maxRetries: settings.retries }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  })
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run'
}

function printSummaryLine(summary: EvalSummaryFile): void {
  const unparsedRate = summary.n === 0 ? 0 : summary.unparsed / summary.n
  process.stdout.write(
    `${summary.benchmark}: accuracy ${(summary.accuracy * 100).toFixed(2)}% [${(summary.ci95[0] * 100).toFixed(2)}, ${(summary.ci95[1] * 100).toFixed(2)}] ` +
      `(${summary.correct}/${summary.n}), unparsed ${summary.unparsed} (${(unparsedRate * 100).toFixed(2)}%)\n`,
  )
  for (const [name, group] of Object.entries(summary.by_category)) {
    process.stdout.write(
      `  ${name}: ${(group.accuracy * 100).toFixed(2)}% (${group.correct}/${group.n})\n`,
    )
  }
  if (summary.verdict_agreement !== undefined) {
    const agreement = summary.verdict_agreement
    process.stdout.write(
      `  agrees with the reference verdict on ${agreement.agree}/${agreement.compared} rows\n`,
    )
  }
  if (summary.reference_agreement !== undefined) {
    const agreement = summary.reference_agreement
    process.stdout.write(
      `  same extraction as the reference on ${agreement.agree}/${agreement.compared} rows\n`,
    )
  }
}

async function runCommand(
  options: RunCommandOptions,
  configPath: string | undefined,
): Promise<number> {
  const evaluation = await import('../eval/index.js')
  const prompt = parseChoice('--prompt', options.prompt, evaluation.PROMPT_STYLES, 'json')
  const scorer = parseChoice('--scorer', options.scorer, ['strict', 'lenient'] as const, 'strict')
  const limitText = options.limit ?? '1000'
  const limit =
    limitText === 'all' || limitText === '0'
      ? Number.POSITIVE_INFINITY
      : (parseNumberOption('--limit', limitText, { integer: true, min: 1 }) ?? 1000)
  const temperature =
    parseNumberOption('--temperature', options.temperature ?? '0.6', { min: 0, max: 2 }) ?? 0.6
  const maxTokens = parseNumberOption('--max-tokens', options.maxTokens, { integer: true, min: 1 })
  const concurrency =
    parseNumberOption('--concurrency', options.concurrency ?? '8', {
      integer: true,
      min: 1,
      max: 1024,
    }) ?? 8
  const samples =
    parseNumberOption('--samples', options.samples ?? '1', { integer: true, min: 1, max: 64 }) ?? 1
  const fewShot =
    parseNumberOption('--few-shot', options.fewShot ?? '0', { integer: true, min: 0, max: 25 }) ?? 0
  const retries = parseNumberOption('--retries', options.retries, {
    integer: true,
    min: 0,
    max: 20,
  })
  const timeoutMs = parseNumberOption('--timeout-ms', options.timeoutMs, { integer: true, min: 1 })
  const seed = options.seed ?? '0'
  const { items: allItems, data, definition } = await loadItems(options)
  if (options.calculatorTools === true && (definition.kind !== 'calculation' || samples > 1)) {
    throw new UsageError(
      'eval: --calculator-tools needs a calculation benchmark (medcalc-bench) and --samples 1',
    )
  }
  if (definition.kind === 'open-ended' && (options.judge ?? []).length === 0) {
    throw new UsageError(
      `eval: ${definition.name} is open-ended: give at least one --judge URL|GGUF`,
    )
  }
  const items = evaluation.sampleUniform(allItems, limit, seed)
  const modelSettings = {
    ...(options.modelName === undefined ? {} : { name: options.modelName }),
    concurrency,
    ...(retries === undefined ? {} : { retries }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(configPath === undefined ? {} : { configPath }),
  }
  const model = await createModel(options.model, modelSettings)
  const judges: ChatModel[] = []
  for (const judge of options.judge ?? []) {
    judges.push(
      await createModel(judge, {
        ...(options.judgeName === undefined ? {} : { name: options.judgeName }),
        concurrency,
        ...(configPath === undefined ? {} : { configPath }),
      }),
    )
  }
  const label =
    options.subset === undefined ? definition.name : `${definition.name}-${options.subset}`
  const outDir = resolve(options.out ?? `eval-runs/${slug(label)}-${slug(model.model)}`)
  const fewShotPool =
    fewShot > 0 && definition.fewShotPool !== undefined
      ? await definition.fewShotPool({
          path: data,
          ...(options.subset === undefined ? {} : { subset: options.subset }),
        })
      : []
  const controller = new AbortController()
  // Every request in flight listens to the one signal.
  setMaxListeners(concurrency * 4 + 16, controller.signal)
  let interrupts = 0
  const onSignal = (): void => {
    interrupts += 1
    if (interrupts > 1) process.exit(130)
    process.stderr.write(
      '\ngalen: stopping after the requests in flight (Ctrl-C again to quit now)\n',
    )
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const total = items.length * samples
  const progress = createProgress({
    total,
    label: `eval ${label}`,
    payloadFormat: 'acc {accuracy} unparsed {unparsed}',
  })
  let announced = false
  try {
    const result = await evaluation.runEvaluation({
      benchmark: definition.name,
      ...(options.subset === undefined ? {} : { subset: options.subset }),
      data,
      items,
      population: allItems.length,
      allItems,
      ...(fewShotPool.length > 0 ? { fewShotPool } : {}),
      model,
      backend: options.model,
      outDir,
      settings: {
        prompt,
        fewShot,
        temperature,
        ...(maxTokens === undefined ? {} : { maxTokens }),
        samples,
        seed,
        scorer,
        ...(options.calculatorTools === true ? { calculatorTools: true } : {}),
      },
      concurrency,
      judges,
      signal: controller.signal,
      onProgress: (state) => {
        const payload = {
          accuracy: state.done === 0 ? '-' : `${((state.correct / state.done) * 100).toFixed(1)}%`,
          unparsed: state.unparsed,
        }
        if (!announced) {
          announced = true
          if (state.reused > 0) {
            process.stderr.write(
              `galen: resuming ${outDir}: ${state.reused} of ${total} answers already recorded\n`,
            )
          }
          progress.increment(state.done, payload)
          return
        }
        progress.increment(1, payload)
      },
    })
    progress.stop()
    if (options.json) printJson(evaluation.publicSummary(result.summary))
    else {
      printSummaryLine(result.summary)
      process.stdout.write(
        `records and summary: ${outDir} (${result.asked} requests, ${result.reused} reused)\n`,
      )
    }
    if (result.interrupted) {
      process.stderr.write(
        `galen: interrupted with ${result.summary.n} of ${total} answers recorded; run the same command again to resume\n`,
      )
      return EXIT_FAILURE
    }
    const errors = result.summary.statuses.error ?? 0
    if (errors > 0) {
      process.stderr.write(
        `galen: ${errors} model call(s) failed; run the same command again to retry them\n`,
      )
      return EXIT_FAILURE
    }
    return EXIT_OK
  } finally {
    progress.stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

async function replayCommand(
  options: ReplayCommandOptions,
  configPath: string | undefined,
): Promise<number> {
  const evaluation = await import('../eval/index.js')
  const scorerName = parseChoice('--scorer', options.scorer, evaluation.SCORER_NAMES, 'strict')
  const { items, data, definition } = await loadItems(options)
  if (scorerName === 'mirage' && definition.kind !== 'multiple-choice') {
    throw new UsageError(
      `eval: --scorer mirage reads multiple choice only; ${definition.name} is ${definition.kind}`,
    )
  }
  const responsesPath = resolve(options.responses)
  const { responses, issues } = await evaluation.readRecordedResponses({
    path: responsesPath,
    ...(options.idField === undefined ? {} : { idField: options.idField }),
    ...(options.responseField === undefined ? {} : { responseField: options.responseField }),
    ...(options.referenceField === undefined ? {} : { referenceField: options.referenceField }),
    ...(options.verdictField === undefined ? {} : { verdictField: options.verdictField }),
  })
  reportIssues(issues, responsesPath)
  const judges: ChatModel[] = []
  for (const judge of options.judge ?? []) {
    judges.push(
      await createModel(judge, {
        ...(options.judgeName === undefined ? {} : { name: options.judgeName }),
        ...(configPath === undefined ? {} : { configPath }),
      }),
    )
  }
  const result = await evaluation.replayResponses({
    items,
    responses,
    scorer: evaluation.createScorer(scorerName),
    judges,
  })
  if (result.missing.length > 0) {
    process.stderr.write(
      `galen: ${result.missing.length} item(s) have no recorded response (counted wrong), for example "${result.missing[0]}"\n`,
    )
  }
  if (result.unmatched.length > 0) {
    process.stderr.write(
      `galen: ${result.unmatched.length} response(s) match no item (ignored), for example "${result.unmatched[0]}"; check --id-field\n`,
    )
  }
  const label =
    options.subset === undefined ? definition.name : `${definition.name}/${options.subset}`
  let summary: EvalSummaryFile
  if (options.out !== undefined) {
    summary = evaluation.saveReplay({
      outDir: resolve(options.out),
      benchmark: definition.name,
      ...(options.subset === undefined ? {} : { subset: options.subset }),
      data,
      modelName: options.modelName ?? basename(responsesPath).replace(/\.(jsonl|json|csv)$/i, ''),
      responsesPath,
      scorer: scorerName,
      records: result.records,
    })
  } else {
    summary = evaluation.summarize(label, result.records)
  }
  if (options.json) printJson(evaluation.publicSummary(summary))
  else {
    printSummaryLine(summary)
    if (options.out !== undefined)
      process.stdout.write(`records and summary: ${resolve(options.out)}\n`)
  }
  return EXIT_OK
}

async function reportCommand(
  directories: string[],
  options: ReportCommandOptions,
): Promise<number> {
  const { buildReport } = await import('../eval/index.js')
  if (directories.length === 0) throw new UsageError('eval report: give at least one run folder')
  const report = buildReport(
    directories.map((directory) => resolve(directory)),
    options.title === undefined ? {} : { title: options.title },
  )
  if (options.html !== undefined) writeFileSync(options.html, report.html)
  if (options.markdown !== undefined) writeFileSync(options.markdown, report.markdown)
  if (options.json) printJson(report.comparison)
  else if (options.html === undefined && options.markdown === undefined)
    process.stdout.write(report.markdown)
  else {
    const written = [options.html, options.markdown]
      .filter((path) => path !== undefined)
      .join(' and ')
    process.stdout.write(`wrote ${written} (${report.runs.length} run(s))\n`)
  }
  return EXIT_OK
}

async function listCommand(options: { json?: boolean }): Promise<number> {
  const { BENCHMARKS } = await import('../eval/index.js')
  const entries = BENCHMARKS.map((benchmark) => ({
    name: benchmark.name,
    title: benchmark.title,
    kind: benchmark.kind,
    layout: benchmark.layout,
    counts: benchmark.counts,
    subsets: benchmark.subsets ?? [],
    default_path: benchmark.defaultPath ?? null,
  }))
  if (options.json) printJson({ benchmarks: entries })
  else {
    for (const entry of entries) {
      process.stdout.write(`${entry.name}  ${entry.title} [${entry.kind}]\n`)
      process.stdout.write(`    layout: ${entry.layout}\n    counts: ${entry.counts}\n`)
      if (entry.subsets.length > 0)
        process.stdout.write(`    subsets: ${entry.subsets.join(', ')}\n`)
      if (entry.default_path !== null)
        process.stdout.write(`    default path: $GALEN_BENCHMARK_DATA/${entry.default_path}\n`)
    }
  }
  return EXIT_OK
}

/** Registers `galen eval`. */
export function register(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description(
      'evaluate models on medical benchmarks: run, replay recorded answers, report, list',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen eval list\n  $ galen eval run --benchmark medqa --data medqa/phrases_no_exclude_test.jsonl --model http://127.0.0.1:8000/v1 --model-name qwen3-8b\n  $ galen eval replay --benchmark mirage --subset medqa --data mirage/benchmark.json --responses medqa.jsonl --scorer mirage\n  $ galen eval report eval-runs/* --html report.html',
    )
  evalCommand
    .command('run')
    .description('ask a model every item (resumable: rerun the same command to continue)')
    .requiredOption('--benchmark <name>', 'benchmark name (see "galen eval list")')
    .option(
      '--data <path>',
      'benchmark file or folder (default: $GALEN_BENCHMARK_DATA/<default path>)',
    )
    .option(
      '--subset <name>',
      'subset or variant (for example pqal, original, or a MIRAGE dataset)',
    )
    .requiredOption(
      '--model <url|gguf>',
      'OpenAI-compatible base URL ending in /v1, or a .gguf file',
    )
    .option('--model-name <name>', 'model name sent to the server and shown in reports')
    .option('--limit <n>', 'evaluate at most N items by seeded uniform sampling, or "all"', '1000')
    .option('--seed <seed>', 'seed of the subsample and of few-shot selection', '0')
    .option('--temperature <t>', 'sampling temperature', '0.6')
    .option('--max-tokens <n>', 'maximum completion tokens')
    .option('--concurrency <n>', 'requests in flight', '8')
    .option('--samples <k>', 'samples per item', '1')
    .option('--prompt <style>', 'json (final answer as JSON), cot or direct', 'json')
    .option('--few-shot <k>', 'few-shot examples per item', '0')
    .option('--scorer <name>', 'strict or lenient answer reading', 'strict')
    .option(
      '--calculator-tools',
      "MedCalc-Bench: offer the row's calculator as a tool the model may call",
    )
    .option('--judge <url|gguf>', 'judge model for open-ended items (repeat for several)', collect)
    .option('--judge-name <name>', 'model name of the judge')
    .option('--timeout-ms <ms>', 'deadline of one request')
    .option('--retries <n>', 'retries of a failed request')
    .option('--out <dir>', 'run folder (default eval-runs/<benchmark>-<model>)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval run --benchmark medqa --data ../shared/data/benchmarks/medqa/phrases_no_exclude_test.jsonl \\\n      --model http://127.0.0.1:8000/v1 --model-name qwen3-8b --limit all --concurrency 32 --json',
    )
    .action((options: RunCommandOptions, command: Command) =>
      runAction(() => runCommand(options, command.optsWithGlobals<{ config?: string }>().config)),
    )
  evalCommand
    .command('replay')
    .description('score recorded responses without calling a model')
    .requiredOption('--benchmark <name>', 'benchmark name (see "galen eval list")')
    .option(
      '--data <path>',
      'benchmark file or folder (default: $GALEN_BENCHMARK_DATA/<default path>)',
    )
    .option('--subset <name>', 'subset (MIRAGE: medqa|medmcqa|pubmedqa|bioasq|mmlu)')
    .requiredOption('--responses <file>', 'JSON Lines (or CSV) of recorded responses')
    .option('--id-field <name>', 'field joining a response to its item', 'id')
    .option(
      '--response-field <name>',
      'field holding the response text (or a list of texts)',
      'response',
    )
    .option('--reference-field <name>', "field holding another tool's extracted answer, to compare")
    .option(
      '--verdict-field <name>',
      "field holding another tool's Correct/Incorrect verdict, to compare",
    )
    .option('--scorer <name>', 'strict, lenient or mirage', 'strict')
    .option('--judge <url|gguf>', 'judge model for open-ended items (repeat for several)', collect)
    .option('--judge-name <name>', 'model name of the judge')
    .option('--model-name <name>', 'name of the model that wrote the responses (for reports)')
    .option('--out <dir>', 'write records and summary to this folder (for "galen eval report")')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval replay --benchmark mirage --subset mmlu --data ../shared/data/benchmarks/mirage/benchmark.json \\\n      --responses ../shared/data/model-outputs/mirage/mmlu__cot__gpt-35-turbo-16k.jsonl --scorer mirage --json',
    )
    .action((options: ReplayCommandOptions, command: Command) =>
      runAction(() =>
        replayCommand(options, command.optsWithGlobals<{ config?: string }>().config),
      ),
    )
  evalCommand
    .command('report')
    .description('compare run folders: models × benchmarks with 95% intervals, breakdowns, cost')
    .argument('<dir...>', 'run or replay folders')
    .option('--html <file>', 'write a self-contained HTML page (charts, readable offline)')
    .option('--markdown <file>', 'write Markdown')
    .option('--title <text>', 'report title')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval report eval-runs/medqa-* eval-runs/mmlu-* --html report.html --markdown report.md',
    )
    .action((directories: string[], options: ReportCommandOptions) =>
      runAction(() => reportCommand(directories, options)),
    )
  evalCommand
    .command('list')
    .description('list the supported benchmarks, their file layouts and counts')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  $ galen eval list --json')
    .action((options: { json?: boolean }) => runAction(() => listCommand(options)))
}
