/**
 * `galen index stats --index FILE.db`: what an index holds (documents, chunks, vectors, authority
 * and material-type histograms, languages, dates, size).
 */
import type { Command } from 'commander'
import { loadConfig } from './config.js'
import { printJson, runAction, UsageError } from './run-command.js'

/** Registers `galen index` and its `stats` subcommand. */
export function register(program: Command): void {
  const index = program.command('index').description('inspect retrieval indexes')
  index
    .command('stats')
    .description(
      'documents, chunks, vectors, authority levels, material types and size of an index',
    )
    .option('--index <file>', 'index file (default: config "index")')
    .option('--json', 'print the statistics as JSON')
    .addHelpText('after', '\nExample:\n  $ galen index stats --index medical.db --json')
    .action((options: { index?: string; json?: boolean }, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const path =
          options.index ??
          loadConfig(configPath === undefined ? {} : { path: configPath }).config.index
        if (path === undefined) throw new UsageError('option --index <file> is required')
        const { openIndex } = await import('../retrieval/index.js')
        const opened = await openIndex({ path, create: false })
        try {
          const stats = await opened.stats()
          if (options.json) {
            printJson(stats)
            return 0
          }
          const histogram = (counts: Record<string, number | undefined>) =>
            Object.entries(counts)
              .map(([key, count]) => `${key} ${count ?? 0}`)
              .join(', ') || 'none'
          process.stdout.write(
            `${[
              `index ${stats.path} (schema ${stats.schemaVersion}, ${(stats.sizeBytes / 1e6).toFixed(1)} MB)`,
              `documents ${stats.documents} (${stats.demonstrationDocuments} demonstration), chunks ${stats.chunks}, vectors ${stats.vectors}${stats.embedder === undefined ? '' : ` (${stats.embedder.name}, ${stats.embedder.dimensions} dimensions)`}`,
              `authority: ${histogram(stats.authority)}`,
              `material types: ${histogram(stats.materialTypes)}`,
              `languages: ${histogram(stats.languages)}`,
              `published: ${stats.publishedRange === undefined ? 'no dates' : `${stats.publishedRange.from} to ${stats.publishedRange.to}`}`,
              `last ingest: ${stats.lastIngestAt ?? 'never'}`,
            ].join('\n')}\n`,
          )
          return 0
        } finally {
          await opened.close()
        }
      }),
    )
}
