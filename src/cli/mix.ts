/**
 * `galen mix ...`: mixture ratios by Bayesian optimisation. A study file holds the groups, their
 * bounds, the objective and the trials; the loop is suggest → build data and train → `galen eval
 * run` → observe. See docs/mixture.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { InputError, safeParseJson } from '../errors.js'
import type { MixtureFile, Study, StudyAnalysis } from '../mixture/index.js'
import { registerBench } from './mix-bench.js'
import { EXIT_OK, parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Parses `--min g=0.05` / `--min 0.05` (all groups) into a map, `*` meaning every group. */
function parseBounds(
  option: string,
  values: readonly string[],
  groups: readonly string[],
): Map<string, number> {
  const bounds = new Map<string, number>()
  for (const text of values) {
    const equals = text.lastIndexOf('=')
    const name = equals < 0 ? '*' : text.slice(0, equals).trim()
    const number = equals < 0 ? text : text.slice(equals + 1)
    const value = parseNumberOption(option, number, { min: 0, max: 1 }) as number
    if (name !== '*' && !groups.includes(name)) {
      throw new UsageError(
        `option ${option} names group "${name}", which is not in --groups (${groups.join(', ')})`,
      )
    }
    bounds.set(name, value)
  }
  return bounds
}

function readJsonFile(path: string, option: string): unknown {
  if (!existsSync(path)) throw new UsageError(`option ${option}: file "${path}" does not exist`)
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw parsed.error
  return parsed.value
}

type MixtureModule = typeof import('../mixture/index.js')

function loadMixture(): Promise<MixtureModule> {
  return import('../mixture/index.js')
}

/** A trial id, or `best` for the best completed trial. */
function parseTrialId(mixture: MixtureModule, text: string | undefined, study: Study): number {
  if (text === 'best') {
    const best = mixture.bestTrial(study)
    if (best === undefined) {
      throw new InputError(`mixture: study "${study.name}" has no completed trial yet`, {
        field: 'trial',
        value: 'best',
      })
    }
    return best.id
  }
  return parseNumberOption('--trial', text, { integer: true, min: 1 }) as number
}

interface InitOptions {
  groups: string
  min?: string[]
  max?: string[]
  objective?: string
  direction?: string
  seed?: string
  initial?: string
  maxTrials?: string
  patience?: string
  minImprovement?: string
  minExpectedImprovement?: string
  force?: boolean
}

