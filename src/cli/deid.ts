/**
 * `galen deid`: de-identifies clinical text (files, folders, stdin, JSON Lines), and
 * `galen deid eval` scores the detector on PhysioNet's or Presidio's gold spans.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { loadConfig } from './config.js'
import { loadTaggerFile, registerTrain, runCrossValidation } from './deid-train.js'
import { noModelMessage, resolveModelConfig } from './model-options.js'
import {
  createProgress,
  openJsonLinesWriter,
  printJson,
  readJsonLines,
  runAction,
  UsageError,
} from './run-command.js'

type Mode = 'tags' | 'surrogate' | 'spans'

interface DeidCommandOptions {
  format: string
  textField: string
  mode: string
  patientField?: string
  keepYears?: boolean
  seed?: string
  output?: string
  modelUrl?: string
  model?: string
  modelPass?: boolean
  tagger?: string
  policy: string
  config?: string
}

interface EvalCommandOptions {
  format: string
  text?: string
  phi?: string
  data?: string
  json?: boolean
  leaked: string
  keepYears?: boolean
  cv?: string
  group: string
  policy?: string
  tagger?: string
  rulesOnly?: boolean
  epochs?: string
}

/** The seed surrogates and date shifts use when none is given: public, so shifts can be undone. */
const SEED_ENV = 'GALEN_DEID_SEED'

/** The secret of surrogate mode: --seed, else GALEN_DEID_SEED, else a warning and the default. */
function resolveSeed(options: DeidCommandOptions, mode: Mode): string | undefined {
  const seed = options.seed ?? (process.env[SEED_ENV] || undefined)
  if (seed === undefined && mode === 'surrogate') {
    process.stderr.write(
      `galen: deid: warning: no --seed or ${SEED_ENV}: surrogates and date shifts use the public default seed, so anyone can undo the date shift; pass a secret\n`,
    )
  }
  return seed
}

function parseMode(value: string): Mode {
  if (value === 'tags' || value === 'surrogate' || value === 'spans') return value
  throw new UsageError(`deid: unknown mode "${value}" (expected tags, surrogate or spans)`)
}

