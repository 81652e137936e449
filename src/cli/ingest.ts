/**
 * `galen ingest PATH... --index FILE.db`: loads documents into a retrieval index, incrementally
 * and crash-safely, and prints a summary.
 */
import type { Command } from 'commander'
import type { Embedder } from '../retrieval/embedder.js'
import { loadConfig } from './config.js'
import {
  createProgress,
  parseNumberOption,
  plural,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

/**
 * Builds the embedder an `--embedder` option names: `none`, `builtin` (or `builtin:DIMENSIONS`),
 * `model` (the `embeddings` section of the configuration, else `model`), or `onnx:MODEL.onnx`.
 * Returns undefined for `none`.
 */
export async function embedderFromOption(
  spec: string,
  configPath: string | undefined,
): Promise<Embedder | undefined> {
  const [kind, argument] = spec.includes(':')
    ? [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)]
    : [spec, undefined]
  if (kind === 'none') return undefined
  if (kind === 'builtin') {
    const { createHashingEmbedder } = await import('../retrieval/index.js')
    const dimensions = parseNumberOption('--embedder builtin:DIMENSIONS', argument, {
      integer: true,
      min: 16,
      max: 4096,
    })
    return createHashingEmbedder(dimensions === undefined ? {} : { dimensions })
  }
  if (kind === 'onnx') {
    if (argument === undefined || argument === '')
      throw new UsageError('option --embedder onnx needs a model path: onnx:/path/model.onnx')
    const { createOnnxEmbedder } = await import('../retrieval/index.js')
    return createOnnxEmbedder({ modelPath: argument })
  }
  if (kind === 'model') {
    const { config } = loadConfig(configPath === undefined ? {} : { path: configPath })
    const section = config.embeddings?.url === undefined ? config.model : config.embeddings
    if (section?.url === undefined) {
      throw new UsageError(
        'option --embedder model needs an endpoint: set GALEN_EMBEDDINGS_URL and GALEN_EMBEDDINGS_MODEL (or "embeddings" in galen.config.json)',
      )
    }
    const name = argument ?? section.name
    if (name === undefined)
      throw new UsageError('option --embedder model needs a model name: model:NAME')
    const { createOpenAICompatibleModel } = await import('../llm/index.js')
    const { createModelEmbedder } = await import('../retrieval/index.js')
    const model = createOpenAICompatibleModel({
      baseUrl: section.url,
      model: name,
      ...(section.apiKey === undefined ? {} : { apiKey: section.apiKey }),
      ...(section.timeoutMs === undefined ? {} : { timeoutMs: section.timeoutMs }),
    })
    return createModelEmbedder({ model, embeddingModel: name })
  }
  throw new UsageError(
    `option --embedder "${spec}" is invalid: expected none, builtin[:DIMENSIONS], model[:NAME] or onnx:PATH`,
  )
}

interface IngestCommandOptions {
  index?: string
  embedder: string
  publisher?: string
  materialType?: string
  authority?: string
  language?: string
  published?: string
  authorityRules?: string
  trustSourceAuthority?: boolean
  maxTokens?: string
  overlap?: string
  dedup: boolean
  quality: boolean
  deid?: boolean
  batchSize?: string
  json?: boolean
}

