/**
 * Verifier and reward-server throughput.
 *
 * In process: exam (real GPT-3.5 MedQA/MMLU chain-of-thought responses from ../shared/data plus
 * synthetic reasoning responses), diagnosis (Disease Ontology names → ICD-10-CM 2025, with
 * misspellings), drug and test ordering, through the composite verifier. Baseline in the same
 * run: a plain Python exam check (bench/rewards_baseline.py) on the same exam items.
 *
 * Over HTTP: `galen reward serve` in its own process, a keep-alive load client here: exam batches
 * of 256, single-item requests, and a load test of 1,000,000 items from 64 concurrent clients with
 * the server's memory read from /metrics before and after.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadTerminology } from '../src/terminology/index.js'
import { createItemVerifier, verifyExam } from '../src/verifiers/index.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

interface ExamItem {
  task: 'exam'
  response: string
  ground_truth: { answer: string }
  options: Record<string, string>
}

/** A small deterministic random generator (mulberry32), so every run builds the same items. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(next() * list.length)] as T
}

function examItems(): { items: ExamItem[]; source: string } {
  const next = random(7)
  const items: ExamItem[] = []
  const real: ExamItem[] = []
  for (const file of ['medqa__cot__gpt-35-turbo-16k.jsonl', 'mmlu__cot__gpt-35-turbo-16k.jsonl']) {
    const path = sharedDataPath(`model-outputs/mirage/${file}`)
    if (!existsSync(path)) continue
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const row = JSON.parse(line) as {
        response: unknown
        gold: string
        options: Record<string, string>
      }
      if (typeof row.response !== 'string') continue
      real.push({
        task: 'exam',
        response: row.response,
        ground_truth: { answer: row.gold },
        options: row.options,
      })
    }
  }
  // Synthetic reasoning responses in the styles RL rollouts take (think blocks, bold, Chinese).
  const letters = ['A', 'B', 'C', 'D']
  const templates = [
    (reasoning: string, letter: string) =>
      `<think>\n${reasoning}\n</think>\n\nThe answer is **${letter}**.`,
    (reasoning: string, letter: string) =>
      `Let's think step by step. ${reasoning}\n\nFinal answer: ${letter}`,
    (reasoning: string, letter: string) =>
      `${reasoning} Therefore, the correct option is (${letter}).`,
    (reasoning: string, letter: string) => `${reasoning}\n\n答案是${letter}`,
    (reasoning: string, letter: string) => `${reasoning}\n\n$\\boxed{${letter}}$`,
    (reasoning: string, letter: string) =>
      `${reasoning} The answer is ${letter} or ${letters[(letters.indexOf(letter) + 1) % 4]}.`,
  ]
  const sentences = [
    'The patient presents with acute chest pain radiating to the left arm and diaphoresis.',
    'Troponin is elevated and the ECG shows ST depression in the lateral leads.',
    'Option A does not explain the laboratory findings.',
    'Option B is a common distractor because it shares the same symptoms.',
    'The mechanism involves inhibition of platelet aggregation through the P2Y12 receptor.',
    'In a patient with renal impairment the dose must be adjusted.',
    'This presentation is classic for the disease described in the stem.',
  ]
  for (let index = 0; index < 2000; index += 1) {
    const letter = pick(letters, next)
    const reasoning = Array.from({ length: 3 + Math.floor(next() * 6) }, () =>
      pick(sentences, next),
    ).join(' ')
    const options = { A: 'Aspirin', B: 'Clopidogrel', C: 'Heparin', D: 'Alteplase' }
    items.push({
      task: 'exam',
      response: pick(templates, next)(reasoning, letter),
      ground_truth: { answer: pick(letters, next) },
      options,
    })
  }
  const mixed = [...real, ...items]
  return {
    items: mixed,
    source: `${real.length} MIRAGE GPT-3.5 CoT responses + ${items.length} synthetic reasoning responses`,
  }
}

interface Figure {
  perSecond: number
  perCpuSecond: number
}

/** Runs `work` over the items repeatedly for at least `minMs`; items per wall and per CPU second. */
function measure<T>(items: readonly T[], work: (item: T) => unknown, minMs = 2500): Figure {
  for (const item of items.slice(0, 500)) work(item)
  let count = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  do {
    for (const item of items) work(item)
    count += items.length
  } while (performance.now() - started < minMs)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  return { perSecond: count / seconds, perCpuSecond: count / ((used.user + used.system) / 1e6) }
}

