/**
 * `galen sft draft|export|stats`: SFT curation (see docs/sft-curation.md). `draft` turns queries
 * into reviewed-ready items (grounded candidates, best-of-N, annotations) in a project folder;
 * `export` writes accepted items as SFT data; `stats` reports review progress and agreement.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { loadConfig } from './config.js'
import { resolveModelConfig } from './model-options.js'
import {
  createProgress,
  parseNumberOption,
  plural,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Splits `NAME=URL` (or a bare URL, named `fallback`). */
export function parseNamedUrl(
  option: string,
  text: string,
  fallback: string,
): { name: string; url: string } {
  const match = /^([\w.:-]+)=(https?:\/\/.+)$/.exec(text)
  const named =
    match === null
      ? { name: fallback, url: text }
      : { name: match[1] as string, url: match[2] as string }
  if (!/^https?:\/\/\S+$/.test(named.url)) {
    throw new UsageError(
      `option ${option} "${text}" is invalid: expected NAME=URL or URL (http or https)`,
    )
  }
  return named
}

/** A model named on the command line: an OpenAI-compatible server or a local GGUF file. */
export interface NamedModelTarget {
  name: string
  kind: 'url' | 'gguf'
  /** The base URL, or the GGUF file's absolute path. */
  target: string
}

/**
 * Splits `NAME=URL`, `NAME=FILE.gguf`, or a bare URL (named `fallback`) or GGUF file (named after
 * the file).
 *
 * @throws UsageError when the value is neither an http(s) URL nor a GGUF file
 * @throws InputError when a GGUF file does not exist
 */
export function parseNamedModel(option: string, text: string, fallback: string): NamedModelTarget {
  const match = /^([\w.:-]+)=(.+)$/.exec(text)
  const given = match === null ? undefined : (match[1] as string)
  const target = match === null ? text : (match[2] as string)
  if (/^https?:\/\//i.test(target)) {
    const named = parseNamedUrl(option, target, given ?? fallback)
    return { name: named.name, kind: 'url', target: named.url }
  }
  const isFile = existsSync(target) && statSync(target).isFile()
  if (!target.toLowerCase().endsWith('.gguf') && !isFile) {
    throw new UsageError(
      `option ${option} "${text}" is invalid: expected NAME=URL, NAME=FILE.gguf, a URL (http or https) or a .gguf file`,
    )
  }
  if (!isFile) {
    throw new InputError(`sft: GGUF file "${target}" of ${option} does not exist`, {
      field: option,
      value: target,
    })
  }
  return { name: given ?? basename(target, '.gguf'), kind: 'gguf', target: resolve(target) }
}

interface DraftCommandOptions {
  queries: string
  index?: string
  model: string[]
  n: string
  temperature: string
  maxTokens?: string
  seed?: string
  maxSources?: string
  tokenBudget?: string
  judge?: string
  reward?: string
  rewardToken?: string
  keyPoints?: boolean
  deid: boolean
  concurrency: string
  project: string
}

