/** `galen eval replay`: scores recorded responses without calling a model. */
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type { EvalSummaryFile, JudgeAgreementReport } from '../eval/index.js'
import type { ChatModel } from '../llm/index.js'
import {
  type CommonOptions,
  collect,
  createJudges,
  loadItems,
  parseChoice,
  printSummaryLine,
  reportIssues,
} from './eval-shared.js'
import { EXIT_OK, plural, printJson, runAction, UsageError } from './run-command.js'

interface ReplayCommandOptions extends CommonOptions {
  responses: string
  idField?: string
  responseField?: string
  referenceField?: string
  verdictField?: string
  scorer?: string
  modelName?: string
  judge?: string[]
  judgeName?: string
  conversation?: string
  referenceScores?: string
  out?: string
}

async function replayCommand(
  options: ReplayCommandOptions,
  configPath: string | undefined,
): Promise<number> {
  const evaluation = await import('../eval/index.js')
  const scorerName = parseChoice('--scorer', options.scorer, evaluation.SCORER_NAMES, 'strict')
  const { items, data, definition } = await loadItems(options)
  if (scorerName === 'mirage' && definition.kind !== 'multiple-choice') {
    throw new UsageError(
      `eval: --scorer mirage reads multiple choice only; ${definition.name} is ${definition.kind}`,
    )
  }
  const conversation = parseChoice(
    '--conversation',
    options.conversation,
    evaluation.CONVERSATION_MODES,
    'transcript',
  )
  const responsesPath = resolve(options.responses)
  const { responses, issues } = await evaluation.readRecordedResponses({
    path: responsesPath,
    ...(options.idField === undefined ? {} : { idField: options.idField }),
    ...(options.responseField === undefined ? {} : { responseField: options.responseField }),
    ...(options.referenceField === undefined ? {} : { referenceField: options.referenceField }),
    ...(options.verdictField === undefined ? {} : { verdictField: options.verdictField }),
    conversation,
  })
  reportIssues(issues, responsesPath)
  // Recorded answers to open-ended items need a judge: --judge, else the configured one. Ranked
  // diagnoses (rare-disease) and name sets (chip-cdn) are scored by rules instead.
  const needsJudge = items.some(evaluation.needsJudge)
  const judges: ChatModel[] =
    (options.judge ?? []).length > 0 || needsJudge
      ? await createJudges(options.judge ?? [], {
          ...(options.judgeName === undefined ? {} : { name: options.judgeName }),
          ...(configPath === undefined ? {} : { configPath }),
        })
      : []
  const result = await evaluation.replayResponses({
    items,
    responses,
    scorer: evaluation.createScorer(scorerName),
    judges,
  })
  if (result.missing.length > 0) {
    process.stderr.write(
      `galen: ${plural(result.missing.length, 'item has', 'items have')} no recorded response (counted wrong), for example "${result.missing[0]}"\n`,
    )
  }
  if (result.unmatched.length > 0) {
    process.stderr.write(
      `galen: ${plural(result.unmatched.length, 'response matches', 'responses match')} no item (ignored), for example "${result.unmatched[0]}"; check --id-field\n`,
    )
  }
  const label =
    options.subset === undefined ? definition.name : `${definition.name}/${options.subset}`
  let summary: EvalSummaryFile
  if (options.out !== undefined) {
    summary = evaluation.saveReplay({
      outDir: resolve(options.out),
      benchmark: definition.name,
      ...(options.subset === undefined ? {} : { subset: options.subset }),
      data,
      modelName: options.modelName ?? basename(responsesPath).replace(/\.(jsonl|json|csv)$/i, ''),
      responsesPath,
      scorer: scorerName,
      records: result.records,
    })
  } else {
    summary = evaluation.summarize(label, result.records)
  }
  let agreement: JudgeAgreementReport | undefined
  if (options.referenceScores !== undefined) {
    const referencePath = resolve(options.referenceScores)
    const reference = await evaluation.readDiscJudgeScores(referencePath)
    reportIssues(reference.issues, referencePath)
    agreement = evaluation.computeJudgeAgreement({
      inputs: [
        {
          model:
            options.modelName ??
            reference.judgements.find((judgement) => judgement.model !== '')?.model ??
            basename(responsesPath),
          records: result.records,
          reference: reference.judgements,
        },
      ],
    })
  }
  if (options.json)
    printJson({
      ...evaluation.publicSummary(summary),
      ...(agreement === undefined ? {} : { judge_agreement: agreement }),
    })
  else {
    printSummaryLine(summary)
    for (const pair of agreement?.pairs ?? []) {
      const value = (number: number | null): string => (number === null ? '–' : number.toFixed(3))
      process.stdout.write(
        `  judge agreement, ${pair.galen} vs ${pair.reference} (n ${pair.n}): Pearson ${value(pair.pearson)}, Spearman ${value(pair.spearman)}, mean abs. difference ${value(pair.mean_absolute_difference)}\n`,
      )
    }
    if (options.out !== undefined)
      process.stdout.write(`records and summary: ${resolve(options.out)}\n`)
  }
  return EXIT_OK
}

/** Registers `galen eval replay` on the `eval` command. */
export function registerReplay(evalCommand: Command): void {
  evalCommand
    .command('replay')
    .description('score recorded responses without calling a model')
    .requiredOption('--benchmark <name>', 'benchmark name (see "galen eval list")')
    .option(
      '--data <path>',
      'benchmark file or folder (default: $GALEN_BENCHMARK_DATA/<default path>)',
    )
    .option('--subset <name>', 'subset (MIRAGE: medqa|medmcqa|pubmedqa|bioasq|mmlu)')
    .requiredOption('--responses <file>', 'JSON Lines (or CSV) of recorded responses')
    .option('--id-field <name>', 'field joining a response to its item', 'id')
    .option(
      '--response-field <name>',
      'field holding the response text (or a list of texts)',
      'response',
    )
    .option('--reference-field <name>', "field holding another tool's extracted answer, to compare")
    .option(
      '--verdict-field <name>',
      "field holding another tool's Correct/Incorrect verdict, to compare",
    )
    .option(
      '--conversation <mode>',
      'a response that is a list of {role, content} turns (DISC-MedLLM dialogues) is read as: transcript (every turn), doctor (the doctor turns joined) or last (the last doctor turn)',
      'transcript',
    )
    .option(
      '--reference-scores <file>',
      "a reference judge's recorded scores of the same cases (DISC-MedLLM GPT-4 JSON Lines): adds judge_agreement (see galen eval agreement)",
    )
    .option('--scorer <name>', 'strict, lenient or mirage', 'strict')
    .option('--judge <url|gguf>', 'judge model for open-ended items (repeat for several)', collect)
    .option('--judge-name <name>', 'model name of the judge')
    .option('--model-name <name>', 'name of the model that wrote the responses (for reports)')
    .option('--out <dir>', 'write records and summary to this folder (for "galen eval report")')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval replay --benchmark mirage --subset mmlu --data ../shared/data/benchmarks/mirage/benchmark.json \\\n      --responses ../shared/data/model-outputs/mirage/mmlu__cot__gpt-35-turbo-16k.jsonl --scorer mirage --json',
    )
    .action((options: ReplayCommandOptions, command: Command) =>
      runAction(() =>
        replayCommand(options, command.optsWithGlobals<{ config?: string }>().config),
      ),
    )
}
