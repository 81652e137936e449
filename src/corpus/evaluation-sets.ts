/**
 * Retrieval evaluation sets built from public data: BioASQ task B (questions and the PubMed
 * articles their snippets come from), PubMedQA PQA-L (known-item: a question and its abstract),
 * MedQuAD (question to answer) and Galen's Chinese set (public Chinese patient questions against
 * the Chinese demonstration passages written for them, `zh-retrieval-set.ts`). Each gives
 * documents to index and queries with relevant ids.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import type { EvaluationQuery } from '../retrieval/evaluation.js'
import type { GalenDocument } from './document.js'
import { bioasqEntries, isBioasqJson } from './loaders/bioasq-loader.js'
import { listFiles } from './loaders/load-paths.js'
import { readMedquadFile } from './loaders/medquad-loader.js'
import { isPubmedqaJson, pubmedqaEntries } from './loaders/pubmedqa-loader.js'
import { loadChineseRetrievalSet } from './zh-retrieval-set.js'

/** The evaluation sets. */
export const EVALUATION_SETS = [
  'bioasq',
  'pubmedqa',
  'medquad',
  'zh-questions',
  'zh-questions-tune',
] as const

/** One of {@link EVALUATION_SETS}. */
export type EvaluationSetName = (typeof EVALUATION_SETS)[number]

/** Documents and queries of an evaluation set. */
export interface EvaluationSet {
  name: EvaluationSetName
  documents: GalenDocument[]
  queries: EvaluationQuery[]
  /** Records that could not be read. */
  problems: string[]
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8')
  const parsed = safeParseJson(text, path)
  if (!parsed.ok) throw parsed.error
  return parsed.value
}

/**
 * Loads an evaluation set from a file or folder.
 *
 * @param options.limit - keep at most this many queries, spread evenly over the set (default all)
 * @throws InputError when the path holds no data of the named set
 */
export async function loadEvaluationSet(options: {
  name: EvaluationSetName
  path: string
  limit?: number
}): Promise<EvaluationSet> {
  if (options.name === 'zh-questions' || options.name === 'zh-questions-tune') {
    const set = await loadChineseRetrievalSet({
      path: options.path,
      split: options.name === 'zh-questions' ? 'report' : 'tune',
    })
    return { name: options.name, ...set }
  }
  const { files, problems } = await listFiles([options.path])
  const messages = problems.flatMap((item) => (item.ok ? [] : [item.error.message]))
  const documents: GalenDocument[] = []
  let queries: EvaluationQuery[] = []
  if (options.name === 'bioasq') {
    const parsed: Array<{ path: string; value: { questions: unknown[] } }> = []
    for (const path of files.filter((file) => extname(file).toLowerCase() === '.json')) {
      const value = await readJson(path)
      if (isBioasqJson(value)) parsed.push({ path, value })
    }
    const { items, questions } = bioasqEntries(parsed)
    for (const item of items) {
      if (item.ok) documents.push(item.document)
      else messages.push(item.error.message)
    }
    queries = questions.map((question) => ({
      id: question.id,
      text: question.question,
      relevantDocumentIds: question.relevantDocumentIds,
    }))
  } else if (options.name === 'pubmedqa') {
    for (const path of files.filter((file) => extname(file).toLowerCase() === '.json')) {
      const value = await readJson(path)
      if (!isPubmedqaJson(value)) continue
      const { items, questions } = pubmedqaEntries(value, path)
      for (const item of items) {
        if (item.ok) documents.push(item.document)
        else messages.push(item.error.message)
      }
      queries.push(
        ...questions.map((question) => ({
          id: question.id,
          text: question.question,
          relevantDocumentIds: [question.documentId],
        })),
      )
    }
  } else {
    for (const path of files.filter((file) => extname(file).toLowerCase() === '.xml')) {
      const { items, questions } = await readMedquadFile(path)
      for (const item of items) {
        if (item.ok) documents.push(item.document)
        else messages.push(item.error.message)
      }
      queries.push(
        ...questions.map((question) => ({
          id: question.id,
          text: question.question,
          relevantDocumentIds: [question.documentId],
        })),
      )
    }
  }
  if (documents.length === 0) {
    throw new InputError(`eval: no ${options.name} data found under "${options.path}"`, {
      field: 'data',
      value: options.path,
    })
  }
  if (options.limit !== undefined && options.limit < queries.length) {
    const step = queries.length / options.limit
    queries = Array.from(
      { length: options.limit },
      (_, index) => queries[Math.floor(index * step)],
    ).filter((query): query is EvaluationQuery => query !== undefined)
  }
  return { name: options.name, documents, queries, problems: messages }
}
