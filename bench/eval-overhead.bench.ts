/**
 * eval-overhead: what the evaluation harness (prompt building, few-shot-free JSON prompts, exam
 * verifier scoring, kill-safe record appends, progress, summary with bootstrap intervals) adds
 * per item beyond the model server's own time.
 *
 * The scripted OpenAI-protocol server runs in its own process and answers at once. Each round
 * sends every MedQA test item (1,273; synthetic items without ../shared/data) at 32 in flight
 * (a) through `runEvaluation` into a fresh run folder and (b) as bare `ChatModel.chat` calls with
 * the same messages built beforehand (the baseline: the server's time plus the LLM layer).
 * Rounds alternate; medians are reported. Target: (a) - (b) under 1 ms per item.
 * A second, single-threaded measurement times the per-item harness work alone (build the prompt,
 * score with the exam verifier, serialise and append the record).
 *
 * Run: npm run bench -- eval-overhead   (EVAL_OVERHEAD_ROUNDS, default 5)
 */
import { type ChildProcess, spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  type BenchmarkItem,
  buildMessages,
  createScorer,
  getBenchmark,
  runEvaluation,
} from '../src/eval/index.js'
import { toRecord } from '../src/eval/replay.js'
import { createOpenAICompatibleModel } from '../src/llm/index.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const ROUNDS = Number(process.env.EVAL_OVERHEAD_ROUNDS ?? 5)
const IN_FLIGHT = 32
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

async function loadItems(): Promise<{ items: BenchmarkItem[]; source: string }> {
  const path = sharedDataPath('benchmarks/medqa/phrases_no_exclude_test.jsonl')
  if (existsSync(path)) {
    return {
      items: (await getBenchmark('medqa').load({ path })).items,
      source: 'MedQA test (1,273 items)',
    }
  }
  const items: BenchmarkItem[] = Array.from({ length: 1273 }, (_, index) => ({
    id: String(index).padStart(4, '0'),
    kind: 'multiple-choice',
    question: `A 45-year-old presents with symptom number ${index}. Which is the next best step?`,
    options: { A: 'Observe', B: 'Order an ECG', C: 'Start aspirin', D: 'Refer' },
    gold: ['B'],
  }))
  return { items, source: 'synthetic items (1,273)' }
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const folder = mkdtempSync(join(tmpdir(), 'galen-eval-overhead-'))
  const script = join(folder, 'server.mts')
  const serverModule = pathToFileURL(join(root, 'src/llm/index.ts')).href
  writeFileSync(
    script,
    `import { startScriptedModelServer } from '${serverModule}'
const server = await startScriptedModelServer({ script: { rules: [], fallback: '{"reasoning": "scripted", "answer": "B"}' } })
process.stdout.write(server.url + '\\n')
process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)) })
`,
  )
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolveUrl, reject) => {
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const line = buffer.split('\n')[0]
      if (buffer.includes('\n') && line !== undefined) resolveUrl(line.trim())
    })
    child.on('exit', (code) => reject(new Error(`scripted server exited with ${code}`)))
  })
  return { url, child }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Runs the bench: prints per-item overhead of the harness against the same-run baseline. */
export async function run(): Promise<void> {
  const { items, source } = await loadItems()
  const { url, child } = await startServer()
  try {
    const model = createOpenAICompatibleModel({
      baseUrl: url,
      model: 'scripted',
      concurrency: IN_FLIGHT,
    })
    const settings = {
      prompt: 'json',
      fewShot: 0,
      temperature: 0.6,
      samples: 1,
      seed: 0,
      scorer: 'strict',
    } as const
    const prebuilt = items.map((item) => buildMessages(item, 'json'))
    const baseline = async (): Promise<number> => {
      const started = performance.now()
      let next = 0
      const worker = async (): Promise<void> => {
        for (let index = next++; index < prebuilt.length; index = next++) {
          const messages = prebuilt[index]
          if (messages !== undefined) await model.chat({ messages, temperature: 0.6 })
        }
      }
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
      return performance.now() - started
    }
    const harness = async (): Promise<number> => {
      const outDir = mkdtempSync(join(tmpdir(), 'galen-eval-overhead-run-'))
      const started = performance.now()
      const result = await runEvaluation({
        benchmark: 'medqa',
        items,
        model,
        outDir,
        settings,
        concurrency: IN_FLIGHT,
        onProgress: () => {},
      })
      const elapsed = performance.now() - started
      rmSync(outDir, { recursive: true, force: true })
      if (result.summary.n !== items.length)
        throw new Error(`harness recorded ${result.summary.n} of ${items.length}`)
      return elapsed
    }
    await baseline()
    await harness()
    const baselineTimes: number[] = []
    const harnessTimes: number[] = []
    for (let round = 0; round < ROUNDS; round += 1) {
      if (round % 2 === 0) {
        baselineTimes.push(await baseline())
        harnessTimes.push(await harness())
      } else {
        harnessTimes.push(await harness())
        baselineTimes.push(await baseline())
      }
    }
    const baselineMedian = median(baselineTimes)
    const harnessMedian = median(harnessTimes)
    const perItem = (harnessMedian - baselineMedian) / items.length

    // Single-threaded: the harness's own work per item, without any network.
    const scorer = createScorer('strict')
    const folder = mkdtempSync(join(tmpdir(), 'galen-eval-overhead-cpu-'))
    const descriptor = openSync(join(folder, 'records.jsonl'), 'a')
    const reply = '{"reasoning": "scripted", "answer": "B"}'
    const cpuStarted = performance.now()
    for (const item of items) {
      const messages = buildMessages(item, 'json')
      const record = toRecord(item, 0, reply, scorer.score(item, [reply]))
      record.prompt = messages
      writeSync(descriptor, `${JSON.stringify(record)}\n`)
    }
    const cpuPerItem = (performance.now() - cpuStarted) / items.length
    closeSync(descriptor)
    rmSync(folder, { recursive: true, force: true })

    console.log(`items: ${source}; ${IN_FLIGHT} in flight; ${ROUNDS} rounds (medians)`)
    console.log('| pass | wall ms (median) | ms per item |')
    console.log('|---|---|---|')
    console.log(
      `| baseline: bare ChatModel.chat, prebuilt messages | ${baselineMedian.toFixed(0)} | ${(baselineMedian / items.length).toFixed(3)} |`,
    )
    console.log(
      `| galen eval runner (prompt, score, record, summary) | ${harnessMedian.toFixed(0)} | ${(harnessMedian / items.length).toFixed(3)} |`,
    )
    console.log(
      `harness overhead per item: ${perItem.toFixed(3)} ms (target < 1 ms) ${perItem < 1 ? 'PASS' : 'FAIL'}`,
    )
    console.log(
      `harness work per item, single-threaded (build prompt + verifier score + append record): ${cpuPerItem.toFixed(3)} ms`,
    )
    console.log(
      `rounds baseline: ${baselineTimes.map((value) => value.toFixed(0)).join(', ')}; runner: ${harnessTimes.map((value) => value.toFixed(0)).join(', ')}`,
    )
  } finally {
    child.kill('SIGTERM')
  }
}
