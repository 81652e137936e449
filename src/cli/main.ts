/**
 * The `galen` command line. Each command lives in its own file under `src/cli/` and exports a
 * `register(program)` function; heavy capabilities are imported inside the action so that
 * `galen --help` stays fast.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError } from 'commander'
import { register as registerCalc } from './calc.js'
import { register as registerCoverage } from './coverage.js'
import { register as registerData } from './data.js'
import { register as registerDeid } from './deid.js'
import { register as registerDoctor } from './doctor.js'
import { register as registerEval } from './eval.js'
import { register as registerIndexStats } from './index-stats.js'
import { register as registerIngest } from './ingest.js'
import { register as registerKg } from './kg.js'
import { register as registerMix } from './mix.js'
import { register as registerModelServer } from './model-server.js'
import { register as registerProbe } from './probe.js'
import { register as registerRetrievalEval } from './retrieval-eval.js'
import { register as registerReward } from './reward.js'
import { register as registerRl } from './rl.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './run-command.js'
import { register as registerSearch } from './search.js'
import { register as registerServe } from './serve.js'
import { register as registerSft } from './sft.js'
import { register as registerStudio } from './studio.js'
import { register as registerTasks } from './tasks.js'
import { register as registerTerminology } from './terminology.js'
import { register as registerVerify } from './verify.js'

/** The commands, in the order `galen --help` lists them. */
const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerDoctor,
  registerServe,
  registerCalc,
  registerDeid,
  registerRl,
  registerEval,
  registerModelServer,
  registerIngest,
  registerSearch,
  registerIndexStats,
  registerRetrievalEval,
  registerVerify,
  registerReward,
  registerKg,
  registerProbe,
  registerCoverage,
  registerMix,
  registerTerminology,
  registerTasks,
  registerData,
  registerSft,
  registerStudio,
  // galen:commands (each capability adds its register function above this line)
]

/** Builds the commander program with every command registered. */
export function createProgram(): Command {
  const program = new Command()
  program
    .name('galen')
    .description(
      'Trustworthy medical language-model systems: verifiers and rewards, evaluation, calculators, de-identification, authority-ranked retrieval and grounded answering.',
    )
    .version('0.1.0')
    .option('--config <file>', 'configuration file (default: ./galen.config.json or $GALEN_CONFIG)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  for (const registerCommand of COMMANDS) registerCommand(program)
  const overrideExit = (command: Command): void => {
    command.exitOverride()
    // A usage error prints the error and one line pointing to the command's help, not the help.
    command.showHelpAfterError(usageHint(command))
    for (const child of command.commands) overrideExit(child)
  }
  overrideExit(program)
  program.hook('preAction', (_program, actionCommand) => {
    runningCommand = actionCommand
  })
  return program
}

/** `galen eval run` for the `run` subcommand of `eval`. */
function commandPath(command: Command): string {
  const names: string[] = []
  for (let node: Command | null = command; node !== null; node = node.parent) {
    names.unshift(node.name())
  }
  return names.join(' ')
}

/** The line printed after a usage error. */
export function usageHint(command: Command): string {
  return `Run "${commandPath(command)} --help" for usage.`
}

let runningCommand: Command | undefined

let stdoutGuarded = false

/** Runs the CLI on `argv` (node path and script path first) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // A closed pipe (`galen ... | head`) ends the command quietly instead of with a stack trace.
  if (!stdoutGuarded) {
    stdoutGuarded = true
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
  }
  const program = createProgram()
  runningCommand = undefined
  try {
    await program.parseAsync([...argv])
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT_OK
      }
      return EXIT_USAGE
    }
    process.stderr.write(`galen: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT_FAILURE
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK
  // A command's own usage errors (an invalid option value) get the same pointer as commander's.
  if (code === EXIT_USAGE && runningCommand !== undefined) {
    process.stderr.write(`${usageHint(runningCommand)}\n`)
  }
  return code
}

function isEntryPoint(): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv)
}
