/**
 * sft-draft: what `galen sft draft` adds per item beyond waiting for models. 50 queries (49 of
 * data/relevance and one with a name and a phone number) over the demonstration index, two
 * scripted model servers answering instantly (N=4 each, key points on), de-identification on,
 * one query at a time. Model time is the union of the intervals during which at least one model
 * call is in flight; overhead = item wall time - model time (de-identification, search, packing,
 * citation checks of 8 candidates, annotations, and the durable SQLite append). A first pass warms
 * caches and is not counted. Target: under 5 ms per item.
 *
 * With SFT_DRAFT_SERVER=process the two model servers run as `galen model-server` children (fixed
 * replies per sample: supported-looking, citing [9], short, and a longer one) and the bench also
 * reports this process's CPU time per item (user + system), which the machine's load inflates far
 * less than wall time.
 *
 * Run: npm run bench -- sft-draft
 * Environment: SFT_DRAFT_SERVER (`inline` default, or `process`), SFT_DRAFT_ROUNDS (3), SFT_DRAFT_SYNCHRONOUS (`normal` as galen sft draft writes, or `full`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createIndexEvidenceSource } from '../src/answer/index.js'
import { ensureDemoIndex } from '../src/corpus/index.js'
import { demoQueries, replyFor } from '../src/curation/__fixtures__/scripted-project.js'
import { createSqliteReviewStore, runDraft } from '../src/curation/index.js'
import { createDeidentifier } from '../src/deid/index.js'
import {
  type ChatModel,
  createOpenAICompatibleModel,
  startScriptedModelServer,
} from '../src/llm/index.js'
import { openIndex } from '../src/retrieval/index.js'
import { startModelServerProcess } from './model-server-process.js'

const ROUNDS = Number(process.env.SFT_DRAFT_ROUNDS ?? 3)
const PLACEMENT = process.env.SFT_DRAFT_SERVER === 'process' ? 'process' : 'inline'

const FIXED_REPLIES = [
  'Metformin is contraindicated when kidney function is severely reduced [1].',
  'Blood pressure targets depend on age and risk [9].',
  'Ask your doctor.',
  'Most adults benefit from lifestyle changes first [1]. Medicines are added when targets are not met [2].',
]

/** Starts one scripted model server as a `galen model-server` child process. */
async function startChildServer(
  folder: string,
  name: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const scriptPath = join(folder, `${name}.json`)
  writeFileSync(scriptPath, JSON.stringify({ rules: [{ replies: FIXED_REPLIES }] }))
  const server = await startModelServerProcess(scriptPath)
  return { url: server.url, close: server.stop }
}
const SYNCHRONOUS = process.env.SFT_DRAFT_SYNCHRONOUS === 'full' ? 'full' : 'normal'

/** Tracks the time during which at least one model call is in flight. */
function createModelClock() {
  let inFlight = 0
  let since = 0
  let total = 0
  return {
    wrap(model: ChatModel): ChatModel {
      return {
        ...model,
        name: model.name,
        async chat(options) {
          if (inFlight === 0) since = performance.now()
          inFlight += 1
          try {
            return await model.chat(options)
          } finally {
            inFlight -= 1
            if (inFlight === 0) total += performance.now() - since
          }
        },
      } as ChatModel
    },
    total: () => total,
  }
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] as number
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'galen-bench-sft-'))
  const demo = await ensureDemoIndex({ path: join(folder, 'demo.db') })
  const index = await openIndex({ path: demo.path, create: false })
  const servers = await Promise.all(
    (['a', 'b'] as const).map((model) =>
      PLACEMENT === 'process'
        ? startChildServer(folder, model)
        : startScriptedModelServer({ script: { rules: [{ respond: replyFor(model) }] } }),
    ),
  )
  console.log(`model servers: ${PLACEMENT}; store sync: ${SYNCHRONOUS}`)
  const evidence = createIndexEvidenceSource({
    name: 'demo',
    search: (options) => index.search(options),
    termStatistics: (options) => index.backend.termStatistics(options),
  })
  const queries = demoQueries()
  const deidentifier = createDeidentifier()
  try {
    for (let round = 0; round <= ROUNDS; round += 1) {
      const clock = createModelClock()
      const store = createSqliteReviewStore({
        path: join(folder, `round-${round}.sqlite`),
        synchronous: SYNCHRONOUS,
      })
      const perItem: number[] = []
      let last = performance.now()
      let lastModel = 0
      const cpu = process.cpuUsage()
      const result = await runDraft(queries, {
        store,
        evidence,
        indexName: 'demo',
        models: servers.map((server, position) => ({
          name: `model-${position === 0 ? 'a' : 'b'}`,
          url: server.url,
          model: clock.wrap(
            createOpenAICompatibleModel({ baseUrl: server.url, model: 'scripted' }),
          ),
        })),
        n: 4,
        keyPoints: true,
        deidentifier,
        concurrency: 1,
        onProgress: (progress) => {
          if (progress.done + progress.failed === 0) return
          const now = performance.now()
          const model = clock.total()
          perItem.push(now - last - (model - lastModel))
          last = now
          lastModel = model
        },
      })
      const cpuUsed = process.cpuUsage(cpu)
      await store.close()
      if (result.done !== queries.length) throw new Error(`round ${round}: ${result.failed} failed`)
      const wall = result.elapsedMs / queries.length
      const model = clock.total() / queries.length
      const overhead = perItem.reduce((sum, value) => sum + value, 0) / perItem.length
      const line = `round ${round}${round === 0 ? ' (warm-up, not counted)' : ''}: wall ${wall.toFixed(2)} ms/item, model ${model.toFixed(2)} ms/item, overhead mean ${overhead.toFixed(2)} ms, median ${percentile(perItem, 0.5).toFixed(2)} ms, p95 ${percentile(perItem, 0.95).toFixed(2)} ms${PLACEMENT === 'process' ? `, CPU ${((cpuUsed.user + cpuUsed.system) / 1000 / queries.length).toFixed(2)} ms/item` : ''}`
      console.log(line)
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()))
    await index.close()
    rmSync(folder, { recursive: true, force: true })
  }
}