function listFiles(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false })
  // A missing input is an input error (exit 1), not a usage error: the command line was right.
  if (stat === undefined)
    throw new InputError(`deid: "${path}" does not exist`, { field: 'input', value: path })
  if (stat.isFile()) return [path]
  const files: string[] = []
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(path, entry.name)
    if (entry.isDirectory()) files.push(...listFiles(full))
    else if (entry.isFile() && /\.(txt|text|md|note|jsonl)$/i.test(entry.name)) files.push(full)
  }
  return files
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The model of the optional model pass, or none. The pass runs with `--model-url` (that server) or
 * `--model-pass` (the model every command uses: `GALEN_MODEL_URL`/`GALEN_MODEL`, `GALEN_GGUF` or
 * the config's `model` section, see model-options.ts); it only adds spans to the rules' spans.
 */
async function createPassModel(
  options: DeidCommandOptions,
): Promise<import('../llm/index.js').ChatModel | undefined> {
  if (options.modelUrl === undefined && options.modelPass !== true) {
    if (options.model !== undefined)
      throw new UsageError('deid: --model needs --model-url or --model-pass')
    return undefined
  }
  if (options.modelUrl !== undefined && !/^https?:\/\/\S+$/.test(options.modelUrl)) {
    throw new UsageError(
      `option --model-url = "${options.modelUrl}" is invalid: expected an http(s) URL ending in /v1`,
    )
  }
  const { config } = loadConfig(options.config === undefined ? {} : { path: options.config })
  const settings = resolveModelConfig(config, {
    target: options.modelUrl,
    targetOption: '--model-url',
    name: options.model,
  })
  if (settings === undefined)
    throw new UsageError(noModelMessage('deid --model-pass', '--model-url URL'))
  const { createChatModelFromSettings } = await import('../llm/index.js')
  return createChatModelFromSettings(settings)
}

async function runDeid(input: string, options: DeidCommandOptions): Promise<number> {
  const mode = parseMode(options.mode)
  if (options.format !== 'text' && options.format !== 'jsonl') {
    throw new UsageError(`deid: unknown format "${options.format}" (expected text or jsonl)`)
  }
  const model = await createPassModel(options)
  const { createDeidentifier, parseDeidPolicy } = await import('../deid/index.js')
  const policy = parseDeidPolicy(options.policy)
  const tagger = options.tagger === undefined ? undefined : await loadTaggerFile(options.tagger)
  const seed = resolveSeed(options, mode)
  const deidentifier = createDeidentifier({
    mode,
    policy,
    ...(tagger === undefined ? {} : { tagger }),
    ...(options.keepYears ? { years: false } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(model === undefined ? {} : { model }),
  })
  const writer = openJsonLinesWriter(options.output)
  let failures = 0
  if (options.format === 'jsonl') {
    const files = input === '-' ? ['-'] : listFiles(input)
    for (const file of files) {
      for await (const line of readJsonLines(file)) {
        const where = `${file === '-' ? 'stdin' : file}:${line.line}`
        if (!line.ok) {
          failures += 1
          process.stderr.write(`galen: deid: ${where}: ${line.error.message}\n`)
          continue
        }
        const record = line.value
        const text =
          typeof record === 'object' && record !== null
            ? (record as Record<string, unknown>)[options.textField]
            : undefined
        if (typeof text !== 'string') {
          failures += 1
          process.stderr.write(
            `galen: deid: ${where}: field "${options.textField}" is not a string\n`,
          )
          continue
        }
        const fields = record as Record<string, unknown>
        const patient =
          options.patientField === undefined ? undefined : fields[options.patientField]
        const result = await deidentifier.redact({
          text,
          mode,
          ...(patient === undefined ? {} : { patientId: String(patient) }),
        })
        await writer.write(
          mode === 'spans'
            ? { ...fields, phi_spans: result.spans }
            : { ...fields, [options.textField]: result.text },
        )
      }
    }
    await writer.close()
    return failures > 0 ? 1 : 0
  }
  if (input === '-') {
    const text = await readStdin()
    const result = await deidentifier.redact({ text, mode })
    if (mode === 'spans') printJson({ spans: result.spans })
    else process.stdout.write(result.text)
    return 0
  }
  const files = listFiles(input)
  const single = files.length === 1 && statSync(input).isFile()
  const progress = createProgress({ total: files.length, label: 'deid' })
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const result = await deidentifier.redact({ text, mode, patientId: file })
    if (single && options.output === undefined) {
      if (mode === 'spans') printJson({ path: file, spans: result.spans })
      else process.stdout.write(result.text)
    } else {
      await writer.write(
        mode === 'spans' ? { path: file, spans: result.spans } : { path: file, text: result.text },
      )
    }
    progress.increment()
  }
  progress.stop()
  await writer.close()
  return 0
}

function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toFixed(3)
}