async function initCommand(path: string, options: InitOptions): Promise<number> {
  const mixture = await loadMixture()
  if (existsSync(path) && !options.force) {
    throw new UsageError(`study file "${path}" already exists (use --force to replace it)`)
  }
  const names = options.groups
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const minimums = parseBounds('--min', options.min ?? [], names)
  const maximums = parseBounds('--max', options.max ?? [], names)
  const groups = names.map((name) => ({
    name,
    min: minimums.get(name) ?? minimums.get('*') ?? 0,
    max: maximums.get(name) ?? maximums.get('*') ?? 1,
  }))
  let objective =
    options.objective === undefined
      ? undefined
      : mixture.parseObjective(
          readJsonFile(options.objective, '--objective'),
          `objective file "${options.objective}"`,
        )
  if (options.direction !== undefined) {
    if (options.direction !== 'maximize' && options.direction !== 'minimize') {
      throw new UsageError(
        `option --direction = "${options.direction}" is invalid: expected maximize or minimize`,
      )
    }
    objective = { direction: options.direction, terms: objective?.terms ?? [] }
  }
  const stop: Study['stop'] = {}
  const maxTrials = parseNumberOption('--max-trials', options.maxTrials, { integer: true, min: 1 })
  if (maxTrials !== undefined) stop.max_trials = maxTrials
  const patience = parseNumberOption('--patience', options.patience, { integer: true, min: 1 })
  if (patience !== undefined) stop.patience = patience
  const minImprovement = parseNumberOption('--min-improvement', options.minImprovement, { min: 0 })
  if (minImprovement !== undefined) stop.min_improvement = minImprovement
  const minEi = parseNumberOption('--min-expected-improvement', options.minExpectedImprovement, {
    min: 0,
  })
  if (minEi !== undefined) stop.min_expected_improvement = minEi
  const initial = parseNumberOption('--initial', options.initial, { integer: true, min: 1 })
  const study = mixture.createStudy({
    name: path.replace(/^.*[\\/]/, '').replace(/\.json$/, ''),
    groups,
    ...(objective === undefined ? {} : { objective }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(initial === undefined ? {} : { initialTrials: initial }),
    stop,
  })
  mixture.writeStudy(path, study)
  process.stdout.write(
    `study ${study.name}: ${groups.length} groups (${groups.map((group) => `${group.name} [${group.min}, ${group.max}]`).join(', ')}), ${study.initial_trials} initial trials, objective ${study.objective.direction} ${study.objective.terms.length} term(s) -> ${resolve(path)}\n`,
  )
  return EXIT_OK
}

async function suggestCommand(path: string, options: { batch?: string }): Promise<number> {
  const mixture = await loadMixture()
  const count = parseNumberOption('--batch', options.batch, { integer: true, min: 1, max: 64 }) ?? 1
  // Read, suggest and write under the study's lock, so parallel commands never lose a trial.
  const { study, trials } = mixture.withStudyLock(path, () => {
    const current = mixture.readStudy(path)
    const suggested = mixture.suggestTrials(current, { count })
    mixture.writeStudy(path, current)
    return { study: current, trials: suggested }
  })
  // Stopping rules are advice: the suggestion stands, the note says a rule fires.
  const stop = Object.keys(study.stop).length === 0 ? undefined : mixture.analyseStudy(study).stop
  if (stop !== undefined)
    process.stderr.write(`galen: note: stopping rule ${stop.rule} fires: ${stop.reason}\n`)
  printJson({
    study: study.name,
    trials: trials.map((trial) => ({
      id: trial.id,
      ratios: trial.ratios,
      source: trial.source,
      batch: trial.batch,
    })),
  })
  return EXIT_OK
}

interface ObserveOptions {
  trial: string
  value?: string
  eval?: string[]
  failed?: string
}

async function observeCommand(path: string, options: ObserveOptions): Promise<number> {
  const mixture = await loadMixture()
  const given = [options.value, options.eval, options.failed].filter((value) => value !== undefined)
  if (given.length !== 1) throw new UsageError('give exactly one of --value, --eval or --failed')
  const { study, trial } = mixture.withStudyLock(path, () => {
    const current = mixture.readStudy(path)
    const id = parseTrialId(mixture, options.trial, current)
    let outcome: Parameters<typeof mixture.observeTrial>[2]
    if (options.failed !== undefined) outcome = { status: 'failed', reason: options.failed }
    else if (options.value !== undefined) {
      outcome = { status: 'complete', value: parseNumberOption('--value', options.value) as number }
    } else {
      const runs = (options.eval ?? []).map((directory) =>
        mixture.readRunSummary(resolve(directory)),
      )
      const scored = mixture.scoreObjective(current.objective, runs)
      outcome = { status: 'complete', value: scored.value, evidence: scored.terms }
    }
    const observed = mixture.observeTrial(current, id, outcome)
    mixture.writeStudy(path, current)
    return { study: current, trial: observed }
  })
  printJson({
    study: study.name,
    trial: trial.id,
    status: trial.status,
    value: trial.value ?? null,
    ...(trial.evidence ? { evidence: trial.evidence } : {}),
  })
  return EXIT_OK
}

function printAnalysis(analysis: StudyAnalysis, bestOnly: boolean): void {
  const lines: string[] = []
  if (!bestOnly) {
    const t = analysis.trials
    lines.push(
      `study ${analysis.study} (${analysis.direction}): ${t.total} trials, ${t.complete} complete, ${t.pending} pending, ${t.failed} failed`,
    )
  }
  if (analysis.best) {
    const ratios = Object.entries(analysis.best.ratios)
      .map(([name, value]) => `${name}=${value.toFixed(4)}`)
      .join(' ')
    lines.push(
      `best so far: trial ${analysis.best.trial} value ${analysis.best.value.toPrecision(6)}  ${ratios}`,
    )
  } else lines.push('best so far: none (no completed trial)')
  if (analysis.model) {
    const optimum = analysis.model.optimum
    lines.push(
      `model optimum: ${optimum.mean.toPrecision(5)} ± ${optimum.sd.toPrecision(3)}  ${Object.entries(
        optimum.ratios,
      )
        .map(([name, value]) => `${name}=${value.toFixed(4)}`)
        .join(' ')}`,
    )
    if (!bestOnly) {
      lines.push(
        `largest expected improvement left: ${analysis.model.expected_improvement.toPrecision(3)}`,
      )
      lines.push('group effects (objective change per +0.1 of the mixture; relevance):')
      for (const effect of analysis.model.effects) {
        lines.push(
          `  ${effect.group.padEnd(24)} ${effect.per_tenth >= 0 ? '+' : ''}${effect.per_tenth.toPrecision(3).padEnd(10)} ${effect.relevance.toFixed(3)}`,
        )
      }
    }
  }
  if (analysis.stop && !bestOnly) lines.push(`stop: ${analysis.stop.rule}: ${analysis.stop.reason}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

async function statusCommand(
  path: string,
  options: { html?: string; json?: boolean },
  bestOnly: boolean,
): Promise<number> {
  const mixture = await loadMixture()
  const study = mixture.readStudy(path)
  const analysis = mixture.analyseStudy(study)
  if (options.html !== undefined)
    writeFileSync(options.html, mixture.renderStudyHtml(study, analysis))
  if (options.json) {
    if (bestOnly)
      printJson({
        study: analysis.study,
        best: analysis.best ?? null,
        optimum: analysis.model?.optimum ?? null,
      })
    else printJson(analysis)
  } else printAnalysis(analysis, bestOnly)
  if (options.html !== undefined && !options.json)
    process.stdout.write(`report: ${resolve(options.html)}\n`)
  return EXIT_OK
}

async function exportCommand(
  path: string,
  options: { trial: string; out: string; tasks?: string },
): Promise<number> {
  const mixture = await loadMixture()
  const study = mixture.readStudy(path)
  const trial = mixture.findTrial(study, parseTrialId(mixture, options.trial, study))
  const tasks = options.tasks === undefined ? undefined : readJsonFile(options.tasks, '--tasks')
  if (
    tasks !== undefined &&
    (typeof tasks !== 'object' || tasks === null || Array.isArray(tasks))
  ) {
    throw new InputError(
      `mixture: --tasks file "${options.tasks}" must be an object {group: {task: share}}`,
      { field: 'tasks', value: tasks },
    )
  }
  const taskMap = (tasks ?? {}) as Record<string, unknown>
  for (const name of Object.keys(taskMap)) {
    if (!study.groups.some((group) => group.name === name)) {
      throw new InputError(`mixture: --tasks names group "${name}", which is not in the study`, {
        field: 'tasks',
        value: name,
      })
    }
  }
  const file: MixtureFile = {
    format: mixture.MIXTURE_FORMAT,
    groups: study.groups.map((group) => ({
      name: group.name,
      ratio: trial.ratios[group.name] ?? 0,
      ...(taskMap[group.name] === undefined
        ? {}
        : { tasks: taskMap[group.name] as Record<string, number> }),
    })),
    provenance: {
      study: study.name,
      trial: trial.id,
      ...(trial.value === undefined ? {} : { value: trial.value }),
      created_at: new Date().toISOString(),
    },
  }
  const checked = mixture.safeParseMixtureFile(file, 'export')
  if (!checked.ok) throw checked.error
  writeFileSync(options.out, `${JSON.stringify(checked.value, null, 2)}\n`)
  process.stdout.write(`trial ${trial.id} (${trial.status}) -> ${resolve(options.out)}\n`)
  return EXIT_OK
}

/** Registers `galen mix` and its subcommands. */
export function register(program: Command): void {
  const mix = program
    .command('mix')
    .description(
      'mixture ratios by Bayesian optimisation: init, suggest, observe, status, best, export, bench',
    )
    .addHelpText(
      'after',
      '\nThe loop: galen mix suggest -> galen mix export -> build data and train -> galen eval run -> galen mix observe --eval RUN_DIR.\n\n' +
        'Example:\n  $ galen mix init study.json --groups exam,dialogue,calc,safety --min 0.05 --objective objective.json',
    )
  mix
    .command('init')
    .description('create a study file: groups on the simplex, bounds, objective')
    .argument('<study>', 'study file to create (JSON)')
    .requiredOption('--groups <names>', 'comma-separated group names')
    .option(
      '--min <group=ratio>',
      'lower bound of a group, or of all groups without "group=" (repeatable)',
      collect,
    )
    .option('--max <group=ratio>', 'upper bound of a group, or of all groups (repeatable)', collect)
    .option(
      '--objective <file>',
      'objective JSON: {"direction", "terms": [{"benchmark", "category"?, "subject"?, "weight"}]}',
    )
    .option('--direction <direction>', 'maximize (default) or minimize')
    .option('--seed <text>', 'seed (default: the study name)')
    .option(
      '--initial <n>',
      'space-filling trials before the model (default: groups + 2, at most 10)',
    )
    .option('--max-trials <n>', 'stopping rule: trial budget')
    .option('--patience <n>', 'stopping rule: completed trials without improvement')
    .option('--min-improvement <x>', 'improvement that counts for --patience (default 0)')
    .option('--min-expected-improvement <x>', 'stopping rule: expected improvement threshold')
    .option('--force', 'replace an existing study file')
    .action((study: string, options: InitOptions) => runAction(() => initCommand(study, options)))
  mix
    .command('suggest')
    .description('suggest the next mixture(s) as JSON and record them as pending trials')
    .argument('<study>', 'study file')
    .option('--batch <q>', 'number of mixtures for parallel training runs', '1')
    .action((study: string, options: { batch?: string }) =>
      runAction(() => suggestCommand(study, options)),
    )
  mix
    .command('observe')
    .description("record a trial's outcome: a value, eval run folders, or a failure")
    .argument('<study>', 'study file')
    .requiredOption('--trial <id>', 'trial id')
    .option('--value <y>', 'objective value measured elsewhere')
    .option(
      '--eval <run-dir...>',
      'galen eval run folders; the objective is computed from their summaries',
    )
    .option('--failed <reason>', 'the training or evaluation failed')
    .action((study: string, options: ObserveOptions) =>
      runAction(() => observeCommand(study, options)),
    )
  mix
    .command('status')
    .description('trials, best so far, predicted optimum, group effects, stopping rules')
    .argument('<study>', 'study file')
    .option('--html <file>', 'also write the HTML report with the trace plot')
    .option('--json', 'print the analysis as JSON')
    .action((study: string, options: { html?: string; json?: boolean }) =>
      runAction(() => statusCommand(study, options, false)),
    )
  mix
    .command('best')
    .description('the best trial so far and the predicted optimum')
    .argument('<study>', 'study file')
    .option('--html <file>', 'also write the HTML report')
    .option('--json', 'print JSON')
    .action((study: string, options: { html?: string; json?: boolean }) =>
      runAction(() => statusCommand(study, options, true)),
    )
  mix
    .command('export')
    .description('write the mixture file of a trial (read by galen data build --mixture)')
    .argument('<study>', 'study file')
    .requiredOption('--trial <id>', 'trial id, or "best"')
    .requiredOption('--out <file>', 'mixture file to write')
    .option('--tasks <file>', 'JSON {group: {task: share}} splitting groups over tasks')
    .action((study: string, options: { trial: string; out: string; tasks?: string }) =>
      runAction(() => exportCommand(study, options)),
    )
  registerBench(mix)
}
