/**
 * `galen data build|export|gaps`: instruction sets from the task registry (src/instructions).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { safeParseJson } from '../errors.js'
import { registerModelCommands } from './data-models.js'
import { EXIT_OK, parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

interface BuildCommandOptions {
  registry?: string
  mixture?: string
  n?: string
  seed: string
  out?: string
  corpus?: string
  decontaminate?: string[]
  evalData?: string
  ngram: string
  ngramZh?: string
  shardSize: string
  synonymPairs: string
  resume: boolean
  json?: boolean
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Registers `galen data`. */
export function register(program: Command): void {
  const data = program
    .command('data')
    .description(
      'instruction data: build a checked, decontaminated set from the task registry; export it; find gaps',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen data build --n 400000 --seed 1 --out sft-set\n  $ galen data build --mixture mixture-1.json --n 100000 --seed 1 --out data-1 --eval-data ../shared/data\n  $ galen data export --from sft-set --format llama-factory --out sft-lf\n  $ galen data gaps --eval runs/1-medqa runs/1-medcalc --out delta.json',
    )

  data
    .command('build')
    .description(
      'build an instruction set: curriculum stages, mixture ratios, rotated templates, checked gold outputs, decontamination, manifest',
    )
    .option('--registry <dir>', 'folder of task files (default: the built-in tasks)')
    .option(
      '--mixture <file>',
      'galen-mixture/1 file with group and task ratios (default: uniform over tasks)',
    )
    .option('--n <count>', 'number of instances (required)')
    .option('--seed <seed>', 'seed (same inputs and seed give byte-identical files)', '1')
    .option('--out <dir>', 'output folder: data/shard-*.jsonl, manifest.json (required)')
    .option(
      '--corpus <dir>',
      'corpus folder the corpus tasks draw from (default: data/demo-corpus)',
    )
    .option(
      '--decontaminate <set>',
      'evaluation set to remove overlaps with: NAME (eval benchmark under --eval-data), NAME:SUBSET or NAME=PATH; repeatable (default: every known eval set found under --eval-data)',
      collect,
    )
    .option(
      '--eval-data <dir>',
      'folder holding the evaluation sets (default: $GALEN_BENCHMARK_DATA)',
    )
    .option('--no-decontaminate', 'do not decontaminate (the manifest says so)')
    .option('--ngram <n>', 'n-gram length of the overlap check, in words', '13')
    .option(
      '--ngram-zh <n>',
      'n-gram length for text with Chinese (CJK) characters, in characters after folding (default 14; docs/instruction-data.md)',
    )
    .option('--shard-size <n>', 'instances per shard file', '50000')
    .option(
      '--synonym-pairs <share>',
      'share of instances that also get a synonymous-instruction twin (same output, next template)',
      '0',
    )
    .option(
      '--no-resume',
      'rebuild every shard even when an unfinished build of the same inputs is there',
    )
    .option('--json', 'print the result as JSON')
    .action((options: BuildCommandOptions & { decontaminate?: string[] | boolean }) =>
      runAction(async () => {
        if (options.n === undefined) throw new UsageError('option --n <count> is required')
        if (options.out === undefined) throw new UsageError('option --out <dir> is required')
        const n = parseNumberOption('--n', options.n, { integer: true, min: 1 }) as number
        const ngram = parseNumberOption('--ngram', options.ngram, { integer: true, min: 1 }) ?? 13
        const ngramZh = parseNumberOption('--ngram-zh', options.ngramZh, { integer: true, min: 1 })
        const shardSize =
          parseNumberOption('--shard-size', options.shardSize, { integer: true, min: 1 }) ?? 50_000
        const synonymPairs =
          parseNumberOption('--synonym-pairs', options.synonymPairs, { min: 0, max: 1 }) ?? 0
        const instructions = await import('../instructions/index.js')
        const registry = instructions.loadTaskRegistry(
          options.registry ?? instructions.BUILTIN_TASK_DIRECTORY,
        )
        let mixture: import('../mixture/index.js').MixtureFile | undefined
        if (options.mixture !== undefined) {
          const { safeParseMixtureFile } = await import('../mixture/index.js')
          let text: string
          try {
            text = readFileSync(options.mixture, 'utf8')
          } catch {
            throw new UsageError(`option --mixture: cannot read "${options.mixture}"`)
          }
          const json = safeParseJson(text, options.mixture)
          if (!json.ok) throw json.error
          const parsed = safeParseMixtureFile(json.value, options.mixture)
          if (!parsed.ok) throw parsed.error
          mixture = parsed.value
        }
        const sources = instructions.loadTaskSources(
          options.corpus === undefined ? {} : { corpus: options.corpus },
        )
        let decontamination: import('../rl-data/index.js').DecontaminationIndex | undefined
        let notes: string[] = []
        if (options.decontaminate === false)
          notes = ['decontamination turned off (--no-decontaminate)']
        else {
          const specs = Array.isArray(options.decontaminate) ? options.decontaminate : []
          const dataRoot = options.evalData ?? process.env.GALEN_BENCHMARK_DATA
          const loaded = await instructions.loadEvaluationIndex({
            specs,
            ...(dataRoot === undefined || dataRoot === '' ? {} : { dataRoot }),
            n: ngram,
            ...(ngramZh === undefined ? {} : { cjkN: ngramZh }),
          })
          decontamination = loaded.index
          notes = [...loaded.loaded.map((line) => `checked against ${line}`), ...loaded.notes]
          for (const note of loaded.notes) process.stderr.write(`galen: warning: ${note}\n`)
        }
        const started = Date.now()
        const result = instructions.buildInstructionSet({
          registry,
          sources,
          n,
          seed: options.seed,
          out: options.out as string,
          ...(mixture === undefined ? {} : { mixture, mixtureSource: options.mixture }),
          ...(decontamination === undefined ? {} : { decontamination }),
          decontaminationNotes: notes,
          shardSize,
          synonymPairs,
          resume: options.resume,
          onProgress: (done, total) => {
            if (!options.json && process.stderr.isTTY)
              process.stderr.write(`\rbuilt ${done} of ${total}`)
          },
        })
        if (!options.json && process.stderr.isTTY) process.stderr.write('\n')
        const summary = { ...result, seconds: Number(((Date.now() - started) / 1000).toFixed(1)) }
        if (options.json) printJson(summary)
        else {
          process.stdout.write(
            `wrote ${result.written} instances in ${result.shards} shard(s) to ${options.out} (${result.removed} removed by decontamination, ${result.failed} failed their checker${result.resumedShards > 0 ? `, ${result.resumedShards} shard(s) kept from an earlier run` : ''}); manifest: ${result.manifestPath}\n`,
          )
        }
        return EXIT_OK
      }),
    )

  data
    .command('export')
    .description(
      'export a built set: llama-factory (alpaca + sharegpt + dataset_info.json), trl (messages; prompt-completion), openai (fine-tuning JSONL), superni (task JSON), verl (parquet, option-letter tasks)',
    )
    .option('--from <dir>', 'folder written by galen data build (required)')
    .option('--format <format>', 'llama-factory | trl | openai | superni | verl (required)')
    .option('--out <dir>', 'output folder (required)')
    .option('--registry <dir>', 'the registry the set was built from (default: the built-in tasks)')
    .option('--system <text>', 'system message before each conversation (chat formats)')
    .option('--json', 'print the result as JSON')
    .action(
      (options: {
        from?: string
        format?: string
        out?: string
        registry?: string
        system?: string
        json?: boolean
      }) =>
        runAction(async () => {
          const instructions = await import('../instructions/index.js')
          if (options.from === undefined) throw new UsageError('option --from <dir> is required')
          if (options.out === undefined) throw new UsageError('option --out <dir> is required')
          const format = instructions.INSTRUCTION_EXPORT_FORMATS.find(
            (name) => name === options.format,
          )
          if (format === undefined) {
            throw new UsageError(
              `option --format = "${options.format ?? ''}" is invalid: expected ${instructions.INSTRUCTION_EXPORT_FORMATS.join(', ')}`,
            )
          }
          const registry = instructions.loadTaskRegistry(
            options.registry ?? instructions.BUILTIN_TASK_DIRECTORY,
          )
          const result = await instructions.exportInstructionSet({
            from: options.from,
            format,
            out: options.out,
            registry,
            ...(options.system === undefined ? {} : { system: options.system }),
          })
          if (options.json) printJson(result)
          else {
            const skipped = Object.values(result.skipped).reduce((sum, count) => sum + count, 0)
            process.stdout.write(
              `exported ${result.written} of ${result.read} records as ${format} to ${options.out}${skipped > 0 ? ` (${skipped} skipped: ${result.skipReason})` : ''}\n`,
            )
          }
          return EXIT_OK
        }),
    )

  data
    .command('gaps')
    .description(
      'find weak categories and subjects in eval runs, map them to task groups, and write a mixture delta with the reasons',
    )
    .option('--eval <dirs...>', 'galen eval run folders (each with summary.json) (required)')
    .option('--registry <dir>', 'folder of task files (default: the built-in tasks)')
    .option('--margin <x>', 'weak: accuracy this far below the run accuracy', '0.1')
    .option('--min-items <n>', 'ignore categories with fewer items', '10')
    .option('--step <x>', 'total ratio added over all changes', '0.1')
    .option(
      '--base <file>',
      'galen-mixture/1 file the delta is applied to (default: uniform over task groups)',
    )
    .option('--out <file>', 'write the delta here (default: print it)')
    .option(
      '--mixture-out <file>',
      'write the base mixture with the delta applied (galen-mixture/1)',
    )
    .action(
      (options: {
        eval?: string[]
        registry?: string
        margin: string
        minItems: string
        step: string
        base?: string
        out?: string
        mixtureOut?: string
      }) =>
        runAction(async () => {
          if (options.eval === undefined || options.eval.length === 0) {
            throw new UsageError('option --eval <dirs...> is required')
          }
          const margin = parseNumberOption('--margin', options.margin, { min: 0 }) ?? 0.1
          const minItems =
            parseNumberOption('--min-items', options.minItems, { integer: true, min: 1 }) ?? 10
          const step = parseNumberOption('--step', options.step, { min: 0 }) ?? 0.1
          const instructions = await import('../instructions/index.js')
          const registry = instructions.loadTaskRegistry(
            options.registry ?? instructions.BUILTIN_TASK_DIRECTORY,
          )
          const delta = instructions.findGaps({
            registry,
            runs: options.eval,
            margin,
            minItems,
            step,
          })
          let base: import('../mixture/index.js').MixtureFile | undefined
          if (options.base !== undefined) {
            const { safeParseMixtureFile } = await import('../mixture/index.js')
            const json = safeParseJson(readFileSync(options.base, 'utf8'), options.base)
            if (!json.ok) throw json.error
            const parsed = safeParseMixtureFile(json.value, options.base)
            if (!parsed.ok) throw parsed.error
            base = parsed.value
          }
          if (options.mixtureOut !== undefined) {
            const mixture = instructions.applyMixtureDelta(registry, delta, base)
            writeFileSync(options.mixtureOut, `${JSON.stringify(mixture, null, 2)}\n`)
          }
          if (options.out !== undefined) {
            writeFileSync(options.out, `${JSON.stringify(delta, null, 2)}\n`)
            process.stdout.write(
              `${delta.weak.length} weak group(s) mapped to ${delta.changes.length} task group(s), ${delta.unmapped.length} unmapped; delta written to ${options.out}\n`,
            )
          } else printJson(delta)
          return EXIT_OK
        }),
    )

  registerModelCommands(data)
}