async function draft(options: DraftCommandOptions, configPath?: string): Promise<number> {
  const n = parseNumberOption('--n', options.n, { integer: true, min: 1, max: 64 }) as number
  const temperature = parseNumberOption('--temperature', options.temperature, {
    min: 0,
    max: 2,
  }) as number
  const maxTokens = parseNumberOption('--max-tokens', options.maxTokens, { integer: true, min: 1 })
  const seed = parseNumberOption('--seed', options.seed, { integer: true, min: 0 })
  const maxSources = parseNumberOption('--max-sources', options.maxSources, {
    integer: true,
    min: 1,
    max: 50,
  })
  const tokenBudget = parseNumberOption('--token-budget', options.tokenBudget, {
    integer: true,
    min: 50,
  })
  const concurrency = parseNumberOption('--concurrency', options.concurrency, {
    integer: true,
    min: 1,
    max: 256,
  }) as number
  if (options.model.length === 0)
    throw new UsageError(
      'option --model NAME=URL is required (repeat it for several models; NAME=FILE.gguf for a local model)',
    )
  const models = options.model.map((text, position) =>
    parseNamedModel('--model', text, `model-${position + 1}`),
  )
  const judgeTarget =
    options.judge === undefined ? undefined : parseNamedModel('--judge', options.judge, 'judge')
  const names = new Set(models.map((model) => model.name))
  if (names.size !== models.length)
    throw new UsageError('option --model: two models have the same name')
  const [curation, answer, corpus, deid, llm, retrieval, verifiers] = await Promise.all([
    import('../curation/index.js'),
    import('../answer/index.js'),
    import('../corpus/index.js'),
    import('../deid/index.js'),
    import('../llm/index.js'),
    import('../retrieval/index.js'),
    import('../verifiers/index.js'),
  ])
  const queries = curation.readQueries(options.queries)
  if (options.index !== undefined && !existsSync(options.index)) {
    throw new InputError(`sft: index "${options.index}" does not exist`, {
      field: '--index',
      value: options.index,
    })
  }
  const indexPath = options.index ?? (await corpus.ensureDemoIndex()).path
  const index = await retrieval.openIndex({ path: indexPath, create: false })
  // A rerun redoes the draft's work, so it skips the per-commit sync (a killed process still loses
  // nothing acknowledged); the studio keeps full sync for the reviewers' work.
  const store = curation.createSqliteReviewStore({
    path: curation.projectStorePath(resolve(options.project)),
    synchronous: 'normal',
  })
  // Local models are loaded here and closed when the draft ends (their native memory and threads).
  const opened: Array<{ close(): Promise<void> }> = []
  const makeModel = async (entry: NamedModelTarget) => {
    if (entry.kind === 'url') {
      return {
        name: entry.name,
        url: entry.target,
        model: llm.createOpenAICompatibleModel({ baseUrl: entry.target, model: entry.name }),
      }
    }
    // The configuration's model settings (threads from GALEN_THREADS, timeouts) apply to the file.
    const { config } = loadConfig(configPath === undefined ? {} : { path: configPath })
    const settings = resolveModelConfig(config, {
      target: entry.target,
      targetOption: '--model',
      name: entry.name,
    })
    const model = await llm.createChatModelFromSettings(settings ?? { gguf: entry.target })
    opened.push(model)
    return { name: entry.name, url: entry.target, model }
  }
  const progress = createProgress({
    total: queries.length,
    label: 'draft',
    payloadFormat: 'failed: {failed}',
  })
  let shown = 0
  try {
    const draftModels = []
    for (const entry of models) draftModels.push(await makeModel(entry))
    const judge = judgeTarget === undefined ? undefined : await makeModel(judgeTarget)
    const result = await curation.runDraft(queries, {
      store,
      evidence: answer.createIndexEvidenceSource({
        name: `index:${indexPath}`,
        search: (searchOptions) => index.search(searchOptions),
        termStatistics: (statisticsOptions) => index.backend.termStatistics(statisticsOptions),
      }),
      indexName: indexPath,
      models: draftModels,
      n,
      temperature,
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(seed === undefined ? {} : { seed }),
      ...(maxSources === undefined ? {} : { maxSources }),
      ...(tokenBudget === undefined ? {} : { tokenBudget }),
      concurrency,
      ...(judge === undefined ? {} : { judge }),
      ...(options.reward === undefined
        ? {}
        : {
            reward: curation.createRewardClient({
              url: parseNamedUrl('--reward', options.reward, 'reward').url,
              ...(options.rewardToken === undefined ? {} : { token: options.rewardToken }),
            }),
          }),
      keyPoints: options.keyPoints === true,
      deidentifier: options.deid ? deid.createDeidentifier() : false,
      verifier: verifiers.createItemVerifier(),
      onProgress: (state) => {
        const reached = state.done + state.skipped + state.failed
        progress.increment(reached - shown, { failed: state.failed })
        shown = reached
      },
    })
    progress.stop()
    for (const failure of result.failures) {
      process.stderr.write(`galen sft: query "${failure.id}" failed: ${failure.error}\n`)
    }
    process.stderr.write(
      `galen sft: ${plural(result.done, 'item')} queued, ${result.skipped} already queued, ${result.failed} failed (${(result.elapsedMs / 1000).toFixed(1)} s)\n`,
    )
    return result.failed > 0 ? 1 : 0
  } finally {
    progress.stop()
    for (const model of opened) await model.close()
    await store.close()
    await index.close()
  }
}

