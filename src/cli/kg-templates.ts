/**
 * `galen kg templates --learn`: templates learned from parallel triples and texts (WebNLG XML),
 * kept only when they round-trip; `galen kg realize`: WebNLG inputs to text with them.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { printJson, runAction, UsageError } from './run-command.js'

interface LearnOptions {
  learn?: string
  out?: string
  maxPerKey?: string
  json?: boolean
}

interface RealizeOptions {
  input?: string
  templates?: string
  out?: string
  pronouns: boolean
  combine: boolean
}

/** Registers `galen kg templates` and `galen kg realize`. */
export function registerTemplates(kg: Command): void {
  kg.command('templates')
    .description(
      'learn per-predicate-set templates from aligned triples and texts (WebNLG XML), keeping the wordings that round-trip',
    )
    .option(
      '--learn <dir-or-file>',
      'WebNLG XML file or folder (training data only: never the data you score)',
    )
    .option('--out <file>', 'where to write the templates (JSON)')
    .option('--max-per-key <n>', 'templates kept per predicate set (default 8)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg templates --learn webnlg2020/train-dev/en --out webnlg-templates.json',
    )
    .action((options: LearnOptions) =>
      runAction(async () => {
        if (options.learn === undefined || options.out === undefined) {
          throw new UsageError('kg templates: --learn DIR_OR_FILE and --out FILE are required')
        }
        const { parseNumberOption } = await import('./run-command.js')
        const maxPerKey = parseNumberOption('--max-per-key', options.maxPerKey, {
          integer: true,
          min: 1,
        })
        const { learnTemplates, readWebnlg, writeLearnedTemplates } = await import(
          '../knowledge/index.js'
        )
        const entries = readWebnlg(options.learn)
        const set = learnTemplates({
          entries,
          source: options.learn,
          ...(maxPerKey === undefined ? {} : { maxPerKey }),
        })
        writeLearnedTemplates(options.out, set)
        const summary = {
          entries: set.entries,
          texts: set.texts,
          round_tripping_texts: set.kept,
          templates: set.templates.length,
          predicate_sets: new Set(set.templates.map((template) => template.key)).size,
        }
        if (options.json) printJson(summary)
        else
          process.stdout.write(
            `kg templates: ${summary.templates} templates for ${summary.predicate_sets} predicate sets from ${summary.round_tripping_texts} of ${summary.texts} texts (${summary.entries} entries)\n`,
          )
      }),
    )

  kg.command('realize')
    .description(
      'WebNLG inputs (XML) to text with learned templates, one line per input (the layout kg score reads)',
    )
    .option('--input <file>', 'WebNLG XML with <mtriple> sets (references, if any, are ignored)')
    .option('--templates <file>', 'templates from kg templates --learn')
    .option('--out <file>', 'where to write the lines (default: stdout)')
    .option('--no-pronouns', 'repeat a subject instead of referring to it as "It"')
    .option(
      '--no-combine',
      'one sentence per uncovered fact instead of one per subject ("..., its X is Y and ...")',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg realize --input rdf-to-text-generation-test-data-without-refs-en.xml --templates webnlg-templates.json --out hyp.txt',
    )
    .action((options: RealizeOptions) =>
      runAction(async () => {
        if (options.input === undefined || options.templates === undefined) {
          throw new UsageError('kg realize: --input FILE and --templates FILE are required')
        }
        const { createLearnedVerbalizer, readLearnedTemplates, readWebnlg } = await import(
          '../knowledge/index.js'
        )
        const verbalizer = createLearnedVerbalizer({
          templates: readLearnedTemplates(options.templates),
          pronouns: options.pronouns,
          combine: options.combine,
        })
        const lines = readWebnlg(options.input).map((entry) =>
          verbalizer.verbalize({ triples: entry.triples }).replace(/\s+/g, ' '),
        )
        const text = `${lines.join('\n')}\n`
        if (options.out === undefined || options.out === '-') process.stdout.write(text)
        else writeFileSync(options.out, text)
      }),
    )
}
