/**
 * A drafted curation project for tests: the demonstration index, two scripted model servers whose
 * four samples differ in quality on purpose (supported, citing a source that was not given,
 * uncited and short, partly unsupported), and 50 queries: 49 questions of the relevance sets and
 * one carrying a name and a phone number.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createIndexEvidenceSource } from '../../answer/index.js'
import { ensureDemoIndex } from '../../corpus/index.js'
import { createDeidentifier } from '../../deid/index.js'
import {
  createOpenAICompatibleModel,
  type ScriptedModelServer,
  type ScriptedRequest,
  startScriptedModelServer,
} from '../../llm/index.js'
import { openIndex, type RetrievalIndex } from '../../retrieval/index.js'
import { type DraftResult, runDraft } from '../draft.js'
import type { DraftQuery } from '../read-queries.js'
import { createSqliteReviewStore } from '../sqlite-review-store.js'

/** The query carrying PHI. */
export const PHI_QUERY: DraftQuery = {
  id: 'phi-1',
  query: 'I am John Smith, call me at 617-555-0199. Is ibuprofen bad for the heart?',
}

/** 49 questions of data/relevance (tuning then held out) and {@link PHI_QUERY}. */
export function demoQueries(): DraftQuery[] {
  const folder = new URL('../../../data/relevance/', import.meta.url).pathname
  const questions = ['tuning.jsonl', 'heldout.jsonl'].flatMap((name) =>
    readFileSync(join(folder, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { id: string; question: string }),
  )
  return [...questions.slice(0, 49).map(({ id, question }) => ({ id, query: question })), PHI_QUERY]
}

function sourceSentence(request: ScriptedRequest, number: number): string | undefined {
  const system = request.messages.find((message) => message.role === 'system')?.content ?? ''
  const match = new RegExp(`<source n="${number}"[^>]*>\\n([\\s\\S]*?)\\n</source>`).exec(system)
  const text = match?.[1]?.trim()
  if (text === undefined) return undefined
  return /^[\s\S]*?[.。!?！？](?=\s|$)/.exec(text)?.[0] ?? text
}

/**
 * Replies by kind: 0 supported, 1 cites [9] (never given), 2 short and uncited, 3 partly
 * unsupported. Model b gives them in sample order; model a starts at kind 1, so the best candidate
 * is not the first one listed.
 */
export function replyFor(model: 'a' | 'b') {
  return (request: ScriptedRequest): string => {
    if (request.messages[0]?.content?.startsWith('List the key points')) {
      return '["Answer from the sources", "Advise seeing a clinician"]'
    }
    const first = sourceSentence(request, 1)
    const second = sourceSentence(request, 2) ?? first
    if (first === undefined) return 'The sources do not answer this question.'
    switch (model === 'a' ? (request.choiceIndex + 1) % 4 : request.choiceIndex) {
      case 0:
        return model === 'a' ? `${first} [1]` : `${first} [1] ${second} [2]`
      case 1:
        return `${first} [9]`
      case 2:
        return 'Ask your doctor.'
      default:
        return `${first} [1] Drinking three cups of strong coffee every morning cures this completely [1].`
    }
  }
}

/** What {@link draftDemoProject} returns. */
export interface DemoProject {
  storePath: string
  servers: ScriptedModelServer[]
  index: RetrievalIndex
  result: DraftResult
  queries: DraftQuery[]
  close(): Promise<void>
}

/** Drafts the 50 demo queries with N=4 from two scripted models into `folder/reviews.sqlite`. */
export async function draftDemoProject(folder: string, options: { n?: number } = {}): Promise<DemoProject> {
  const demo = await ensureDemoIndex({ path: join(folder, 'demo.db') })
  const index = await openIndex({ path: demo.path, create: false })
  const servers = await Promise.all(
    (['a', 'b'] as const).map((model) =>
      startScriptedModelServer({ script: { rules: [{ respond: replyFor(model) }] } }),
    ),
  )
  const models = servers.map((server, position) => ({
    name: position === 0 ? 'model-a' : 'model-b',
    url: server.url,
    model: createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted', maxRetries: 0 }),
  }))
  const storePath = join(folder, 'reviews.sqlite')
  const store = createSqliteReviewStore({ path: storePath })
  const queries = demoQueries()
  const evidence = createIndexEvidenceSource({
    name: 'demo',
    search: (searchOptions) => index.search(searchOptions),
    termStatistics: (statisticsOptions) => index.backend.termStatistics(statisticsOptions),
  })
  const result = await runDraft(queries, {
    store,
    evidence,
    indexName: 'demo',
    models,
    n: options.n ?? 4,
    keyPoints: true,
    deidentifier: createDeidentifier(),
  })
  await store.close()
  return {
    storePath,
    servers,
    index,
    result,
    queries,
    async close() {
      await Promise.all(servers.map((server) => server.close()))
      await index.close()
    },
  }
}