function show(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

function line(name: string, figure: Figure, target?: number): void {
  const met =
    target === undefined
      ? ''
      : `  target ${show(target)}/s: ${Math.max(figure.perSecond, figure.perCpuSecond) >= target ? 'met' : 'NOT met'}`
  console.log(
    `${name.padEnd(48)} ${show(figure.perCpuSecond).padStart(10)} /CPU-s ${show(figure.perSecond).padStart(10)} /s wall${met}`,
  )
}

function pythonBaseline(items: readonly ExamItem[]): Figure & { agreement: number } {
  const folder = mkdtempSync(join(tmpdir(), 'galen-rewards-bench-'))
  const path = join(folder, 'exam.jsonl')
  writeFileSync(
    path,
    items
      .map((item) =>
        JSON.stringify({
          response: item.response,
          answer: item.ground_truth.answer,
          letters: Object.keys(item.options),
        }),
      )
      .join('\n'),
  )
  const result = spawnSync('python3', [join(root, 'bench', 'rewards_baseline.py'), path], {
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`python baseline failed: ${result.stderr}`)
  const figures = JSON.parse(result.stdout) as {
    per_second: number
    per_cpu_second: number
    correct: number
  }
  let galenCorrect = 0
  for (const item of items)
    if (
      verifyExam({ response: item.response, groundTruth: item.ground_truth, options: item.options })
        .score === 1
    )
      galenCorrect += 1
  return {
    perSecond: figures.per_second,
    perCpuSecond: figures.per_cpu_second,
    agreement: galenCorrect / Math.max(1, figures.correct),
  }
}

function misspell(text: string, next: () => number): string {
  const words = text.split(' ')
  let longest = 0
  words.forEach((word, index) => {
    if (word.length > (words[longest] as string).length) longest = index
  })
  const word = words[longest] as string
  if (word.length < 6) return text
  const at = 1 + Math.floor(next() * (word.length - 3))
  words[longest] = word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2)
  return words.join(' ')
}

/**
 * Diagnosis items from Disease Ontology names with ICD-10-CM cross-references. `part` 0 and 1 use
 * disjoint halves of the names, so a warm-up on part 0 leaves part 1's lookups uncached.
 */
function diagnosisItems(part: 0 | 1): unknown[] {
  const path = sharedDataPath('terminology/disease-ontology/ICD10inDO.tsv')
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t').map((cell) => cell.replace(/^"|"$/g, '')))
    .filter((cells) => cells.length >= 3 && /^ICD10CM:/.test(cells[2] as string))
    .map((cells) => ({ name: cells[1] as string, code: (cells[2] as string).slice(8) }))
    .filter((_, index) => index % 2 === part)
  const next = random(11 + part)
  const items: unknown[] = []
  for (let index = 0; index < 3000; index += 1) {
    const truth = pick(rows, next)
    const name = next() < 0.2 ? misspell(truth.name, next) : truth.name
    const others = [pick(rows, next).name, pick(rows, next).name]
    const style = Math.floor(next() * 3)
    const response =
      style === 0
        ? `The findings point to ${name}.\n\nFinal diagnosis: ${name}`
        : style === 1
          ? JSON.stringify({ diagnoses: next() < 0.5 ? [name, ...others] : [...others, name] })
          : `Differential diagnosis:\n1. ${others[0]}\n2. ${name}\n3. ${others[1]}`
    items.push({ task: 'diagnosis', response, ground_truth: { icd10: [truth.code] } })
  }
  return items
}

function drugAndTestItems(): { drugs: unknown[]; tests: unknown[] } {
  const next = random(13)
  const generics = [
    'metformin',
    'lisinopril',
    'atorvastatin',
    'amlodipine',
    'apixaban',
    'furosemide',
    'omeprazole',
    'sertraline',
    'levothyroxine',
    'amoxicillin',
  ]
  const spoken = [
    'Glucophage',
    'lisinoprill',
    'Lipitor',
    'Norvasc',
    'Eliquis',
    'Lasix',
    'Prilosec',
    'Zoloft',
    'Synthroid',
    'amoxicilin',
  ]
  const drugs: unknown[] = []
  for (let index = 0; index < 2000; index += 1) {
    const chosen = [Math.floor(next() * 10), Math.floor(next() * 10)]
    const said = chosen.map(
      (position) => (next() < 0.5 ? spoken[position] : generics[position]) as string,
    )
    const response =
      next() < 0.5
        ? JSON.stringify({ drugs: said })
        : `Start ${said[0]} 10 mg daily and ${said[1]}; avoid ibuprofen.`
    drugs.push({
      task: 'drug',
      response,
      ground_truth: { drugs: chosen.map((position) => generics[position]) },
    })
  }
  const tests: unknown[] = []
  const names = [
    'ECG',
    'troponin',
    'chest X-ray',
    'CBC',
    'BMP',
    'D-dimer',
    'CT pulmonary angiography',
    'lipase',
    'urinalysis',
    'blood cultures',
  ]
  const phrasing = [
    'an EKG',
    'serial hs-troponin',
    'a CXR',
    'a full blood count',
    'U&E',
    'a D-dimer',
    'CTPA',
    'serum lipase',
    'a urine dipstick',
    'blood cultures',
  ]
  for (let index = 0; index < 2000; index += 1) {
    const chosen = [Math.floor(next() * 10), Math.floor(next() * 10), Math.floor(next() * 10)]
    const response = `Order ${phrasing[chosen[0] as number]}, ${phrasing[chosen[1] as number]} and ${phrasing[chosen[2] as number]}. No need for an MRI.`
    tests.push({
      task: 'test_ordering',
      response,
      ground_truth: { tests: chosen.slice(0, 2).map((position) => names[position]) },
    })
  }
  return { drugs, tests }
}

// ---------------------------------------------------------------- HTTP

interface ServerProcess {
  url: string
  stop(): Promise<void>
}

async function startServer(arguments_: string[]): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src', 'cli', 'main.ts'),
      'reward',
      'serve',
      '--port',
      '0',
      '--json',
      ...arguments_,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8')
  })
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reward server did not start: ${errors}`)),
      60_000,
    )
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      try {
        const parsed = JSON.parse(output) as { url: string }
        clearTimeout(timer)
        resolveUrl(parsed.url)
      } catch {
        // wait for the rest of the JSON
      }
    })
    child.on('exit', (code) => reject(new Error(`reward server exited with ${code}: ${errors}`)))
  })
  return {
    url,
    stop: () =>
      new Promise((resolveStop) => {
        child.once('exit', () => resolveStop())
        child.kill('SIGTERM')
      }),
  }
}

interface LoadResult {
  seconds: number
  requests: number
  failed: number
  checked: number
  badReplies: number
  clientCpuSeconds: number
  serverCpuSeconds: number
}

/**
 * A lean load client: `concurrency` keep-alive TCP connections, each sending pre-built HTTP/1.1
 * requests one after another and reading just the status line, Content-Length and (for one reply
 * in 97) the body, so that the client spends little of the shared machine's CPU.
 */
async function load(
  url: string,
  path: string,
  bodies: readonly Buffer[],
  expected: readonly number[],
  concurrency: number,
  requests: number,
): Promise<LoadResult> {
  const target = new URL(path, url)
  const port = Number(target.port)
  const built = bodies.map((body) =>
    Buffer.concat([
      Buffer.from(
        `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      ),
      body,
    ]),
  )
  let nextIndex = 0
  let failed = 0
  let checked = 0
  let badReplies = 0
  const cpuBefore = await serverCpu(url)
  const started = performance.now()
  const cpu = process.cpuUsage()
  const connection = (): Promise<void> =>
    new Promise((resolveConnection) => {
      const socket = connect(port, target.hostname)
      socket.setNoDelay(true)
      let buffer: Buffer = Buffer.alloc(0)
      let current = -1
      const sendNext = (): void => {
        if (nextIndex >= requests) {
          socket.end()
          resolveConnection()
          return
        }
        current = nextIndex
        nextIndex += 1
        socket.write(built[current % built.length] as Buffer)
      }
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
        for (;;) {
          const headerEnd = buffer.indexOf('\r\n\r\n')
          if (headerEnd < 0) return
          const header = buffer.subarray(0, headerEnd).toString('latin1')
          const length = Number(/content-length:\s*(\d+)/i.exec(header)?.[1] ?? 0)
          if (buffer.length < headerEnd + 4 + length) return
          const status = Number(header.slice(9, 12))
          if (status !== 200) failed += 1
          else if (current % 97 === 0) {
            checked += 1
            const reply = JSON.parse(
              buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'),
            ) as {
              results?: unknown[]
              rewards?: unknown[]
            }
            if (
              (reply.results ?? reply.rewards ?? []).length !== expected[current % expected.length]
            )
              badReplies += 1
          }
          buffer = buffer.subarray(headerEnd + 4 + length)
          sendNext()
        }
      })
      socket.on('error', () => {
        failed += 1
        resolveConnection()
      })
      socket.on('connect', sendNext)
    })
  await Promise.all(Array.from({ length: concurrency }, connection))
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuAfter = await serverCpu(url)
  return {
    seconds,
    requests,
    failed,
    checked,
    badReplies,
    clientCpuSeconds: (used.user + used.system) / 1e6,
    serverCpuSeconds: cpuAfter - cpuBefore,
  }
}

