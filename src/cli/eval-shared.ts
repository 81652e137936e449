/**
 * Helpers shared by the `galen eval` subcommands: loading a benchmark's items, reading choice
 * options, building a model from `--model URL|GGUF`, and printing a summary.
 */
import { resolve } from 'node:path'
import type {
  BenchmarkDefinition,
  BenchmarkItem,
  EvalSummaryFile,
  LoadIssue,
} from '../eval/index.js'
import type { ChatModel } from '../llm/index.js'
import { loadConfig } from './config.js'
import { noModelMessage, resolveModelConfig } from './model-options.js'
import { plural, UsageError } from './run-command.js'

/** The benchmark options that `run` and `replay` share. */
export interface CommonOptions {
  benchmark: string
  data?: string
  subset?: string
  json?: boolean
}

/** Commander option parser that collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Where a benchmark's files are when --data is omitted: $GALEN_BENCHMARK_DATA/<default path>. */
export function resolveData(options: CommonOptions, defaultPath: string | undefined): string {
  if (options.data !== undefined) return resolve(options.data)
  const root = process.env.GALEN_BENCHMARK_DATA
  if (root !== undefined && defaultPath !== undefined) return resolve(root, defaultPath)
  throw new UsageError(
    `eval: --data is required for "${options.benchmark}" (or set GALEN_BENCHMARK_DATA to a folder holding ${defaultPath ?? 'its files'}; see "galen eval list")`,
  )
}

/** Prints the malformed rows of a file (the first ten, then a count) on stderr. */
export function reportIssues(issues: readonly LoadIssue[], path: string): void {
  if (issues.length === 0) return
  process.stderr.write(
    `galen: ${plural(issues.length, 'malformed row was', 'malformed rows were')} skipped in ${path}:\n`,
  )
  for (const issue of issues.slice(0, 10)) {
    process.stderr.write(`  line ${issue.line} (${issue.field}): ${issue.message}\n`)
  }
  if (issues.length > 10) process.stderr.write(`  ... and ${issues.length - 10} more\n`)
}

/**
 * Loads the items of `--benchmark` (and `--subset`) from `--data`; throws a UsageError for an
 * unknown benchmark or subset, or a file without valid items.
 */
export async function loadItems(options: CommonOptions): Promise<{
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

/**
 * Returns `value` when it is one of `allowed`, `fallback` when absent; throws a UsageError
 * otherwise.
 */
export function parseChoice<T extends string>(
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

/**
 * Builds a model from `--model URL|GGUF` (or `--judge`), falling back to the environment and the
 * configuration file the same way every command does (see `model-options.ts`).
 *
 * @throws UsageError when no model is named anywhere, or the target is not a URL or GGUF file.
 */
export async function createModel(
  target: string | undefined,
  settings: {
    name?: string
    concurrency?: number
    retries?: number
    timeoutMs?: number
    configPath?: string
    /** The configuration section to fall back to (default `model`). */
    section?: 'model' | 'judge'
    /** The option that names the model, for messages (default `--model`). */
    option?: string
  },
): Promise<ChatModel> {
  const { createChatModelFromSettings } = await import('../llm/index.js')
  const config = loadConfig(
    settings.configPath === undefined ? {} : { path: settings.configPath },
  ).config
  const section = settings.section ?? 'model'
  const option = settings.option ?? '--model'
  const resolved = resolveModelConfig(
    config,
    {
      target,
      targetOption: option,
      name: settings.name,
      concurrency: settings.concurrency,
      maxRetries: settings.retries,
      timeoutMs: settings.timeoutMs,
    },
    section,
  )
  if (resolved === undefined) throw new UsageError(noModelMessage('eval', `${option} URL|GGUF`))
  return createChatModelFromSettings(resolved, section)
}

/**
 * The judges of open-ended items: one per `--judge`, else the configured judge (`GALEN_JUDGE_URL`,
 * `GALEN_JUDGE_MODEL` or the config's `judge` section), else none.
 */
export async function createJudges(
  targets: readonly string[],
  settings: { name?: string; concurrency?: number; configPath?: string },
): Promise<ChatModel[]> {
  const common = {
    ...settings,
    section: 'judge' as const,
    option: '--judge',
  }
  if (targets.length > 0) {
    return Promise.all(targets.map((target) => createModel(target, common)))
  }
  const config = loadConfig(
    settings.configPath === undefined ? {} : { path: settings.configPath },
  ).config
  if (resolveModelConfig(config, {}, 'judge') === undefined) return []
  return [await createModel(undefined, common)]
}

/** Prints accuracy with its 95% interval, unparsed answers, categories and agreement lines. */
export function printSummaryLine(summary: EvalSummaryFile): void {
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
      `  agrees with the reference verdict on ${agreement.agree}/${plural(agreement.compared, 'row')}\n`,
    )
  }
  if (summary.reference_agreement !== undefined) {
    const agreement = summary.reference_agreement
    process.stdout.write(
      `  same extraction as the reference on ${agreement.agree}/${plural(agreement.compared, 'row')}\n`,
    )
  }
}
