/**
 * `galen kg import`, `galen kg verbalize` and `galen kg check`: triples in, sentences out, and the
 * consistency gate over sentences.
 */
import type { Command } from 'commander'
import type { ChatModel } from '../llm/index.js'
import { loadConfig } from './config.js'
import { noModelMessage, resolveModelConfig } from './model-options.js'
import {
  openJsonLinesWriter,
  printJson,
  readJsonLines,
  runAction,
  UsageError,
} from './run-command.js'

type Language = 'en' | 'zh'

function parseLanguage(value: string | undefined): Language {
  if (value === 'en' || value === 'zh') return value
  throw new UsageError(`option --lang = "${value}" is invalid: expected en or zh`)
}

/**
 * The model named by `--model URL`, or with `fallback` (a command that needs one) the model every
 * command finds: `GALEN_MODEL_URL`/`GALEN_MODEL`, `GALEN_GGUF`, then the config (model-options.ts).
 */
export async function createKnowledgeModel(options: {
  model?: string
  modelName?: string
  config?: string
  fallback?: boolean
}): Promise<ChatModel | undefined> {
  if (options.model === undefined && options.fallback !== true) return undefined
  if (options.model !== undefined && !/^https?:\/\/\S+$/.test(options.model)) {
    throw new UsageError(
      `option --model = "${options.model}" is invalid: expected an http(s) URL ending in /v1`,
    )
  }
  const { config } = loadConfig(options.config === undefined ? {} : { path: options.config })
  const settings = resolveModelConfig(config, { target: options.model, name: options.modelName })
  if (settings === undefined) return undefined
  const { createChatModelFromSettings } = await import('../llm/index.js')
  return createChatModelFromSettings(settings)
}

/** Reads a triples file (JSONL, TSV or CSV with subject, predicate, object columns). */
export async function readTriplesFile(
  path: string,
): Promise<import('../knowledge/index.js').Triple[]> {
  const { importTriples } = await import('../knowledge/index.js')
  const lower = path.toLowerCase()
  const format = lower.endsWith('.tsv') ? 'tsv' : lower.endsWith('.csv') ? 'csv' : 'jsonl'
  return importTriples({ path, format })
}

interface ImportOptions {
  input?: string
  from?: string
  phenotypes?: string
  limit?: string
  out?: string
}

interface VerbalizeOptions {
  input?: string
  lang?: string
  mode: string
  model?: string
  modelName?: string
  aggregate: boolean
  out?: string
  config?: string
}

interface CheckOptions {
  input?: string
  triples?: string
  lang?: string
  model?: string
  modelName?: string
  out?: string
  json?: boolean
  config?: string
}