async function serverCpu(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  return Number(/^process_cpu_seconds_total ([\d.]+)/m.exec(text)?.[1] ?? Number.NaN)
}

function httpLine(
  name: string,
  result: LoadResult,
  perRequest: number,
  target: number | undefined,
  unit: 'items' | 'requests',
): void {
  const count = result.requests * (unit === 'items' ? perRequest : 1)
  const wall = count / result.seconds
  const serverCpu = count / result.serverCpuSeconds
  const verdict =
    target === undefined
      ? ''
      : `  target ${show(target)}: ${wall >= target ? 'met' : serverCpu >= target ? 'met per server CPU-second only' : 'NOT met'}`
  console.log(
    `${name.padEnd(48)} ${show(wall).padStart(9)} ${unit}/s wall ${show(serverCpu).padStart(9)} per server CPU-s (client CPU ${((result.clientCpuSeconds * 1e6) / result.requests).toFixed(0)} µs/request, failed ${result.failed}, bad replies ${result.badReplies}/${result.checked})${verdict}`,
  )
}

async function serverMemory(url: string): Promise<{ rss: number; heap: number; items: number }> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const value = (name: string) =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN)
  let items = 0
  for (const match of text.matchAll(
    /^galen_reward_items_total\{task="[^"]+",status="([^"]+)"\} (\d+)/gm,
  )) {
    items += Number(match[2])
  }
  return {
    rss: value('galen_reward_resident_memory_bytes'),
    heap: value('galen_reward_heap_used_bytes'),
    items,
  }
}

