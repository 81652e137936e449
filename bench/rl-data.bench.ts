/**
 * rl-data throughput and memory on a 1,000,000-record rollout file: `rl stats` (one streamed
 * pass) and `rl filter` (two streamed passes: --drop-uniform and --mastery 0.9 --epochs 2), in
 * records per second and peak RSS, against a same-run baseline that only reads the file with
 * readline and JSON.parse. Each phase runs in its own Node process so that its peak RSS
 * (getrusage maxRSS) is its own; stats and filter run again with V8's heap capped at 48 MB to
 * show that what they keep is far smaller than the file. The file is synthetic (62,500 prompts x 2 epochs x 8 rollouts)
 * and written to a temporary folder that is removed afterwards.
 */
import { execFileSync } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const PROMPTS = 62_500
const EPOCHS = 2
const GROUP = 8
const RECORDS = PROMPTS * EPOCHS * GROUP
/** V8 heap limit of the capped runs (--max-old-space-size), far below the input's size. */
const HEAP_CAP_MB = 48

interface PhaseFigures {
  records: number
  wallSeconds: number
  cpuSeconds: number
  maxRssMb: number
  detail: string
}

async function generate(path: string): Promise<void> {
  const stream = createWriteStream(path)
  let seed = 12345
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 4294967296
  }
  const tasks = ['exam', 'diagnosis', 'drug', 'test-ordering']
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    let chunk: string[] = []
    for (let prompt = 0; prompt < PROMPTS; prompt += 1) {
      // each prompt has a difficulty; a quarter are mastered (always correct)
      const difficulty = prompt % 4 === 0 ? 1 : random()
      for (let sample = 0; sample < GROUP; sample += 1) {
        const reward = random() < difficulty ? 1 : 0
        chunk.push(
          JSON.stringify({
            prompt_id: `p${prompt}`,
            prompt: `Case ${prompt}: a 54-year-old presents with chest pain and dyspnoea. What is the most likely diagnosis?`,
            response: `<think>Risk factors, ECG and troponin point one way (sample ${sample}).</think> Answer: ${reward ? 'acute coronary syndrome' : 'pulmonary embolism'}`,
            reward,
            task: tasks[prompt % 4],
            epoch,
            components: { accuracy: reward, format: 1 },
          }),
        )
      }
      if (chunk.length >= 8192) {
        if (!stream.write(`${chunk.join('\n')}\n`))
          await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
        chunk = []
      }
    }
    if (chunk.length > 0) stream.write(`${chunk.join('\n')}\n`)
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    stream.end(() => resolve())
  })
}

/** Runs one phase in this process (the child side). */
async function runPhase(phase: string, input: string, folder: string): Promise<void> {
  const started = performance.now()
  let records = 0
  let detail = ''
  if (phase === 'baseline') {
    const lines = createInterface({
      input: createReadStream(input),
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    let rewardSum = 0
    for await (const line of lines) {
      if (line === '') continue
      const value = JSON.parse(line) as { reward: number }
      rewardSum += value.reward
      records += 1
    }
    detail = `mean reward ${(rewardSum / records).toFixed(4)}`
  } else if (phase === 'stats') {
    const { computeRolloutStats } = await import('../src/rl-data/index.js')
    const stats = await computeRolloutStats(input)
    records = stats.rollouts
    detail = `${stats.prompts} prompts, ${stats.groups} groups, uniform ${stats.uniform_groups}, mean reward ${stats.mean_reward?.toFixed(4)}`
  } else if (phase === 'filter') {
    const { filterRollouts } = await import('../src/rl-data/index.js')
    const result = await filterRollouts(input, {
      out: join(folder, 'kept.jsonl'),
      dropUniform: true,
      mastery: { passRate: 0.9, epochs: 2 },
    })
    records = result.input.rollouts
    detail = `kept ${result.kept.rollouts} rollouts of ${result.kept.prompts} prompts; mastered share ${((result.mastered_share ?? 0) * 100).toFixed(1)}%, uniform groups dropped ${result.dropped.uniform.groups}`
  }
  const usage = process.resourceUsage()
  const figures: PhaseFigures = {
    records,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssMb: usage.maxRSS / 1024,
    detail,
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`)
}

function phase(name: string, input: string, folder: string, heapMb?: number): PhaseFigures {
  const flags = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]
  const output = execFileSync(
    process.execPath,
    [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), 'child', name, input, folder],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  const last = output.trim().split('\n').pop() ?? '{}'
  return JSON.parse(last) as PhaseFigures
}

function row(name: string, figures: PhaseFigures): string {
  const perWall = Math.round(figures.records / figures.wallSeconds).toLocaleString('en-US')
  const perCpu = Math.round(figures.records / figures.cpuSeconds).toLocaleString('en-US')
  return `| ${name} | ${perWall} | ${perCpu} | ${figures.maxRssMb.toFixed(0)} |`
}

/** Generates the file, runs the three phases and prints a Markdown table. */
export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'galen-rl-bench-'))
  try {
    const input = join(folder, 'rollouts.jsonl')
    const generated = performance.now()
    await generate(input)
    const megabytes = statSync(input).size / 1e6
    console.log(
      `generated ${RECORDS.toLocaleString('en-US')} rollouts (${megabytes.toFixed(0)} MB, ${PROMPTS} prompts x ${EPOCHS} epochs x ${GROUP}) in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    )
    const baseline = phase('baseline', input, folder)
    const stats = phase('stats', input, folder)
    const filter = phase('filter', input, folder)
    // the same passes with V8's heap capped well below the file size: they still complete
    const cappedStats = phase('stats', input, folder, HEAP_CAP_MB)
    const cappedFilter = phase('filter', input, folder, HEAP_CAP_MB)
    console.log(`baseline: ${baseline.detail}`)
    console.log(`stats:    ${stats.detail}`)
    console.log(`filter:   ${filter.detail}`)
    console.log('')
    console.log(
      '| pass (same run, own process each) | records/s wall | records/s per CPU-second | peak RSS MB |',
    )
    console.log('|---|---|---|---|')
    console.log(row('baseline: readline + JSON.parse, no validation', baseline))
    console.log(row('rl stats (parse, validate, group aggregates)', stats))
    console.log(row('rl filter --drop-uniform --mastery 0.9 --epochs 2 (two passes)', filter))
    console.log(row(`rl stats, heap capped at ${HEAP_CAP_MB} MB`, cappedStats))
    console.log(row(`rl filter, heap capped at ${HEAP_CAP_MB} MB`, cappedFilter))
    console.log(
      `\ninput file ${megabytes.toFixed(0)} MB; peak RSS of filter is ${((filter.maxRssMb / megabytes) * 100).toFixed(0)}% of the file size`,
    )
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

if (
  process.argv[2] === 'child' &&
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === process.argv[1]
) {
  const [, , , name, input, folder] = process.argv
  await runPhase(name ?? '', input ?? '', folder ?? '')
}
