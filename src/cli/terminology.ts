/**
 * `galen terminology normalize | eval`: maps raw Chinese diagnosis or procedure strings to
 * standard names (CHIP-CDN against the ICD-10 Beijing clinical edition; CHIP-2019 procedures
 * against the standard names of the training pairs) and scores the mapping.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { EXIT_OK, parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

const TASKS = ['chip-cdn', 'chip-procedure'] as const
type Task = (typeof TASKS)[number]

interface SharedOptions {
  dictionary?: string
  train?: string
  threshold?: string
  json?: boolean
}

interface NormalizeOptions extends SharedOptions {
  input: string
  out: string
}

interface EvalOptions extends SharedOptions {
  task: string
  data: string
}

async function buildNormalizer(options: SharedOptions, task: Task | undefined) {
  const terminology = await import('../terminology/index.js')
  const threshold = parseNumberOption('--threshold', options.threshold, { min: 0, max: 2 })
  const training =
    options.train === undefined ? [] : terminology.readNormalizationPairs(resolve(options.train))
  let dictionary: ReturnType<typeof terminology.readStandardNames>
  if (options.dictionary !== undefined) {
    dictionary = terminology.readStandardNames(resolve(options.dictionary))
  } else if (task === 'chip-procedure' && training.length > 0) {
    // CHIP-2019 ships no dictionary: the standard names of the training pairs are the candidates.
    dictionary = [...new Set(training.flatMap((pair) => pair.names))].map((name) => ({
      name,
      code: '',
    }))
  } else {
    throw new UsageError(
      'terminology: --dictionary is required (the ICD-10 Beijing clinical edition CSV for chip-cdn; for chip-procedure, --train alone supplies the standard names)',
    )
  }
  const started = performance.now()
  const normalizer = terminology.createZhNormalizer({
    dictionary,
    training,
    abbreviations: terminology.zhDiagnosisAbbreviations(),
    ...(threshold === undefined ? {} : { settings: { threshold } }),
  })
  process.stderr.write(
    `galen: ${normalizer.dictionarySize} standard names, ${normalizer.trainingPairs} training pairs, built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  )
  return { normalizer, terminology }
}

async function normalizeCommand(options: NormalizeOptions): Promise<number> {
  const { normalizer, terminology } = await buildNormalizer(options, undefined)
  const rows = terminology.readNormalizationRows(resolve(options.input))
  const lines = rows.map((row) => {
    const result = normalizer.normalize(row.text)
    return `${JSON.stringify({ text: row.text, normalized: result.names, codes: result.codes })}\n`
  })
  writeFileSync(resolve(options.out), lines.join(''))
  if (options.json) printJson({ n: rows.length, out: resolve(options.out) })
  else process.stdout.write(`normalized ${rows.length} strings: ${resolve(options.out)}\n`)
  return EXIT_OK
}

async function evalCommand(options: EvalOptions): Promise<number> {
  if (!(TASKS as readonly string[]).includes(options.task)) {
    throw new UsageError(
      `option --task = "${options.task}" is invalid: expected ${TASKS.join(', ')}`,
    )
  }
  const task = options.task as Task
  const { normalizer, terminology } = await buildNormalizer(options, task)
  const rows = terminology.readNormalizationRows(resolve(options.data), 'data')
  const scored = rows.filter((row) => row.names.length > 0)
  if (scored.length === 0) {
    throw new UsageError(
      `terminology: --data "${options.data}" has no gold standard names to score against`,
    )
  }
  const predicted = scored.map((row) => normalizer.normalize(row.text).names)
  const score = terminology.scoreNormalization(
    predicted,
    scored.map((row) => row.names),
  )
  if (options.json) printJson(score)
  else {
    process.stdout.write(
      `${task}: n ${score.n}, precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)}\n`,
    )
  }
  return EXIT_OK
}

/** Registers `galen terminology`. */
export function register(program: Command): void {
  const command = program
    .command('terminology')
    .description(
      'normalise raw Chinese diagnosis and procedure strings to standard names, and score it',
    )
  command
    .command('normalize')
    .description('map raw strings to standard names; writes JSON Lines {text, normalized, codes}')
    .requiredOption(
      '--input <file>',
      'raw strings: CHIP-CDN JSON, CHIP-2019 CSV, JSON Lines {text} or one per line',
    )
    .requiredOption(
      '--out <file>',
      'where to write JSON Lines {text, normalized: [names], codes: [codes]}',
    )
    .option(
      '--dictionary <file>',
      'standard names: ICD-10 Beijing clinical edition CSV (code,name) or one name per line',
    )
    .option('--train <file>', 'training pairs to learn aliases and the candidate model from')
    .option(
      '--threshold <p>',
      'score a name needs to be returned (default 0.3 with --train, 0.45 without)',
    )
    .option('--json', 'print a JSON summary')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen terminology normalize --dictionary ../shared/data/zh/chip-cdn/icd10_beijing_clinical_v601.csv \\\n      --train ../shared/data/zh/chip-cdn/CHIP-CDN_train.json --input raw.txt --out normalized.jsonl',
    )
    .action((options: NormalizeOptions) => runAction(() => normalizeCommand(options)))
  command
    .command('eval')
    .description('score normalisation against gold names: micro precision, recall, F1 over names')
    .requiredOption('--task <task>', `task: ${TASKS.join(' | ')}`)
    .requiredOption('--data <file>', 'pairs with gold names (CHIP-CDN JSON or CHIP-2019 CSV)')
    .option('--dictionary <file>', 'standard names (required for chip-cdn)')
    .option('--train <file>', 'training pairs (never the file scored)')
    .option('--threshold <p>', 'score a name needs to be returned')
    .option('--json', 'print { n, precision, recall, f1 } as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen terminology eval --task chip-cdn --data ../shared/data/zh/chip-cdn/CHIP-CDN_dev.json \\\n      --dictionary ../shared/data/zh/chip-cdn/icd10_beijing_clinical_v601.csv --train ../shared/data/zh/chip-cdn/CHIP-CDN_train.json --json\n  $ galen terminology eval --task chip-procedure --data ../shared/data/zh/chip2019-procedure/val.csv \\\n      --train ../shared/data/zh/chip2019-procedure/train.csv --json',
    )
    .action((options: EvalOptions) => runAction(() => evalCommand(options)))
}
