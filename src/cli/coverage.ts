/**
 * `galen coverage`: a knowledge framework (triples as knowledge points) against a corpus index:
 * covered, co-mentioned and uncovered points per category and subdomain, an HTML report, and
 * verbalised sentences for the gaps.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { readTriplesFile } from './kg-graph.js'
import {
  openJsonLinesWriter,
  parseNumberOption,
  printJson,
  runAction,
  UsageError,
} from './run-command.js'

interface CoverageOptions {
  framework?: string
  index?: string
  k: string
  limit?: string
  seed: string
  html?: string
  out?: string
  synthesize?: string
  lang: string
  model?: string
  modelName?: string
  json?: boolean
}

/** Registers `galen coverage`. */
export function register(program: Command): void {
  program
    .command('coverage')
    .description(
      'knowledge-point coverage of a corpus index (factual / conceptual / procedural; diseases, symptoms, drugs, ...)',
    )
    .option(
      '--framework <file>',
      'knowledge points: a graph (kg import output) or JSONL/TSV/CSV triples',
    )
    .option('--index <file>', 'the index (default: the demonstration index, built when missing)')
    .option('--k <n>', 'passages retrieved per point', '5')
    .option('--limit <n>', 'points to check (seeded uniform sample)')
    .option('--seed <seed>', 'seed of the sample', '0')
    .option('--html <file>', 'write the HTML report here')
    .option('--out <file>', 'write one verdict per point (JSONL)')
    .option(
      '--synthesize <file>',
      'write verbalised sentences for the uncovered points (JSONL { text, triple_ids })',
    )
    .option('--lang <lang>', 'language of the synthesised sentences (en or zh)', 'en')
    .option(
      '--model <url-or-gguf>',
      "also ask the model each point's probe (a point it answers is known to the model)",
    )
    .option('--model-name <name>', 'the model name at the server')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen coverage --framework indications.jsonl --limit 300 --html coverage.html --synthesize gaps.jsonl --json',
    )
    .action((options: CoverageOptions, command: Command) =>
      runAction(async () => {
        if (options.framework === undefined)
          throw new UsageError('coverage: --framework FILE is required')
        if (options.lang !== 'en' && options.lang !== 'zh') {
          throw new UsageError(`option --lang = "${options.lang}" is invalid: expected en or zh`)
        }
        const language = options.lang
        const k = parseNumberOption('--k', options.k, { integer: true, min: 1, max: 100 }) ?? 5
        const limit = parseNumberOption('--limit', options.limit, { integer: true, min: 1 })
        const knowledge = await import('../knowledge/index.js')
        let triples = await readTriplesFile(options.framework)
        if (limit !== undefined) {
          const { sampleUniform } = await import('../eval/index.js')
          triples = sampleUniform(triples, limit, options.seed)
        }
        let indexPath = options.index
        if (indexPath === undefined) {
          const { ensureDemoIndex } = await import('../corpus/index.js')
          indexPath = (await ensureDemoIndex()).path
        }
        const { openIndex } = await import('../retrieval/index.js')
        const { existsSync } = await import('node:fs')
        if (!existsSync(indexPath)) {
          const { InputError } = await import('../errors.js')
          throw new InputError(`coverage: index "${indexPath}" does not exist`, {
            field: 'index',
            value: indexPath,
          })
        }
        const index = await openIndex({ path: indexPath, create: false })
        let report: import('../knowledge/index.js').CoverageReport
        try {
          report = await knowledge.measureCoverage({
            points: knowledge.frameworkFromTriples(triples),
            index,
            k,
          })
        } finally {
          await index.close()
        }
        let modelSummary: Record<string, unknown> | undefined
        if (options.model !== undefined) {
          const { createKnowledgeModel } = await import('./kg-graph.js')
          const globals = command.optsWithGlobals() as { config?: string }
          const model = await createKnowledgeModel({
            model: options.model,
            ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
            ...(globals.config === undefined ? {} : { config: globals.config }),
          })
          if (model !== undefined) {
            const answers = await knowledge.probePoints({
              model,
              points: knowledge.frameworkFromTriples(triples),
              language,
            })
            const byId = new Map(answers.map((answer) => [answer.id, answer]))
            const byCategory: Record<string, { asked: number; known: number }> = {}
            for (const point of report.points) {
              const answer = byId.get(point.id)
              if (answer === undefined) continue
              const group = byCategory[point.category] ?? { asked: 0, known: 0 }
              group.asked += 1
              if (answer.correct) group.known += 1
              byCategory[point.category] = group
              Object.assign(point, { model_answer: answer.answer, model_correct: answer.correct })
            }
            const known = answers.filter((answer) => answer.correct).length
            modelSummary = {
              asked: answers.length,
              known,
              share: answers.length === 0 ? 0 : known / answers.length,
              by_category: byCategory,
            }
          }
        }
        if (options.html !== undefined)
          writeFileSync(options.html, knowledge.renderCoverageHtml(report))
        if (options.out !== undefined) {
          const writer = openJsonLinesWriter(options.out)
          for (const point of report.points) await writer.write(point)
          await writer.close()
        }
        if (options.synthesize !== undefined) {
          const uncovered = new Set(
            report.points.filter((point) => point.status !== 'covered').map((point) => point.id),
          )
          const verbalizer = knowledge.createTemplateVerbalizer({ language })
          const writer = openJsonLinesWriter(options.synthesize)
          for (const unit of verbalizer.verbalize({
            triples: triples.filter((triple) => uncovered.has(triple.id)),
          })) {
            await writer.write({ text: unit.text, triple_ids: unit.triple_ids })
          }
          await writer.close()
        }
        const { points: _points, ...rest } = report
        const summary = modelSummary === undefined ? rest : { ...rest, model: modelSummary }
        if (options.json) printJson(summary)
        else
          process.stdout.write(
            `coverage: ${report.covered} of ${report.n} points covered (${(report.coverage * 100).toFixed(1)}%), ${report.co_mentioned} co-mentioned only\n`,
          )
      }),
    )
}
