/**
 * `galen calc`: list the clinical calculators, run one on given inputs, and measure agreement
 * with a MedCalc-Bench CSV.
 */
import type { Command } from 'commander'
import { safeParseJson } from '../errors.js'
import { createProgress, printJson, runAction, UsageError } from './run-command.js'

/** Reads `key=value` pairs (`weight=150lb`, `weight="150 lb"`, `sex=male`) into raw inputs. */
export function parseKeyValuePairs(pairs: readonly string[]): Record<string, string> {
  const input: Record<string, string> = {}
  for (const pair of pairs) {
    const equals = pair.indexOf('=')
    if (equals <= 0) {
      throw new UsageError(`calc: input "${pair}" is not key=value (for example weight=70kg)`)
    }
    const key = pair.slice(0, equals).trim()
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1)
    }
    if (key in input) throw new UsageError(`calc: input "${key}" is given twice`)
    input[key] = value
  }
  return input
}

function readInput(json: string | undefined, pairs: readonly string[]): Record<string, unknown> {
  let input: Record<string, unknown> = {}
  if (json !== undefined) {
    const parsed = safeParseJson(json, '--input')
    if (!parsed.ok) throw new UsageError(`calc: ${parsed.error.message}`)
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      throw new UsageError('calc: --input must be a JSON object, for example {"weight": 70}')
    }
    input = { ...(parsed.value as Record<string, unknown>) }
  }
  return { ...input, ...parseKeyValuePairs(pairs) }
}

function percent(fraction: number | null): string {
  return fraction === null ? 'n/a' : `${(fraction * 100).toFixed(1)}%`
}

