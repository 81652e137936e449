/**
 * `galen kg drug-insert`: one insert per generic drug merged from several manufacturers' inserts
 * (SPL XML, Markdown or JSON), every sentence with its sources.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { printJson, runAction, UsageError } from './run-command.js'

interface DrugInsertOptions {
  input: string[]
  generic?: string
  out?: string
  markdown?: string
  json?: boolean
}

/** Registers `galen kg drug-insert`. */
export function registerDrugInsert(kg: Command): void {
  kg.command('drug-insert')
    .description(
      'merge the inserts of one generic drug (SPL XML, Markdown, JSON) into one, sections aligned, every sentence with its sources',
    )
    .option(
      '--input <file>',
      'an insert file (repeat for each manufacturer)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--generic <name>',
      'the generic name to merge under (needed when the inserts disagree)',
    )
    .option('--out <file>', 'write the merged insert as JSON')
    .option('--markdown <file>', 'write the merged insert as Markdown')
    .option('--json', 'print the merged insert as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg drug-insert --input a.xml --input b.xml --input c.md --markdown metformin.md',
    )
    .action((options: DrugInsertOptions) =>
      runAction(async () => {
        if (options.input.length < 1)
          throw new UsageError('kg drug-insert: at least one --input FILE is required')
        const knowledge = await import('../knowledge/index.js')
        const merged = knowledge.mergeDrugInserts(
          options.input.map((path) => knowledge.readDrugInsert(path)),
          options.generic === undefined ? {} : { generic: options.generic },
        )
        if (options.out !== undefined)
          writeFileSync(options.out, `${JSON.stringify(merged, null, 2)}\n`)
        if (options.markdown !== undefined)
          writeFileSync(options.markdown, knowledge.renderMergedInsert(merged))
        if (options.json) printJson(merged)
        else if (options.out === undefined && options.markdown === undefined)
          process.stdout.write(knowledge.renderMergedInsert(merged))
        else {
          const sentences = merged.sections.reduce(
            (sum, section) => sum + section.sentences.length,
            0,
          )
          process.stderr.write(
            `kg drug-insert: ${merged.sections.length} sections, ${sentences} sentences from ${merged.sources.length} inserts\n`,
          )
        }
      }),
    )
}
