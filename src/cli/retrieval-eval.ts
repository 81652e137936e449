/**
 * `galen retrieval eval --dataset bioasq|pubmedqa|medquad --data PATH`: builds an index of the
 * set's documents (or reuses one) and reports nDCG@10, recall@100, MRR@10 and latency.
 * `--dataset relevance --data data/relevance/heldout.jsonl` scores the passages the answering
 * service shows on the demonstration index (nDCG@5, precision of shown passages, E above A-C).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
  evidencePolicy?: string
  minRelevance?: string
  authorityFloor?: string
}

const AUTHORITY_FLOORS = ['A', 'B', 'C', 'D', 'E'] as const

async function evaluateRelevanceSet(options: EvalCommandOptions): Promise<number> {
  const [
    {
      createAnswerer,
      createIndexEvidenceSource,
      evaluateEvidence,
      loadDrugVocabulary,
      loadRelevanceSet,
    },
    corpus,
    retrievalApi,
  ] = await Promise.all([
    import('../answer/index.js'),
    import('../corpus/index.js'),
    import('../retrieval/index.js'),
  ])
  const data = options.data ?? ''
  if (!existsSync(data)) throw new UsageError(`option --data "${data}" does not exist`)
  const policyName = options.evidencePolicy ?? 'default'
  if (policyName !== 'default' && policyName !== 'off') {
    throw new UsageError(
      `option --evidence-policy "${policyName}" is invalid: expected default or off`,
    )
  }
  const minRelevance = parseNumberOption('--min-relevance', options.minRelevance, {
    min: 0,
    max: 1,
  })
  const floor = options.authorityFloor
  if (floor !== undefined && !(AUTHORITY_FLOORS as readonly string[]).includes(floor)) {
    throw new UsageError(`option --authority-floor "${floor}" is invalid: expected A, B, C, D or E`)
  }
  const questions = loadRelevanceSet(data)
  const indexPath = options.index ?? (await corpus.ensureDemoIndex()).path
  const index = await retrievalApi.openIndex({ path: indexPath, create: false })
  try {
    const evidence = createIndexEvidenceSource({
      name: `index:${index.path}`,
      search: (searchOptions) => index.search(searchOptions),
      termStatistics: (statisticsOptions) => index.backend.termStatistics(statisticsOptions),
    })
    // The same drug lexicons as `galen serve`, so the figures are those of what the page shows.
    const lexicons = resolve(import.meta.dirname, '..', '..', 'data', 'lexicons')
    const drugVocabulary = loadDrugVocabulary(resolve(lexicons, 'common-drugs.json'), {
      brandsPath: resolve(lexicons, 'drug-brands.json'),
      chinesePath: resolve(lexicons, 'zh-drugs.json'),
    })
    const answerer = createAnswerer({
      evidence,
      drugVocabulary,
      evidencePolicy:
        policyName === 'off'
          ? false
          : {
              ...(minRelevance === undefined ? {} : { minRelevance }),
              ...(floor === undefined
                ? {}
                : { authorityFloor: floor as (typeof AUTHORITY_FLOORS)[number] }),
            },
    })
    const progress = createProgress({ total: questions.length, label: 'questions' })
    const result = await evaluateEvidence({
      answer: (answerOptions) => answerer.answer(answerOptions),
      questions,
      onProgress: () => progress.increment(),
    })
    progress.stop()
    if (options.json) printJson(result)
    else {
      process.stdout.write(
        `relevance ${data} (${result.questions} answerable questions, evidence policy ${policyName}): ` +
          `nDCG@5 ${result['ndcg@5'].toFixed(4)}, precision of shown passages ${result.precision.toFixed(4)}, ` +
          `${result.meanShown.toFixed(2)} shown on average, E above A-C ${result.eAboveHigher}, ` +
          `E beside A-C ${result.eBesideHigher}, off-topic conflicts ${result.offTopicConflicts}, ` +
          `unanswerable ${result.unanswerable.shownNothing}/${result.unanswerable.questions} showed nothing\n`,
      )
    }
    return 0
  } finally {
    await index.close()
  }
}

/** Registers `galen retrieval` and its `eval` subcommand. */
export function register(program: Command): void {
  const retrieval = program.command('retrieval').description('evaluate retrieval quality')
  retrieval
    .command('eval')
    .description(
      'nDCG@10, recall@100, MRR@10 and latency on BioASQ, PubMedQA or MedQuAD; or the shown evidence on a relevance set',
    )
    .requiredOption(
      '--dataset <name>',
      'bioasq, pubmedqa, medquad, zh-questions(-tune) or relevance',
    )
    .requiredOption('--data <path>', 'the data set file or folder (relevance: a JSONL set)')
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
    .option('--evidence-policy <name>', 'relevance: default or off (the ranking before the policy)')
    .option('--min-relevance <x>', 'relevance: the relevance floor, 0-1 (default 0.3)')
    .option(
      '--authority-floor <level>',
      'relevance: lowest level shown beside A-C evidence (default D)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen retrieval eval --dataset bioasq --data ../shared/data/retrieval/bioasq\n  $ galen retrieval eval --dataset pubmedqa --data ../shared/data/retrieval/pubmedqa-pqal --feedback --json\n  $ galen retrieval eval --dataset relevance --data data/relevance/heldout.jsonl',
    )
    .action((options: EvalCommandOptions, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const corpus = await import('../corpus/index.js')
        const retrievalApi = await import('../retrieval/index.js')
        const dataset = options.dataset ?? ''
        if (dataset === 'relevance') return evaluateRelevanceSet(options)
        if (!(corpus.EVALUATION_SETS as readonly string[]).includes(dataset)) {
          throw new UsageError(
            `option --dataset "${dataset}" is invalid: expected ${[...corpus.EVALUATION_SETS, 'relevance'].join(', ')}`,
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
