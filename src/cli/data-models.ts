/**
 * `galen data sample|self-instruct|red-team`: instruction data written by models through the LLM
 * layer (src/instructions/model-samples.ts).
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { EXIT_OK, parseNumberOption, runAction, UsageError } from './run-command.js'

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

interface ModelCommandOptions {
  model?: string[]
  modelName?: string
  lang: string
  out?: string
}

async function modelSetup(options: ModelCommandOptions) {
  if (options.lang !== 'en' && options.lang !== 'zh') {
    throw new UsageError(`option --lang = "${options.lang}" is invalid: expected en or zh`)
  }
  if (options.out === undefined) throw new UsageError('option --out <file> is required')
  const urls =
    options.model ??
    (process.env.GALEN_MODEL_URL === undefined ? [] : [process.env.GALEN_MODEL_URL])
  if (urls.length === 0)
    throw new UsageError('option --model <url> is required (or set GALEN_MODEL_URL)')
  for (const url of urls) {
    if (!/^https?:\/\/\S+$/.test(url)) {
      throw new UsageError(
        `option --model = "${url}" is invalid: expected an http(s) URL ending in /v1`,
      )
    }
  }
  const { createOpenAICompatibleModel } = await import('../llm/index.js')
  const name = options.modelName ?? process.env.GALEN_MODEL ?? 'default'
  const models = urls.map((url) => createOpenAICompatibleModel({ baseUrl: url, model: name }))
  return { models, language: options.lang as 'en' | 'zh', out: options.out }
}

/** Registers the model-backed `galen data` subcommands on `data`. */
export function registerModelCommands(data: Command): void {
  const modelOptions = (command: Command): Command =>
    command
      .option(
        '--model <url>',
        'OpenAI-compatible endpoint ending in /v1 (repeatable where several are used)',
        collect,
      )
      .option(
        '--model-name <name>',
        'model name sent to the endpoints (default: $GALEN_MODEL or "default")',
      )
      .option('--lang <lang>', 'en or zh', 'en')
      .option('--out <file>', 'JSON Lines output (required)')

  modelOptions(
    data
      .command('sample')
      .description(
        'multi-model sampling with k-agreement voting: kept answers to --out, disagreements to --review',
      )
      .option('--task <id>', 'task whose generated prompts are asked (required)')
      .option('--n <count>', 'prompts', '20')
      .option('--k <count>', 'answers that must agree', '2')
      .option('--seed <seed>', 'seed of the generated prompts', '1')
      .option(
        '--review <file>',
        'JSON Lines of prompts without agreement (default: OUT.review.jsonl)',
      ),
  ).action(
    (
      options: ModelCommandOptions & {
        task?: string
        n: string
        k: string
        seed: string
        review?: string
      },
    ) =>
      runAction(async () => {
        const { models, language, out } = await modelSetup(options)
        if (options.task === undefined) throw new UsageError('option --task <id> is required')
        const n = parseNumberOption('--n', options.n, { integer: true, min: 1 }) ?? 20
        const k = parseNumberOption('--k', options.k, { integer: true, min: 1 }) ?? 2
        const instructions = await import('../instructions/index.js')
        const task = instructions.loadTaskRegistry().get(options.task)
        const sources = instructions.loadTaskSources()
        const prompts = Array.from({ length: n }, (_unused, index) => {
          const instance = instructions.makeInstance(task, sources, {
            seed: options.seed,
            index,
            language,
            template: index,
          })
          return {
            id: `${task.id}-${index}`,
            prompt: instance.prompt,
            ...(instance.reference === undefined ? {} : { reference: instance.reference }),
          }
        })
        const results = await instructions.sampleWithVoting({ models, task, prompts, k })
        const kept = results.filter((result) => result.status === 'kept')
        const review = results.filter((result) => result.status === 'review')
        writeFileSync(out, kept.map((result) => `${JSON.stringify(result)}\n`).join(''))
        const reviewPath = options.review ?? `${out}.review.jsonl`
        writeFileSync(reviewPath, review.map((result) => `${JSON.stringify(result)}\n`).join(''))
        process.stdout.write(
          `${kept.length} kept (k = ${k}) to ${out}; ${review.length} to review in ${reviewPath}\n`,
        )
        return EXIT_OK
      }),
  )

  modelOptions(
    data
      .command('self-instruct')
      .description(
        'self-instruct expansion of a task: new instances from a model, near-duplicates and checker failures dropped',
      )
      .option('--task <id>', 'task to expand (required)')
      .option('--count <n>', 'instances to ask for', '10')
      .option('--exemplars <n>', 'gold exemplars shown', '3'),
  ).action((options: ModelCommandOptions & { task?: string; count: string; exemplars: string }) =>
    runAction(async () => {
      const { models, language, out } = await modelSetup(options)
      if (options.task === undefined) throw new UsageError('option --task <id> is required')
      const count = parseNumberOption('--count', options.count, { integer: true, min: 1 }) ?? 10
      const exemplars =
        parseNumberOption('--exemplars', options.exemplars, { integer: true, min: 1 }) ?? 3
      const instructions = await import('../instructions/index.js')
      const task = instructions.loadTaskRegistry().get(options.task)
      const result = await instructions.selfInstruct({
        model: models[0] as import('../llm/index.js').ChatModel,
        task,
        sources: instructions.loadTaskSources(),
        language,
        count,
        exemplars,
      })
      writeFileSync(
        out,
        result.kept
          .map((instance) => `${JSON.stringify({ task: task.id, language, ...instance })}\n`)
          .join(''),
      )
      process.stdout.write(
        `${result.kept.length} kept to ${out}; ${result.dropped.length} dropped (${result.dropped.map((entry) => entry.reason).join('; ') || 'none'}); ${result.malformed} malformed line(s)\n`,
      )
      return EXIT_OK
    }),
  )

  modelOptions(
    data
      .command('red-team')
      .description(
        'red-team prompts by category from a model prompted as an adversary, stored with the expected safe behaviour',
      )
      .option('--per-category <n>', 'prompts asked per category', '5')
      .option('--categories <list>', 'comma-separated categories (default: all)'),
  ).action((options: ModelCommandOptions & { perCategory: string; categories?: string }) =>
    runAction(async () => {
      const { models, language, out } = await modelSetup(options)
      const perCategory =
        parseNumberOption('--per-category', options.perCategory, { integer: true, min: 1 }) ?? 5
      const instructions = await import('../instructions/index.js')
      const result = await instructions.generateRedTeamPrompts({
        model: models[0] as import('../llm/index.js').ChatModel,
        language,
        perCategory,
        ...(options.categories === undefined
          ? {}
          : { categories: options.categories.split(',').map((name) => name.trim()) }),
      })
      writeFileSync(out, result.prompts.map((prompt) => `${JSON.stringify(prompt)}\n`).join(''))
      for (const problem of result.malformed) process.stderr.write(`galen: warning: ${problem}\n`)
      process.stdout.write(
        `${result.prompts.length} prompts to ${out} (${result.duplicates} near-duplicates removed)\n`,
      )
      return EXIT_OK
    }),
  )
}
