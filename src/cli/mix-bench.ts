/** `galen mix bench`: the optimiser's benchmarks (Hartmann-6, Branin, RegMix pool). */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { EXIT_OK, parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

function loadMixture() {
  return import('../mixture/index.js')
}

interface BenchOptions {
  problem: string
  evaluations?: string
  initial?: string
  seeds?: string
  data?: string
  picks?: string
  pool?: string
  json?: boolean
}

async function benchCommand(options: BenchOptions): Promise<number> {
  const mixture = await loadMixture()
  const seeds = parseNumberOption('--seeds', options.seeds, { integer: true, min: 1 })
  const initial = parseNumberOption('--initial', options.initial, { integer: true, min: 1 })
  const log = (text: string): void => {
    if (!options.json) process.stderr.write(`${text}\n`)
  }
  if (options.problem === 'hartmann6' || options.problem === 'branin') {
    const evaluations =
      parseNumberOption('--evaluations', options.evaluations, { integer: true, min: 2 }) ??
      (options.problem === 'hartmann6' ? 60 : 30)
    const report = mixture.runTestProblemBenchmark({
      problem: options.problem,
      evaluations,
      initial: initial ?? (options.problem === 'hartmann6' ? 10 : 5),
      seeds: seeds ?? 20,
      onSeed: (seed, regret) => log(`seed ${seed}: regret ${regret.toPrecision(4)}`),
    })
    if (options.json) printJson(report)
    else
      process.stdout.write(
        `${report.problem}: median regret ${report.median_regret.toPrecision(4)} after ${report.evaluations} evaluations over ${report.seeds} seeds\n`,
      )
    return EXIT_OK
  }
  if (options.problem === 'regmix') {
    if (options.data === undefined)
      throw new UsageError('--problem regmix needs --data (the RegMix data folder)')
    if (options.pool !== undefined && options.pool !== 'train' && options.pool !== 'test') {
      throw new UsageError(`option --pool = "${options.pool}" is invalid: expected train or test`)
    }
    const report = mixture.runRegmixBenchmark({
      data: resolve(options.data),
      picks: parseNumberOption('--picks', options.picks, { integer: true, min: 2 }) ?? 30,
      initial: initial ?? 5,
      seeds: seeds ?? 50,
      ...(options.pool === undefined ? {} : { pool: options.pool as 'train' | 'test' }),
      onSeed: (seed, hit) => log(`seed ${seed}: ${hit ? 'reached' : 'missed'} the top 5`),
    })
    if (options.json) printJson(report)
    else
      process.stdout.write(
        `regmix: ${(report.top5_share * 100).toFixed(1)}% of ${report.seeds} seeds reach the pool's top 5 in ${report.picks} picks; Spearman ${JSON.stringify(report.spearman)}\n`,
      )
    return EXIT_OK
  }
  throw new UsageError(
    `option --problem = "${options.problem}" is invalid: expected hartmann6, branin or regmix`,
  )
}

/** Registers `galen mix bench` on the `mix` command. */
export function registerBench(mix: Command): void {
  mix
    .command('bench')
    .description('benchmark the optimiser: hartmann6, branin, regmix')
    .requiredOption('--problem <name>', 'hartmann6, branin or regmix')
    .option('--evaluations <n>', 'evaluations per seed (hartmann6 60, branin 30)')
    .option('--initial <n>', 'initial design size (hartmann6 10, branin 5, regmix 5)')
    .option('--seeds <n>', 'number of seeds (20; regmix 50)')
    .option('--data <dir>', 'regmix: the RegMix data folder')
    .option('--picks <n>', 'regmix: picks per seed (30)')
    .option('--pool <which>', 'regmix: train (512 proxy runs, default) or test (256)')
    .option('--json', 'print the JSON report')
    .action((options: BenchOptions) => runAction(() => benchCommand(options)))
}
