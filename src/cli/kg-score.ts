/**
 * `galen kg score` (corpus BLEU and chrF++ as WebNLG+ 2020 computed them) and
 * `galen kg score-triples` (WebNLG's text-to-triples measures).
 */
import { extname } from 'node:path'
import type { Command } from 'commander'
import { printJson, readJsonLines, runAction, UsageError } from './run-command.js'

interface ScoreOptions {
  hyp?: string
  ref: string[]
  types?: string
  ids?: string
  json?: boolean
}

interface ScoreTriplesOptions {
  gold?: string
  candidates?: string
  json?: boolean
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function fixed(value: number): string {
  return value.toFixed(4)
}

async function readCandidateTriples(
  path: string,
): Promise<Array<Array<import('../knowledge/index.js').WebnlgTriple>>> {
  const knowledge = await import('../knowledge/index.js')
  if (extname(path).toLowerCase() === '.xml') {
    return knowledge.readWebnlg(path).map((entry) => entry.triples)
  }
  const { InputError } = await import('../errors.js')
  const entries: Array<Array<import('../knowledge/index.js').WebnlgTriple>> = []
  for await (const line of readJsonLines(path)) {
    if (!line.ok) throw line.error
    const value = line.value as { triples?: unknown }
    if (typeof value !== 'object' || value === null || !Array.isArray(value.triples)) {
      throw new InputError(`kg: ${path}:${line.line} needs a "triples" array`, {
        field: 'triples',
        value: line.value,
      })
    }
    entries.push(
      value.triples.map((triple, index) =>
        knowledge.parseTripleValue(triple, `${path}:${line.line} triples[${index}]`),
      ),
    )
  }
  return entries
}

/** Figures per instance type (WebNLG: type1 seen, type2 unseen entities, type3 unseen categories). */
async function scoreByType(
  typesPath: string,
  idsPath: string,
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
): Promise<Record<string, { n: number; bleu: number; 'chrf++': number }>> {
  const { corpusBleu, corpusChrf, readLines } = await import('../knowledge/index.js')
  const { InputError, safeParseJson } = await import('../errors.js')
  const { readFileSync } = await import('node:fs')
  const parsed = safeParseJson(readFileSync(typesPath, 'utf8'), typesPath)
  if (!parsed.ok) throw parsed.error
  const types = parsed.value as Record<string, unknown>
  const ids = readLines(idsPath, 'ids')
  if (ids.length !== hypotheses.length) {
    throw new InputError(
      `kg score: "${idsPath}" has ${ids.length} ids but there are ${hypotheses.length} hypotheses`,
      { field: 'ids', value: idsPath },
    )
  }
  const groups = new Map<string, number[]>()
  ids.forEach((id, index) => {
    const type = types[id.trim()]
    if (typeof type !== 'string') {
      throw new InputError(`kg score: id "${id}" has no type in "${typesPath}"`, {
        field: 'types',
        value: id,
      })
    }
    const list = groups.get(type) ?? []
    list.push(index)
    groups.set(type, list)
  })
  const result: Record<string, { n: number; bleu: number; 'chrf++': number }> = {}
  for (const [type, indexes] of [...groups].sort(([left], [right]) => left.localeCompare(right))) {
    const hyps = indexes.map((index) => hypotheses[index] ?? '')
    const refs = indexes.map((index) => references[index] ?? [])
    result[type] = {
      n: indexes.length,
      bleu: corpusBleu(hyps, refs).bleu,
      'chrf++': corpusChrf(hyps, refs).chrf,
    }
  }
  return result
}

/** Registers `galen kg score` and `galen kg score-triples` under `kg`. */
export function registerScore(kg: Command): void {
  kg.command('score')
    .description(
      'corpus BLEU (multi-bleu-detok, mteval-v13a tokenisation) and chrF++ (char 6, word 2, beta 2) as WebNLG+ 2020 scored them',
    )
    .option('--hyp <file>', 'system outputs, one line per input')
    .option(
      '--ref <file>',
      'a reference file (repeat; official layout: file k holds the k-th reference, an empty line where an input has fewer)',
      collect,
      [],
    )
    .option(
      '--types <file>',
      'instance types (JSON { "IdN": "type1" }) for figures by type; needs --ids',
    )
    .option('--ids <file>', 'the input ids, one per line, aligned with the hypotheses')
    .option('--json', 'print { n, bleu, chrf++ } as JSON (0-1 scale)')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg score --hyp primary.en --ref references/reference0 --ref references/reference1 --json',
    )
    .action((options: ScoreOptions) =>
      runAction(async () => {
        if (options.hyp === undefined) throw new UsageError('kg score: --hyp FILE is required')
        if (options.ref.length === 0)
          throw new UsageError('kg score: at least one --ref FILE is required')
        const { corpusBleu, corpusChrf, readAlignedFiles } = await import('../knowledge/index.js')
        const { hypotheses, references } = readAlignedFiles(options.hyp, options.ref)
        const bleu = corpusBleu(hypotheses, references)
        const chrf = corpusChrf(hypotheses, references)
        const summary: Record<string, unknown> = {
          n: hypotheses.length,
          bleu: bleu.bleu,
          'chrf++': chrf.chrf,
        }
        if ((options.types === undefined) !== (options.ids === undefined)) {
          throw new UsageError('kg score: --types and --ids go together')
        }
        if (options.types !== undefined && options.ids !== undefined) {
          summary.by_type = await scoreByType(options.types, options.ids, hypotheses, references)
        }
        if (options.json) {
          printJson(summary)
          return
        }
        process.stdout.write(
          `n=${summary.n}  BLEU ${fixed(bleu.bleu)} (${bleu.precisions.map((value) => (value * 100).toFixed(1)).join('/')}, BP=${bleu.brevityPenalty.toFixed(3)}, hyp_len=${bleu.hypothesisLength}, ref_len=${bleu.referenceLength})  chrF++ ${fixed(chrf.chrf)}\n`,
        )
      }),
    )

