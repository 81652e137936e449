/**
 * `galen deid train` (the learned tagger from annotated notes) and `galen deid eval --cv K`
 * (grouped K-fold cross-validation), with the helpers `galen deid --tagger` uses.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

/** Options shared by `deid train` and `deid eval --cv`. */
export interface TrainingDataOptions {
  format: string
  data?: string
  text?: string
  phi?: string
  epochs?: string
}

interface TrainCommandOptions extends TrainingDataOptions {
  out?: string
}

/** Options of `deid eval --cv`. */
export interface CrossValidationCommandOptions extends TrainingDataOptions {
  cv: string
  group: string
  policy?: string
  rulesOnly?: boolean
  keepYears?: boolean
  json?: boolean
  leaked: string
}

const TRAIN_FORMATS = ['physionet', 'brat', 'jsonl']

/**
 * Loads a tagger saved by `galen deid train`.
 *
 * @throws InputError when the file cannot be read or is no tagger
 */
export async function loadTaggerFile(path: string): Promise<import('../deid/index.js').DeidTagger> {
  let json: string
  try {
    json = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`deid: cannot read --tagger "${path}": ${(error as Error).message}`, {
      field: 'tagger',
      value: path,
      cause: error,
    })
  }
  const { loadTagger } = await import('../deid/index.js')
  return loadTagger(json, { source: path })
}

async function readTrainingNotes(
  options: TrainingDataOptions,
  command: string,
): Promise<import('../deid/index.js').AnnotatedNote[]> {
  if (!TRAIN_FORMATS.includes(options.format)) {
    throw new UsageError(
      `${command}: unknown format "${options.format}" (expected ${TRAIN_FORMATS.join(', ')})`,
    )
  }
  const data = options.data ?? options.text
  if (data === undefined) {
    throw new UsageError(
      `${command}: --data is required (physionet: id.text; brat: a folder of .txt/.ann; jsonl: a file)`,
    )
  }
  const { readAnnotatedNotes } = await import('../deid/index.js')
  return readAnnotatedNotes({
    format: options.format,
    data,
    ...(options.phi === undefined ? {} : { phi: options.phi }),
  })
}

function epochsOf(options: TrainingDataOptions): number | undefined {
  if (options.epochs === undefined) return undefined
  return parseNumberOption('--epochs', options.epochs, { integer: true, min: 1, max: 200 })
}

async function runTrain(options: TrainCommandOptions): Promise<number> {
  if (options.out === undefined) throw new UsageError('deid train: --out MODEL is required')
  const notes = await readTrainingNotes(options, 'deid train')
  const { trainTagger } = await import('../deid/index.js')
  const epochs = epochsOf(options)
  const started = performance.now()
  const tagger = trainTagger(notes, {
    ...(epochs === undefined ? {} : { epochs }),
    onEpoch: (epoch, mistakes) => {
      process.stderr.write(`deid train: pass ${epoch}: ${mistakes} token mistakes\n`)
    },
  })
  const saved = tagger.toJSON()
  writeFileSync(options.out, JSON.stringify(saved))
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(
    `trained on ${saved.trainedOn.notes} notes of ${saved.trainedOn.patients} patients (${saved.trainedOn.tokens} tokens, ${saved.trainedOn.epochs} passes) in ${seconds.toFixed(1)} s\n` +
      `${saved.features.length} features, types ${tagger.types.join(', ')}; written to ${options.out}\n`,
  )
  return 0
}

function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toFixed(3)
}

