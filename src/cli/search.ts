/**
 * `galen search "QUERY"`: searches a retrieval index (the demonstration index when none is given)
 * and prints the hits with their citations.
 */
import type { Command } from 'commander'
import { loadConfig } from './config.js'
import { embedderFromOption } from './ingest.js'
import { parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

interface SearchCommandOptions {
  index?: string
  k?: string
  minAuthority?: string
  mode?: string
  materialType?: string
  from?: string
  to?: string
  language?: string
  feedback?: boolean
  mmr?: string
  embedder?: string
  json?: boolean
}

/** Registers `galen search`. */
export function register(program: Command): void {
  program
    .command('search')
    .description('search a retrieval index; every hit carries its source, date and authority level')
    .argument('<query>', 'the question or keywords')
    .option('--index <file>', 'index file (default: config "index", else the demonstration index)')
    .option('--k <n>', 'number of hits (default 10)')
    .option('--min-authority <level>', 'keep levels at least this authoritative (A-E)')
    .option('--mode <mode>', 'bm25, dense or hybrid (default bm25)')
    .option('--material-type <types>', 'comma-separated material types to keep')
    .option('--from <date>', 'published on or after (YYYY[-MM[-DD]])')
    .option('--to <date>', 'published on or before (YYYY[-MM[-DD]])')
    .option('--language <tags>', 'comma-separated languages to keep')
    .option('--feedback', 'pseudo-relevance feedback (slower, usually better recall)')
    .option('--mmr <lambda>', 'diversify with maximal marginal relevance (0-1; 1 = off)')
    .option(
      '--embedder <spec>',
      'query embedder for dense/hybrid (default: the index’s built-in one)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen search "first-line treatment of hypertension"\n  $ galen search "metformin in kidney disease" --index medical.db --k 5 --min-authority B --json',
    )
    .action((query: string, options: SearchCommandOptions, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const retrieval = await import('../retrieval/index.js')
        const k = parseNumberOption('--k', options.k, { integer: true, min: 1, max: 1000 })
        const mmr = parseNumberOption('--mmr', options.mmr, { min: 0, max: 1 })
        const mode = options.mode
        if (mode !== undefined && !(retrieval.SEARCH_MODES as readonly string[]).includes(mode)) {
          throw new UsageError(`option --mode "${mode}" is invalid: expected bm25, dense or hybrid`)
        }
        const filter: import('../retrieval/index.js').Filter = {}
        if (options.minAuthority !== undefined) {
          const level = options.minAuthority.trim().toUpperCase()
          if (!retrieval.isAuthorityLevel(level))
            throw new UsageError(
              `option --min-authority "${options.minAuthority}" is invalid: expected A-E`,
            )
          filter.minAuthority = level
        }
        if (options.materialType !== undefined) {
          const types = options.materialType.split(',').map((type) => type.trim())
          const bad = types.find((type) => !retrieval.isMaterialType(type))
          if (bad !== undefined)
            throw new UsageError(
              `option --material-type "${bad}" is invalid: expected ${retrieval.MATERIAL_TYPES.join(', ')}`,
            )
          filter.materialTypes = types.filter(retrieval.isMaterialType)
        }
        for (const [name, value] of [
          ['--from', options.from],
          ['--to', options.to],
        ] as const) {
          if (value !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value))
            throw new UsageError(`option ${name} "${value}" is invalid: expected YYYY[-MM[-DD]]`)
        }
        if (options.from !== undefined) filter.publishedFrom = options.from
        if (options.to !== undefined) filter.publishedTo = options.to
        if (options.language !== undefined)
          filter.languages = options.language.split(',').map((tag) => tag.trim())

        let indexPath =
          options.index ??
          loadConfig(configPath === undefined ? {} : { path: configPath }).config.index
        if (indexPath === undefined) {
          const { ensureDemoIndex } = await import('../corpus/index.js')
          indexPath = (await ensureDemoIndex()).path
        }
        const embedder =
          options.embedder === undefined
            ? undefined
            : await embedderFromOption(options.embedder, configPath)
        const index = await retrieval.openIndex({
          path: indexPath,
          create: false,
          ...(embedder === undefined ? {} : { embedder }),
        })
        try {
          const result = await index.search({
            query,
            ...(k === undefined ? {} : { k }),
            ...(mode === undefined
              ? {}
              : { mode: mode as import('../retrieval/index.js').SearchMode }),
            filter,
            ...(options.feedback ? { feedback: true } : {}),
            ...(mmr === undefined ? {} : { diversify: { mmrLambda: mmr } }),
          })
          if (options.json) {
            printJson({ index: index.path, ...result })
            return 0
          }
          if (result.hits.length === 0) {
            process.stdout.write(`no hits for "${query}" in ${index.path}\n`)
            return 0
          }
          for (const hit of result.hits) {
            const date = hit.updated ?? hit.published ?? 'undated'
            const demo = hit.demonstration ? ' [demonstration material]' : ''
            process.stdout.write(
              `${hit.rank}. [${hit.authority}] ${hit.title}${hit.heading === undefined ? '' : ` > ${hit.heading}`} (score ${hit.score.toFixed(3)})\n` +
                `   ${hit.publisher}, ${date}, ${hit.materialType}${demo}\n   ${hit.url}\n` +
                `   ${hit.text.replace(/\s+/g, ' ').slice(0, 300)}${hit.text.length > 300 ? '...' : ''}\n\n`,
            )
          }
          process.stdout.write(
            `${result.hits.length} hits, ${result.mode}, ${result.latencyMs.toFixed(1)} ms (terms: ${result.terms.join(' ')}${result.expansionTerms.length > 0 ? `; feedback: ${result.expansionTerms.join(' ')}` : ''})\n`,
          )
          return 0
        } finally {
          await index.close()
        }
      }),
    )
}