async function runEval(options: EvalCommandOptions): Promise<number> {
  const leakedLimit = Number(options.leaked)
  if (!Number.isInteger(leakedLimit) || leakedLimit < 0) {
    throw new UsageError(
      `option --leaked = "${options.leaked}" is invalid: expected a whole number >= 0`,
    )
  }
  if (options.cv !== undefined) {
    if (options.format === 'presidio')
      throw new UsageError('deid eval: --cv needs annotated notes (physionet, brat or jsonl)')
    if (options.tagger !== undefined)
      throw new UsageError('deid eval: --cv trains its own tagger on each fold; drop --tagger')
    return runCrossValidation({ ...options, cv: options.cv })
  }
  if (options.group !== 'patient') throw new UsageError('deid eval: --group applies to --cv only')
  const deid = await import('../deid/index.js')
  const policy = deid.parseDeidPolicy(options.policy ?? 'balanced')
  const tagger = options.tagger === undefined ? undefined : await loadTaggerFile(options.tagger)
  const deidentifier = deid.createDeidentifier({
    policy,
    ...(tagger === undefined ? {} : { tagger }),
    ...(options.keepYears ? { years: false } : {}),
  })
  let score: Awaited<ReturnType<typeof deid.evaluatePhysionet>>
  const started = performance.now()
  if (options.format === 'physionet') {
    if (options.text === undefined || options.phi === undefined) {
      throw new UsageError(
        'deid eval: --format physionet needs --text id.text and --phi id-phi.phrase',
      )
    }
    const progress = createProgress({ total: 1, label: 'deid eval' })
    let reported = 0
    score = await deid.evaluatePhysionet({
      deidentifier,
      textPath: options.text,
      phrasePath: options.phi,
      onProgress: (done, total) => {
        progress.setTotal(total)
        progress.increment(done - reported)
        reported = done
      },
    })
    progress.stop()
  } else if (options.format === 'presidio') {
    const path = options.data ?? options.text
    if (path === undefined)
      throw new UsageError('deid eval: --format presidio needs --data synth_dataset_v2.json')
    score = await deid.evaluatePresidio({ deidentifier, path })
  } else if (options.format === 'brat' || options.format === 'jsonl') {
    const data = options.data ?? options.text
    if (data === undefined)
      throw new UsageError(`deid eval: --format ${options.format} needs --data`)
    const notes = deid.readAnnotatedNotes({ format: options.format, data })
    const byPatient = new Map<string, typeof notes>()
    for (const note of notes)
      byPatient.set(note.patient, [...(byPatient.get(note.patient) ?? []), note])
    const documents: import('../deid/index.js').ScoredDocument[] = []
    for (const [patient, patientNotes] of byPatient) {
      const predicted = await deidentifier.detectMany({
        texts: patientNotes.map((note) => note.text),
        patientId: patient,
      })
      patientNotes.forEach((note, index) => {
        documents.push({
          id: note.id,
          text: note.text,
          gold: note.gold,
          predicted: predicted[index] ?? [],
        })
      })
    }
    score = { ...deid.scoreDocuments(documents), documents: documents.length }
  } else {
    throw new UsageError(
      `deid eval: unknown format "${options.format}" (expected physionet, presidio, brat or jsonl)`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  if (options.json) {
    printJson({
      span: score.span,
      token: score.token,
      by_type: score.by_type,
      leaked: score.leaked,
    })
    return 0
  }
  const out = process.stdout
  out.write(`documents: ${score.documents}  (${seconds.toFixed(1)} s)\n`)
  out.write(
    `span  recall ${formatRatio(score.span.recall)}  precision ${formatRatio(score.span.precision)}\n`,
  )
  out.write(
    `token recall ${formatRatio(score.token.recall)}  precision ${formatRatio(score.token.precision)}\n\n`,
  )
  out.write('type                 gold  caught  recall | predicted  correct  precision\n')
  for (const [type, entry] of Object.entries(score.by_type)) {
    out.write(
      `${type.padEnd(20)} ${String(entry.gold ?? '').padStart(4)}  ${String(entry.caught ?? '').padStart(6)}  ${formatRatio(entry.recall).padStart(6)} | ${String(entry.predicted ?? '').padStart(9)}  ${String(entry.true_positives ?? '').padStart(7)}  ${formatRatio(entry.precision).padStart(9)}\n`,
    )
  }
  if (leakedLimit > 0 && score.leaked.length > 0) {
    out.write(
      `\nleaked (${score.leaked.length}, first ${Math.min(leakedLimit, score.leaked.length)}):\n`,
    )
    for (const leak of score.leaked.slice(0, leakedLimit))
      out.write(`  ${leak.type.padEnd(18)} ${leak.document.padEnd(8)} ${leak.context}\n`)
  }
  return 0
}

/** Registers `galen deid` and `galen deid eval`. */
export function register(program: Command): void {
  const deid = program
    .command('deid')
    .description(
      'remove protected health information from clinical text (tags, surrogates or spans)',
    )
    .argument('[input]', 'a file, a folder (its .txt/.jsonl files), or - for stdin', '-')
    .option('--format <format>', 'text or jsonl (JSON Lines with a text field)', 'text')
    .option('--text-field <name>', 'the JSON Lines field holding the text', 'text')
    .option(
      '--patient-field <name>',
      'JSON Lines field naming the patient (surrogate dates shift per patient)',
    )
    .option(
      '--mode <mode>',
      'tags ([NAME], [DATE]...), surrogate (realistic fakes) or spans (JSON offsets)',
      'tags',
    )
    .option('--keep-years', 'leave bare years (Safe Harbor allows them); default removes them too')
    .option(
      '--seed <secret>',
      'secret seeding surrogates and date shifts (default GALEN_DEID_SEED; without either, a public default and a warning)',
    )
    .option(
      '--policy <policy>',
      'recall (keep a word only when known safe; for training data) or balanced',
      'recall',
    )
    .option('--tagger <file>', 'a learned tagger from `galen deid train`, joined to the rules')
    .option('-o, --output <file>', 'write JSON Lines to this file (folders and jsonl input)')
    .option(
      '--model-url <url>',
      'OpenAI-compatible server (ending in /v1) for an extra model pass that can only add spans',
    )
    .option(
      '--model <name>',
      'model name at that server (default: GALEN_MODEL, then config model.name)',
    )
    .option(
      '--model-pass',
      'run the model pass with the configured model (GALEN_MODEL_URL/GALEN_MODEL, GALEN_GGUF or config "model")',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen deid note.txt\n  $ cat note.txt | galen deid --mode surrogate\n  $ galen deid notes.jsonl --format jsonl --text-field body --mode spans\n  $ galen deid note.txt --model-url http://127.0.0.1:8000/v1 --model qwen3-8b\n  $ galen deid eval --format physionet --text id.text --phi id-phi.phrase --json',
    )
    .action((input: string, options: DeidCommandOptions, command: Command) =>
      runAction(() => {
        const globals = command.optsWithGlobals<{ config?: string }>()
        return runDeid(input, {
          ...options,
          ...(globals.config === undefined ? {} : { config: globals.config }),
        })
      }),
    )
  deid
    .command('eval')
    .description(
      'score PHI detection on gold spans: span- and token-level recall and precision, per type, leaked spans',
    )
    .option('--format <format>', 'physionet (default), presidio, brat or jsonl')
    .option('--text <file>', 'PhysioNet id.text')
    .option('--phi <file>', 'PhysioNet id-phi.phrase')
    .option(
      '--data <path>',
      "Presidio's synth_dataset_v2.json, a BRAT folder, a JSON Lines file (or id.text with --cv)",
    )
    .option(
      '--cv <k>',
      'grouped K-fold cross-validation: train the tagger on K-1 folds, score the other',
    )
    .option('--group <by>', 'what --cv keeps in one fold: patient (default) or note', 'patient')
    .option('--policy <policy>', 'balanced (default), recall, or both (--cv only; its default)')
    .option('--tagger <file>', 'score the rules joined with this trained tagger')
    .option('--rules-only', '--cv without the tagger (the rules alone)')
    .option('--epochs <n>', 'tagger training passes per fold (--cv)')
    .option('--leaked <n>', 'leaked spans to list in the text report', '30')
    .option('--keep-years', 'do not report bare years')
    .option('--json', 'print { span, token, by_type, leaked } as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen deid eval --format physionet --text id.text --phi id-phi.phrase\n  $ galen deid eval --format physionet --data id.text --cv 5 --group patient\n  $ galen deid eval --format presidio --data synth_dataset_v2.json --tagger deid-tagger.json --json',
    )
    .action((options: Partial<EvalCommandOptions>, command: Command) =>
      runAction(() => {
        // `deid` has a --format of its own (text|jsonl) that may take the value first
        const parentFormat = command.parent?.opts<{ format?: string }>().format
        const format =
          options.format ??
          (parentFormat === 'text' || parentFormat === undefined ? 'physionet' : parentFormat)
        return runEval({ leaked: '30', group: 'patient', ...options, format })
      }),
    )
  registerTrain(deid)
}
