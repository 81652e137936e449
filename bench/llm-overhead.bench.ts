/**
 * llm-overhead: what the ChatModel layer (official openai client, reply narrowing, retries,
 * limiter, deadline, accounting) adds to the wall time of many small requests.
 *
 * 2,000 chat requests at 32 in flight to the scripted server on 127.0.0.1, sent (a) through
 * `createOpenAICompatibleModel` and (b) through bare HTTP clients (Node's built-in fetch, and
 * http.request with a keep-alive agent) in the same run. Rounds alternate the clients; the median
 * of each is reported. Target: ChatModel adds at most 10% to the bare client's wall time.
 *
 * Run: npm run bench -- llm-overhead
 * Environment: LLM_OVERHEAD_REQUESTS (2000), LLM_OVERHEAD_ROUNDS (5), LLM_OVERHEAD_SERVER
 * (`process`, default: `galen model-server` in its own process as a real model server would be;
 * `inline`: in this process, sharing one event loop with the clients).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createOpenAICompatibleModel,
  type ModelScript,
  startScriptedModelServer,
} from '../src/llm/index.js'
import { startModelServerProcess } from './model-server-process.js'

const REQUESTS = Number(process.env.LLM_OVERHEAD_REQUESTS ?? 2000)
const IN_FLIGHT = 32
const ROUNDS = Number(process.env.LLM_OVERHEAD_ROUNDS ?? 5)
const PLACEMENT = process.env.LLM_OVERHEAD_SERVER === 'inline' ? 'inline' : 'process'

const LATENCY_MS = 20

const SCRIPT: ModelScript = {
  rules: [
    {
      match: { regex: 'chest pain.* slow$' },
      reply: 'Acute coronary syndrome (myocardial infarction) is the most likely diagnosis.',
      latencyMs: LATENCY_MS,
    },
    {
      match: { regex: 'chest pain' },
      reply: 'Acute coronary syndrome (myocardial infarction) is the most likely diagnosis.',
    },
  ],
}

const question = (index: number): string =>
  `Patient ${index}: 64-year-old with chest pain radiating to the left arm. What is the most likely diagnosis?`

/** Starts the scripted server where PLACEMENT says. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (PLACEMENT === 'inline') {
    const server = await startScriptedModelServer({ script: SCRIPT })
    return { url: server.url, stop: () => server.close() }
  }
  const folder = mkdtempSync(join(tmpdir(), 'galen-bench-'))
  const scriptPath = join(folder, 'script.json')
  writeFileSync(scriptPath, JSON.stringify(SCRIPT))
  return startModelServerProcess(scriptPath)
}

async function runPool(count: number, worker: (index: number) => Promise<void>): Promise<number> {
  let next = 0
  const started = performance.now()
  const lanes = Array.from({ length: IN_FLIGHT }, async () => {
    while (next < count) {
      const index = next
      next += 1
      await worker(index)
    }
  })
  await Promise.all(lanes)
  return performance.now() - started
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

interface Scenario {
  title: string
  question: (index: number) => string
  rounds: number
}

interface Measured {
  times: Record<string, number[]>
  cpu: Record<string, number[]>
}

const ROWS: Array<[string, string]> = [
  ['bare http.request (keep-alive)', 'bare http.request'],
  ['bare fetch (built-in, undici)', 'bare fetch'],
  ['ChatModel (openai client)', 'ChatModel'],
]

function report(scenario: Scenario, measured: Measured): void {
  console.log(`${scenario.title}: ${REQUESTS} requests x ${scenario.rounds} rounds`)
  for (const [label, key] of ROWS) {
    const walls = measured.times[key] ?? []
    const wall = median(walls)
    const rate = ((REQUESTS / wall) * 1000).toFixed(0)
    const cpu = median(measured.cpu[key] ?? []).toFixed(0)
    const rounds = walls.map((value) => value.toFixed(0)).join(', ')
    console.log(
      `  ${label.padEnd(31)} median ${wall.toFixed(0).padStart(6)} ms ${rate.padStart(6)} req/s  client CPU ${cpu.padStart(4)} us/request  rounds: ${rounds}`,
    )
  }
  const chatModel = median(measured.times.ChatModel ?? [])
  for (const [label, key] of ROWS.slice(0, 2)) {
    const bare = median(measured.times[key] ?? [])
    const overhead = ((chatModel - bare) / bare) * 100
    const verdict = overhead <= 10 ? 'within the 10% target' : 'OVER the 10% target'
    console.log(
      `  ChatModel vs ${label}: ${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)}% wall time (${verdict})`,
    )
  }
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const server = await startServer()
  const url = `${server.url}/chat/completions`
  const model = createOpenAICompatibleModel({
    baseUrl: server.url,
    model: 'scripted',
    concurrency: IN_FLIGHT,
  })
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT })

  const clientsFor = (question: (index: number) => string) => {
    const body = (index: number): string =>
      JSON.stringify({
        model: 'scripted',
        messages: [{ role: 'user', content: question(index) }],
        temperature: 0,
        max_tokens: 64,
      })
    const clients: Record<string, (index: number) => Promise<void>> = {
      'bare fetch': async (index) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(index),
        })
        const reply = (await response.json()) as {
          choices: Array<{ message: { content: string } }>
        }
        if (!reply.choices[0]?.message.content) throw new Error('bench: empty reply')
      },
      'bare http.request': (index) =>
        new Promise<void>((resolveRequest, reject) => {
          const payload = body(index)
          const outgoing = httpRequest(
            url,
            {
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              },
            },
            (response) => {
              const chunks: Buffer[] = []
              response.on('data', (chunk: Buffer) => chunks.push(chunk))
              response.on('end', () => {
                const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                  choices: Array<{ message: { content: string } }>
                }
                if (!reply.choices[0]?.message.content) reject(new Error('bench: empty reply'))
                else resolveRequest()
              })
              response.on('error', reject)
            },
          )
          outgoing.on('error', reject)
          outgoing.end(payload)
        }),
      ChatModel: async (index) => {
        const result = await model.chat({
          messages: [{ role: 'user', content: question(index) }],
          temperature: 0,
          maxTokens: 64,
        })
        if (!result.choices[0]?.text) throw new Error('bench: empty reply')
      },
    }
    return clients
  }

  const measure = async (scenario: Scenario): Promise<Measured> => {
    const clients = clientsFor(scenario.question)
    const measured: Measured = { times: {}, cpu: {} }
    for (let round = 0; round < scenario.rounds; round += 1) {
      const order = Object.keys(clients)
      if (round % 2 === 1) order.reverse()
      for (const name of order) {
        const client = clients[name]
        if (client === undefined) continue
        const before = process.cpuUsage()
        const wall = await runPool(REQUESTS, client)
        const used = process.cpuUsage(before)
        measured.times[name] = [...(measured.times[name] ?? []), wall]
        measured.cpu[name] = [...(measured.cpu[name] ?? []), (used.user + used.system) / REQUESTS]
      }
    }
    return measured
  }

  const where = PLACEMENT === 'inline' ? 'same process' : 'own process (galen model-server)'
  console.log(`scripted server on 127.0.0.1 in its ${where}; ${IN_FLIGHT} requests in flight`)
  const scenarios: Scenario[] = [
    {
      title: 'instant replies (client-bound: the worst case for any client layer)',
      question,
      rounds: ROUNDS,
    },
    {
      title: `replies after ${LATENCY_MS} ms (a fast model server)`,
      question: (index) => `${question(index)} slow`,
      rounds: Math.max(1, Math.ceil(ROUNDS / 2)),
    },
  ]
  try {
    // Warm-up: JIT, connection pools.
    for (const client of Object.values(clientsFor(question))) await runPool(200, client)
    model.resetStats()
    for (const scenario of scenarios) report(scenario, await measure(scenario))
  } finally {
    agent.destroy()
    await model.close()
    await server.stop()
  }
  const stats = model.stats()
  console.log(
    `ChatModel accounting: ${stats.requests} calls, ${stats.attempts} attempts, ${stats.retries} retries, ${stats.totalTokens} tokens, mean latency ${stats.meanLatencyMs.toFixed(1)} ms`,
  )
}