/** Registers `galen ingest`. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description(
      'load documents (text, Markdown, HTML, PDF, Galen JSONL, MedQuAD, PubMedQA, BioASQ, folders) into a retrieval index',
    )
    .argument('<paths...>', 'files or folders')
    .option('--index <file>', 'index file (SQLite; created when missing; default: config "index")')
    .option(
      '--embedder <spec>',
      'vectors for dense search: none, builtin[:DIM], model[:NAME], onnx:PATH',
      'none',
    )
    .option('--publisher <name>', 'publisher of loose files that do not name one')
    .option(
      '--material-type <type>',
      'material type of loose files (guideline, textbook, web, ...)',
    )
    .option(
      '--authority <level>',
      'authority level A-E for loose files that state none (trusted: overrides the rules, as --trust-source-authority does)',
    )
    .option(
      '--trust-source-authority',
      "let each record's own authority level stand (default: the rules decide; a record's claim can only lower its level)",
    )
    .option('--language <tag>', 'language of loose files (default en)')
    .option('--published <date>', 'publication date of loose files (YYYY[-MM[-DD]])')
    .option('--authority-rules <file>', 'authority rules JSON (default data/authority-rules.json)')
    .option('--max-tokens <n>', 'chunk size in tokens (default 256)')
    .option('--overlap <n>', 'tokens repeated between chunks (default 32)')
    .option('--no-dedup', 'keep exact and near-duplicate documents')
    .option('--no-quality', 'keep documents that fail the quality filters')
    .option('--deid', 'de-identify text before indexing (tags mode)')
    .option('--batch-size <n>', 'documents per transaction (default 64)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen ingest guidelines/ --index medical.db --publisher NICE --material-type guideline\n  $ galen ingest ../shared/data/retrieval/medquad --index medquad.db --json\n\nRe-running skips unchanged documents and replaces changed ones; an interrupted run resumes.',
    )
    .action((paths: string[], options: IngestCommandOptions, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const indexPath =
          options.index ??
          loadConfig(configPath === undefined ? {} : { path: configPath }).config.index
        if (indexPath === undefined) throw new UsageError('option --index <file> is required')
        const corpus = await import('../corpus/index.js')
        const { isMaterialType } = await import('../retrieval/index.js')
        const defaults: import('../corpus/index.js').FileDefaults = {}
        if (options.publisher !== undefined) defaults.publisher = options.publisher
        if (options.materialType !== undefined) {
          if (!isMaterialType(options.materialType)) {
            throw new UsageError(
              `option --material-type "${options.materialType}" is invalid: expected one of ${corpus.MATERIAL_TYPES.join(', ')}`,
            )
          }
          defaults.materialType = options.materialType
        }
        if (options.authority !== undefined) {
          try {
            defaults.authority = corpus.parseAuthorityLevel(options.authority, '--authority')
          } catch (error) {
            throw new UsageError((error as Error).message)
          }
        }
        if (options.language !== undefined) defaults.language = options.language
        if (options.published !== undefined) {
          if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(options.published))
            throw new UsageError(
              `option --published "${options.published}" is invalid: expected YYYY[-MM[-DD]]`,
            )
          defaults.published = options.published
        }
        const maxTokens = parseNumberOption('--max-tokens', options.maxTokens, {
          integer: true,
          min: 8,
        })
        const overlap = parseNumberOption('--overlap', options.overlap, { integer: true, min: 0 })
        const batchSize = parseNumberOption('--batch-size', options.batchSize, {
          integer: true,
          min: 1,
        })
        const embedder = await embedderFromOption(options.embedder, configPath)
        let redact: ((text: string) => string) | undefined
        if (options.deid) {
          const deid = await import('../deid/index.js')
          redact = (text) => deid.redact(text, { mode: 'tags' }).text
        }
        const progress = createProgress({
          total: 1,
          label: 'ingest',
          payloadFormat: '{stored} stored',
        })
        let lastTotal = 1
        let shown = 0
        const summary = await corpus.ingest({
          paths,
          index: indexPath,
          embedder: embedder ?? false,
          defaults,
          ...(options.authorityRules === undefined
            ? {}
            : { authorityRules: corpus.loadAuthorityRules(options.authorityRules) }),
          trustDocumentAuthority:
            options.trustSourceAuthority === true || options.authority !== undefined,
          chunk: {
            ...(maxTokens === undefined ? {} : { maxTokens }),
            ...(overlap === undefined ? {} : { overlapTokens: overlap }),
          },
          ...(options.dedup ? {} : { dedup: false as const }),
          ...(options.quality ? {} : { quality: false as const }),
          ...(redact === undefined ? {} : { redact }),
          ...(batchSize === undefined ? {} : { batchSize }),
          onProgress: (state) => {
            if (state.filesTotal > 0 && state.filesTotal !== lastTotal) {
              lastTotal = state.filesTotal
              progress.setTotal(state.filesTotal)
            }
            progress.increment(Math.max(0, state.filesRead - shown), { stored: state.stored })
            shown = Math.max(shown, state.filesRead)
          },
        })
        progress.stop()
        if (options.json) {
          printJson(summary)
          return summary.invalid > 0 && summary.documentsSeen === 0 ? 1 : 0
        }
        const seconds = summary.durationMs / 1000
        const lines = [
          `index ${summary.index}: ${plural(summary.indexDocuments, 'document')}, ${plural(summary.indexChunks, 'chunk')}`,
          `read ${plural(summary.documentsSeen, 'document')} (${(summary.inputBytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s`,
          `  new ${summary.inserted}, replaced ${summary.replaced}, unchanged ${summary.unchanged}, chunks written ${summary.chunks}`,
          `  dropped: ${plural(summary.exactDuplicates, 'exact duplicate')}, ${plural(summary.nearDuplicates, 'near-duplicate')}, ${summary.lowQuality} low quality; ${plural(summary.invalid, 'invalid record')}`,
          `  authority of written documents: ${Object.entries(summary.authority)
            .map(([level, count]) => `${level} ${count}`)
            .join(', ')}`,
        ]
        for (const problem of summary.problems.slice(0, 10)) {
          lines.push(
            `  ! ${problem.message.startsWith('corpus:') ? problem.message : `${problem.source}: ${problem.message}`}`,
          )
        }
        if (summary.problems.length > 10) lines.push(`  ... and more (use --json to see up to 50)`)
        process.stdout.write(`${lines.join('\n')}\n`)
        return summary.invalid > 0 && summary.documentsSeen === 0 ? 1 : 0
      }),
    )
}