/** Registers `galen calc list|run|bench`. */
export function register(program: Command): void {
  const calc = program
    .command('calc')
    .description('clinical calculators (MedCalc-Bench 55): list, run, benchmark')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen calc list\n  $ galen calc run bmi weight=150lb height="5 ft 7 in"\n  $ galen calc bench --data test_data.csv --known-errors known-label-errors.json',
    )

  calc
    .command('list')
    .description('list the calculators with their MedCalc-Bench id, slug, category and inputs')
    .option('--json', 'print the calculators as JSON (with their inputs)')
    .addHelpText('after', '\nExample:\n  $ galen calc list --json')
    .action((options: { json?: boolean }) =>
      runAction(async () => {
        const { listCalculators } = await import('../calculators/index.js')
        const calculators = listCalculators()
        if (options.json) {
          printJson(
            calculators.map((calculator) => ({
              id: calculator.id,
              slug: calculator.slug,
              name: calculator.name,
              category: calculator.category,
              outputType: calculator.outputType,
              source: calculator.source,
              inputs: calculator.inputs,
            })),
          )
          return
        }
        for (const calculator of calculators) {
          process.stdout.write(
            `${String(calculator.id).padStart(3)}  ${calculator.slug.padEnd(34)} ${calculator.category.padEnd(9)} ${calculator.name}\n`,
          )
        }
        process.stdout.write(`${calculators.length} calculators\n`)
      }),
    )

  calc
    .command('run')
    .description('run one calculator (by id, slug or name) on inputs given as JSON or key=value')
    .argument('<calculator>', 'MedCalc-Bench id, slug or name, for example 2, cockcroft-gault')
    .argument('[inputs...]', 'key=value pairs; units inline: weight=150lb or weight="150 lb"')
    .option('--input <json>', 'inputs as a JSON object, for example \'{"weight": "70 kg"}\'')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen calc run bmi weight=150lb height="5 ft 7 in"\n  $ galen calc run 2 --input \'{"age": 60, "sex": "male", "weight": 80, "height": 178, "creatinine": "97 µmol/L"}\' --json',
    )
    .action((reference: string, pairs: string[], options: { input?: string; json?: boolean }) =>
      runAction(async () => {
        const { findCalculator, runCalculator } = await import('../calculators/index.js')
        const { formatCalculatorValue } = await import('../answer/index.js')
        const input = readInput(options.input, pairs)
        const result = runCalculator(reference, input)
        if (options.json) {
          printJson(result)
          return
        }
        // Rounded to the unit's precision, "1 point" but "4 points", as the page shows them.
        const integer = findCalculator(result.calculator.id)?.outputType === 'integer'
        const shown = (value: number | string, unit: string, isTotal: boolean): string =>
          formatCalculatorValue(value, unit, { integer: integer && (isTotal || unit === 'points') })
        process.stdout.write(
          `${result.calculator.name}: ${shown(result.value, result.unit, true)}\n`,
        )
        if (result.interpretation !== undefined) {
          process.stdout.write(`  ${result.interpretation}\n`)
        }
        for (const step of result.steps) {
          const value =
            step.value === undefined ? '' : ` = ${shown(step.value, step.unit ?? '', false)}`
          process.stdout.write(`  - ${step.description}${value}\n`)
        }
      }),
    )

  calc
    .command('bench')
    .description(
      'agreement with a MedCalc-Bench CSV, per calculator and overall, and every disagreement',
    )
    .requiredOption('--data <file>', 'MedCalc-Bench CSV (v1.0 layout)')
    .option(
      '--known-errors <file>',
      'JSON listing rows whose label is wrong ({ rows: [{ row, calculator_id, kind, what_is_wrong }] })',
    )
    .option('--json', 'print { n, agreement, by_calculator, disagreements } as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen calc bench --data ../shared/data/medcalc-bench/test_data_dev_half.csv \\\n      --known-errors ../shared/data/medcalc-bench/v1.0-known-label-errors-dev-half.json --json',
    )
    .action((options: { data: string; knownErrors?: string; json?: boolean }) =>
      runAction(async () => {
        const { runMedCalcBench } = await import('../calculators/index.js')
        const progress = createProgress({ total: 0, label: 'calc bench' })
        let started = false
        const summary = runMedCalcBench({
          dataPath: options.data,
          ...(options.knownErrors === undefined ? {} : { knownErrorsPath: options.knownErrors }),
          onProgress(done, total) {
            if (!started) {
              progress.setTotal(total)
              started = true
            }
            progress.increment()
            if (done === total) progress.stop()
          },
        })
        if (!started) progress.stop()
        if (options.json) {
          printJson({
            n: summary.n,
            agreement: summary.agreement,
            by_calculator: summary.by_calculator,
            disagreements: summary.disagreements,
          })
          return
        }
        const agreed = summary.rows.filter((row) => row.agree).length
        process.stdout.write(
          `rows ${summary.n}, agreement ${percent(summary.agreement)} (${agreed}/${summary.n})\n`,
        )
        if (options.knownErrors !== undefined) {
          process.stdout.write(
            `rows not in the known-errors list: ${summary.unlisted.n}, agreement ${percent(summary.unlisted.agreement)} (${summary.unlisted.agreed}/${summary.unlisted.n}); listed rows: ${summary.listed.n}, of which ${summary.listed.agreed_with_label} match the listed label\n`,
          )
        }
        process.stdout.write('\n id  agree    unlisted  name\n')
        for (const [id, entry] of Object.entries(summary.by_calculator)) {
          process.stdout.write(
            `${id.padStart(3)}  ${`${entry.agreed}/${entry.n}`.padEnd(8)} ${`${entry.agreed_unlisted}/${entry.n_unlisted}`.padEnd(9)} ${entry.name}\n`,
          )
        }
        if (summary.disagreements.length > 0) {
          process.stdout.write(`\n${summary.disagreements.length} disagreements:\n`)
          const entities = new Map(summary.rows.map((row) => [row.row, row.entities]))
          for (const item of summary.disagreements) {
            process.stdout.write(
              `  row ${item.row} (calculator ${item.calculator_id}): expected ${item.expected}, got ${item.got ?? '-'}: ${item.diagnosis}\n    inputs: ${entities.get(item.row) ?? ''}\n`,
            )
          }
        }
      }),
    )
}
