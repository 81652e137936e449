/**
 * `galen retrieval eval --dataset bioasq|pubmedqa|medquad --data PATH`: builds an index of the
 * set's documents (or reuses one) and reports nDCG@10, recall@100, MRR@10 and latency.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { embedderFromOption } from './ingest.js'
import {
  createProgress,
  parseNumberOption,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

interface EvalCommandOptions {
  dataset?: string
  data?: string
  mode?: string
  feedback?: boolean
  processing: boolean
  rerank: boolean
  prune: boolean
  limit?: string
  index?: string
  embedder: string
  json?: boolean
}

/** Registers `galen retrieval` and its `eval` subcommand. */
export function register(program: Command): void {
  const retrieval = program.command('retrieval').description('evaluate retrieval quality')
  retrieval
    .command('eval')
    .description('nDCG@10, recall@100, MRR@10 and latency on BioASQ, PubMedQA or MedQuAD')
    .requiredOption('--dataset <name>', 'bioasq, pubmedqa or medquad')
    .requiredOption('--data <path>', 'the data set file or folder')
    .option('--mode <mode>', 'bm25, dense or hybrid (default bm25)')
    .option('--feedback', 'pseudo-relevance feedback (Galen’s best lexical mode)')
    .option('--no-processing', 'keep every query word (no question stopwords)')
    .option('--no-rerank', 'no authority and recency reranking')
    .option('--no-prune', 'no near-duplicate pruning')
    .option('--limit <n>', 'evaluate at most this many queries (spread over the set)')
    .option('--index <file>', 'keep the built index in this file (reused when it exists)')
    .option(
      '--embedder <spec>',
      'vectors for dense/hybrid: none, builtin[:DIM], model[:NAME], onnx:PATH',
      'none',
    )
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen retrieval eval --dataset bioasq --data ../shared/data/retrieval/bioasq\n  $ galen retrieval eval --dataset pubmedqa --data ../shared/data/retrieval/pubmedqa-pqal --feedback --json',
    )
    .action((options: EvalCommandOptions, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const corpus = await import('../corpus/index.js')
        const retrievalApi = await import('../retrieval/index.js')
        const dataset = options.dataset ?? ''
        if (!(corpus.EVALUATION_SETS as readonly string[]).includes(dataset)) {
          throw new UsageError(
            `option --dataset "${dataset}" is invalid: expected bioasq, pubmedqa or medquad`,
          )
        }
        const mode = options.mode ?? 'bm25'
        if (!(retrievalApi.SEARCH_MODES as readonly string[]).includes(mode)) {
          throw new UsageError(`option --mode "${mode}" is invalid: expected bm25, dense or hybrid`)
        }
        if (mode !== 'bm25' && options.embedder === 'none') {
          throw new UsageError(
            `option --mode ${mode} needs --embedder (builtin, model or onnx:PATH)`,
          )
        }
        const limit = parseNumberOption('--limit', options.limit, { integer: true, min: 1 })
        const data = options.data ?? ''
        if (!existsSync(data)) throw new UsageError(`option --data "${data}" does not exist`)
        const set = await corpus.loadEvaluationSet({
          name: dataset as import('../corpus/index.js').EvaluationSetName,
          path: data,
          ...(limit === undefined ? {} : { limit }),
        })
        const embedder = await embedderFromOption(options.embedder, configPath)
        const temporary =
          options.index === undefined ? mkdtempSync(join(tmpdir(), 'galen-eval-')) : undefined
        const indexPath = options.index ?? join(temporary ?? '.', `${dataset}.db`)
        try {
          // Relevance is judged per document id, so duplicates and short records stay in.
          await corpus.ingest({
            documents: set.documents,
            index: indexPath,
            embedder: embedder ?? false,
            dedup: false,
            quality: false,
          })
          const index = await retrievalApi.openIndex({
            path: indexPath,
            ...(embedder === undefined ? {} : { embedder }),
          })
          const progress = createProgress({ total: set.queries.length, label: 'queries' })
          try {
            const result = await retrievalApi.evaluateRetrieval({
              index,
              queries: set.queries,
              search: {
                mode: mode as import('../retrieval/index.js').SearchMode,
                ...(options.feedback ? { feedback: true } : {}),
                ...(options.processing ? {} : { queryProcessing: 'none' as const }),
                ...(options.rerank ? {} : { rerank: false as const }),
                ...(options.prune ? {} : { diversify: false as const }),
              },
              onProgress: () => progress.increment(),
            })
            progress.stop()
            const { perQuery: _perQuery, ...figures } = result
            if (options.json) printJson(figures)
            else {
              process.stdout.write(
                `${dataset} (${set.documents.length} documents, ${figures.queries} queries, ${mode}${options.feedback ? ' + feedback' : ''}): ` +
                  `nDCG@10 ${figures['ndcg@10'].toFixed(4)}, recall@100 ${figures['recall@100'].toFixed(4)}, MRR@10 ${figures['mrr@10'].toFixed(4)}, ` +
                  `latency p50 ${figures.latency_ms.p50} ms, p95 ${figures.latency_ms.p95} ms\n`,
              )
            }
            return 0
          } finally {
            await index.close()
          }
        } finally {
          if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true })
        }
      }),
    )
}
