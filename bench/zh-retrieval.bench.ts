/**
 * Chinese retrieval: why Galen segments Chinese with jieba rather than using SQLite FTS5's trigram
 * tokenizer or nothing at all. Every variant indexes the same passages (the whole demonstration
 * corpus, English and Chinese) in an in-memory FTS5 table and ranks by plain BM25, so only the text
 * analysis differs; the last row is Galen's full search (reranking and pruning included). Queries:
 * Galen's Chinese retrieval set, `tune` (CMID, where the choices were made) and `report`
 * (Huatuo100, never tuned on). Also the segmentation speed.
 *
 * Run: `npm run bench -- zh-retrieval`
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { ensureDemoIndex } from '../src/corpus/demo-index.js'
import type { GalenDocument } from '../src/corpus/document.js'
import { loadChineseRetrievalSet } from '../src/corpus/zh-retrieval-set.js'
import { addChineseWords, analyzeForIndex, segmentRuns } from '../src/retrieval/chinese-text.js'
import type { EvaluationQuery } from '../src/retrieval/evaluation.js'
import { ndcgAt, recallAt, reciprocalRankAt } from '../src/retrieval/evaluation.js'
import { openIndex } from '../src/retrieval/open-index.js'
import {
  isQuestionStopword,
  QUESTION_STOPWORDS,
  questionTerms,
  tokenizeWords,
} from '../src/retrieval/text-analysis.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const require = createRequire(import.meta.url)

/** Two-character questions (a disease name alone), which every passage set above can answer. */
const SHORT_QUERIES = ['哮喘', '肝癌', '痛风', '甲亢', '痔疮', '便秘', '失眠', '胸痛']

interface Variant {
  name: string
  tokenizer: string
  /** The text stored in the FTS5 row. */
  index: (text: string) => string
  /** The query words (ORed as FTS5 phrases). */
  query: (text: string) => string[]
}

/** The words of a query before this work: unicode61 runs, English stopwords dropped. */
function unsegmentedTerms(text: string): string[] {
  const words =
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  const kept = words.filter((word) => !QUESTION_STOPWORDS.has(word) && word.length > 1)
  return [...new Set(kept.length > 0 ? kept : words)]
}

/** Every three-character substring of each run of letters and digits (trigram queries). */
function trigramTerms(text: string): string[] {
  const grams = new Set<string>()
  for (const run of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const characters = [...run]
    for (let start = 0; start + 3 <= characters.length; start += 1) {
      grams.add(characters.slice(start, start + 3).join(''))
    }
  }
  return [...grams]
}

function wordsWithoutStopwords(text: string, mode: 'words' | 'search'): string[] {
  const words = tokenizeWords(text, { chinese: mode })
  const kept = words.filter((word) => !isQuestionStopword(word))
  return [...new Set(kept.length > 0 ? kept : words)]
}

function quote(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ')
}

function measure(
  documents: readonly GalenDocument[],
  queries: readonly EvaluationQuery[],
  variant: Variant,
): { ndcg: number; recall: number; mrr: number; buildMs: number; bytes: number; short: number } {
  const Database = require('better-sqlite3') as typeof BetterSqlite3
  const database = new Database(':memory:')
  database.exec(
    `create virtual table passages using fts5 (id unindexed, body, tokenize = '${variant.tokenizer}')`,
  )
  const insert = database.prepare('insert into passages (id, body) values (?, ?)')
  const started = performance.now()
  database.transaction(() => {
    for (const document of documents) {
      insert.run(document.id, variant.index(`${document.title}\n${document.text}`))
    }
  })()
  const buildMs = performance.now() - started
  const bytes = (
    database.prepare('select sum(length(block)) as bytes from passages_data').get() as {
      bytes: number
    }
  ).bytes
  const search = database.prepare(
    'select id from passages where passages match ? order by bm25(passages) limit 100',
  )
  let ndcg = 0
  let recall = 0
  let mrr = 0
  for (const query of queries) {
    const terms = variant.query(query.text)
    const ranked =
      terms.length === 0
        ? []
        : (search.all(quote(terms)) as Array<{ id: string }>).map((row) => row.id)
    const relevant = new Set(query.relevantDocumentIds)
    ndcg += ndcgAt(ranked, relevant, 10)
    recall += recallAt(ranked, relevant, 10)
    mrr += reciprocalRankAt(ranked, relevant, 10)
  }
  const short = SHORT_QUERIES.filter((text) => {
    const terms = variant.query(text)
    return terms.length > 0 && (search.all(quote(terms)) as unknown[]).length > 0
  }).length
  database.close()
  const count = Math.max(1, queries.length)
  return { ndcg: ndcg / count, recall: recall / count, mrr: mrr / count, buildMs, bytes, short }
}

