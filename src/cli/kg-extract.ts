/**
 * `galen kg extract`: triples from medical text (template inverse, relation patterns and an
 * optional lexicon; a model when configured), with back-translation through the verbaliser and
 * the consistency gate.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { createKnowledgeModel, readTriplesFile } from './kg-graph.js'
import { openJsonLinesWriter, printJson, runAction, UsageError } from './run-command.js'

interface ExtractOptions {
  input?: string
  lang: string
  graph?: string
  model?: string
  modelName?: string
  out?: string
  json?: boolean
}

/** Registers `galen kg extract`. */
export function registerExtract(kg: Command): void {
  kg.command('extract')
    .description('triples from medical text, then back-translation (verbalise + consistency gate)')
    .option('--input <file>', 'a text file')
    .option('--lang <lang>', 'en or zh', 'en')
    .option(
      '--graph <file>',
      'a graph whose entity names and aliases are the lexicon (only known terms are kept)',
    )
    .option(
      '--model <url-or-gguf>',
      'read the sentences with this model instead of templates and patterns',
    )
    .option('--model-name <name>', 'the model name at the server')
    .option(
      '--out <file>',
      'write one JSON line per triple { id, subject, predicate, object, sentence, method, back_translation, consistent }',
    )
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg extract --input note.txt --lang zh --graph demo-zh.jsonl --out triples.jsonl',
    )
    .action((options: ExtractOptions, command: Command) =>
      runAction(async () => {
        if (options.input === undefined)
          throw new UsageError('kg extract: --input FILE is required')
        if (options.lang !== 'en' && options.lang !== 'zh') {
          throw new UsageError(`option --lang = "${options.lang}" is invalid: expected en or zh`)
        }
        const language = options.lang
        const knowledge = await import('../knowledge/index.js')
        let text: string
        try {
          text = readFileSync(options.input, 'utf8')
        } catch (error) {
          const { InputError } = await import('../errors.js')
          throw new InputError(`kg extract: cannot read "${options.input}"`, {
            field: 'input',
            value: options.input,
            cause: error,
          })
        }
        const lexicon =
          options.graph === undefined
            ? undefined
            : knowledge.lexiconFromTriples(await readTriplesFile(options.graph))
        const globals = command.optsWithGlobals() as { config?: string }
        const model = await createKnowledgeModel({
          ...(options.model === undefined ? {} : { model: options.model }),
          ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
          ...(globals.config === undefined ? {} : { config: globals.config }),
        })
        let extracted: import('../knowledge/index.js').ExtractedTriple[]
        if (model !== undefined) {
          const parsed = await knowledge.parseWithModel({
            model,
            text,
            predicates: knowledge.PREDICATES.map((definition) => definition.id),
          })
          extracted = parsed.map((triple) => ({
            ...triple,
            sentence: '',
            method: 'template' as const,
          }))
        } else {
          extracted = knowledge.extractTriples({
            text,
            language,
            ...(lexicon === undefined ? {} : { lexicon }),
          })
        }
        const triples = extracted.map((triple, index) => ({
          id: `x${index + 1}`,
          subject: triple.subject,
          predicate: triple.predicate,
          object: triple.object,
        }))
        const verbalizer = knowledge.createTemplateVerbalizer({ language, aggregate: false })
        const writer = options.out === undefined ? undefined : openJsonLinesWriter(options.out)
        let consistent = 0
        for (const [index, triple] of triples.entries()) {
          const [unit] = verbalizer.verbalize({ triples: [triple] })
          const verdict = knowledge.checkConsistency({
            text: unit?.text ?? '',
            triples: [triple],
            language,
          })
          if (verdict.ok) consistent += 1
          await writer?.write({
            ...triple,
            sentence: extracted[index]?.sentence ?? '',
            method: extracted[index]?.method ?? 'template',
            back_translation: unit?.text ?? '',
            consistent: verdict.ok,
          })
        }
        await writer?.close()
        const summary = {
          triples: triples.length,
          back_translated_consistent: consistent,
          by_predicate: countBy(
            triples.map((triple) => knowledge.canonicalPredicate(triple.predicate)),
          ),
        }
        if (options.json) printJson(summary)
        else
          process.stdout.write(
            `kg extract: ${summary.triples} triples, ${consistent} consistent after back-translation\n`,
          )
      }),
    )
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