/** Runs `galen deid eval --cv K`. */
export async function runCrossValidation(options: CrossValidationCommandOptions): Promise<number> {
  const folds = parseNumberOption('--cv', options.cv, { integer: true, min: 2, max: 50 }) ?? 5
  if (options.group !== 'patient' && options.group !== 'note') {
    throw new UsageError(`deid eval: unknown --group "${options.group}" (expected patient or note)`)
  }
  const policies: Array<'balanced' | 'recall'> =
    options.policy === undefined || options.policy === 'both'
      ? ['balanced', 'recall']
      : options.policy === 'balanced' || options.policy === 'recall'
        ? [options.policy]
        : []
  if (policies.length === 0) {
    throw new UsageError(
      `deid eval: unknown --policy "${options.policy}" (expected balanced, recall or both)`,
    )
  }
  const leaked = parseNumberOption('--leaked', options.leaked, { integer: true, min: 0 }) ?? 30
  const notes = await readTrainingNotes(options, 'deid eval')
  const { crossValidate } = await import('../deid/index.js')
  const epochs = epochsOf(options)
  const started = performance.now()
  const result = await crossValidate({
    notes,
    folds,
    group: options.group,
    policies,
    tagger: options.rulesOnly !== true,
    ...(options.keepYears ? { years: false } : {}),
    ...(epochs === undefined ? {} : { train: { epochs } }),
    onFold: (fold) => {
      process.stderr.write(
        `deid eval: fold ${fold.fold}/${folds}: ${fold.notes} notes, ${fold.groups} ${options.group === 'patient' ? 'patients' : 'notes'}, trained in ${fold.trainSeconds} s\n`,
      )
    },
  })
  const seconds = (performance.now() - started) / 1000
  if (options.json) {
    printJson({
      folds: result.folds.map((fold) => ({
        fold: fold.fold,
        notes: fold.notes,
        groups: fold.groups,
        train_seconds: fold.trainSeconds,
        scores: Object.fromEntries(
          Object.entries(fold.scores).map(([policy, score]) => [
            policy,
            { span: score.span, token: score.token, by_type: score.by_type },
          ]),
        ),
      })),
      summary: result.summary,
      pooled: Object.fromEntries(
        Object.entries(result.pooled).map(([policy, score]) => [
          policy,
          { span: score.span, token: score.token, by_type: score.by_type, leaked: score.leaked },
        ]),
      ),
    })
    return 0
  }
  const out = process.stdout
  out.write(
    `${notes.length} notes, ${folds} folds grouped by ${options.group}, tagger ${options.rulesOnly ? 'off (rules only)' : 'trained on the other folds'} (${seconds.toFixed(1)} s)\n`,
  )
  for (const policy of policies) {
    const summary = result.summary[policy]
    const pooled = result.pooled[policy]
    if (summary === undefined || pooled === undefined) continue
    out.write(`\npolicy ${policy}\n`)
    out.write('fold  notes  span recall  precision  token recall  precision\n')
    for (const fold of result.folds) {
      const score = fold.scores[policy]
      out.write(
        `${String(fold.fold).padStart(4)}  ${String(fold.notes).padStart(5)}  ${ratio(score?.span.recall).padStart(11)}  ${ratio(score?.span.precision).padStart(9)}  ${ratio(score?.token.recall).padStart(12)}  ${ratio(score?.token.precision).padStart(9)}\n`,
      )
    }
    out.write(
      `mean         ${ratio(summary.span_recall.mean).padStart(11)}  ${ratio(summary.span_precision.mean).padStart(9)}  ${ratio(summary.token_recall.mean).padStart(12)}  ${ratio(summary.token_precision.mean).padStart(9)}\n`,
    )
    out.write(
      `pooled       ${ratio(pooled.span.recall).padStart(11)}  ${ratio(pooled.span.precision).padStart(9)}  ${ratio(pooled.token.recall).padStart(12)}  ${ratio(pooled.token.precision).padStart(9)}\n`,
    )
    out.write('type                 gold  caught  recall | predicted  correct  precision\n')
    for (const [type, entry] of Object.entries(pooled.by_type)) {
      out.write(
        `${type.padEnd(20)} ${String(entry.gold ?? '').padStart(4)}  ${String(entry.caught ?? '').padStart(6)}  ${ratio(entry.recall).padStart(6)} | ${String(entry.predicted ?? '').padStart(9)}  ${String(entry.true_positives ?? '').padStart(7)}  ${ratio(entry.precision).padStart(9)}\n`,
      )
    }
    if (leaked > 0 && pooled.leaked.length > 0) {
      out.write(
        `leaked (${pooled.leaked.length}, first ${Math.min(leaked, pooled.leaked.length)}):\n`,
      )
      for (const leak of pooled.leaked.slice(0, leaked))
        out.write(`  ${leak.type.padEnd(18)} ${leak.document.padEnd(8)} ${leak.context}\n`)
    }
  }
  return 0
}

/** Registers `galen deid train` under `galen deid`. */
export function registerTrain(deid: Command): void {
  deid
    .command('train')
    .description('train the learned PHI tagger on annotated notes and save it (JSON)')
    .option('--format <format>', 'physionet (id.text + id-phi.phrase), brat or jsonl')
    .option('--data <path>', 'id.text, a folder of BRAT .txt/.ann files, or a JSON Lines file')
    .option('--phi <file>', 'PhysioNet id-phi.phrase (default: beside id.text)')
    .option('--epochs <n>', 'passes over the notes (default 12)')
    .option('--out <file>', 'where to write the model')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen deid train --format physionet --data id.text --out deid-tagger.json\n  $ galen deid train --format brat --data i2b2-train/ --out deid-tagger.json\n  $ galen deid note.txt --tagger deid-tagger.json',
    )
    .action((options: Partial<TrainCommandOptions>, command: Command) =>
      runAction(() => {
        // `deid` has a --format of its own (text|jsonl) that may take the value first
        const parentFormat = command.parent?.opts<{ format?: string }>().format
        const format =
          options.format ??
          (parentFormat === 'text' || parentFormat === undefined ? 'physionet' : parentFormat)
        return runTrain({ ...options, format })
      }),
    )
}