async function galenSearch(
  queries: readonly EvaluationQuery[],
): Promise<{ ndcg: number; recall: number; mrr: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'galen-zh-bench-'))
  try {
    const { path } = await ensureDemoIndex({ path: join(folder, 'demo.db') })
    const index = await openIndex({ path })
    let ndcg = 0
    let recall = 0
    let mrr = 0
    for (const query of queries) {
      const result = await index.search({ query: query.text, k: 10 })
      const ranked = result.hits.map((hit) => hit.documentId)
      const relevant = new Set(query.relevantDocumentIds)
      ndcg += ndcgAt(ranked, relevant, 10)
      recall += recallAt(ranked, relevant, 10)
      mrr += reciprocalRankAt(ranked, relevant, 10)
    }
    await index.close()
    const count = Math.max(1, queries.length)
    return { ndcg: ndcg / count, recall: recall / count, mrr: mrr / count }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** Disease names of the ICD-10 Beijing clinical edition (`code,name` CSV), as extra words. */
function icdNames(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.slice(line.indexOf(',') + 1).trim())
    .filter((name) => name !== '' && !name.includes(' '))
}

export async function run(): Promise<void> {
  const data = sharedDataPath('zh')
  const tune = await loadChineseRetrievalSet({ path: data, split: 'tune' })
  const report = await loadChineseRetrievalSet({ path: data, split: 'report' })
  const documents = tune.documents
  const chinese = documents.filter((document) => document.language === 'zh')
  console.log(
    `${documents.length} passages (${chinese.length} Chinese); ${tune.queries.length} tune and ${report.queries.length} report questions`,
  )

  const variants: Variant[] = [
    {
      name: 'unicode61, no segmentation (Galen before)',
      tokenizer: 'porter unicode61 remove_diacritics 2',
      index: (text) => text,
      query: unsegmentedTerms,
    },
    {
      name: 'FTS5 trigram tokenizer, query trigrams',
      tokenizer: 'trigram',
      index: (text) => text,
      query: trigramTerms,
    },
    {
      name: 'jieba words mode (index and query), Galen lexicons',
      tokenizer: 'porter unicode61 remove_diacritics 2',
      index: (text) => tokenizeWords(text).join(' '),
      query: (text) => wordsWithoutStopwords(text, 'words'),
    },
    {
      name: 'jieba search mode, Galen lexicons, no Chinese stopwords',
      tokenizer: 'porter unicode61 remove_diacritics 2',
      index: analyzeForIndex,
      query: (text) => {
        const words = tokenizeWords(text, { chinese: 'search' })
        return [...new Set(words.filter((word) => !QUESTION_STOPWORDS.has(word)))]
      },
    },
    {
      name: 'jieba search mode, Galen lexicons, Chinese stopwords (Galen)',
      tokenizer: 'porter unicode61 remove_diacritics 2',
      index: analyzeForIndex,
      query: questionTerms,
    },
  ]
  const rows: string[] = []
  const row = (name: string, left: { ndcg: number; mrr: number }, right: typeof left, extra = '') =>
    rows.push(
      `| ${name} | ${left.ndcg.toFixed(4)} | ${left.mrr.toFixed(4)} | ${right.ndcg.toFixed(4)} | ${right.mrr.toFixed(4)} |${extra}`,
    )
  for (const variant of variants) {
    const left = measure(documents, tune.queries, variant)
    const right = measure(documents, report.queries, variant)
    row(
      variant.name,
      left,
      right,
      ` ${(left.bytes / 1024).toFixed(0)} KB | ${left.short}/${SHORT_QUERIES.length} |`,
    )
  }
  const galenTune = await galenSearch(tune.queries)
  const galenReport = await galenSearch(report.queries)
  row('Galen search (BM25 + reranking + pruning)', galenTune, galenReport, ' | |')

  // Segmentation speed on the Chinese passages.
  const text = chinese.map((document) => document.text).join('\n')
  analyzeForIndex(text.slice(0, 200))
  const rounds = 20
  const started = performance.now()
  for (let round = 0; round < rounds; round += 1) analyzeForIndex(`${round}${text}`)
  const seconds = (performance.now() - started) / 1000
  const characters = (text.length * rounds) / seconds

  // With the ICD-10 Beijing clinical edition names as extra dictionary words (not the default).
  const icd = sharedDataPath('zh/chip-cdn/icd10_beijing_clinical_v601.csv')
  addChineseWords(icdNames(icd))
  segmentRuns('预热', 'search')
  const icdVariant = variants[variants.length - 1] as Variant
  const icdTune = measure(documents, tune.queries, icdVariant)
  const icdReport = measure(documents, report.queries, icdVariant)
  row(
    'jieba search mode + stopwords + ICD-10 Beijing names',
    icdTune,
    icdReport,
    ` ${(icdTune.bytes / 1024).toFixed(0)} KB | ${icdTune.short}/${SHORT_QUERIES.length} |`,
  )

  console.log(
    '\n| analysis (plain BM25 unless said) | tune nDCG@10 | tune MRR@10 | report nDCG@10 | report MRR@10 | FTS5 data | two-character queries answered |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const line of rows) console.log(line)
  console.log(
    `\nsegmentation speed (analyzeForIndex, jieba search mode + OpenCC folding): ${(characters / 1000).toFixed(0)} thousand characters/s`,
  )
}