/** Registers `galen kg import|verbalize|check`. */
export function registerGraph(kg: Command): void {
  kg.command('import')
    .description(
      'read triples (TSV/CSV/JSONL, or a terminology file: Disease Ontology, ICD-10-CM, DrugBank, ...) into the graph format (JSONL)',
    )
    .option('--input <file>', 'the file to read')
    .option('--from <format>', 'the format (default: detected from the name and header)')
    .option(
      '--phenotypes <file>',
      'for --from ccrd: the HPO id → name map (phenotype_mapping.json)',
    )
    .option('--limit <n>', 'stop after this many triples')
    .option('--out <file>', 'write the graph here (default: stdout)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen kg import --input HumanDO.tsv --out do.jsonl\n  $ galen kg import --input indications.tsv --from pharmacotherapydb --out indications.jsonl',
    )
    .action((options: ImportOptions) =>
      runAction(async () => {
        if (options.input === undefined) throw new UsageError('kg import: --input FILE is required')
        const { importTriples, TRIPLE_SOURCE_FORMATS, tripleToRecord } = await import(
          '../knowledge/index.js'
        )
        const format = options.from
        if (
          format !== undefined &&
          !(TRIPLE_SOURCE_FORMATS as readonly string[]).includes(format)
        ) {
          throw new UsageError(
            `option --from = "${format}" is invalid: expected one of ${TRIPLE_SOURCE_FORMATS.join(', ')}`,
          )
        }
        const { parseNumberOption } = await import('./run-command.js')
        const limit = parseNumberOption('--limit', options.limit, { integer: true, min: 1 })
        const triples = importTriples({
          path: options.input,
          ...(format === undefined
            ? {}
            : { format: format as import('../knowledge/index.js').TripleSourceFormat }),
          ...(options.phenotypes === undefined ? {} : { phenotypeNames: options.phenotypes }),
          ...(limit === undefined ? {} : { limit }),
        })
        const writer = openJsonLinesWriter(options.out)
        for (const triple of triples) await writer.write(tripleToRecord(triple))
        await writer.close()
        process.stderr.write(`kg import: ${triples.length} triples\n`)
      }),
    )

  kg.command('verbalize')
    .description(
      'triples to sentences (templates, or a model rewrite that must pass the consistency gate)',
    )
    .option(
      '--input <file>',
      'triples: JSONL { id, subject, predicate, object } or the graph from kg import',
    )
    .option('--lang <lang>', 'en or zh')
    .option('--mode <mode>', 'template or model', 'template')
    .option('--model <url>', 'the OpenAI-compatible server for --mode model')
    .option('--model-name <name>', 'the model name at that server')
    .option('--no-aggregate', 'one sentence per triple (no same-subject aggregation)')
    .option('--out <file>', 'write JSONL { text, triple_ids } here (default: stdout)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen kg verbalize --input do.jsonl --lang zh --out do-zh.jsonl\n  $ galen kg verbalize --input do.jsonl --lang en --mode model --model http://127.0.0.1:8000/v1',
    )
    .action((options: VerbalizeOptions, command: Command) =>
      runAction(async () => {
        if (options.input === undefined)
          throw new UsageError('kg verbalize: --input FILE is required')
        const language = parseLanguage(options.lang)
        if (options.mode !== 'template' && options.mode !== 'model') {
          throw new UsageError(
            `option --mode = "${options.mode}" is invalid: expected template or model`,
          )
        }
        const globals = command.optsWithGlobals() as { config?: string }
        const model = await createKnowledgeModel({
          ...(options.model === undefined ? {} : { model: options.model }),
          ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
          ...(globals.config === undefined ? {} : { config: globals.config }),
          fallback: options.mode === 'model',
        })
        if (options.mode === 'model' && model === undefined)
          throw new UsageError(noModelMessage('kg verbalize --mode model', '--model URL'))
        const knowledge = await import('../knowledge/index.js')
        const triples = await readTriplesFile(options.input)
        const writer = openJsonLinesWriter(options.out)
        const verbalizer = knowledge.createTemplateVerbalizer({
          language,
          aggregate: options.aggregate,
        })
        const byId = new Map(triples.map((triple) => [triple.id, triple]))
        let rewritten = 0
        let kept = 0
        for (const unit of verbalizer.verbalize({ triples })) {
          if (model !== undefined && options.mode === 'model') {
            const input = unit.triple_ids.flatMap((id) => byId.get(id) ?? [])
            const result = await knowledge.rewriteWithModel({
              model,
              templateText: unit.text,
              triples: input,
              language,
            })
            if (result.mode === 'model') rewritten += 1
            else kept += 1
            await writer.write({
              text: result.text,
              triple_ids: unit.triple_ids,
              mode: result.mode,
              ...(result.rejected.length > 0 ? { rejected: result.rejected } : {}),
            })
          } else {
            await writer.write({ text: unit.text, triple_ids: unit.triple_ids })
          }
        }
        await writer.close()
        if (options.mode === 'model')
          process.stderr.write(
            `kg verbalize: ${rewritten} rewrites passed the gate, ${kept} kept the template text\n`,
          )
      }),
    )

  kg.command('check')
    .description(
      'the consistency gate: read sentences back into triples, reject dropped triples, unsupported entities, disfluent or off-domain text',
    )
    .option('--input <file>', 'JSONL { text, triple_ids } (the output of kg verbalize)')
    .option('--triples <file>', 'the triples the sentences were written from')
    .option('--lang <lang>', 'en or zh')
    .option(
      '--model <url>',
      'read the sentences back with this model instead of the template inverse',
    )
    .option('--model-name <name>', 'the model name at that server')
    .option('--out <file>', 'write one verdict per line here')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg check --input do-zh.jsonl --triples do.jsonl --lang zh --json',
    )
    .action((options: CheckOptions, command: Command) =>
      runAction(async () => {
        if (options.input === undefined || options.triples === undefined) {
          throw new UsageError('kg check: --input FILE and --triples FILE are required')
        }
        const language = parseLanguage(options.lang)
        const globals = command.optsWithGlobals() as { config?: string }
        const model = await createKnowledgeModel({
          ...(options.model === undefined ? {} : { model: options.model }),
          ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
          ...(globals.config === undefined ? {} : { config: globals.config }),
        })
        const knowledge = await import('../knowledge/index.js')
        const { InputError } = await import('../errors.js')
        const triples = await readTriplesFile(options.triples)
        const byId = new Map(triples.map((triple) => [triple.id, triple]))
        const writer = options.out === undefined ? undefined : openJsonLinesWriter(options.out)
        const summary = {
          n: 0,
          passed: 0,
          rejected: 0,
          triples: 0,
          triples_recovered: 0,
          unsupported_entities: 0,
          by_reason: {} as Record<string, number>,
        }
        for await (const line of readJsonLines(options.input)) {
          if (!line.ok) throw line.error
          const value = line.value as { text?: unknown; triple_ids?: unknown }
          if (
            typeof value !== 'object' ||
            value === null ||
            typeof value.text !== 'string' ||
            !Array.isArray(value.triple_ids)
          ) {
            throw new InputError(
              `kg check: ${options.input}:${line.line} needs "text" (string) and "triple_ids" (array)`,
              { field: 'text', value: line.value },
            )
          }
          const input = value.triple_ids.map((id) => {
            const triple = byId.get(String(id))
            if (triple === undefined) {
              throw new InputError(
                `kg check: ${options.input}:${line.line} names triple id "${String(id)}" that is not in "${options.triples}"`,
                { field: 'triple_ids', value: id },
              )
            }
            return triple
          })
          const parsed =
            model === undefined
              ? undefined
              : await knowledge.parseWithModel({
                  model,
                  text: value.text,
                  predicates: [
                    ...new Set(
                      input.map((triple) => knowledge.canonicalPredicate(triple.predicate)),
                    ),
                  ],
                })
          const result = knowledge.checkConsistency({
            text: value.text,
            triples: input,
            language,
            ...(parsed === undefined ? {} : { parsed }),
          })
          summary.n += 1
          summary.triples += input.length
          summary.triples_recovered += input.length - result.dropped.length
          summary.unsupported_entities += result.unsupportedEntities.length
          if (result.ok) summary.passed += 1
          else summary.rejected += 1
          for (const reason of result.reasons)
            summary.by_reason[reason] = (summary.by_reason[reason] ?? 0) + 1
          await writer?.write({
            line: line.line,
            ok: result.ok,
            reasons: result.reasons,
            recall: result.recall,
            dropped: result.dropped.map((triple) => triple.id),
            unsupported_entities: result.unsupportedEntities,
          })
        }
        await writer?.close()
        const report = {
          ...summary,
          triple_recall: summary.triples === 0 ? 1 : summary.triples_recovered / summary.triples,
        }
        if (options.json) printJson(report)
        else
          process.stdout.write(
            `n=${report.n}  passed ${report.passed}  rejected ${report.rejected}  triple recall ${report.triple_recall.toFixed(4)}  unsupported entities ${report.unsupported_entities}\n`,
          )
      }),
    )
}