async function serverErrors(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  let errors = 0
  for (const match of text.matchAll(
    /^galen_reward_items_total\{task="[^"]+",status="(?:error|timeout)"\} (\d+)/gm,
  ))
    errors += Number(match[1])
  return errors
}

function batches(
  items: readonly unknown[],
  size: number,
  count: number,
): { bodies: Buffer[]; sizes: number[] } {
  const bodies: Buffer[] = []
  const sizes: number[] = []
  for (let index = 0; index < count; index += 1) {
    const start = (index * size) % Math.max(1, items.length - size)
    const chunk = items.slice(start, start + size)
    bodies.push(Buffer.from(JSON.stringify({ items: chunk })))
    sizes.push(chunk.length)
  }
  return { bodies, sizes }
}

/** Prints in-process and HTTP throughput with the Python baseline. */
export async function run(): Promise<void> {
  const { items: exam, source } = examItems()
  const averageLength = exam.reduce((sum, item) => sum + item.response.length, 0) / exam.length
  console.log(`exam items: ${source}; mean response ${Math.round(averageLength)} characters`)
  const verifier = createItemVerifier()
  line(
    'exam verifyExam (in process)',
    measure(exam, (item) =>
      verifyExam({
        response: item.response,
        groundTruth: item.ground_truth,
        options: item.options,
      }),
    ),
    200_000,
  )
  const parsedExam = exam.map((item) => ({
    task: item.task,
    response: item.response,
    groundTruth: item.ground_truth,
    options: item.options,
  }))
  line(
    'exam composite verifier (in process)',
    measure(parsedExam, (item) => verifier.verify(item)),
    200_000,
  )
  const baseline = pythonBaseline(exam)
  line('baseline: plain Python exam check', baseline)
  console.log(
    `  Galen / Python: ${(measure(exam, (item) => verifyExam({ response: item.response, groundTruth: item.ground_truth, options: item.options }), 1500).perCpuSecond / baseline.perCpuSecond).toFixed(1)}x per CPU-second; items Galen scores 1 / items Python scores 1: ${baseline.agreement.toFixed(3)}`,
  )

  if (existsSync(sharedDataPath('terminology/icd10cm-2025/ICD10CM_2025_codes.csv'))) {
    const loadStarted = performance.now()
    const terminology = loadTerminology(sharedDataPath('terminology'))
    console.log(
      `terminology loaded in ${Math.round(performance.now() - loadStarted)} ms (${JSON.stringify(terminology.timings)})`,
    )
    const full = createItemVerifier({ terminology })
    const asItem = (value: unknown) => {
      const record = value as { task: 'diagnosis'; response: string; ground_truth: unknown }
      return { task: record.task, response: record.response, groundTruth: record.ground_truth }
    }
    // Warm the JIT on one half of the names, then time the other half, whose lookups are new.
    for (const item of diagnosisItems(0).map(asItem)) full.verify(item)
    const diagnosis = diagnosisItems(1).map(asItem)
    const coldStarted = performance.now()
    const coldCpu = process.cpuUsage()
    let mean = 0
    for (const item of diagnosis) mean += (full.verify(item) as { score: number }).score
    const coldSeconds = (performance.now() - coldStarted) / 1000
    const coldUsed = process.cpuUsage(coldCpu)
    line(
      'diagnosis, new names (no lookup cached)',
      {
        perSecond: diagnosis.length / coldSeconds,
        perCpuSecond: diagnosis.length / ((coldUsed.user + coldUsed.system) / 1e6),
      },
      5_000,
    )
    console.log(
      `  mean diagnosis score ${(mean / diagnosis.length).toFixed(3)} over ${diagnosis.length} items (20% misspelt names)`,
    )
    line(
      'diagnosis, repeated rollouts (lookups cached)',
      measure(diagnosis, (item) => full.verify(item)),
      5_000,
    )
    const { drugs, tests } = drugAndTestItems()
    const parse = (value: unknown) => {
      const record = value as {
        task: 'drug' | 'test_ordering'
        response: string
        ground_truth: unknown
      }
      return { task: record.task, response: record.response, groundTruth: record.ground_truth }
    }
    line(
      'drug (DrugBank + brands, in process)',
      measure(drugs.map(parse), (item) => full.verify(item)),
    )
    line(
      'test_ordering (lexicon + negation, in process)',
      measure(tests.map(parse), (item) => full.verify(item)),
    )
  } else {
    console.log('terminology not found under ../shared/data: diagnosis and drug figures skipped')
  }

  // ---------------------------------------------------------------- HTTP
  const server = await startServer([])
  try {
    const rawExam = exam.map((item) => ({
      task: item.task,
      response: item.response,
      ground_truth: item.ground_truth,
      options: item.options,
    }))
    const batch = batches(rawExam, 256, 64)
    await load(server.url, '/v1/rewards', batch.bodies, batch.sizes, 8, 200)
    const batched = await load(server.url, '/v1/rewards', batch.bodies, batch.sizes, 16, 1000)
    const batchedItems = batch.sizes.reduce((sum, size) => sum + size, 0) / batch.sizes.length
    httpLine(
      'HTTP /v1/rewards, batches of 256, 16 in flight',
      batched,
      batchedItems,
      50_000,
      'items',
    )
    const single = batches(rawExam, 1, 512)
    await load(server.url, '/v1/rewards', single.bodies, single.sizes, 64, 5_000)
    const singles = await load(server.url, '/v1/rewards', single.bodies, single.sizes, 64, 60_000)
    httpLine('HTTP /v1/rewards, single items, 64 connections', singles, 1, 10_000, 'requests')
    const openrlhf = rawExam.slice(0, 512).map((item) => ({
      query: `<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n${item.response}<|im_end|>`,
      label: JSON.stringify({
        task: 'exam',
        ground_truth: item.ground_truth,
        options: item.options,
      }),
    }))
    const openBodies: Buffer[] = []
    for (let index = 0; index < 8; index += 1) {
      const chunk = openrlhf.slice(index * 64, index * 64 + 64)
      openBodies.push(
        Buffer.from(
          JSON.stringify({
            query: chunk.map((entry) => entry.query),
            prompts: chunk.map(() => '<|im_start|>user\nQ<|im_end|>\n'),
            labels: chunk.map((entry) => entry.label),
          }),
        ),
      )
    }
    const open = await load(
      server.url,
      '/get_reward',
      openBodies,
      openBodies.map(() => 64),
      16,
      800,
    )
    httpLine('HTTP /get_reward (OpenRLHF), batches of 64', open, 64, undefined, 'items')

    // The load test: 1,000,000 items from 64 concurrent clients, memory before and after.
    const before = await serverMemory(server.url)
    const totalItems = 1_000_000
    const loadRequests = Math.ceil(totalItems / 256)
    // Four quarters back to back, memory read after each, to show it does not grow.
    const quarters: LoadResult[] = []
    const memory: Array<{ rss: number; heap: number }> = []
    for (let quarter = 0; quarter < 4; quarter += 1) {
      const requests =
        Math.ceil(loadRequests / 4) -
        (quarter === 3 ? Math.ceil(loadRequests / 4) * 4 - loadRequests : 0)
      quarters.push(await load(server.url, '/v1/rewards', batch.bodies, batch.sizes, 64, requests))
      memory.push(await serverMemory(server.url))
    }
    const after = await serverMemory(server.url)
    const errors = await serverErrors(server.url)
    const requestsSent = quarters.reduce((sum, quarter) => sum + quarter.requests, 0)
    const seconds = quarters.reduce((sum, quarter) => sum + quarter.seconds, 0)
    const serverCpuSeconds = quarters.reduce((sum, quarter) => sum + quarter.serverCpuSeconds, 0)
    const failed = quarters.reduce((sum, quarter) => sum + quarter.failed, 0)
    const bad = quarters.reduce((sum, quarter) => sum + quarter.badReplies, 0)
    const checked = quarters.reduce((sum, quarter) => sum + quarter.checked, 0)
    const sent = requestsSent * batchedItems
    console.log(
      `load test: ${show(sent)} items in ${show(requestsSent)} requests from 64 clients in ${seconds.toFixed(1)} s (${show(sent / seconds)} items/s wall, ${show(sent / serverCpuSeconds)} per server CPU-second); failed requests ${failed}, bad replies ${bad}/${checked}, items with status error/timeout ${errors}`,
    )
    const mebibytes = (value: number) => (value / 2 ** 20).toFixed(0)
    console.log(
      `  server memory (RSS/heap MiB) before ${mebibytes(before.rss)}/${mebibytes(before.heap)}, after each quarter ${memory.map((entry) => `${mebibytes(entry.rss)}/${mebibytes(entry.heap)}`).join(', ')}; items counted by the server ${show(after.items - before.items)}`,
    )
  } finally {
    await server.stop()
  }
}
