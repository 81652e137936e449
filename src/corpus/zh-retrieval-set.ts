/**
 * Galen's Chinese retrieval set: public Chinese patient questions (Huatuo100 and CMID, read at run
 * time from the folder given, `../shared/data/zh`) judged against the Chinese demonstration
 * passages written for them. The judgements live in `data/retrieval-sets/zh-questions.json`; the
 * question texts are never copied into the repository. The pool is the whole demonstration corpus
 * (English and Chinese), so English passages compete too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError, safeParseJson } from '../errors.js'
import type { EvaluationQuery } from '../retrieval/evaluation.js'
import { DEMO_CORPUS_PATH } from './demo-index.js'
import type { GalenDocument } from './document.js'
import { loadJsonLinesFile } from './loaders/jsonl-loader.js'

/** The judgement file shipped with Galen. */
export const ZH_RETRIEVAL_SET_PATH = fileURLToPath(
  new URL('../../data/retrieval-sets/zh-questions.json', import.meta.url),
)

/** `tune` (CMID questions, used to choose the Chinese analysis) or `report` (Huatuo100, never tuned on). */
export type ChineseRetrievalSplit = 'tune' | 'report'

interface Judgement {
  split: ChineseRetrievalSplit
  source: string
  id: string
  relevant: string[]
}

interface SourceFile {
  file: string
  field: string
}

function readJsonFile(path: string): unknown {
  if (!existsSync(path)) {
    throw new InputError(`eval: "${path}" not found (expected the shared zh data folder)`, {
      field: 'data',
      value: path,
    })
  }
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw parsed.error
  return parsed.value
}

function parseJudgements(value: unknown): {
  sources: Record<string, SourceFile>
  queries: Judgement[]
} {
  const record = value as { sources?: unknown; queries?: unknown }
  if (
    typeof record.sources !== 'object' ||
    record.sources === null ||
    !Array.isArray(record.queries)
  ) {
    throw new InputError(`eval: "${ZH_RETRIEVAL_SET_PATH}" has no "sources" and "queries"`, {
      field: 'queries',
      value: typeof record.queries,
    })
  }
  return {
    sources: record.sources as Record<string, SourceFile>,
    queries: record.queries as Judgement[],
  }
}

/**
 * Loads the Chinese retrieval set: the demonstration corpus as documents and the questions of one
 * split with their relevant passage ids.
 *
 * @param options.path - the shared Chinese data folder (`../shared/data/zh`)
 * @throws InputError when a question file is missing or not a list of records
 */
export async function loadChineseRetrievalSet(options: {
  path: string
  split: ChineseRetrievalSplit
  judgementsPath?: string
  corpusPath?: string
}): Promise<{ documents: GalenDocument[]; queries: EvaluationQuery[]; problems: string[] }> {
  const { sources, queries: judgements } = parseJudgements(
    readJsonFile(options.judgementsPath ?? ZH_RETRIEVAL_SET_PATH),
  )
  const problems: string[] = []
  const texts = new Map<string, Map<string, string>>()
  for (const [name, source] of Object.entries(sources)) {
    const records = readJsonFile(join(options.path, source.file))
    if (!Array.isArray(records)) {
      throw new InputError(`eval: "${source.file}" is not a JSON list of questions`, {
        field: 'data',
        value: source.file,
      })
    }
    const byId = new Map<string, string>()
    for (const record of records as Array<Record<string, unknown>>) {
      const id = record.id
      const text = record[source.field]
      if (typeof id === 'string' && typeof text === 'string') byId.set(id, text)
    }
    texts.set(name, byId)
  }
  const queries: EvaluationQuery[] = []
  for (const judgement of judgements) {
    if (judgement.split !== options.split) continue
    const text = texts.get(judgement.source)?.get(judgement.id)
    if (text === undefined) {
      problems.push(
        `question ${judgement.source}:${judgement.id} not found under "${options.path}"`,
      )
      continue
    }
    queries.push({
      id: `${judgement.source}:${judgement.id}`,
      text,
      relevantDocumentIds: judgement.relevant,
    })
  }
  const corpusPath = options.corpusPath ?? DEMO_CORPUS_PATH
  const documents: GalenDocument[] = []
  for (const name of readdirSync(corpusPath)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    for await (const item of loadJsonLinesFile(join(corpusPath, name))) {
      if (item.ok) documents.push(item.document)
      else problems.push(item.error.message)
    }
  }
  return { documents, queries, problems }
}