async function loadProjectState(folder: string) {
  const curation = await import('../curation/index.js')
  const path = curation.projectStorePath(resolve(folder))
  if (!existsSync(path))
    throw new InputError(
      `sft: project "${folder}" holds no reviews.sqlite (run galen sft draft first)`,
      {
        field: '--project',
        value: folder,
      },
    )
  const config = curation.readProjectConfig(folder)
  const project = curation.openProject({
    folder,
    reviewers: config.reviewers
      .filter((reviewer) => reviewer.role !== 'admin')
      .map((reviewer) => reviewer.name),
    overlap: config.overlap,
  })
  try {
    const state = await project.state()
    const events = await project.store.read()
    return { curation, state, events }
  } finally {
    await project.close()
  }
}

async function exportCommand(options: {
  project: string
  format: string
  status: string[]
  out?: string
  benchmark: string[]
}): Promise<number> {
  const { curation, state } = await loadProjectState(options.project)
  if (!(curation.SFT_EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(
      `option --format "${options.format}" is invalid: expected ${curation.SFT_EXPORT_FORMATS.join(', ')}`,
    )
  }
  const statuses = options.status.length === 0 ? ['accepted'] : options.status
  for (const status of statuses) {
    if (!['accepted', 'rejected', 'flagged', 'pending', 'disputed'].includes(status)) {
      throw new UsageError(
        `option --status "${status}" is invalid: expected accepted, rejected, flagged, pending or disputed`,
      )
    }
  }
  let decontamination:
    | Awaited<ReturnType<typeof import('../rl-data/index.js')['buildDecontaminationIndex']>>
    | undefined
  if (options.benchmark.length > 0) {
    const rlData = await import('../rl-data/index.js')
    const texts = []
    for (const entry of options.benchmark) {
      const equals = entry.indexOf('=')
      if (equals <= 0)
        throw new UsageError(`option --benchmark "${entry}" is invalid: expected NAME=FILE`)
      const path = entry.slice(equals + 1)
      if (!existsSync(path)) {
        throw new InputError(`sft: benchmark file "${path}" does not exist`, {
          field: '--benchmark',
          value: path,
        })
      }
      texts.push(...(await rlData.readBenchmarkFile(entry.slice(0, equals), path)))
    }
    decontamination = await rlData.buildDecontaminationIndex(texts)
  }
  const result = curation.exportItems(state.items, {
    format: options.format as (typeof curation.SFT_EXPORT_FORMATS)[number],
    statuses: statuses as Parameters<typeof curation.exportItems>[1]['statuses'] & object,
    ...(decontamination === undefined ? {} : { decontamination }),
  })
  const lines = result.records.map((record) => `${JSON.stringify(record)}\n`).join('')
  if (options.out === undefined) process.stdout.write(lines)
  else {
    writeFileSync(options.out, lines)
    if (options.format === 'openai') {
      writeFileSync(
        `${options.out}.provenance.jsonl`,
        result.provenance.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
      )
    }
  }
  for (const item of result.contaminated) {
    process.stderr.write(
      `galen sft: left out "${item.id}": shares "${item.example}" with ${item.benchmarks.join(', ')}\n`,
    )
  }
  process.stderr.write(
    `galen sft: exported ${plural(result.records.length, 'item')} as ${options.format}${result.contaminated.length > 0 ? `, ${result.contaminated.length} left out as contaminated` : ''}\n`,
  )
  return 0
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`
}

async function statsCommand(options: { project: string; json?: boolean }): Promise<number> {
  const { curation, state, events } = await loadProjectState(options.project)
  const stats = curation.projectStats(state, events)
  if (options.json) {
    printJson(stats)
    return 0
  }
  const statusLine = Object.entries(stats.byStatus)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ')
  const lines = [
    `items: ${stats.items} (${statusLine})`,
    `reviews: ${stats.reviews} by ${stats.reviewers.length} reviewers${stats.reviewsPerHour === null ? '' : `, ${stats.reviewsPerHour.toFixed(1)} per hour`}`,
    `acceptance rate: ${percent(stats.acceptanceRate)}`,
    `edited: ${percent(stats.editedShare)}; mean edit distance from the best candidate: ${stats.meanEditDistance === null ? 'n/a' : stats.meanEditDistance.toFixed(3)}`,
    `best-of-N pick kept: ${percent(stats.bestKeptRate)}`,
    `agreement: kappa ${stats.agreement.kappa === null ? 'n/a' : stats.agreement.kappa.toFixed(3)} over ${stats.agreement.items} doubly reviewed items`,
    ...stats.agreement.pairs.map(
      (pair) =>
        `  ${pair.reviewers.join(' / ')}: kappa ${pair.kappa === null ? 'n/a' : pair.kappa.toFixed(3)}, ${pair.items} items, agreement ${percent(pair.observed)}`,
    ),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

/** Registers `galen sft`. */
export function register(program: Command): void {
  const sft = program
    .command('sft')
    .description('SFT curation: grounded drafts, best-of-N, review exports and statistics')
  sft
    .command('draft')
    .description(
      'draft grounded candidates for queries, score them, pick the best and queue them for review',
    )
    .requiredOption(
      '--queries <file>',
      'queries as JSONL {"id","query"} or CSV with id,query columns',
    )
    .option('--index <file>', 'retrieval index (default: the demonstration index)')
    .option(
      '--model <name=url|gguf>',
      'a model: NAME=URL (OpenAI-compatible) or NAME=FILE.gguf (local, node-llama-cpp); repeatable',
      collect,
      [],
    )
    .option('--n <count>', 'samples per model', '4')
    .option('--temperature <t>', 'sampling temperature (0 is greedy)', '0.8')
    .option('--max-tokens <count>', "tokens per candidate at most (default: the model's own)")
    .option('--seed <n>', 'sampling seed (local models: sample i uses seed + i)')
    .option('--max-sources <count>', 'passages given to the models (default 6)')
    .option('--token-budget <tokens>', 'token budget of those passages (default 1800)')
    .option('--judge <name=url|gguf>', 'principle judge model (Table 5 dimensions)')
    .option('--reward <url>', 'reward endpoint in the /get_reward style')
    .option('--reward-token <token>', 'bearer token of the reward endpoint')
    .option('--key-points', 'draft key points with the judge (or the first model)')
    .option('--no-deid', 'send queries as they are (only for queries that hold no personal data)')
    .option('--concurrency <count>', 'queries drafted at once', '4')
    .requiredOption('--project <dir>', 'project folder (reviews.sqlite is created there)')
    .action((options: DraftCommandOptions, command: Command) =>
      runAction(() => draft(options, command.optsWithGlobals<{ config?: string }>().config)),
    )
  sft
    .command('export')
    .description('write reviewed items as SFT data (accepted items by default)')
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--format <format>', 'trl, llama-factory, openai or sharegpt')
    .option('--status <status>', 'statuses to export (repeatable; default accepted)', collect, [])
    .option(
      '--benchmark <name=file>',
      'leave out items sharing 13-grams with this evaluation set (repeatable)',
      collect,
      [],
    )
    .option('--out <file>', 'output JSONL (default stdout)')
    .action((options) => runAction(() => exportCommand(options)))
  sft
    .command('stats')
    .description(
      'throughput, acceptance, edit distance, reviewer agreement and best-of-N kept rate',
    )
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action((options) => runAction(() => statsCommand(options)))
}
