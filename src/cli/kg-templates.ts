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
  sentences: boolean
  crossValidate?: string
  json?: boolean
}

interface RealizeOptions {
  input?: string
  templates?: string
  out?: string
  pronouns: boolean
  combine: boolean
  inputOrder?: boolean
  preferSupported: boolean
  possessive?: boolean
  rank: string
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
    .option(
      '--no-sentences',
      'learn from whole texts only, not also from the sentences of multi-sentence texts',
    )
    .option(
      '--cross-validate <dir>',
      'instead of learning: leave-one-category-out on a WebNLG folder with train/ and dev/ (learn on the other categories of train, realise the held-out category of dev), pooled BLEU and chrF++ of the realize settings',
    )
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg templates --learn webnlg2020/train-dev/en --out webnlg-templates.json',
    )
    .action((options: LearnOptions) =>
      runAction(async () => {
        if (options.crossValidate !== undefined) {
          await crossValidate(options)
          return
        }
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
          sentences: options.sentences,
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
      '--input-order',
      'order the sentences of a split input by the input triples they state (default: largest template first)',
    )
    .option(
      '--no-prefer-supported',
      'when splitting an input, take the first part with a template instead of the best-supported one',
    )
    .option(
      '--rank <order>',
      'which template of a predicate set to try first: support (the most frequent wording) or centrality (the most typical)',
      'support',
    )
    .option(
      '--possessive',
      'word an uncovered noun predicate as "X\'s P is Y" (default "The P of X is Y")',
    )
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
        if (options.rank !== 'support' && options.rank !== 'centrality') {
          throw new UsageError(
            `kg realize: --rank must be support or centrality, not "${options.rank}"`,
          )
        }
        const verbalizer = createLearnedVerbalizer({
          rank: options.rank,
          templates: readLearnedTemplates(options.templates),
          pronouns: options.pronouns,
          combine: options.combine,
          inputOrder: options.inputOrder === true,
          preferSupported: options.preferSupported,
          possessive: options.possessive === true,
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

/** `kg templates --cross-validate DIR`: the default settings against the variants they replaced. */
async function crossValidate(options: LearnOptions): Promise<void> {
  const { crossValidateTemplates, readWebnlg } = await import('../knowledge/index.js')
  const { join } = await import('node:path')
  const root = options.crossValidate as string
  const train = readWebnlg(join(root, 'train'))
  const dev = readWebnlg(join(root, 'dev'))
  // The realize defaults (chosen by this cross-validation) against the variants they replaced.
  const chosen = {
    pronouns: true,
    combine: true,
    preferSupported: true,
    rank: 'support' as const,
  }
  const results = crossValidateTemplates({
    train,
    dev,
    configs: [
      {
        name: 'before (whole texts, first part)',
        options: { pronouns: true, combine: true },
      },
      {
        name: 'chosen, most typical wording first',
        options: { ...chosen, rank: 'centrality' as const },
        learn: { sentences: true },
      },
      {
        name: 'chosen (sentence parts, best-supported part, most frequent wording first)',
        options: chosen,
        learn: { sentences: true },
      },
      { name: 'chosen, whole texts only', options: chosen },
      {
        name: 'chosen, first part',
        options: { ...chosen, preferSupported: false },
        learn: { sentences: true },
      },
      {
        name: 'chosen + input order',
        options: { ...chosen, inputOrder: true },
        learn: { sentences: true },
      },
      {
        name: 'chosen + possessive',
        options: { ...chosen, possessive: true },
        learn: { sentences: true },
      },
    ],
  })
  if (options.json) {
    printJson(results)
    return
  }
  for (const result of results) {
    process.stdout.write(
      `${result.name}: n=${result.n} BLEU ${result.bleu.toFixed(4)} chrF++ ${result.chrf.toFixed(4)} (brevity penalty ${result.brevityPenalty.toFixed(3)})\n`,
    )
  }
}
