/**
 * `galen eval agreement`: compares Galen's principle-judge scores of recorded consultations (a
 * judged `eval replay --out` folder per model) with a reference judge's recorded scores
 * (DISC-MedLLM's GPT-4 JSON Lines), per score pair and per model.
 */
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type { AgreementPair, JudgeAgreementReport } from '../eval/index.js'
import { collect, reportIssues } from './eval-shared.js'
import { EXIT_OK, plural, printJson, runAction, UsageError } from './run-command.js'

interface AgreementCommandOptions {
  scores?: string[]
  reference?: string[]
  model?: string[]
  pair?: string[]
  json?: boolean
}

const number = (value: number | null, digits = 3): string =>
  value === null ? '–' : value.toFixed(digits)

function printReport(report: JudgeAgreementReport): void {
  const lines: string[] = []
  lines.push(`cases judged by both: ${report.n}`)
  lines.push('')
  lines.push('| Galen | reference | n | Pearson | Spearman | mean abs. difference (0-1) |')
  lines.push('|---|---|---|---|---|---|')
  for (const pair of report.pairs) {
    lines.push(
      `| ${pair.galen} | ${pair.reference} | ${pair.n} | ${number(pair.pearson)} | ${number(pair.spearman)} | ${number(pair.mean_absolute_difference)} |`,
    )
  }
  lines.push('')
  const galenNames = Object.keys(report.models[0]?.galen ?? {})
  const referenceNames = Object.keys(report.models[0]?.reference ?? {})
  lines.push(
    `| model | n | ${galenNames.map((name) => `Galen ${name}`).join(' | ')} | ${referenceNames.map((name) => `ref. ${name}`).join(' | ')} |`,
  )
  lines.push(`|---|---|${[...galenNames, ...referenceNames].map(() => '---').join('|')}|`)
  for (const model of report.models) {
    const galen = galenNames.map((name) => number(model.galen[name as keyof typeof model.galen]))
    const reference = referenceNames.map((name) =>
      number(model.reference[name as keyof typeof model.reference]),
    )
    lines.push(`| ${model.model} | ${model.n} | ${[...galen, ...reference].join(' | ')} |`)
  }
  lines.push('')
  for (const level of report.model_level) {
    lines.push(
      `model level, ${level.galen} vs ${level.reference} over ${plural(level.models, 'model')}: Pearson ${number(level.pearson)}, Spearman ${number(level.spearman)}`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

async function agreementCommand(options: AgreementCommandOptions): Promise<number> {
  const evaluation = await import('../eval/index.js')
  const scores = options.scores ?? []
  const references = options.reference ?? []
  if (scores.length === 0) throw new UsageError('eval agreement: give at least one --scores')
  if (scores.length !== references.length) {
    throw new UsageError(
      `eval agreement: give one --reference per --scores, in the same order (got ${scores.length} --scores and ${references.length} --reference)`,
    )
  }
  const names = options.model ?? []
  if (names.length > 0 && names.length !== scores.length) {
    throw new UsageError(
      `eval agreement: give one --model per --scores or none (got ${names.length} --model for ${scores.length} --scores)`,
    )
  }
  let pairs: AgreementPair[] | undefined
  try {
    pairs = options.pair?.map(evaluation.parseAgreementPair)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const inputs = []
  for (const [index, scoresPath] of scores.entries()) {
    const path = resolve(scoresPath)
    const read = await evaluation.readRecordsFile(path)
    if (read.skipped > 0) {
      process.stderr.write(
        `galen: ${plural(read.skipped, 'line is not a record', 'lines are not records')} in ${path} (lines ${read.skippedLines.join(', ')})\n`,
      )
    }
    const referencePath = resolve(references[index] as string)
    const reference = await evaluation.readDiscJudgeScores(referencePath)
    reportIssues(reference.issues, referencePath)
    const model =
      names[index] ??
      reference.judgements.find((judgement) => judgement.model !== '')?.model ??
      read.manifest?.model.name ??
      basename(path)
    const judged = read.records.filter((record) => record.judge?.overall !== undefined).length
    if (judged === 0) {
      throw new UsageError(
        `eval agreement: ${path} holds no judged records; replay with --judge URL|GGUF --out DIR first`,
      )
    }
    inputs.push({ model, records: read.records, reference: reference.judgements })
  }
  const report = evaluation.computeJudgeAgreement({
    inputs,
    ...(pairs === undefined ? {} : { pairs }),
  })
  if (options.json) printJson(report)
  else printReport(report)
  return EXIT_OK
}

/** Registers `galen eval agreement` on the `eval` command. */
export function registerAgreement(evalCommand: Command): void {
  evalCommand
    .command('agreement')
    .description(
      "compare Galen's judge scores with a recorded reference judge (per score pair and model)",
    )
    .option(
      '--scores <dir|file>',
      'a judged replay folder (or its records.jsonl); repeat per model',
      collect,
    )
    .option(
      '--reference <file>',
      "the reference judge's scores for the same cases (DISC-MedLLM GPT-4 JSON Lines); one per --scores",
      collect,
    )
    .option('--model <name>', 'model name per --scores (default: from the reference file)', collect)
    .option(
      '--pair <galen=reference>',
      'a compared pair, e.g. honesty=Accuracy (repeat; default: overall=mean, honesty=Accuracy, comprehensiveness=Helpfulness, formatting=Linguistic Quality, overall=Proactivity)',
      collect,
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen eval replay --benchmark cmb-clin --data ../shared/data/zh/disc-medllm-eval/samples/CMB-cases.json \\\n      --responses ../shared/data/zh/model-outputs/disc-medllm/dialogues/gpt-4_cmb-clin.json --response-field conversation \\\n      --judge http://127.0.0.1:8000/v1 --out runs/judge-gpt-4\n  $ galen eval agreement --scores runs/judge-gpt-4 \\\n      --reference ../shared/data/zh/model-outputs/disc-medllm/gpt4_scores/cmb-clin/result_gpt-4_cmb-clin.jsonl',
    )
    .action((options: AgreementCommandOptions) => runAction(() => agreementCommand(options)))
}
