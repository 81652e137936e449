/**
 * `galen eval run | replay | report | list | agreement`: evaluate a model on medical benchmarks,
 * re-score recorded responses, compare runs, list the supported benchmarks, and compare Galen's
 * judge with a recorded reference judge.
 */
import type { Command } from 'commander'
import { registerAgreement } from './eval-agreement.js'
import { registerList } from './eval-list.js'
import { registerReplay } from './eval-replay.js'
import { registerReport } from './eval-report.js'
import { registerRun } from './eval-run.js'

/** Registers `galen eval`. */
export function register(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description(
      'evaluate models on medical benchmarks: run, replay recorded answers, report, list, judge agreement',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen eval list\n  $ galen eval run --benchmark medqa --data medqa/phrases_no_exclude_test.jsonl --model http://127.0.0.1:8000/v1 --model-name qwen3-8b\n  $ galen eval replay --benchmark mirage --subset medqa --data mirage/benchmark.json --responses medqa.jsonl --scorer mirage\n  $ galen eval report eval-runs/* --html report.html',
    )
  registerRun(evalCommand)
  registerReplay(evalCommand)
  registerReport(evalCommand)
  registerList(evalCommand)
  registerAgreement(evalCommand)
}
