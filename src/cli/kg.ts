/**
 * `galen kg`: knowledge-graph triples to text and back: scoring (WebNLG BLEU / chrF++,
 * text-to-triples), import, verbalisation, the consistency gate and learned templates.
 */
import type { Command } from 'commander'
import { registerDrugInsert } from './kg-drug-insert.js'
import { registerExtract } from './kg-extract.js'
import { registerGraph } from './kg-graph.js'
import { registerScore } from './kg-score.js'
import { registerTemplates } from './kg-templates.js'

/** Registers `galen kg` and its subcommands. */
export function register(program: Command): void {
  const kg = program
    .command('kg')
    .description(
      'knowledge graphs: triples to sentences and back, consistency gate, WebNLG scoring',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen kg import --input HumanDO.tsv --out do.jsonl\n  $ galen kg verbalize --input do.jsonl --lang zh\n  $ galen kg check --input do-zh.jsonl --triples do.jsonl --lang zh\n  $ galen kg score --hyp out.txt --ref reference0 --ref reference1 --json\n  $ galen kg score-triples --gold gold.xml --candidates system.xml',
    )
  registerGraph(kg)
  registerExtract(kg)
  registerDrugInsert(kg)
  registerScore(kg)
  registerTemplates(kg)
}
