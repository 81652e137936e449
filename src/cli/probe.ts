/**
 * `galen probe build|run|replay`: knowledge probes from MedLAMA files or a knowledge graph, run
 * through the evaluation runner (resumable, seeded sampling, cached when the model is), and scored
 * against alias sets.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Command } from 'commander'
import { createKnowledgeModel, readTriplesFile } from './kg-graph.js'
import { noModelMessage } from './model-options.js'
import {
  openJsonLinesWriter,
  parseNumberOption,
  printJson,
  readJsonLines,
  runAction,
  UsageError,
} from './run-command.js'

type Language = 'en' | 'zh'

function parseLanguage(value: string): Language {
  if (value === 'en' || value === 'zh') return value
  throw new UsageError(`option --lang = "${value}" is invalid: expected en or zh`)
}

interface BuildOptions {
  medlama?: string
  prompts?: string
  graph?: string
  lang: string
  limit?: string
  seed: string
  out?: string
}

interface RunOptions {
  probes?: string
  model?: string
  modelName?: string
  out?: string
  limit?: string
  seed: string
  samples?: string
  temperature?: string
  concurrency?: string
  k?: string
  json?: boolean
}

interface ReplayOptions {
  probes?: string
  responses?: string
  k?: string
  json?: boolean
}

/** Keeps every probe of `limit` facts drawn with the seed (all templates of a fact stay together). */
async function sampleFacts<T extends { fact_id: string }>(
  probes: T[],
  limit: number | undefined,
  seed: string,
): Promise<T[]> {
  if (limit === undefined) return probes
  const { sampleUniform } = await import('../eval/index.js')
  const facts = [...new Set(probes.map((probe) => probe.fact_id))]
  const kept = new Set(sampleUniform(facts, limit, seed))
  return probes.filter((probe) => kept.has(probe.fact_id))
}

