/**
 * `galen eval run`: asks a model every item of a benchmark, resumably, and records and scores the
 * answers.
 */
import { setMaxListeners } from 'node:events'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import {
  type CommonOptions,
  collect,
  createJudges,
  createModel,
  loadItems,
  parseChoice,
  printSummaryLine,
} from './eval-shared.js'
import {
  createProgress,
  EXIT_FAILURE,
  EXIT_OK,
  parseNumberOption,
  plural,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

interface RunCommandOptions extends CommonOptions {
  model?: string
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

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run'
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
  const items = evaluation.sampleUniform(allItems, limit, seed)
  const modelSettings = {
    ...(options.modelName === undefined ? {} : { name: options.modelName }),
    concurrency,
    ...(retries === undefined ? {} : { retries }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(configPath === undefined ? {} : { configPath }),
  }
  const model = await createModel(options.model, modelSettings)
  const judges = await createJudges(options.judge ?? [], {
    ...(options.judgeName === undefined ? {} : { name: options.judgeName }),
    concurrency,
    ...(configPath === undefined ? {} : { configPath }),
  })
  // Ranked diagnoses (rare-disease) and name sets (chip-cdn) are scored without a judge.
  if (judges.length === 0 && items.some(evaluation.needsJudge)) {
    throw new UsageError(
      `eval: ${definition.name} is open-ended: give at least one --judge URL|GGUF (or set GALEN_JUDGE_URL, or "judge" in galen.config.json)`,
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
      ...(options.model === undefined ? {} : { backend: options.model }),
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
        `galen: ${plural(errors, 'model call')} failed; run the same command again to retry them\n`,
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

/** Registers `galen eval run` on the `eval` command. */
export function registerRun(evalCommand: Command): void {
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
    .option(
      '--model <url|gguf>',
      'OpenAI-compatible base URL ending in /v1, or a .gguf file (default: GALEN_MODEL_URL or GALEN_GGUF, then config "model")',
    )
    .option(
      '--model-name <name>',
      'model name sent to the server and shown in reports (default: GALEN_MODEL, then config "model.name")',
    )
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
    .option(
      '--judge <url|gguf>',
      'judge model for open-ended items (repeat for several; default: GALEN_JUDGE_URL, then config "judge")',
      collect,
    )
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
}