  kg.command('score-triples')
    .description(
      "text-to-triples scores (strict, exact, partial, type precision/recall/F1) in the manner of WebNLG+ 2020's semantic-parsing evaluation",
    )
    .option('--gold <file>', 'gold triples: WebNLG XML (<mtriple>) or JSONL { "triples": [...] }')
    .option(
      '--candidates <file>',
      'system triples: WebNLG XML (<gtriple>) or JSONL { "triples": [...] }, one entry per gold entry in order',
    )
    .option('--json', 'print the scores as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen kg score-triples --gold semantic-parsing-test-data-with-refs-en.xml --candidates primary.xml --json',
    )
    .action((options: ScoreTriplesOptions) =>
      runAction(async () => {
        if (options.gold === undefined || options.candidates === undefined) {
          throw new UsageError('kg score-triples: --gold FILE and --candidates FILE are required')
        }
        const { scoreTriples } = await import('../knowledge/index.js')
        const gold = await readCandidateTriples(options.gold)
        const candidates = await readCandidateTriples(options.candidates)
        if (gold.length !== candidates.length) {
          const { InputError } = await import('../errors.js')
          throw new InputError(
            `kg score-triples: ${gold.length} gold entries but ${candidates.length} candidate entries in "${options.candidates}"`,
            { field: 'candidates', value: options.candidates },
          )
        }
        const scores = scoreTriples(gold, candidates)
        if (options.json) {
          printJson(scores)
          return
        }
        process.stdout.write(`n=${scores.n} entries, ${scores.pairs} assigned triple pairs\n`)
        for (const scheme of ['strict', 'exact', 'partial', 'type'] as const) {
          const value = scores[scheme]
          process.stdout.write(
            `${scheme.padEnd(8)} P ${fixed(value.precision)}  R ${fixed(value.recall)}  F1 ${fixed(value.f1)}\n`,
          )
        }
      }),
    )
}