function printSummary(
  summary: import('../knowledge/index.js').ProbeSummary,
  json: boolean | undefined,
): void {
  if (json) {
    printJson(summary)
    return
  }
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`
  process.stdout.write(
    `n=${summary.n} (${summary.answered} answered)  accuracy@1 ${percent(summary.accuracy)}  accuracy@${summary.k} ${percent(summary.accuracy_at_k)}  template agreement ${summary.template_agreement === null ? 'n/a' : percent(summary.template_agreement)}\n` +
      `leading text: with ${percent(summary.leading_text.with.accuracy)} (n=${summary.leading_text.with.n}), without ${percent(summary.leading_text.without.accuracy)} (n=${summary.leading_text.without.n})\n`,
  )
  for (const [relation, group] of Object.entries(summary.by_relation)) {
    process.stdout.write(
      `  ${relation.padEnd(48)} ${percent(group.accuracy).padStart(6)}  n=${group.n}\n`,
    )
  }
}

/**
 * Writes the probe verdicts into the run's records (status, parsed answer, correct, score) and its
 * summary, so that `galen eval report` compares probe runs of two models like any other runs. The
 * runner leaves probe items unjudged (they are open-ended items without a judge).
 */
async function scoreRunRecords(
  directory: string,
  probes: readonly import('../knowledge/index.js').Probe[],
): Promise<void> {
  const { renameSync } = await import('node:fs')
  const evaluation = await import('../eval/index.js')
  const knowledge = await import('../knowledge/index.js')
  const byId = new Map(probes.map((item) => [item.id, item]))
  const { records } = evaluation.recoverRecords(directory)
  for (const record of records) {
    const item = byId.get(record.id)
    if (item === undefined || record.response === null) continue
    const first = knowledge.candidateAnswers([record.response])[0]
    const correct =
      first !== undefined && knowledge.matchesAnswer(first, item.answers, item.language)
    record.status = 'ok'
    record.parsed = first ?? null
    record.correct = correct
    record.score = correct ? 1 : 0
    record.reason = correct ? 'names a gold answer' : 'names no gold answer'
    record.method = 'probe-alias'
  }
  const write = (name: string, text: string): void => {
    const path = join(directory, name)
    writeFileSync(`${path}.tmp`, text)
    renameSync(`${path}.tmp`, path)
  }
  write(
    evaluation.RUN_FILES.records,
    records.map((record) => `${JSON.stringify(record)}\n`).join(''),
  )
  // Keep what the runner recorded beside the figures (model, settings, item ids, completeness).
  const { readFileSync } = await import('node:fs')
  const { safeParseJson } = await import('../errors.js')
  let previous: Record<string, unknown> = {}
  try {
    const parsed = safeParseJson(
      readFileSync(join(directory, evaluation.RUN_FILES.summary), 'utf8'),
    )
    if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
      previous = parsed.value as Record<string, unknown>
    }
  } catch {
    previous = {}
  }
  const summary = { ...previous, ...evaluation.summarize('knowledge-probes', records) }
  write(evaluation.RUN_FILES.summary, `${JSON.stringify(summary, null, 2)}\n`)
}

/** Registers `galen probe`. */
export function register(program: Command): void {
  const probe = program
    .command('probe')
    .description(
      'knowledge probes: build from MedLAMA or a knowledge graph, run against a model, replay responses',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen probe build --medlama medlama/2021AA-dev-half --limit 200 --out probes.jsonl\n  $ galen probe run --probes probes.jsonl --model http://127.0.0.1:8000/v1 --out runs/probes\n  $ galen probe replay --probes probes.jsonl --responses responses.jsonl --json',
    )

  probe
    .command('build')
    .description(
      'fact and concept probes (several templates, with and without leading text) with every acceptable answer',
    )
    .option(
      '--medlama <file-or-dir>',
      'MedLAMA relation files (<rel>_1000.csv; a folder takes every *_1000.csv)',
    )
    .option('--prompts <file>', 'MedLAMA prompts.csv (default: beside the folder, if there)')
    .option('--graph <file>', 'a knowledge graph (kg import output, or JSONL/TSV/CSV triples)')
    .option('--lang <lang>', 'en or zh', 'en')
    .option('--limit <n>', 'facts to keep (seeded uniform sample; all templates of a fact stay)')
    .option('--seed <seed>', 'seed of the sample', '0')
    .option('--out <file>', 'write the probes (JSONL) here (default: stdout)')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen probe build --medlama ../shared/data/knowledge/medlama/2021AA-dev-half --limit 100 --out probes.jsonl',
    )
    .action((options: BuildOptions) =>
      runAction(async () => {
        if ((options.medlama === undefined) === (options.graph === undefined)) {
          throw new UsageError('probe build: give one of --medlama FILE_OR_DIR or --graph FILE')
        }
        const language = parseLanguage(options.lang)
        const limit = parseNumberOption('--limit', options.limit, { integer: true, min: 1 })
        const knowledge = await import('../knowledge/index.js')
        let probes: import('../knowledge/index.js').Probe[] = []
        if (options.medlama !== undefined) {
          const path = options.medlama
          if (!existsSync(path)) {
            const { InputError } = await import('../errors.js')
            throw new InputError(`probe build: "${path}" does not exist`, {
              field: 'medlama',
              value: path,
            })
          }
          const files = statSync(path).isDirectory()
            ? readdirSync(path)
                .filter((name) => name.endsWith('_1000.csv'))
                .sort()
                .map((name) => join(path, name))
            : [path]
          const promptsPath =
            options.prompts ??
            [join(path, '..', 'prompts.csv'), join(dirname(path), '..', 'prompts.csv')].find(
              (candidate) => existsSync(candidate),
            )
          const prompts =
            promptsPath === undefined ? undefined : knowledge.readMedlamaPrompts(promptsPath)
          for (const file of files) {
            probes.push(
              ...knowledge.buildMedlamaProbes({
                path: file,
                language,
                ...(prompts === undefined ? {} : { prompts }),
              }),
            )
          }
        } else if (options.graph !== undefined) {
          probes = knowledge.buildGraphProbes({
            triples: await readTriplesFile(options.graph),
            language,
          })
        }
        probes = await sampleFacts(probes, limit, options.seed)
        const writer = openJsonLinesWriter(options.out)
        for (const item of probes) await writer.write(item)
        await writer.close()
        process.stderr.write(
          `probe build: ${probes.length} probes for ${new Set(probes.map((item) => item.fact_id)).size} facts\n`,
        )
      }),
    )

  probe
    .command('run')
    .description(
      'ask a model every probe through the evaluation runner (resumable; records in --out) and score the answers',
    )
    .option('--probes <file>', 'probes from probe build')
    .option('--model <url-or-gguf>', 'the model (else GALEN_MODEL_URL / GALEN_GGUF / the config)')
    .option('--model-name <name>', 'the model name at the server')
    .option(
      '--out <dir>',
      'run folder (records.jsonl, manifest, probe-summary.json); an interrupted run resumes',
    )
    .option('--limit <n>', 'facts to ask (seeded uniform sample)')
    .option('--seed <seed>', 'seed of the sample', '0')
    .option('--samples <k>', 'answers per probe (accuracy@k uses them in order)', '1')
    .option('--temperature <t>', 'sampling temperature', '0')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--k <k>', 'the k of accuracy@k', '5')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen probe run --probes probes.jsonl --model http://127.0.0.1:8000/v1 --model-name qwen3-8b --out runs/probes-qwen3 --json',
    )
    .action((options: RunOptions, command: Command) =>
      runAction(async () => {
        if (options.probes === undefined || options.out === undefined) {
          throw new UsageError('probe run: --probes FILE and --out DIR are required')
        }
        const limit = parseNumberOption('--limit', options.limit, { integer: true, min: 1 })
        const samples =
          parseNumberOption('--samples', options.samples, { integer: true, min: 1, max: 100 }) ?? 1
        const temperature =
          parseNumberOption('--temperature', options.temperature, { min: 0, max: 2 }) ?? 0
        const concurrency =
          parseNumberOption('--concurrency', options.concurrency, {
            integer: true,
            min: 1,
            max: 256,
          }) ?? 4
        const k = parseNumberOption('--k', options.k, { integer: true, min: 1 }) ?? 5
        const globals = command.optsWithGlobals() as { config?: string }
        const model = await createKnowledgeModel({
          ...(options.model === undefined ? {} : { model: options.model }),
          ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
          ...(globals.config === undefined ? {} : { config: globals.config }),
          fallback: true,
        })
        if (model === undefined) throw new UsageError(noModelMessage('probe run', '--model URL'))
        const knowledge = await import('../knowledge/index.js')
        const evaluation = await import('../eval/index.js')
        const all = knowledge.readProbes(options.probes)
        const probes = await sampleFacts(all, limit, options.seed)
        const items = probes.map((item) => ({
          id: item.id,
          kind: 'open-ended' as const,
          question: item.prompt,
          gold: item.answers,
          category: item.category,
          subject: item.relation,
          language: item.language,
        }))
        await evaluation.runEvaluation({
          benchmark: 'knowledge-probes',
          data: options.probes,
          items,
          population: all.length,
          model,
          ...(options.model === undefined ? {} : { backend: options.model }),
          outDir: options.out,
          settings: {
            prompt: 'direct',
            fewShot: 0,
            temperature,
            samples,
            seed: options.seed,
            scorer: 'strict',
          },
          concurrency,
        })
        await scoreRunRecords(options.out, probes)
        const responses = new Map<string, string[]>()
        for (const record of evaluation
          .recoverRecords(options.out)
          .records.sort((left, right) => left.sample - right.sample)) {
          if (record.response === null) continue
          const list = responses.get(record.id) ?? []
          list.push(record.response)
          responses.set(record.id, list)
        }
        const summary = knowledge.scoreProbes({ probes, responses, k })
        writeFileSync(
          join(options.out, 'probe-summary.json'),
          `${JSON.stringify(summary, null, 2)}\n`,
        )
        printSummary(summary, options.json)
      }),
    )

  probe
    .command('replay')
    .description(
      "score recorded answers against the probes (JSONL { id, response } or { id, responses: [...] }, or a run's records.jsonl)",
    )
    .option('--probes <file>', 'probes from probe build')
    .option('--responses <file>', 'the answers')
    .option('--k <k>', 'the k of accuracy@k', '5')
    .option(
      '--json',
      'print { n, accuracy, by_relation, by_category, template_agreement, ... } as JSON',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ galen probe replay --probes probes.jsonl --responses responses.jsonl --json',
    )
    .action((options: ReplayOptions) =>
      runAction(async () => {
        if (options.probes === undefined || options.responses === undefined) {
          throw new UsageError('probe replay: --probes FILE and --responses FILE are required')
        }
        const k = parseNumberOption('--k', options.k, { integer: true, min: 1 }) ?? 5
        const knowledge = await import('../knowledge/index.js')
        const { InputError } = await import('../errors.js')
        const probes = knowledge.readProbes(options.probes)
        const known = new Set(probes.map((item) => item.id))
        const responses = new Map<string, string[]>()
        for await (const line of readJsonLines(options.responses)) {
          if (!line.ok) throw line.error
          const value = line.value as { id?: unknown; response?: unknown; responses?: unknown }
          const where = `${options.responses}:${line.line}`
          if (typeof value !== 'object' || value === null || typeof value.id !== 'string') {
            throw new InputError(`probe replay: ${where} needs a string "id"`, {
              field: 'id',
              value: line.value,
            })
          }
          if (!known.has(value.id)) {
            throw new InputError(
              `probe replay: ${where} answers probe "${value.id}", which is not in "${options.probes}"`,
              { field: 'id', value: value.id },
            )
          }
          const texts = Array.isArray(value.responses) ? value.responses : [value.response]
          if (texts.some((text) => typeof text !== 'string' && text !== null)) {
            throw new InputError(
              `probe replay: ${where} "response" must be a string (or "responses" a list of strings)`,
              { field: 'response', value: value.response },
            )
          }
          const list = responses.get(value.id) ?? []
          list.push(...(texts.filter((text) => typeof text === 'string') as string[]))
          responses.set(value.id, list)
        }
        printSummary(knowledge.scoreProbes({ probes, responses, k }), options.json)
      }),
    )
}
